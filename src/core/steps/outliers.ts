/**
 * Outliers: bounds learned per column from the training rows — at two quantiles, or at Tukey's
 * IQR fences (Q1 - k·IQR, Q3 + k·IQR) — then either clipped to the bounds (train and scoring
 * alike) or, for training only, the rows beyond them left out of the fit.
 */
import { registerStep } from './registry';
import type { OnnxEnv, Work } from './types';
import type { OnnxGraph } from '../export/onnx/graph';
import { numColumn, quantileSorted, replace, sameSchema, sortedPresent, workRows } from './util';
import { scalar } from './numeric';

export type OutlierMethod = 'quantile' | 'iqr';
const METHODS: readonly OutlierMethod[] = ['quantile', 'iqr'];

export type OutlierParams = { method: OutlierMethod; qLow: number; qHigh: number; k: number };
export type OutlierState = { low: number[]; high: number[] };

/** The lower and upper bound of one column's non-missing values (±Infinity when it has none). */
export function outlierBounds(values: Float64Array, p: OutlierParams): [number, number] {
  const v = sortedPresent(values);
  if (v.length === 0) return [-Infinity, Infinity];
  if (p.method === 'quantile') return [quantileSorted(v, p.qLow), quantileSorted(v, p.qHigh)];
  const q1 = quantileSorted(v, 0.25);
  const q3 = quantileSorted(v, 0.75);
  const iqr = q3 - q1;
  return [q1 - p.k * iqr, q3 + p.k * iqr];
}

function fitBounds(work: Work, columns: readonly string[], p: OutlierParams): OutlierState {
  const low: number[] = [];
  const high: number[] = [];
  for (const c of columns) {
    const [lo, hi] = outlierBounds(numColumn(work, c).values, p);
    low.push(lo);
    high.push(hi);
  }
  // JSON has no Infinity; an all-missing column gets the widest finite bounds instead.
  return { low: low.map((x) => (x === -Infinity ? -Number.MAX_VALUE : x)), high: high.map((x) => (x === Infinity ? Number.MAX_VALUE : x)) };
}

function validate(p: OutlierParams): void {
  if (!METHODS.includes(p.method)) throw new Error(`The method must be one of ${METHODS.join(', ')}.`);
  if (p.method === 'quantile') {
    if (!(p.qLow >= 0 && p.qLow < p.qHigh && p.qHigh <= 1)) throw new Error('The quantiles must satisfy 0 ≤ lower < upper ≤ 1 (for example 0.01 and 0.99).');
  } else if (!(p.k >= 0 && Number.isFinite(p.k))) {
    throw new Error('The IQR multiplier must be a number of 0 or more (1.5 is usual).');
  }
}

const paramsInfo = [
  { name: 'method', label: 'Bounds from', type: 'choice', choices: METHODS, help: 'quantile: the two quantiles below. iqr: Q1 − k·IQR and Q3 + k·IQR (Tukey\'s fences).' },
  { name: 'qLow', label: 'Lower quantile', type: 'number', min: 0, max: 1, help: 'For the quantile method, e.g. 0.01 = the 1st percentile.' },
  { name: 'qHigh', label: 'Upper quantile', type: 'number', min: 0, max: 1, help: 'For the quantile method, e.g. 0.99 = the 99th percentile.' },
  { name: 'k', label: 'IQR multiplier k', type: 'number', min: 0, help: 'For the iqr method: 1.5 is usual, 3 only catches extreme values.' },
] as const;

/** Where(x < low, low, Where(x > high, high, x)): NaN compares false both times and stays NaN. */
function clipOnnx(g: OnnxGraph, env: OnnxEnv, columns: readonly string[], state: OutlierState): void {
  columns.forEach((c, j) => {
    const col = env.get(c)!;
    const lo = scalar(g, `${c}_low`, state.low[j]!);
    const hi = scalar(g, `${c}_high`, state.high[j]!);
    const upper = g.op('Where', [g.op('Greater', [col.value, hi]), hi, col.value]);
    env.set(c, { ...col, value: g.op('Where', [g.op('Less', [col.value, lo]), lo, upper]) });
  });
}

export const clipOutliers = registerStep<OutlierParams, OutlierState>({
  kind: 'outliers.clip',
  version: 1,
  label: 'Cap extreme values',
  description: 'Learns a lower and upper bound for each number column from the training rows (two quantiles, or the IQR fences Q1 − k·IQR and Q3 + k·IQR) and moves values beyond them to the bound, in training and when scoring. Missing values stay missing.',
  group: 'outliers',
  accepts: 'num',
  defaults: { method: 'quantile', qLow: 0.01, qHigh: 0.99, k: 1.5 },
  paramsInfo,
  validate,
  schema: sameSchema,
  fit: (work, columns, params) => fitBounds(work, columns, params),
  transform: (work, columns, _p, state) =>
    replace(work, columns.map((c, j) => {
      const lo = state.low[j]!;
      const hi = state.high[j]!;
      return [c, { type: 'num', values: numColumn(work, c).values.map((x) => (x < lo ? lo : x > hi ? hi : x)) }];
    })),
  onnx: (g, env, columns, _p, state) => clipOnnx(g, env, columns, state),
});

export const dropOutliers = registerStep<OutlierParams, OutlierState>({
  kind: 'outliers.drop',
  version: 1,
  label: 'Leave out outlier rows when training',
  description: 'Learns a lower and upper bound for each number column from the training rows (the IQR fences Q1 − k·IQR and Q3 + k·IQR, or two quantiles) and trains the model without the rows that have a value beyond them in any chosen column. Missing values never count as outliers. Scoring and the exported model keep every row and leave the values unchanged.',
  group: 'outliers',
  accepts: 'num',
  defaults: { method: 'iqr', qLow: 0.01, qHigh: 0.99, k: 1.5 },
  paramsInfo,
  validate,
  schema: sameSchema,
  fit: (work, columns, params) => fitBounds(work, columns, params),
  transform: (work) => work,
  dropRows(work, columns, _p, state) {
    const drop = new Uint8Array(workRows(work));
    columns.forEach((c, j) => {
      const v = numColumn(work, c).values;
      const lo = state.low[j]!;
      const hi = state.high[j]!;
      for (let i = 0; i < v.length; i++) if (v[i]! < lo || v[i]! > hi) drop[i] = 1;
    });
    return drop;
  },
  onnx: () => { /* Scoring never drops rows and the values pass through unchanged: no nodes. */ },
});
