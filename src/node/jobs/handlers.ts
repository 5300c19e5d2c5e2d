/**
 * What each job does, in the job process. Jobs read their data from the project file
 * themselves (never over IPC). Cancel ends the process: every write is one transaction, and
 * exports are written to a temporary file then renamed, so a cancelled job leaves nothing half done.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FAMILY_LABELS, predictProba, type FittedModel, type ModelFamily } from '../../core/evaluate/train';
import type { ValidationSpec } from '../../core/evaluate/split';
import { trainParallel } from './parallel-train';
import { modelToOnnx } from '../../core/export/model-onnx';
import type { Frame } from '../../core/frame/frame';
import { summarizeFrame } from '../../core/profile/summary';
import { AppError } from '../../shared/errors';
import { verifyOnnx } from '../onnx/verify';
import { ProjectStore } from '../project/store';
import { readCsv } from '../readers/csv';
import { readTable, type PartialSettings } from '../readers/table';
import { applyKindOverrides } from '../../core/frame/overrides';
import { profileFrame } from '../../core/profile/profile';
import { writePredictionsCsv } from '../readers/predictions';
import type { ExportArgs, ImportArgs, PredictArgs, ProfileArgs, TrainArgs } from './protocol';

export type Report = (fraction: number, message: string, detail?: Record<string, number>) => void;

export async function runImport(a: ImportArgs, report: Report) {
  report(0, `Reading ${a.displayName}`);
  const r = await readTable(a.sourcePath, {
    displayName: a.displayName,
    ...(a.settings ? { settings: a.settings as PartialSettings } : {}),
    onProgress: (p) => report(0.9 * (p.totalBytes ? p.bytes / p.totalBytes : 0), `Read ${p.rows.toLocaleString('en-US')} rows`, { rows: p.rows, bytes: p.bytes }),
  });
  report(0.92, 'Saving the data in the project');
  const store = ProjectStore.open(a.projectPath);
  try {
    const problems = { count: r.problemCount, groups: r.problemGroups, first: r.problems.slice(0, 200), rowsSkipped: r.rowsSkipped };
    const ds = store.saveDataset(r.frame, { fileName: a.displayName, bytes: r.bytes, importSettings: r.settings, problems, summary: summarizeFrame(r.frame) });
    return { rows: ds.rows, columns: r.frame.columns.length, problems: r.problemCount, hash: ds.hash };
  } finally {
    store.close();
  }
}

export function loadProjectData(projectPath: string): { frame: Frame; hash: string } {
  const store = ProjectStore.open(projectPath, { readonly: true });
  try {
    const frame = store.loadFrame();
    const ds = store.dataset();
    if (!frame || !ds) throw new AppError('bad-input', 'This project has no data yet: import a file first.');
    return { frame, hash: ds.hash };
  } finally {
    store.close();
  }
}

/**
 * Seconds left, extrapolated from the time so far; null until there is enough progress (5 % and
 * 2 s) for the guess to mean something.
 */
export function estimateRemaining(startedMs: number, fraction: number, nowMs = performance.now()): number | null {
  const elapsed = (nowMs - startedMs) / 1000;
  if (fraction < 0.05 || elapsed < 2 || fraction >= 1) return null;
  return Math.round((elapsed * (1 - fraction)) / fraction);
}

/** "about 40 s left", "about 3 min left". */
export function describeRemaining(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds / 5) * 5)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

export async function runProfile(a: ProfileArgs, report: Report) {
  report(0.05, 'Reading the data');
  const frame = applyKindOverrides(loadProjectData(a.projectPath).frame, a.kinds);
  report(0.2, 'Profiling the columns');
  return profileFrame(frame, { ...(a.target ? { target: a.target } : {}), correlations: true });
}

