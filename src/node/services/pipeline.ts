/**
 * The Pipeline service: the user's preparation steps (the Prepare step of the wizard), stored in
 * the project as undoable edits, previewed on a sample in a job, suggested from the profile.
 */
import { randomBytes } from 'node:crypto';
import type { ColumnKind, Task } from '../../core/frame/kinds';
import type { FrameProfile } from '../../core/profile/profile';
import type { ColumnSummary } from '../../core/profile/summary';
import '../../core/steps/all';
import { allSteps, getStep } from '../../core/steps/registry';
import { suggestSteps } from '../../core/steps/suggest';
import type { Json } from '../../core/steps/types';
import type { ServiceImpl } from '../../shared/contract';
import type { ColumnInfo, PrepStep, ProjectState, StepCatalogEntry } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { JobHost } from '../jobs/host';
import type { ProjectStore } from '../project/store';

export interface PipelineDeps {
  requireProject(): ProjectStore;
  requireIdle(): void;
  state(): ProjectState | null;
  publish(): void;
  target(): string | null;
  task(): Task | null;
  summaryOf(name: string): ColumnSummary | undefined;
  summaries(): ColumnSummary[];
  kindOf(s: ColumnSummary): ColumnKind;
  roleOf(s: ColumnSummary): ColumnInfo['role'];
  decisions(): Record<string, { kind?: ColumnKind; role?: 'feature' | 'ignore' | 'group' | 'time' }>;
  kindOverrides(): Record<string, ColumnKind>;
  /** The feature columns training would use. */
  features(): string[];
  jobs: JobHost;
  track(jobId: string, done: Promise<unknown>): void;
}

const ACCEPTS: Record<StepCatalogEntry['accepts'], ColumnKind[]> = {
  num: ['number', 'integer', 'date'],
  code: ['category', 'boolean', 'identifier'],
  text: ['text'],
  date: ['date'],
};

/** The stored steps, checked: the project file is untrusted, so anything malformed is dropped. */
export function readPrepare(store: ProjectStore): PrepStep[] {
  const raw = store.getMeta<unknown>('prepare');
  if (!Array.isArray(raw)) return [];
  const known = new Set(allSteps().map((s) => s.kind));
  return raw.filter((s): s is PrepStep => !!s && typeof s === 'object'
    && typeof (s as PrepStep).id === 'string' && /^[a-z0-9]{1,32}$/.test((s as PrepStep).id)
    && typeof (s as PrepStep).kind === 'string' && known.has((s as PrepStep).kind)
    && Array.isArray((s as PrepStep).columns) && (s as PrepStep).columns.every((c) => typeof c === 'string')
    && !!(s as PrepStep).params && typeof (s as PrepStep).params === 'object' && !Array.isArray((s as PrepStep).params)
    && typeof (s as PrepStep).enabled === 'boolean');
}

/** The enabled steps as the trainer takes them. */
export function enabledSpecs(steps: readonly PrepStep[]): { kind: string; columns: string[]; params: Json }[] {
  return steps.filter((s) => s.enabled).map((s) => ({ kind: s.kind, columns: s.columns, params: s.params as Json }));
}

