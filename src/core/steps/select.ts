/**
 * Feature selection on number columns (after encoding): each step removes some of its columns and
 * keeps the others where they are. The state records the kept and removed columns and, for the
 * ONNX export, where the removed ones sit among all work columns at fit time.
 *
 * ONNX: the env holds one entry per work column, except that a step may emit one entry of width k
 * for k consecutive work columns (one-hot). Walking the env in order and counting widths maps each
 * work position to (entry, offset): a removed width-1 entry is deleted; a wide entry losing some
 * of its columns is replaced in place by a Gather on axis 1 of the offsets it keeps (deleted when
 * it keeps none). Deleting and replacing in place keep the env's order equal to the work's.
 */
import { attr } from '../export/onnx/graph';
import '../models/forest';
import '../models/tree';
import { getEstimator } from '../models/registry';
import type { Json } from '../models/types';
import { registerStep } from './registry';
import type { FitContext, StepDef, Work } from './types';
import { numColumn, sortedPresent, quantileSorted } from './util';

export interface SelectState {
  [k: string]: Json;
  /** The step's columns that stay, in the step's column order. */
  kept: string[];
  /** The step's columns removed. */
  removed: string[];
  /** Each column's score (variance, mutual information, importance...; null where it has none). */
  scores: (number | null)[];
  /** Positions of the removed columns among all work columns at fit time (ascending). */
  at: number[];
  /** The number of work columns at fit time. */
  total: number;
}

interface Choice {
  keep: boolean[];
  scores: (number | null)[];
}

type SelectDef<P extends Json> = Omit<StepDef<P, SelectState>, 'fit' | 'transform' | 'schema' | 'onnx' | 'accepts'> & {
  choose(work: Work, columns: readonly string[], params: P, ctx: FitContext): Choice;
};

function registerSelect<P extends { [k: string]: Json }>(def: SelectDef<P>): StepDef<P, SelectState> {
  const { choose, ...rest } = def;
  return registerStep<P, SelectState>({
    ...rest,
    accepts: 'num',
    fit(work, columns, params, ctx) {
      const { keep, scores } = choose(work, columns, params, ctx);
      const removed = columns.filter((_, j) => !keep[j]);
      if (removed.length > 0 && removed.length === work.size) throw new Error(`${def.label} would remove every feature.`);
      const gone = new Set(removed);
      const at: number[] = [];
      [...work.keys()].forEach((k, i) => { if (gone.has(k)) at.push(i); });
      return { kept: columns.filter((_, j) => keep[j]), removed, scores: scores.map((s) => (s === null || Number.isFinite(s) ? s : null)), at, total: work.size };
    },
    transform(work, _c, _p, state) {
      const out = new Map(work);
      for (const c of state.removed) out.delete(c);
      return out;
    },
    schema(input, _c, _p, state) {
      const out = new Map(input);
      for (const c of state.removed) out.delete(c);
      return out;
    },
    onnx(g, env, _c, _p, state) {
      const width = [...env.values()].reduce((a, e) => a + e.width, 0);
      if (width !== state.total) throw new Error(`${def.label}: the exported columns (${width}) differ from the fitted ones (${state.total}).`);
      const gone = new Set(state.at);
      let pos = 0;
      for (const [key, entry] of [...env]) {
        const keep: number[] = [];
        for (let k = 0; k < entry.width; k++) if (!gone.has(pos + k)) keep.push(k);
        pos += entry.width;
        if (keep.length === entry.width) continue;
        if (keep.length === 0) { env.delete(key); continue; }
        const idx = g.constant(`${key}_kept`, { elem: 'int64', dims: [keep.length], values: keep });
        env.set(key, { ...entry, value: g.op('Gather', [entry.value, idx], { axis: attr.int(1) }), width: keep.length });
      }
    },
  });
}

/** The `k` best columns by score (higher first; ties and missing scores: earlier column first). */
function topK(scores: readonly (number | null)[], k: number): boolean[] {
  const order = scores.map((_, j) => j).sort((a, b) => (scores[b] ?? -Infinity) - (scores[a] ?? -Infinity) || a - b);
  const keep = scores.map(() => false);
  for (const j of order.slice(0, Math.max(0, k))) keep[j] = true;
  return keep;
}

function checkK(k: unknown): void {
  if (!(Number.isInteger(k) && (k as number) >= 1)) throw new Error('The number of columns to keep must be a whole number of at least 1.');
}

// ---------------------------------------------------------------------------------------------

/** Population variance of the non-missing values; 0 when they are all equal or there are none. */
export function variance(values: Float64Array): number {
  let n = 0;
  let sum = 0;
  let first = Number.NaN;
  let constant = true;
  for (const x of values) {
    if (Number.isNaN(x)) continue;
    if (n === 0) first = x;
    else if (x !== first) constant = false;
    n++;
    sum += x;
  }
  if (n === 0 || constant) return 0;
  const mean = sum / n;
  let ss = 0;
  for (const x of values) if (!Number.isNaN(x)) ss += (x - mean) * (x - mean);
  return ss / n;
}

