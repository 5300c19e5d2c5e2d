/**
 * What each job does, in the job process. Jobs read their data from the project file
 * themselves (never over IPC). Cancel ends the process: every write is one transaction, and
 * exports are written to a temporary file then renamed, so a cancelled job leaves nothing half done.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { FAMILY_LABELS, type FittedModel, type ModelFamily } from '../../core/evaluate/train';
import type { ValidationSpec } from '../../core/evaluate/split';
import { trainParallel } from './parallel-train';
import { loadBestBackend } from '../tfjs/loader';
import { writeTfjsExport } from '../tfjs/export';
import { modelToOnnx } from '../../core/export/model-onnx';
import type { Frame } from '../../core/frame/frame';
import { summarizeFrame } from '../../core/profile/summary';
import { AppError } from '../../shared/errors';
import { verifyOnnx } from '../onnx/verify';
import { ProjectStore } from '../project/store';
import { readTable, type PartialSettings } from '../readers/table';
import { applyKindOverrides } from '../../core/frame/overrides';
import { profileFrame } from '../../core/profile/profile';
import { predictFile, trainingContext } from '../predict/score';
import type { ExportArgs, ExportTfjsArgs, ImportArgs, PredictArgs, PreviewArgs, ProfileArgs, TrainArgs } from './protocol';
import { previewStep } from '../../core/steps/preview';
import type { StepSpec } from '../../core/steps/types';

export type Report = (fraction: number, message: string, detail?: Record<string, number>) => void;

export async function runImport(a: ImportArgs, report: Report) {
  report(0, `Reading ${a.displayName}`);
  const r = await readTable(a.sourcePath, {
    displayName: a.displayName,
    ...(a.settings ? { settings: a.settings as PartialSettings } : {}),
    // The user's choice for rows that do not fit: go on and list them (default), or stop.
    onBadRow: a.settings?.onBadRow === 'stop' ? 'stop' : 'skip',
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

export async function runPreview(a: PreviewArgs, report: Report) {
  report(0.05, 'Reading a sample of the rows');
  const store = ProjectStore.open(a.projectPath, { readonly: true });
  let sample;
  try {
    const used = [...a.features, ...a.steps.flatMap((s) => s.columns), ...(a.target ? [a.target] : [])];
    sample = store.loadSampleFrame(3, used);
  } finally {
    store.close();
  }
  if (!sample) throw new AppError('bad-input', 'This project has no data yet: import a file first.');
  report(0.4, 'Fitting the steps on the sample');
  try {
    return previewStep(applyKindOverrides(sample.frame, a.kinds), sample.total, {
      steps: a.steps as StepSpec[], focus: a.focus, features: a.features, target: a.target, sampleRows: a.sampleRows,
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('bad-input', (e as Error).message);
  }
}

export async function runProfile(a: ProfileArgs, report: Report) {
  report(0.05, 'Reading the data');
  const frame = applyKindOverrides(loadProjectData(a.projectPath).frame, a.kinds);
  report(0.2, 'Profiling the columns');
  return profileFrame(frame, {
    ...(a.target ? { target: a.target } : {}), correlations: true,
    onProgress: (done, total, what) => report(0.2 + 0.8 * (done / total), what, { done, total }),
  });
}

/**
 * How many models train side by side, and with how many threads each: a model uses at most one
 * thread per evaluation round plus one for the final fit, so on a machine with more cores than
 * that, several models run at once (the same numbers either way: every fit is deterministic).
 */
export function modelLanes(cores: number, rounds: number, models: number): { concurrent: number; threads: number } {
  const perModel = Math.max(1, Math.min(cores, rounds + 1));
  const concurrent = Math.max(1, Math.min(models, Math.floor(cores / perModel)));
  return { concurrent, threads: Math.max(1, Math.floor(cores / concurrent)) };
}

export async function runTrain(a: TrainArgs, report: Report) {
  const frame = applyKindOverrides(loadProjectData(a.projectPath).frame, a.kinds ?? {});
  report(0, 'Preparing the data');
  const started = performance.now();
  const n = a.models.length;
  const rounds = a.holdout || a.validation?.kind === 'holdout' ? 1 : (a.validation?.folds ?? a.folds) * (a.validation?.kind === 'repeated-kfold' ? a.validation.repeats ?? 2 : 1);
  const { concurrent, threads } = modelLanes(a.threads ?? availableParallelism(), rounds, n);
  const fractions = new Float64Array(n);
  const runs: ({ model: ModelFamily; estimator: string; metrics: Record<string, number>; foldMetrics: Record<string, number>[]; curves: unknown; fitted: FittedModel; fitSeconds: number; backend?: string } | undefined)[] = new Array(n);
  let shared: { task: string; classes: string[]; positiveClass: string | null; rows: number; validation: string } | null = null;
  const trainOne = async (i: number) => {
    const model = a.models[i] as ModelFamily;
    const label = FAMILY_LABELS[model] ?? model;
    const t0 = performance.now();
    const req = {
      target: a.target, features: a.features, model, folds: a.folds, seed: a.seed,
      ...(a.holdout ? { holdout: a.holdout } : {}),
      ...(a.validation ? { validation: { ...a.validation, seed: a.seed } as ValidationSpec } : {}),
      ...(a.prepare?.length ? { prepare: a.prepare as StepSpec[] } : {}),
    };
    // Neural networks run on the fastest tfjs backend this machine has; the run records which.
    const backend = model === 'nn' ? (await loadBestBackend()).label : undefined;
    let r;
    try {
      r = await trainParallel(a.projectPath, frame, req, a.kinds ?? {}, (p) => {
        fractions[i] = p.fraction;
        const fraction = fractions.reduce((x, y) => x + y, 0) / n;
        const eta = estimateRemaining(started, fraction);
        report(fraction, `${label} · ${p.message}${eta === null ? '' : ` · ${describeRemaining(eta)}`}`, { ...p.detail, model: i + 1, models: n, ...(eta === null ? {} : { eta_seconds: eta }) });
      }, threads);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('bad-input', `${label}: ${(e as Error).message}`);
    }
    fractions[i] = 1;
    shared = { task: r.task, classes: r.classes, positiveClass: r.positiveClass, rows: r.rows, validation: r.validation };
    runs[i] = { model, estimator: r.fitted.estimator.kind, metrics: r.metrics, foldMetrics: r.foldMetrics, curves: r.curves, fitted: r.fitted, fitSeconds: (performance.now() - t0) / 1000, ...(backend ? { backend } : {}) };
  };
  let next = 0;
  const lane = async () => {
    while (next < n) await trainOne(next++);
  };
  await Promise.all(Array.from({ length: concurrent }, lane));
  return { ...shared!, runs: runs.map((r) => r!) };
}

