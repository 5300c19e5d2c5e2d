/**
 * Writes a TensorFlow.js export folder (see core/export/tfjs) after checking it: the exported
 * predict.js, run on raw rows with the weights read back from the written bytes, must give the
 * app's predictions (probabilities within 1e-5 absolute, values within 1e-5 relative).
 * The folder is assembled next to the target and renamed into place, so a failed or cancelled
 * export leaves nothing half written. An existing folder is replaced only when it is itself a
 * Modelbench TF.js export (it holds modelbench.json) or empty.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { predictProba, type FittedModel } from '../../core/evaluate/train';
import { denseNetFromArtifacts, tfjsExportFiles, type ExportFile, type TfjsExportInfo } from '../../core/export/tfjs/index';
import type { Frame } from '../../core/frame/frame';
import { ensureBackend, tf } from '../../core/models/nn/engine';
import { mlpOutputs, softmaxRows, type MlpState } from '../../core/models/nn/mlp';

export interface TfjsCheck {
  rows: number;
  maxAbsDiff: number;
  ok: boolean;
}

/** Raw rows (objects of raw values) of a frame, as a user of predict.js would pass them. */
export function rawRows(frame: Frame, columns: readonly string[]): Record<string, string | number | null>[] {
  const cols = columns.map((c) => [c, frame.column(c)] as const);
  return Array.from({ length: frame.rows }, (_, i) => Object.fromEntries(cols.map(([name, col]) => [name, frame.cell(i, col)])));
}

interface PredictModule {
  predict(rows: unknown[], o: { tf: unknown; model: { predict(x: tf.Tensor2D): tf.Tensor }; pipeline: unknown; meta: unknown }): Promise<{ probabilities?: number[][]; values?: number[] }>;
}

/** Runs the written predict.js on the sample and compares with the app. */
async function check(dir: string, files: ExportFile[], model: FittedModel, sample: Frame): Promise<TfjsCheck> {
  ensureBackend();
  const text = (name: string) => String(files.find((f) => f.name === name)!.data);
  const modelJson = JSON.parse(text('model.json')) as { modelTopology: Record<string, unknown>; weightsManifest: { weights: never }[] };
  const bytes = files.find((f) => f.name === 'weights.bin')!.data as Uint8Array;
  const net = denseNetFromArtifacts(modelJson.modelTopology, modelJson.weightsManifest[0]!.weights, bytes);
  const K = net.layers.at(-1)!.bias.length;
  const state: MlpState = { inputs: net.inputs, outputs: K, task: model.task, activation: net.activation, layers: net.layers, epochs: 0, bestEpoch: 0, history: { loss: [], validLoss: [] }, backend: '' };
  // Stands in for the LayersModel: the same float32 network, read back from the written bytes.
  const layersModel = {
    predict(x: tf.Tensor2D): tf.Tensor {
      const [rows, cols] = x.shape;
      const out = mlpOutputs(state, { x: Float64Array.from(x.dataSync()), rows, cols });
      return tf.tensor2d(Float32Array.from(net.output === 'softmax' ? softmaxRows(out, K) : out), [rows, K]);
    },
  };
  const mod = (await import(pathToFileURL(join(dir, 'predict.js')).href)) as PredictModule;
  const res = await mod.predict(rawRows(sample, model.pipeline.input.map((c) => c.name)), { tf, model: layersModel, pipeline: JSON.parse(text('pipeline.json')), meta: JSON.parse(text('modelbench.json')) });
  const app = predictProba(model, sample);
  let maxAbsDiff = 0;
  let ok = true;
  for (let i = 0; i < sample.rows; i++) {
    if (model.task === 'regression') {
      const a = app[0]![i]!;
      const d = Math.abs(res.values![i]! - a);
      maxAbsDiff = Math.max(maxAbsDiff, d);
      if (!(d <= 1e-5 * Math.max(1, Math.abs(a)))) ok = false;
    } else {
      for (let c = 0; c < app.length; c++) {
        const d = Math.abs(res.probabilities![i]![c]! - app[c]![i]!);
        maxAbsDiff = Math.max(maxAbsDiff, d);
        if (!(d <= 1e-5)) ok = false;
      }
    }
  }
  return { rows: sample.rows, maxAbsDiff, ok };
}

/**
 * Builds, checks and writes the export into `outDir`. Throws (writing nothing) when the check
 * fails or the folder is in the way.
 */
export async function writeTfjsExport(outDir: string, model: FittedModel, info: TfjsExportInfo, sample: Frame | null): Promise<{ dir: string; files: { name: string; bytes: number }[]; check: TfjsCheck | null }> {
  const dir = resolve(outDir);
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length && !entries.includes('modelbench.json')) throw new Error(`The folder ${basename(dir)} already holds other files; choose a new or empty folder.`);
  }
  const files = tfjsExportFiles(model, info);
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    for (const f of files) writeFileSync(join(tmp, f.name), f.data);
    const result = sample ? await check(tmp, files, model, sample) : null;
    if (result && !result.ok) throw new Error(`The exported model disagrees with the app (largest difference ${result.maxAbsDiff.toExponential(2)}), so nothing was saved.`);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return { dir, files: files.map((f) => ({ name: f.name, bytes: typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.length })), check: result };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