export async function runTrain(a: TrainArgs, report: Report) {
  const frame = applyKindOverrides(loadProjectData(a.projectPath).frame, a.kinds ?? {});
  report(0, 'Preparing the data');
  const runs = [];
  const started = performance.now();
  let shared: { task: string; classes: string[]; positiveClass: string | null; rows: number; validation: string } | null = null;
  for (let i = 0; i < a.models.length; i++) {
    const model = a.models[i] as ModelFamily;
    const label = FAMILY_LABELS[model] ?? model;
    const t0 = performance.now();
    const req = {
      target: a.target, features: a.features, model, folds: a.folds, seed: a.seed,
      ...(a.holdout ? { holdout: a.holdout } : {}),
      ...(a.validation ? { validation: { ...a.validation, seed: a.seed } as ValidationSpec } : {}),
    };
    let r;
    try {
      r = await trainParallel(a.projectPath, frame, req, a.kinds ?? {}, (p) => {
        const fraction = (i + p.fraction) / a.models.length;
        const eta = estimateRemaining(started, fraction);
        report(fraction, `${label} · ${p.message}${eta === null ? '' : ` · ${describeRemaining(eta)}`}`, { ...p.detail, model: i + 1, models: a.models.length, ...(eta === null ? {} : { eta_seconds: eta }) });
      });
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('bad-input', `${label}: ${(e as Error).message}`);
    }
    shared = { task: r.task, classes: r.classes, positiveClass: r.positiveClass, rows: r.rows, validation: r.validation };
    runs.push({ model, estimator: r.fitted.estimator.kind, metrics: r.metrics, foldMetrics: r.foldMetrics, curves: r.curves, fitted: r.fitted, fitSeconds: (performance.now() - t0) / 1000 });
  }
  return { ...shared!, runs };
}

function loadModel(store: ProjectStore, runId: number): FittedModel {
  const m = store.fittedModel(runId) as FittedModel;
  if (!m || m.formatVersion !== 1 || typeof m.estimator?.kind !== 'string') throw new AppError('corrupt', `The fitted model of run ${runId} is damaged or of an unknown kind.`);
  return m;
}

export async function runExport(a: ExportArgs, report: Report) {
  const store = ProjectStore.open(a.projectPath, { readonly: true });
  let model: FittedModel;
  let frame: Frame | null;
  let hash: string;
  let metrics: Record<string, number>;
  try {
    model = loadModel(store, a.runId);
    frame = store.loadFrame();
    hash = store.dataset()?.hash ?? '';
    metrics = store.runs().find((r) => r.id === a.runId)?.metrics ?? {};
  } finally {
    store.close();
  }
  if (!frame) throw new AppError('bad-input', 'This project has no data to check the export against.');
  report(0.1, 'Building the ONNX graph');
  let bytes: Uint8Array;
  try {
    bytes = modelToOnnx(model, { producerVersion: a.producerVersion, dataHash: hash, metrics });
  } catch (e) {
    throw new AppError('bad-input', (e as Error).message);
  }
  const n = Math.min(frame.rows, a.maxRows);
  const sample = n === frame.rows ? frame : frame.take(Int32Array.from({ length: n }, (_, i) => i));
  report(0.4, `Checking the file with ONNX Runtime on ${n.toLocaleString('en-US')} rows`);
  const v = await verifyOnnx(bytes, model, sample);
  if (!v.ok) {
    throw new AppError('verification-failed', `The exported model disagrees with the app (largest difference ${v.maxAbsDiff.toExponential(2)}, ${v.labelMismatches} different labels), so nothing was saved.`, { details: v.worst });
  }
  report(0.9, 'Writing the file');
  const tmp = `${a.outPath}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, a.outPath);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new AppError('bad-input', `The file ${basename(a.outPath)} could not be written: ${(e as Error).message}`, { file: a.outPath });
  }
  return { fileName: basename(a.outPath), path: a.outPath, bytes: bytes.length, rowsChecked: v.rows, maxAbsDiff: v.maxAbsDiff };
}

export async function runPredict(a: PredictArgs, report: Report) {
  const store = ProjectStore.open(a.projectPath, { readonly: true });
  let model: FittedModel;
  try {
    model = loadModel(store, a.runId);
  } finally {
    store.close();
  }
  const name = basename(a.dataPath);
  // The data to score: a file, or the data kept inside a project.
  const frame = a.dataPath.toLowerCase().endsWith('.mbproj')
    ? loadProjectData(a.dataPath).frame
    : (await readCsv(a.dataPath, { displayName: name, onProgress: (p) => report(0.6 * (p.totalBytes ? p.bytes / p.totalBytes : 0), `Read ${p.rows} rows`) })).frame;
  for (const ic of model.pipeline.input) {
    if (!frame.has(ic.name)) throw new AppError('bad-input', `${name} has no column \`${ic.name}\`, which the model needs.`, { file: name, column: ic.name });
    if (ic.type === 'num' && frame.column(ic.name).kind !== 'number' && frame.column(ic.name).kind !== 'integer') {
      throw new AppError('bad-input', `Column \`${ic.name}\` of ${name} should hold numbers.`, { file: name, column: ic.name });
    }
  }
  report(0.7, 'Scoring');
  const proba = predictProba(model, frame);
  report(0.85, 'Writing predictions');
  const rows = writePredictionsCsv(a.outPath, frame, model, proba);
  return { rows, outPath: a.outPath };
}