function loadModel(store: ProjectStore, runId: number): FittedModel {
  const m = store.fittedModel(runId) as FittedModel;
  if (!m || m.formatVersion !== 1 || typeof m.estimator?.kind !== 'string') throw new AppError('corrupt', `The fitted model of run ${runId} is damaged or of an unknown kind.`);
  return m;
}

/**
 * Writes a TensorFlow.js export folder (model.json + weights + pipeline.json + predict.js) of a
 * neural network or linear model, checked against the app on up to `maxRows` rows first.
 */
export async function runExportTfjs(a: ExportTfjsArgs, report: Report) {
  const { model, frame, hash, metrics } = exportInputs(a.projectPath, a.runId);
  const n = frame ? Math.min(frame.rows, a.maxRows) : 0;
  const sample = frame && n ? firstRows(frame, n) : null;
  report(0.2, `Writing the TensorFlow.js files and checking them on ${n.toLocaleString('en-US')} rows`);
  try {
    const r = await writeTfjsExport(a.outDir, model, { producerVersion: a.producerVersion, dataHash: hash, metrics }, sample);
    return { dir: r.dir, files: r.files, rowsChecked: r.check?.rows ?? 0, maxAbsDiff: r.check?.maxAbsDiff ?? 0 };
  } catch (e) {
    throw new AppError('bad-input', (e as Error).message, { file: a.outDir });
  }
}

/** What an export needs from the project: the run's fitted model, its data, hash and metrics. */
function exportInputs(projectPath: string, runId: number): { model: FittedModel; frame: Frame | null; hash: string; metrics: Record<string, number> } {
  const store = ProjectStore.open(projectPath, { readonly: true });
  try {
    return {
      model: loadModel(store, runId),
      frame: store.loadFrame(),
      hash: store.dataset()?.hash ?? '',
      metrics: store.runs().find((r) => r.id === runId)?.metrics ?? {},
    };
  } finally {
    store.close();
  }
}

/** The first `n` rows of a frame (the frame itself when it has no more). */
function firstRows(frame: Frame, n: number): Frame {
  return n >= frame.rows ? frame : frame.take(Int32Array.from({ length: n }, (_, i) => i));
}

export async function runExport(a: ExportArgs, report: Report) {
  const { model, frame, hash, metrics } = exportInputs(a.projectPath, a.runId);
  if (!frame) throw new AppError('bad-input', 'This project has no data to check the export against.');
  report(0.1, 'Building the ONNX graph');
  let bytes: Uint8Array;
  try {
    bytes = modelToOnnx(model, { producerVersion: a.producerVersion, dataHash: hash, metrics });
  } catch (e) {
    throw new AppError('bad-input', (e as Error).message);
  }
  const n = Math.min(frame.rows, a.maxRows);
  const sample = firstRows(frame, n);
  report(0.4, `Checking the file with ONNX Runtime on ${n.toLocaleString('en-US')} rows`);
  const v = await verifyOnnx(bytes, model, sample);
  if (!v.ok) {
    // Rows are the data's rows (1 = the first data row), as the user can find them in the grid.
    const rows = v.worst.slice(0, 5).map((w) => `row ${(w.row + 1).toLocaleString('en-US')} (app ${w.app}, file ${w.onnx})`).join('; ');
    const what = model.task === 'regression' ? `largest difference ${v.maxScaledDiff.toExponential(2)} relative to the value` : `largest probability difference ${v.maxAbsDiff.toExponential(2)}, ${v.labelMismatches} different labels`;
    throw new AppError('verification-failed', `The exported model disagrees with the app on the ${v.rows.toLocaleString('en-US')} rows checked (${what}), so nothing was saved. Worst rows: ${rows}.`, { details: v.worst });
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
  let context: ReturnType<typeof trainingContext>;
  try {
    model = loadModel(store, a.runId);
    context = trainingContext(store, model);
  } finally {
    store.close();
  }
  const name = a.displayName ?? basename(a.dataPath);
  report(0, `Checking ${name} against the model's columns`);
  // Streams the file: schema check on the header, then chunks scored and appended to the output.
  return predictFile({
    model, dataPath: a.dataPath, displayName: name, outPath: a.outPath, ranges: context.ranges, identifiers: context.identifiers,
    onProgress: (p) => report(p.totalBytes ? Math.min(0.99, p.bytes / p.totalBytes) : 0, `Scored ${p.rows.toLocaleString('en-US')} rows`, { rows: p.rows, bytes: p.bytes, totalBytes: p.totalBytes }),
  });
}
