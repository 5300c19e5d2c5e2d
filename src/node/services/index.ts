/**
 * The services behind every front door (Electron IPC, browser mode, CLI): one open project at a
 * time, long work in job processes, state changes pushed as events.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { availableParallelism, freemem, totalmem } from 'node:os';
import { autoFamilies, decideTask, FAMILY_LABELS, familyAvailable, taskReason, type ModelFamily } from '../../core/evaluate/train';
import { estimateTrainingBytes } from '../../core/evaluate/memory';
import '../../core/models/index';
import type { ColumnSummary } from '../../core/profile/summary';
import { isDefaultFeatureKind } from '../../core/steps/pipeline';
import { allowedKinds } from '../../core/frame/overrides';
import type { ColumnKind } from '../../core/frame/kinds';
import { previewTable, type PartialSettings } from '../readers/table';
import { describeProblem, type ImportProblem } from '../readers/problems';
import type { ServiceImpl } from '../../shared/contract';
import type { AppEvent, ColumnInfo, ExportInfo, ModelInput, ProjectState, RecentProject, RunInfo, TrainSettings } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { EventSource } from '../../shared/rpc';
import { APP_VERSION } from '../../shared/version';
import type { JobSpawner } from '../jobs/channel';
import type { JobArgs } from '../jobs/protocol';
import { JobHost } from '../jobs/host';
import { ProjectStore } from '../project/store';
import { createPipelineService, enabledSpecs, readPrepare } from './pipeline';
import { RowViews } from './rowview';
import { tfjsExportable } from '../../core/export/tfjs/index';

/** The files of a TF.js export folder (see core/export/tfjs). */
export const TFJS_FILES = ['model.json', 'weights.bin', 'pipeline.json', 'modelbench.json', 'predict.js'] as const;

export interface AppServicesOptions {
  /** Where recent projects, uploads and (by default) new projects live. */
  dataDir: string;
  spawnJob: JobSpawner;
  /** Keep one idle job process started, so jobs the user waits for (previews) start at once. */
  warmJobs?: boolean;
  /** Memory training may use, bytes (default: what the machine has free, at least half of it). */
  memoryBudget?: () => number;
}

export interface UploadRegistry {
  /** Reserves a place for an uploaded file; the caller writes it to `path`. */
  create(fileName: string): { id: string; path: string };
}

/** Files the services wrote for the user to download (browser mode), by id. */
export interface DownloadRegistry {
  get(id: string): { path: string; name: string } | undefined;
}

export interface AppServices {
  impl: ServiceImpl;
  events: EventSource;
  uploads: UploadRegistry;
  downloads: DownloadRegistry;
  jobs: JobHost;
  /** Waits for a job's end; resolves with its result or rejects with its AppError. */
  whenDone(jobId: string): Promise<unknown>;
  dispose(): Promise<void>;
}

const defaultSettings: TrainSettings = { models: ['linear'], folds: 5, seed: 0 };

function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N} ._-]+/gu, '_').replace(/^[ .]+/, '').slice(0, 120) || 'project';
}