export function createPipelineService(d: PipelineDeps): ServiceImpl['pipeline'] {
  const steps = () => readPrepare(d.requireProject());
  const labelOf = (kind: string) => getStep(kind).label;

  /** Checks a step's columns and params; returns role decisions that make its raw columns features. */
  const check = (kind: string, columns: string[], params: Record<string, unknown>): ReturnType<PipelineDeps['decisions']> => {
    let def;
    try { def = getStep(kind); } catch { throw new AppError('bad-input', `There is no preparation step called ${kind}.`); }
    const wild = columns.length === 1 && columns[0] === '*';
    if (!wild && columns.length < (def.minColumns ?? 1)) throw new AppError('bad-input', `${def.label} needs at least ${def.minColumns} columns.`);
    if (def.needsTarget && !d.target()) throw new AppError('bad-input', `${def.label} learns from the target: choose the column to predict first.`);
    const decisions = { ...d.decisions() };
    if (!wild) {
      for (const name of columns) {
        if (name === d.target()) throw new AppError('bad-input', `${name} is the column to predict; a preparation step cannot use it.`, { column: name });
        const c = d.summaryOf(name);
        if (!c) continue; // a column made by an earlier step (checked when the steps are fitted)
        const kindNow = d.kindOf(c);
        if (!ACCEPTS[def.accepts].includes(kindNow)) {
          throw new AppError('bad-input', `${def.label} works on ${def.accepts === 'num' ? 'number' : def.accepts === 'code' ? 'category' : def.accepts} columns, and ${name} holds ${kindNow} values.`, { column: name });
        }
        if (d.roleOf(c) === 'ignore') decisions[name] = { ...(decisions[name] ?? {}), role: 'feature' };
      }
    }
    try {
      def.validate?.({ ...(def.defaults as object), ...params } as never, columns);
    } catch (e) {
      throw new AppError('bad-input', (e as Error).message);
    }
    return decisions;
  };

  const save = (label: string, next: PrepStep[], decisions?: Record<string, unknown>) => {
    const s = d.requireProject();
    s.edit(label, decisions ? { prepare: next, decisions } : { prepare: next });
    d.publish();
    return d.state()!;
  };
  const find = (id: string) => {
    const all = steps();
    const i = all.findIndex((s) => s.id === id);
    if (i < 0) throw new AppError('not-found', 'That preparation step is no longer in the project (it may have been undone).');
    return { all, i, step: all[i]! };
  };

  return {
    async catalog() {
      return allSteps().map((s) => ({
        kind: s.kind, label: s.label, description: s.description, group: s.group, accepts: s.accepts,
        minColumns: s.minColumns ?? 1, needsTarget: s.needsTarget ?? false,
        defaults: s.defaults as Record<string, unknown>, params: s.paramsInfo.map((p) => ({ ...p })),
      }));
    },
    async add({ kind, columns, params, index }) {
      d.requireProject();
      d.requireIdle();
      const decisions = check(kind, columns, params ?? {});
      const all = steps();
      const step: PrepStep = { id: randomBytes(4).toString('hex'), kind, columns, params: params ?? {}, enabled: true };
      all.splice(Math.min(index ?? all.length, all.length), 0, step);
      return save(`Add ${labelOf(kind)}`, all, decisions);
    },
    async update({ id, columns, params, enabled }) {
      d.requireIdle();
      const { all, i, step } = find(id);
      const next = { ...step, ...(columns ? { columns } : {}), ...(params ? { params } : {}), ...(enabled === undefined ? {} : { enabled }) };
      const decisions = check(next.kind, next.columns, next.params);
      all[i] = next;
      const what = enabled !== undefined && !columns && !params ? (enabled ? 'Turn on' : 'Turn off') : 'Change';
      return save(`${what} ${labelOf(step.kind)}`, all, decisions);
    },
    async remove({ id }) {
      d.requireIdle();
      const { all, i, step } = find(id);
      all.splice(i, 1);
      return save(`Remove ${labelOf(step.kind)}`, all);
    },
    async move({ id, to }) {
      d.requireIdle();
      const { all, i, step } = find(id);
      all.splice(i, 1);
      all.splice(Math.min(to, all.length), 0, step);
      return save(`Move ${labelOf(step.kind)}`, all);
    },
    async preview({ id, sampleRows }) {
      const s = d.requireProject();
      if (!s.dataset()) throw new AppError('bad-input', 'This project has no data yet: import a file first.');
      const { all, step } = find(id);
      // The preview shows this step even when it is turned off, after the enabled steps before it.
      const upTo = all.slice(0, all.indexOf(step)).filter((x) => x.enabled);
      const specs = enabledSpecs([...upTo, { ...step, enabled: true }]);
      const { jobId, done } = d.jobs.start('preview', {
        projectPath: s.path, kinds: d.kindOverrides(), target: d.target(), features: d.features(), steps: specs, focus: specs.length - 1, sampleRows,
      });
      done.catch(() => {});
      d.track(jobId, done);
      return { jobId };
    },
    async suggest() {
      const s = d.requireProject();
      const ds = s.dataset();
      if (!ds) return [];
      const profile = s.getMeta<FrameProfile>('profile') ?? null;
      return suggestSteps({
        columns: d.summaries().map((c) => ({ name: c.name, kind: d.kindOf(c), role: d.roleOf(c), missing: c.missing, distinct: c.distinct })),
        rows: ds.rows, profile, target: d.target(), task: d.task(), existing: enabledSpecs(steps()),
      }).map((x) => ({ ...x, step: { ...x.step, params: x.step.params as Record<string, unknown> } }));
    },
  };
}