export const selectVariance = registerSelect<{ threshold: number }>({
  kind: 'select.variance',
  version: 1,
  label: 'Remove near-constant columns',
  description: 'Removes the chosen number columns whose variance over the training rows (missing values ignored) is not above the threshold; 0 removes the columns that hold a single value (or only missing values). The other columns stay where they are.',
  group: 'select',
  defaults: { threshold: 0 },
  paramsInfo: [{ name: 'threshold', label: 'Variance threshold', type: 'number', min: 0, help: 'Columns whose variance is at most this are removed.' }],
  validate(params) {
    if (!(typeof params.threshold === 'number' && params.threshold >= 0)) throw new Error('The variance threshold must be a number ≥ 0.');
  },
  choose(work, columns, params) {
    const scores = columns.map((c) => variance(numColumn(work, c).values));
    return { keep: scores.map((v) => v > params.threshold), scores };
  },
});

// ---------------------------------------------------------------------------------------------

/** Pearson correlation over the rows where both are present; NaN when either is constant there. */
export function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++;
    sa += x;
    sb += y;
  }
  if (n < 2) return Number.NaN;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sab += (x - ma) * (y - mb);
    saa += (x - ma) * (x - ma);
    sbb += (y - mb) * (y - mb);
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

export const selectCorrelation = registerSelect<{ threshold: number }>({
  kind: 'select.correlation',
  version: 1,
  label: 'Remove highly correlated columns',
  description: 'Goes through the chosen number columns in order and removes each one whose correlation (Pearson, in absolute value, over the training rows where both are present) with a column kept before it is above the threshold: of two near-duplicates, the later one in the list goes. Constant columns correlate with nothing. The other columns stay where they are.',
  group: 'select',
  minColumns: 2,
  defaults: { threshold: 0.95 },
  paramsInfo: [{ name: 'threshold', label: 'Correlation threshold', type: 'number', min: 0, max: 1, help: 'Pairs with an absolute correlation above this count as near-duplicates.' }],
  validate(params) {
    if (!(typeof params.threshold === 'number' && params.threshold >= 0 && params.threshold <= 1)) throw new Error('The correlation threshold must be between 0 and 1.');
  },
  choose(work, columns, params) {
    const cols = columns.map((c) => numColumn(work, c).values);
    const kept: number[] = [];
    const keep = columns.map(() => false);
    const scores: (number | null)[] = columns.map(() => null);
    cols.forEach((v, j) => {
      let worst = 0;
      for (const i of kept) {
        const r = Math.abs(pearson(cols[i]!, v));
        if (r > worst) worst = r;
      }
      scores[j] = worst;
      if (!(worst > params.threshold)) { keep[j] = true; kept.push(j); }
    });
    return { keep, scores };
  },
});

// ---------------------------------------------------------------------------------------------

/**
 * Bin numbers for mutual information: each distinct value its own bin when there are at most
 * `bins`, otherwise quantile bins (edges at the 1/bins, 2/bins, ... quantiles; a value equal to an
 * edge goes below it). Missing values get a bin of their own (the last).
 */
