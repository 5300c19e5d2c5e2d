/**
 * Checks an exported ONNX model with onnxruntime-node against the app's own predictions before
 * the file is written: same raw columns in, probabilities within tolerance, identical labels.
 */
import * as ort from 'onnxruntime-node';
import type { FittedModel } from '../../core/evaluate/train';
import { predictProba } from '../../core/evaluate/train';
import { isNumeric, type Frame } from '../../core/frame/frame';

export interface VerifyResult {
  rows: number;
  maxAbsDiff: number;
  labelMismatches: number;
  /** Worst rows (0-based index into the checked frame), worst first. */
  worst: { row: number; diff: number }[];
  ok: boolean;
}

/** Builds the ONNX inputs from raw frame columns: doubles (NaN missing) or strings ("" missing). */
export function onnxFeeds(model: FittedModel, frame: Frame): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const n = frame.rows;
  for (const ic of model.pipeline.input) {
    const c = frame.column(ic.name);
    if (ic.type === 'num') {
      if (!isNumeric(c)) throw new Error(`Column ${ic.name} should hold numbers.`);
      feeds[ic.name] = new ort.Tensor('float64', Float64Array.from(c.values), [n, 1]);
    } else {
      const values: string[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = frame.cell(i, c);
        values[i] = v === null ? '' : String(v);
      }
      feeds[ic.name] = new ort.Tensor('string', values, [n, 1]);
    }
  }
  return feeds;
}

export interface OnnxScores {
  labels: string[];
  probabilities: Float32Array;
}

export async function scoreOnnx(bytes: Uint8Array, model: FittedModel, frame: Frame): Promise<OnnxScores> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run(onnxFeeds(model, frame));
    return { labels: out.label!.data as string[], probabilities: out.probabilities!.data as Float32Array };
  } finally {
    await session.release();
  }
}

/** Scores `frame` both ways and compares. `ok` means max |Δp| ≤ tolerance and no label differs. */
export async function verifyOnnx(bytes: Uint8Array, model: FittedModel, frame: Frame, tolerance = 1e-5): Promise<VerifyResult> {
  const app = predictProba(model, frame);
  const onnx = await scoreOnnx(bytes, model, frame);
  const k = model.classes.length;
  const n = frame.rows;
  let maxAbsDiff = 0;
  let labelMismatches = 0;
  const diffs: { row: number; diff: number }[] = [];
  for (let i = 0; i < n; i++) {
    let rowDiff = 0;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const a = app[c]![i]!;
      rowDiff = Math.max(rowDiff, Math.abs(a - onnx.probabilities[i * k + c]!));
      if (a > app[best]![i]!) best = c;
    }
    if (Number.isNaN(rowDiff)) rowDiff = Infinity;
    if (model.classes[best] !== onnx.labels[i]) labelMismatches++;
    maxAbsDiff = Math.max(maxAbsDiff, rowDiff);
    diffs.push({ row: i, diff: rowDiff });
  }
  diffs.sort((a, b) => b.diff - a.diff);
  return { rows: n, maxAbsDiff, labelMismatches, worst: diffs.slice(0, 5), ok: maxAbsDiff <= tolerance && labelMismatches === 0 };
}
