/**
 * Checks an exported ONNX model with onnxruntime-node against the app's own predictions before
 * the file is written: same raw columns in, then
 * - classification: every probability within `tolerance` (default 1e-5) of the app's, absolute,
 *   and the same label on every row (the app's label: the first class of highest probability);
 * - regression: |ONNX value − app value| ≤ tolerance × max(1, |app value|) on every row (absolute
 *   near zero, relative for large targets such as prices).
 * A NaN where the app has a number (or the reverse) counts as an infinite difference.
 * Rows are scored in batches (`onnxBatchRows`) so that kNN's distance matrices stay small.
 */
import * as ort from 'onnxruntime-node';
import type { FittedModel } from '../../core/evaluate/train';
import { predictProba } from '../../core/evaluate/train';
import { onnxBatchRows } from '../../core/export/model-onnx';
import { isNumeric, type Frame } from '../../core/frame/frame';

export interface VerifyRow {
  /** 0-based index into the checked frame. */
  row: number;
  /** Classification: largest |Δp| of the row. Regression: |Δvalue|. */
  diff: number;
  /** diff / the row's allowance in units of tolerance (diff / max(1, |value|) for regression). */
  scaled: number;
  /** The app's label or value. */
  app: string | number;
  /** ONNX Runtime's label or value. */
  onnx: string | number;
}

export interface VerifyResult {
  rows: number;
  /** Largest |Δp| (classification) or |Δvalue| (regression). */
  maxAbsDiff: number;
  /** Largest difference measured as the rule measures it (= maxAbsDiff for classification). */
  maxScaledDiff: number;
  labelMismatches: number;
  /** Worst rows, worst first (rows whose label differs come first). */
  worst: VerifyRow[];
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

/** ONNX Runtime's outputs: labels + probabilities (rows × classes) or values. */
export interface OnnxScores {
  labels: string[];
  probabilities: Float32Array;
  values: Float64Array;
}

export async function scoreOnnx(bytes: Uint8Array, model: FittedModel, frame: Frame): Promise<OnnxScores> {
  const session = await ort.InferenceSession.create(bytes);
  const n = frame.rows;
  const k = model.classes.length;
  const regression = model.task === 'regression';
  const labels: string[] = [];
  const probabilities = new Float32Array(regression ? 0 : n * k);
  const values = new Float64Array(regression ? n : 0);
  const batch = onnxBatchRows(model);
  try {
    for (let start = 0; start < n; start += batch) {
      const end = Math.min(n, start + batch);
      const part = start === 0 && end === n ? frame : frame.take(Int32Array.from({ length: end - start }, (_, i) => start + i));
      const out = await session.run(onnxFeeds(model, part));
      if (regression) {
        values.set(out.value!.data as Float64Array, start);
      } else {
        labels.push(...(out.label!.data as string[]));
        probabilities.set(out.probabilities!.data as Float32Array, start * k);
      }
    }
  } finally {
    await session.release();
  }
  return { labels, probabilities, values };
}

/** Scores `frame` both ways and compares by the rules in the file header. */
export async function verifyOnnx(bytes: Uint8Array, model: FittedModel, frame: Frame, tolerance = 1e-5): Promise<VerifyResult> {
  const app = predictProba(model, frame);
  const onnx = await scoreOnnx(bytes, model, frame);
  const n = frame.rows;
  let maxAbsDiff = 0;
  let maxScaledDiff = 0;
  let labelMismatches = 0;
  const rows: (VerifyRow & { mismatch: boolean })[] = [];
  const nanInf = (d: number) => (Number.isNaN(d) ? Infinity : d);
  if (model.task === 'regression') {
    for (let i = 0; i < n; i++) {
      const a = app[0]![i]!;
      const o = onnx.values[i]!;
      const same = a === o || (Number.isNaN(a) && Number.isNaN(o));
      const diff = same ? 0 : nanInf(Math.abs(a - o));
      const scaled = same ? 0 : nanInf(diff / Math.max(1, Math.abs(a)));
      maxAbsDiff = Math.max(maxAbsDiff, diff);
      maxScaledDiff = Math.max(maxScaledDiff, scaled);
      rows.push({ row: i, diff, scaled, app: a, onnx: o, mismatch: false });
    }
  } else {
    const k = model.classes.length;
    for (let i = 0; i < n; i++) {
      let diff = 0;
      let best = 0;
      for (let c = 0; c < k; c++) {
        const a = app[c]![i]!;
        diff = Math.max(diff, nanInf(Math.abs(a - onnx.probabilities[i * k + c]!)));
        if (a > app[best]![i]!) best = c;
      }
      const mismatch = model.classes[best] !== onnx.labels[i];
      if (mismatch) labelMismatches++;
      maxAbsDiff = Math.max(maxAbsDiff, diff);
      rows.push({ row: i, diff, scaled: diff, app: model.classes[best]!, onnx: onnx.labels[i] ?? '', mismatch });
    }
    maxScaledDiff = maxAbsDiff;
  }
  rows.sort((a, b) => Number(b.mismatch) - Number(a.mismatch) || b.scaled - a.scaled);
  const worst = rows.slice(0, 5).map(({ mismatch: _m, ...r }) => r);
  return { rows: n, maxAbsDiff, maxScaledDiff, labelMismatches, worst, ok: maxScaledDiff <= tolerance && labelMismatches === 0 };
}
