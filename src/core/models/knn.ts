/**
 * k-nearest neighbours (DESIGN.md §5 estimator contract): predicts from the k training rows
 * closest in Euclidean distance on the prepared (imputed, one-hot, standardised) features.
 *
 * - Exact brute-force search. Each query keeps the k best in a bounded max-heap and abandons a
 *   distance sum as soon as it exceeds the current k-th best, so predict costs about
 *   rows × training rows × features in the worst case and much less in practice.
 * - Ties are broken deterministically: at equal distance the earlier training row wins.
 * - weights 'uniform': every neighbour counts 1 (times its row weight); 'distance': 1/distance,
 *   and when some neighbours sit at distance 0 only those count (as scikit-learn).
 * - Classification: class probabilities are the weighted neighbour votes; regression: the
 *   weighted mean of the neighbours' targets.
 *
 * The fitted state holds the whole training matrix, so it is as large as the prepared data.
 */
import { checkRegressionTarget, presentClasses } from './linear-more';
import { registerEstimator } from './registry';
import type { Prediction, Task } from './types';

export type KnnParams = { k: number; weights: 'uniform' | 'distance' };

export type KnnState = {
  task: Task;
  nClasses: number;
  rows: number;
  cols: number;
  /** Training matrix, row-major. */
  x: number[];
  /** Class index or target value per training row. */
  y: number[];
  /** Row weights, or null when all are 1. */
  w: number[] | null;
};

/**
 * Indices (into the training rows) and squared distances of the k nearest rows to `q`, nearest
 * first, ties by training row order.
 */
export function nearest(train: Float64Array, rows: number, cols: number, q: Float64Array, qo: number, k: number, outIdx: Int32Array, outDist: Float64Array): number {
  const kk = Math.min(k, rows);
  // Max-heap on (distance, index): the root is the worst of the current best k.
  let size = 0;
  const hd = outDist;
  const hi = outIdx;
  const worse = (a: number, b: number) => hd[a]! > hd[b]! || (hd[a] === hd[b] && hi[a]! > hi[b]!);
  const swap = (a: number, b: number) => {
    const d = hd[a]!; hd[a] = hd[b]!; hd[b] = d;
    const i = hi[a]!; hi[a] = hi[b]!; hi[b] = i;
  };
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const bound = size === kk ? hd[0]! : Infinity;
    let s = 0;
    let j = 0;
    // Partial sums in blocks of 8 allow early abandonment without a check per feature.
    for (; j < cols && s <= bound; ) {
      const end = Math.min(cols, j + 8);
      for (; j < end; j++) { const d = train[o + j]! - q[qo + j]!; s += d * d; }
    }
    if (size < kk) {
      // Sift up.
      let c = size++;
      hd[c] = s; hi[c] = r;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!worse(c, parent)) break;
        swap(c, parent);
        c = parent;
      }
    } else if (s < hd[0]!) {
      // Strictly closer than the worst kept (a later row never wins a tie). Sift down.
      hd[0] = s; hi[0] = r;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        let m = l;
        if (l + 1 < size && worse(l + 1, l)) m = l + 1;
        if (!worse(m, c)) break;
        swap(c, m);
        c = m;
      }
    }
  }
  // Sort the kept ones nearest first (insertion sort: k is small).
  for (let a = 1; a < size; a++) {
    for (let b = a; b > 0 && worse(b - 1, b); b--) swap(b - 1, b);
  }
  return size;
}

export const knn = registerEstimator<KnnParams, KnnState>({
  kind: 'knn',
  version: 1,
  family: 'knn',
  label: 'Nearest neighbours',
  description: 'Predicts from the k most similar training rows (k = 5 by default, Euclidean distance on the prepared features), each counting equally or by closeness. The saved model holds the training data.',
  tasks: ['binary', 'multiclass', 'regression'],
  input: 'dense',
  defaults: { k: 5, weights: 'uniform' },
  fit(data, params, ctx) {
    if (!Number.isInteger(params.k) || params.k < 1) throw new Error('k must be a whole number ≥ 1.');
    if (params.weights !== 'uniform' && params.weights !== 'distance') throw new Error("weights must be 'uniform' or 'distance'.");
    if (data.task === 'regression') checkRegressionTarget(data);
    else presentClasses(data);
    let w: number[] | null = null;
    if (data.weights) {
      if (data.weights.length !== data.rows) throw new Error(`Expected ${data.rows} row weights, got ${data.weights.length}.`);
      for (const v of data.weights) if (!(v >= 0) || !Number.isFinite(v)) throw new Error('Row weights must be finite and not negative.');
      w = Array.from(data.weights);
    }
    for (const v of data.x) if (!Number.isFinite(v)) throw new Error('Nearest neighbours needs prepared features without missing values.');
    ctx.onProgress?.({ iteration: 1, total: 1 });
    return {
      task: data.task,
      nClasses: data.task === 'regression' ? 0 : data.nClasses,
      rows: data.rows,
      cols: data.cols,
      x: Array.from(data.x),
      y: Array.from(data.y),
      w,
    };
  },
  predict(state, params, x): Prediction {
    if (x.cols !== state.cols) throw new Error(`The model expects ${state.cols} features, got ${x.cols}.`);
    if (x.x.length !== x.rows * x.cols) throw new Error('The feature matrix size does not match rows × columns.');
    const train = Float64Array.from(state.x);
    const y = Float64Array.from(state.y);
    const rw = state.w ? Float64Array.from(state.w) : null;
    const k = Math.max(1, Math.floor(params.k));
    const byDistance = params.weights === 'distance';
    const idx = new Int32Array(Math.min(k, state.rows));
    const dist = new Float64Array(idx.length);
    const vw = new Float64Array(idx.length);
    const regression = state.task === 'regression';
    const nc = state.nClasses;
    const out = new Float64Array(regression ? x.rows : x.rows * nc);
    for (let i = 0; i < x.rows; i++) {
      const m = nearest(train, state.rows, state.cols, x.x, i * x.cols, k, idx, dist);
      let zeros = 0;
      if (byDistance) for (let t = 0; t < m; t++) if (dist[t] === 0) zeros++;
      let total = 0;
      for (let t = 0; t < m; t++) {
        let v = rw ? rw[idx[t]!]! : 1;
        if (byDistance) v *= zeros > 0 ? (dist[t] === 0 ? 1 : 0) : 1 / Math.sqrt(dist[t]!);
        vw[t] = v;
        total += v;
      }
      if (!(total > 0)) {
        // Every neighbour has weight 0: count them equally.
        for (let t = 0; t < m; t++) vw[t] = 1;
        total = m;
      }
      if (regression) {
        let s = 0;
        for (let t = 0; t < m; t++) s += vw[t]! * y[idx[t]!]!;
        out[i] = s / total;
      } else {
        const o = i * nc;
        for (let t = 0; t < m; t++) out[o + y[idx[t]!]!]! += vw[t]! / total;
      }
    }
    return regression ? { value: out } : { proba: out, nClasses: nc };
  },
});