export function quantileBins(values: Float64Array, bins: number): { codes: Int32Array; count: number } {
  const sorted = sortedPresent(values);
  let edges: number[] = [];
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= bins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  if (distinct.length <= bins) {
    // Edges between consecutive distinct values: the value itself works with "x > edge".
    edges = distinct.slice(0, -1);
  } else {
    for (let b = 1; b < bins; b++) {
      const e = quantileSorted(sorted, b / bins);
      if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
    }
  }
  const count = edges.length + 2;
  const codes = Int32Array.from(values, (x) => {
    if (Number.isNaN(x)) return count - 1;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x > edges[mid]!) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
  return { codes, count };
}

/** Mutual information (nats) between two discrete codings. */
export function mutualInformation(a: Int32Array, na: number, b: Int32Array, nb: number): number {
  const n = a.length;
  if (n === 0) return 0;
  const joint = new Float64Array(na * nb);
  const pa = new Float64Array(na);
  const pb = new Float64Array(nb);
  for (let i = 0; i < n; i++) {
    joint[a[i]! * nb + b[i]!]!++;
    pa[a[i]!]!++;
    pb[b[i]!]!++;
  }
  let mi = 0;
  for (let x = 0; x < na; x++) {
    for (let y = 0; y < nb; y++) {
      const j = joint[x * nb + y]!;
      if (j > 0) mi += (j / n) * Math.log((j * n) / (pa[x]! * pb[y]!));
    }
  }
  return Math.max(0, mi);
}

/** The target as discrete codes: class indices, or quantile bins of a number target. */
function targetCodes(ctx: FitContext, bins: number): { codes: Int32Array; count: number } {
  const y = ctx.target;
  if (!y) throw new Error('This selection needs a target column.');
  if (ctx.task === 'regression') return quantileBins(y, bins);
  let max = 0;
  for (const v of y) if (v > max) max = v;
  return { codes: Int32Array.from(y, (v) => (v >= 0 ? v : 0)), count: max + 1 };
}

export const selectMutualInfo = registerSelect<{ k: number; bins: number }>({
  kind: 'select.mutual_info',
  version: 1,
  label: 'Keep the columns most related to the target',
  description: 'Keeps the k chosen number columns with the highest mutual information with the target over the training rows, and removes the rest. Numbers are cut into quantile bins (a column with few distinct values keeps them as they are; missing values form a bin of their own); a number target is binned the same way. Ties keep the earlier column. The kept columns stay where they are.',
  group: 'select',
  needsTarget: true,
  defaults: { k: 10, bins: 10 },
  paramsInfo: [
    { name: 'k', label: 'Columns to keep', type: 'integer', min: 1 },
    { name: 'bins', label: 'Bins per number column', type: 'integer', min: 2, max: 100, help: 'Numbers are cut into this many equal-count bins to measure how much they tell about the target.' },
  ],
  validate(params) {
    checkK(params.k);
    if (!(Number.isInteger(params.bins) && params.bins >= 2)) throw new Error('The number of bins must be a whole number of at least 2.');
  },
  choose(work, columns, params, ctx) {
    const t = targetCodes(ctx, params.bins);
    const scores = columns.map((c) => {
      const b = quantileBins(numColumn(work, c).values, params.bins);
      return mutualInformation(b.codes, b.count, t.codes, t.count);
    });
    return { keep: topK(scores, params.k), scores };
  },
});

// ---------------------------------------------------------------------------------------------

export interface SelectModelParams {
  [k: string]: Json;
  k: number;
  model: 'forest' | 'tree';
  trees: number;
  maxDepth: number;
}

export const selectModel = registerSelect<SelectModelParams>({
  kind: 'select.model',
  version: 1,
  label: 'Keep the columns a tree model uses most',
  description: 'Fits a small random forest (or one decision tree) on the chosen number columns and the training rows\' target, and keeps the k columns with the highest importance (the total impurity decrease of their splits); the rest are removed. Missing values are handled by the trees. Ties keep the earlier column. The kept columns stay where they are.',
  group: 'select',
  needsTarget: true,
  defaults: { k: 10, model: 'forest', trees: 30, maxDepth: 8 },
  paramsInfo: [
    { name: 'k', label: 'Columns to keep', type: 'integer', min: 1 },
    { name: 'model', label: 'Model', type: 'choice', choices: ['forest', 'tree'] },
    { name: 'trees', label: 'Trees in the forest', type: 'integer', min: 1, max: 500 },
    { name: 'maxDepth', label: 'Tree depth', type: 'integer', min: 1, max: 30, help: 'Deeper trees see finer patterns but take longer.' },
  ],
  validate(params) {
    checkK(params.k);
    if (params.model !== 'forest' && params.model !== 'tree') throw new Error('The model must be forest or tree.');
    if (!(Number.isInteger(params.trees) && params.trees >= 1)) throw new Error('The number of trees must be a whole number of at least 1.');
    if (!(Number.isInteger(params.maxDepth) && params.maxDepth >= 1)) throw new Error('The tree depth must be a whole number of at least 1.');
  },
  choose(work, columns, params, ctx) {
    const y = ctx.target;
    if (!y) throw new Error('This selection needs a target column.');
    const task = ctx.task ?? 'regression';
    const rows = y.length;
    const cols = columns.length;
    const x = new Float64Array(rows * cols);
    columns.forEach((c, j) => {
      const v = numColumn(work, c).values;
      for (let i = 0; i < rows; i++) x[i * cols + j] = v[i]!;
    });
    let nClasses = 0;
    if (task !== 'regression') for (const v of y) nClasses = Math.max(nClasses, v + 1);
    const data = { x, rows, cols, task, y, nClasses: Math.max(2, nClasses) };
    const common = { max_depth: params.maxDepth, min_samples_leaf: 5, max_features: 'auto' as Json };
    const est = getEstimator(params.model === 'tree' ? 'tree.cart' : 'forest.random');
    const prm = params.model === 'tree' ? { ...(est.defaults as object), ...common, max_features: 'all' } : { ...(est.defaults as object), ...common, n_estimators: params.trees };
    const state = est.fit(data, prm as Json, { seed: ctx.seed }) as { importance: number[] };
    const scores = columns.map((_, j) => state.importance[j] ?? 0);
    return { keep: topK(scores, params.k), scores };
  },
});