export function createAppServices(opts: AppServicesOptions): AppServices {
  const dataDir = resolve(opts.dataDir);
  const projectsDir = join(dataDir, 'projects');
  const uploadsDir = join(dataDir, 'uploads');
  const recentFile = join(dataDir, 'recent.json');
  mkdirSync(projectsDir, { recursive: true });
  mkdirSync(uploadsDir, { recursive: true });

  const jobs = new JobHost(opts.spawnJob, { warm: opts.warmJobs ?? false });
  const listeners = new Set<(e: AppEvent) => void>();
  const emit = (e: AppEvent) => { for (const l of listeners) l(e); };
  const pending = new Map<string, Promise<unknown>>();
  jobs.onEvent((job) => emit({ type: 'job', job }));

  const uploads = new Map<string, { path: string; name: string }>();
  const downloads = new Map<string, { path: string; name: string }>();
  let store: ProjectStore | null = null;
  let busyJob: string | null = null;

  const requireProject = (): ProjectStore => {
    if (!store) throw new AppError('bad-input', 'Open or create a project first.');
    return store;
  };
  const requireIdle = () => {
    if (busyJob) throw new AppError('busy', 'Another task is still running in this project; wait for it or cancel it.');
  };
  // The data itself stays in the project file: the service reads summaries and pages of rows.
  const summaries = (): ColumnSummary[] => store?.dataset()?.summary ?? [];
  const rowViews = new RowViews();
  const summaryOf = (name: string) => summaries().find((c) => c.name === name);

  const readRecent = (): RecentProject[] => {
    try {
      const list = JSON.parse(readFileSync(recentFile, 'utf8')) as unknown;
      if (!Array.isArray(list)) return [];
      return list.filter((r): r is RecentProject => r && typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string')
        .map((r) => ({ path: r.path, name: r.name, openedAt: r.openedAt, exists: existsSync(r.path) }));
    } catch {
      return [];
    }
  };
  const remember = (path: string, name: string) => {
    const list = [{ path, name, openedAt: new Date().toISOString(), exists: true }, ...readRecent().filter((r) => r.path !== path)].slice(0, 10);
    const tmp = `${recentFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(list.map(({ exists: _e, ...r }) => r), null, 1));
    renameSync(tmp, recentFile);
  };

  const target = (): string | null => store?.getMeta<string>('target') ?? null;
  const settings = (): TrainSettings => {
    const saved = store?.getMeta<Partial<TrainSettings>>('settings') ?? {};
    const models = Array.isArray(saved.models) && saved.models.length ? saved.models : defaultSettings.models;
    return { ...defaultSettings, ...saved, models };
  };
  const memoryBudget = opts.memoryBudget ?? (() => Math.max(freemem(), totalmem() / 2));
  type Decision = { kind?: ColumnKind; role?: 'feature' | 'ignore' | 'group' | 'time' };
  const decisions = (): Record<string, Decision> => store?.getMeta<Record<string, Decision>>('decisions') ?? {};
  const kindOf = (s: ColumnSummary, d = decisions()): ColumnKind => d[s.name]?.kind ?? s.kind;
  const kindOverrides = (): Record<string, ColumnKind> => {
    const out: Record<string, ColumnKind> = {};
    for (const [name, d] of Object.entries(decisions())) if (d.kind) out[name] = d.kind;
    return out;
  };
  const roleOf = (s: ColumnSummary, d = decisions()): ColumnInfo['role'] => {
    if (s.name === target()) return 'target';
    const role = d[s.name]?.role;
    if (role) return role;
    return isDefaultFeatureKind(kindOf(s, d)) ? 'feature' : 'ignore';
  };
  /**
   * The columns a model learns from: role feature, and a kind models can use — or a date or text
   * column the user made a feature (adding a date or text step does that).
   */
  const featureNames = (summary: ColumnSummary[]): string[] => {
    const d = decisions();
    const usable = (c: ColumnSummary) => isDefaultFeatureKind(kindOf(c, d)) || (d[c.name]?.role === 'feature' && kindOf(c, d) !== 'identifier');
    return summary.filter((c) => c.name !== target() && roleOf(c, d) === 'feature' && usable(c)).map((c) => c.name);
  };

  const state = (): ProjectState | null => {
    if (!store) return null;
    const ds = store.dataset();
    const t = target();
    let task: ProjectState['task'] = null;
    let reason: string | null = null;
    const ts = t ? ds?.summary.find((c) => c.name === t) : undefined;
    const d = decisions();
    if (t && ts) {
      try {
        task = decideTask(t, kindOf(ts, d), ts.distinct);
        reason = taskReason(t, kindOf(ts, d), ts.distinct);
      } catch { task = null; }
    }
    const problems = (ds?.problems ?? {}) as { count?: number; first?: { message?: string; line?: number }[] } | unknown[];
    const problemList = Array.isArray(problems) ? problems : problems.first ?? [];
    const runs: RunInfo[] = store.runs().map((r) => ({
      id: r.id, model: r.model as RunInfo['model'], target: r.target, task: r.task as RunInfo['task'],
      classes: (r.info.classes as string[]) ?? [], positiveClass: (r.info.positiveClass as string) ?? null,
      folds: r.folds, seed: r.seed, metrics: r.metrics, foldMetrics: r.foldMetrics, fitSeconds: r.durationS,
      rows: Number(r.info.rows ?? 0), backend: r.backend, createdAt: r.createdAt,
      validation: String(r.info.validation ?? `${r.folds}-fold cross-validation`), estimator: String(r.info.estimator ?? (r.settings as { estimator?: string }).estimator ?? ''),
      curves: (r.info.curves ?? null) as RunInfo['curves'],
    }));
    const exportsList: ExportInfo[] = store.exports().map((e) => (e.format === 'tfjs'
      ? { ...e, format: 'tfjs' as const, files: [...TFJS_FILES] }
      : { ...e, format: 'onnx' as const }));
    return {
      path: store.path,
      name: store.getMeta<string>('name') ?? basename(store.path, '.mbproj'),
      dataset: ds ? {
        fileName: ds.fileName, rows: ds.rows, bytes: ds.bytes, hash: ds.hash, importedAt: ds.importedAt,
        columns: ds.summary.map((s) => ({ ...s, kind: kindOf(s, d), inferredKind: s.kind, allowedKinds: allowedKinds(s.kind), role: roleOf(s, d) })),
        importSettings: ds.importSettings,
        problems: {
          count: Array.isArray(problems) ? problems.length : problems.count ?? problemList.length,
          first: problemList.slice(0, 20).map((p) => (p && typeof p === 'object' && 'message' in p ? describeProblem(p as ImportProblem) : String(p))),
        },
        profile: store.getMeta('profile') ?? null,
      } : null,
      target: t,
      task,
      taskReason: reason,
      settings: settings(),
      runs,
      exports: exportsList,
      saved: true,
      history: store.undoState(),
      prepare: readPrepare(store),
    };
  };
  const publish = () => emit({ type: 'project', project: state() });

  /** Starts a project job; `apply` stores its result before anyone hears it is done. */
  const startJob = <K extends keyof JobArgs>(kind: K, args: JobArgs[K], apply: (result: unknown) => void): { jobId: string } => {
    let id = '';
    const { jobId, done } = jobs.start(kind, args, (r) => {
      if (busyJob === id) busyJob = null;
      apply(r);
    });
    id = jobId;
    busyJob = jobId;
    const p = done.finally(() => { if (busyJob === jobId) busyJob = null; });
    p.catch(() => {});
    pending.set(jobId, p);
    return { jobId };
  };

  const resolveSource = (source: { kind: 'path'; path: string } | { kind: 'upload'; uploadId: string }) => {
    if (source.kind === 'upload') {
      const u = uploads.get(source.uploadId);
      if (!u) throw new AppError('not-found', 'That upload is no longer available; choose the file again.');
      return { sourcePath: u.path, displayName: u.name };
    }
    const sourcePath = resolve(source.path);
    const displayName = basename(sourcePath);
    if (!existsSync(sourcePath)) throw new AppError('not-found', `The file ${displayName} could not be found.`, { file: displayName });
    return { sourcePath, displayName };
  };

  const closeCurrent = () => {
    if (busyJob) jobs.cancel(busyJob);
    store?.close();
    store = null;
  };

  const impl: ServiceImpl = {
    projects: {
      async create({ name, path }) {
        requireIdle();
        const projectName = name?.trim() || 'Untitled project';
        let file = path ? resolve(path) : join(projectsDir, `${safeFileName(projectName)}.mbproj`);
        if (!path) for (let k = 2; existsSync(file); k++) file = join(projectsDir, `${safeFileName(projectName)} ${k}.mbproj`);
        closeCurrent();
        mkdirSync(dirname(file), { recursive: true });
        store = ProjectStore.create(file, projectName);
        store.setMeta('settings', defaultSettings);
        remember(file, projectName);
        const s = state()!;
        emit({ type: 'project', project: s });
        return s;
      },
      async open({ path }) {
        requireIdle();
        if (!isAbsolute(path)) path = resolve(path);
        const next = ProjectStore.open(path);
        closeCurrent();
        store = next;
        remember(path, store.getMeta<string>('name') ?? basename(path));
        const s = state()!;
        emit({ type: 'project', project: s });
        return s;
      },
      async current() {
        return state();
      },
      async recent() {
        return readRecent();
      },
      async close() {
        closeCurrent();
        emit({ type: 'project', project: null });
        return null;
      },
      async saveAs({ path }) {
        const s = requireProject();
        requireIdle();
        const dest = resolve(path);
        if (dest === s.path) throw new AppError('bad-input', 'That is the file this project is already in.');
        if (existsSync(dest)) throw new AppError('bad-input', `A file already exists at ${dest}; choose another name.`, { file: dest });
        mkdirSync(dirname(dest), { recursive: true });
        s.saveCopy(dest);
        const next = ProjectStore.open(dest);
        closeCurrent();
        store = next;
        remember(dest, store.getMeta<string>('name') ?? basename(dest));
        const st = state()!;
        emit({ type: 'project', project: st });
        return st;
      },
      async undo() {
        const s = requireProject();
        requireIdle();
        s.undo();
        const st = state()!;
        emit({ type: 'project', project: st });
        return st;
      },
      async redo() {
        const s = requireProject();
        requireIdle();
        s.redo();
        const st = state()!;
        emit({ type: 'project', project: st });
        return st;
      },
    },
    datasets: {
      async import({ source, settings: chosen }) {
        const s = requireProject();
        requireIdle();
        const { sourcePath, displayName } = resolveSource(source);
        return startJob('import', { projectPath: s.path, sourcePath, displayName, ...(chosen ? { settings: chosen } : {}) }, () => publish());
      },
      async preview({ source, settings: chosen, rows }) {
        const { sourcePath, displayName } = resolveSource(source);
        const p = await previewTable(sourcePath, (chosen ?? {}) as PartialSettings, rows, { displayName });
        return {
          fileName: displayName,
          settings: p.settings,
          columns: p.columns.map((c) => ({ name: c.name, kind: c.kind })),
          rows: p.rows,
          problems: p.problems.slice(0, 50).map((x) => describeProblem(x)),
          truncated: p.truncated,
        };
      },
      async setColumn({ column, kind, role }) {
        const s = requireProject();
        requireIdle();
        const c = summaryOf(column);
        if (!c) throw new AppError('bad-input', `There is no column named ${column} in this project's data.`, { column });
        if (kind && !allowedKinds(c.kind).includes(kind)) throw new AppError('bad-input', `Column ${column} holds ${c.kind} values and cannot be used as ${kind}.`, { column });
        const all = { ...decisions() };
        const next: Decision = { ...(all[column] ?? {}) };
        const words: string[] = [];
        if (kind !== undefined) { if (kind === null || kind === c.kind) delete next.kind; else next.kind = kind; words.push(`kind of ${column} to ${kind ?? c.kind}`); }
        if (role === 'time' && !['date', 'number', 'integer'].includes(kind ?? kindOf(c))) throw new AppError('bad-input', `Rows can only be put in time order by a date or number column; ${column} holds ${kind ?? kindOf(c)} values.`, { column });
        if (role !== undefined) {
          if (role === null) delete next.role;
          else next.role = role;
          words.push(role === 'group' ? `${column} as the row groups` : role === 'time' ? `${column} as the time order` : `${column} ${role === 'ignore' ? 'ignored' : 'used'}`);
          // One column gives the groups and one the time order: another one loses that role.
          if (role === 'group' || role === 'time') {
            for (const [name, d] of Object.entries(all)) if (name !== column && d.role === role) { const { role: _r, ...rest } = d; if (Object.keys(rest).length) all[name] = rest; else delete all[name]; }
          }
        }
        if (Object.keys(next).length) all[column] = next;
        else delete all[column];
        s.edit(`Set ${words.join(', ') || column}`, { decisions: all });
        const st = state()!;
        emit({ type: 'project', project: st });
        return st;
      },
      async profile() {
        const s = requireProject();
        requireIdle();
        if (!s.dataset()) throw new AppError('bad-input', 'This project has no data yet: import a file first.');
        return startJob('profile', { projectPath: s.path, target: target(), kinds: kindOverrides() }, (res) => {
          s.setMeta('profile', res);
          publish();
        });
      },
      async rows({ offset, limit, view }) {
        const s = requireProject();
        if (!s.dataset()) throw new AppError('bad-input', 'This project has no data yet: import a file first.');
        const order = rowViews.order(s, view);
        if (!order) return { offset, ...s.readRows(offset, limit) };
        const page = order.subarray(Math.min(offset, order.length), Math.min(order.length, offset + limit));
        return { offset, total: order.length, ...s.readRowsAt(page), rowNumbers: Array.from(page, (i) => i + 1) };
      },
      async setTarget({ column }) {
        const s = requireProject();
        requireIdle();
        const c = summaryOf(column);
        if (!c) throw new AppError('bad-input', `There is no column named ${column} in this project's data.`, { column });
        try {
          decideTask(column, kindOf(c), c.distinct);
        } catch (e) {
          throw new AppError('bad-input', (e as Error).message, { column });
        }
        s.edit(`Set target to ${column}`, { target: column });
        const st = state()!;
        emit({ type: 'project', project: st });
        return st;
      },
    },
    pipeline: createPipelineService({
      requireProject, requireIdle, state, publish, target,
      task: () => state()?.task ?? null,
      summaryOf, summaries, kindOf: (c) => kindOf(c), roleOf: (c) => roleOf(c), decisions, kindOverrides,
      features: () => { const ds = requireProject().dataset(); return ds ? featureNames(ds.summary) : []; },
      jobs,
      track: (jobId, done) => { pending.set(jobId, done); },
    }),
    training: {
      async start(settingsIn) {
        const s = requireProject();
        requireIdle();
        const ds = s.dataset();
        if (!ds) throw new AppError('bad-input', 'This project has no data yet: import a file first.');
        const t = target();
        if (!t) throw new AppError('bad-input', 'Choose the column to predict (the target) first.');
        const features = featureNames(ds.summary);
        if (!features.length) throw new AppError('bad-input', 'There are no usable feature columns besides the target.');
        // Without a choice of validation, a column marked as the row groups or the time order decides it.
        const byRole = (r: 'group' | 'time') => ds.summary.find((c) => c.name !== t && roleOf(c) === r)?.name;
        const roleValidation = settingsIn.validation || settingsIn.holdout ? undefined
          : byRole('group') ? { kind: 'group-kfold' as const, folds: settingsIn.folds, column: byRole('group')! }
            : byRole('time') ? { kind: 'time-split' as const, folds: settingsIn.folds, column: byRole('time')! } : undefined;
        const validationIn = settingsIn.validation ?? roleValidation;
        const cfg: TrainSettings = {
          models: settingsIn.models, folds: settingsIn.folds, seed: settingsIn.seed,
          ...(settingsIn.holdout ? { holdout: settingsIn.holdout } : {}),
          ...(validationIn ? { validation: validationIn } : {}),
        };
        const vcol = cfg.validation && 'column' in cfg.validation ? cfg.validation.column : undefined;
        if (vcol && !summaryOf(vcol)) throw new AppError('bad-input', `There is no column named ${vcol} to split by.`, { column: vcol });
        if (ds.rows < cfg.folds) throw new AppError('bad-input', `There are only ${ds.rows} rows, fewer than ${cfg.folds} folds.`);
        const tsum = ds.summary.find((c) => c.name === t)!;
        const task = decideTask(t, kindOf(tsum), tsum.distinct);
        const families: ModelFamily[] = [];
        for (const m of cfg.models) {
          for (const f of m === 'auto' ? autoFamilies(task) : [m]) {
            if (!familyAvailable(f, task)) throw new AppError('bad-input', `${FAMILY_LABELS[f]} models for ${task === 'regression' ? 'numeric' : task === 'binary' ? 'two-class' : 'multi-class'} targets are not available in this version.`);
            if (!families.includes(f)) families.push(f);
          }
        }
        const featureCols = ds.summary.filter((c) => features.includes(c.name));
        const need = estimateTrainingBytes(ds.rows, featureCols, families, availableParallelism());
        const budget = memoryBudget();
        if (need > budget) {
          const gb = (b: number) => (b / 1024 ** 3).toFixed(1);
          throw new AppError('bad-input', `Training these models on ${ds.rows.toLocaleString('en-US')} rows needs about ${gb(need)} GB of memory, but only about ${gb(budget)} GB is free. Train fewer models at once, or use a sample of the rows.`);
        }
        if (JSON.stringify(cfg) !== JSON.stringify(settings())) s.edit('Change training settings', { settings: cfg });
        // A column used to group or order the rows is not also a feature.
        const used = vcol ? features.filter((f) => f !== vcol) : features;
        const prepare = enabledSpecs(readPrepare(s));
        return startJob('train', { projectPath: s.path, target: t, features: used, kinds: kindOverrides(), ...(prepare.length ? { prepare } : {}), models: families, folds: cfg.folds, ...(cfg.holdout ? { holdout: cfg.holdout } : {}), ...(cfg.validation ? { validation: cfg.validation } : {}), seed: cfg.seed }, (res) => {
          const r = res as { task: string; classes: string[]; positiveClass: string | null; rows: number; validation: string; runs: { model: string; estimator: string; metrics: Record<string, number>; foldMetrics: Record<string, number>[]; curves: unknown; fitted: unknown; fitSeconds: number; backend?: string }[] };
          const validation = r.validation;
          s.db.transaction(() => {
            for (const run of r.runs) {
              s.addRun({
                createdAt: new Date().toISOString(), model: run.model, target: t, task: r.task, settings: { ...cfg, models: [run.model], features: used, estimator: run.estimator, ...(prepare.length ? { prepare } : {}) },
                seed: cfg.seed, folds: run.foldMetrics.length, metrics: run.metrics, foldMetrics: run.foldMetrics,
                info: { classes: r.classes, positiveClass: r.positiveClass, rows: r.rows, validation, estimator: run.estimator, curves: run.curves },
                durationS: run.fitSeconds, backend: run.backend ?? `CPU (TypeScript, ${availableParallelism()} threads)`, versions: { modelbench: APP_VERSION, node: process.versions.node },
              }, run.fitted);
            }
          })();
          publish();
        });
      },
    },
    exports: {
      async onnx({ runId, path }) {
        const s = requireProject();
        requireIdle();
        const runs = s.runs();
        const run = runId ? runs.find((r) => r.id === runId) : runs[runs.length - 1];
        if (!run) throw new AppError('bad-input', runId ? `There is no run ${runId} in this project.` : 'Train a model before exporting it.');
        const name = safeFileName(s.getMeta<string>('name') ?? 'model');
        const outPath = path ? resolve(path) : join(dirname(s.path), `${name} - run ${run.id}.onnx`);
        if (!outPath.toLowerCase().endsWith('.onnx')) throw new AppError('bad-input', 'An ONNX file name must end in .onnx.');
        return startJob('export', { projectPath: s.path, runId: run.id, outPath, producerVersion: APP_VERSION, maxRows: 10000 }, (res) => {
          const r = res as { fileName: string; bytes: number; rowsChecked: number; maxAbsDiff: number };
          s.addExport({ runId: run.id, format: 'onnx', fileName: r.fileName, bytes: r.bytes, rowsChecked: r.rowsChecked, maxAbsDiff: r.maxAbsDiff, createdAt: new Date().toISOString() });
          publish();
        });
      },
      async tfjs({ runId, path }) {
        const s = requireProject();
        requireIdle();
        const runs = s.runs();
        const run = runId ? runs.find((r) => r.id === runId) : runs[runs.length - 1];
        if (!run) throw new AppError('bad-input', runId ? `There is no run ${runId} in this project.` : 'Train a model before exporting it.');
        const estimator = String(run.info.estimator ?? (run.settings as { estimator?: string }).estimator ?? '');
        if (!tfjsExportable(estimator)) throw new AppError('bad-input', 'Only neural networks and linear models can be exported for TensorFlow.js; use the ONNX export for this model.');
        const name = safeFileName(s.getMeta<string>('name') ?? 'model');
        const outDir = path ? resolve(path) : join(dirname(s.path), `${name} - run ${run.id} tfjs`);
        return startJob('export-tfjs', { projectPath: s.path, runId: run.id, outDir, producerVersion: APP_VERSION, maxRows: 10000 }, (res) => {
          const r = res as { dir: string; files: { name: string; bytes: number }[]; rowsChecked: number; maxAbsDiff: number };
          s.addExport({ runId: run.id, format: 'tfjs', fileName: basename(r.dir), bytes: r.files.reduce((a, f) => a + f.bytes, 0), rowsChecked: r.rowsChecked, maxAbsDiff: r.maxAbsDiff, createdAt: new Date().toISOString() });
          publish();
        });
      },
      async inputs({ runId }) {
        const s = requireProject();
        const m = s.fittedModel(runId) as { pipeline?: { input?: { name: string; type: ModelInput['type']; kind: ColumnKind; categories?: string[] }[] } } | null;
        const input = m?.pipeline?.input;
        if (!Array.isArray(input)) throw new AppError('not-found', `There is no fitted model for run ${runId} in this project.`);
        return { inputs: input.map((c) => ({ name: c.name, type: c.type, kind: c.kind, ...(c.categories?.length ? { example: c.categories[0]! } : {}) })) };
      },
      async predict({ source, runId, path }) {
        const s = requireProject();
        requireIdle();
        const runs = s.runs();
        const run = runId ? runs.find((r) => r.id === runId) : runs[runs.length - 1];
        if (!run) throw new AppError('bad-input', runId ? `There is no run ${runId} in this project.` : 'Train a model before scoring new data with it.');
        const { sourcePath, displayName } = resolveSource(source);
        const stem = safeFileName(displayName.replace(/\.[^.]+$/, ''));
        let outPath = path ? resolve(path) : join(dirname(s.path), `${stem} - predictions run ${run.id}.csv`);
        if (!path) for (let k = 2; existsSync(outPath); k++) outPath = join(dirname(s.path), `${stem} - predictions run ${run.id} (${k}).csv`);
        if (!outPath.toLowerCase().endsWith('.csv')) throw new AppError('bad-input', 'A predictions file name must end in .csv.');
        if (outPath === sourcePath) throw new AppError('bad-input', 'The predictions cannot overwrite the file being scored; choose another name.');
        const downloadId = randomBytes(16).toString('hex');
        const started = startJob('predict', { projectPath: s.path, runId: run.id, dataPath: sourcePath, displayName, outPath }, (res) => {
          downloads.set(downloadId, { path: outPath, name: basename(outPath) });
          // The done event carries this same object, so it tells the renderer where to download.
          if (res && typeof res === 'object') (res as { downloadId?: string }).downloadId = downloadId;
        });
        // A cancelled job is killed mid-write: its partial file goes.
        pending.get(started.jobId)?.catch(() => rmSync(`${outPath}.partial`, { force: true }));
        return started;
      },
    },
    jobs: {
      async cancel({ jobId }) {
        return { cancelled: jobs.cancel(jobId) };
      },
    },
  };

  return {
    impl,
    events: { onEvent: (l) => { listeners.add(l); return () => listeners.delete(l); } },
    uploads: {
      create(fileName) {
        const id = randomBytes(16).toString('hex');
        const path = join(uploadsDir, id);
        uploads.set(id, { path, name: basename(fileName).slice(0, 255) || 'upload.csv' });
        return { id, path };
      },
    },
    downloads: { get: (id) => downloads.get(id) },
    jobs,
    whenDone(jobId) {
      const p = pending.get(jobId);
      if (!p) return Promise.reject(new AppError('not-found', `No job ${jobId}.`));
      return p;
    },
    async dispose() {
      closeCurrent();
      jobs.dispose();
      for (const u of uploads.values()) rmSync(u.path, { force: true });
    },
  };
}
