/** Parameters and training-data checks shared by the tree and the forest. */
import type { Json, TrainData } from '../types';
import type { Criterion, GrowOptions } from './grow';

/**
 * Features examined per split: 'sqrt' / 'log2' of the feature count, 'all', 'auto' (sqrt for
 * classification, all for regression: scikit-learn ≥ 1.1 forest defaults), a number in (0, 1] as
 * a fraction of the features, or a whole number > 1 as a count (capped at the feature count).
 */
export type MaxFeatures = 'auto' | 'sqrt' | 'log2' | 'all' | number | null;

export type CartParams = {
  /** Classification impurity; regression always uses squared error. */
  criterion: 'gini' | 'entropy';
  max_depth: number | null;
  min_samples_split: number;
  min_samples_leaf: number;
  max_features: MaxFeatures;
  ccp_alpha: number;
};

export function resolveMaxFeatures(mf: Json, p: number, classification: boolean): number {
  if (mf === null || mf === 'all') return p;
  if (mf === 'auto') return classification ? Math.max(1, Math.floor(Math.sqrt(p))) : p;
  if (mf === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(p)));
  if (mf === 'log2') return Math.max(1, Math.floor(Math.log2(p)));
  if (typeof mf === 'number' && mf > 0 && mf <= 1) return Math.max(1, Math.floor(mf * p));
  if (typeof mf === 'number' && Number.isInteger(mf) && mf > 1) return Math.min(p, mf);
  throw new Error(`max_features must be 'sqrt', 'log2', 'all', 'auto', a fraction in (0, 1] or a whole number; got ${JSON.stringify(mf)}.`);
}

export function growOptions(params: CartParams, p: number, classification: boolean): GrowOptions {
  const { max_depth, min_samples_split, min_samples_leaf, ccp_alpha } = params;
  if (max_depth !== null && !(Number.isInteger(max_depth) && max_depth >= 1)) throw new Error('max_depth must be a whole number ≥ 1, or empty for no limit.');
  if (!(Number.isInteger(min_samples_split) && min_samples_split >= 2)) throw new Error('min_samples_split must be a whole number ≥ 2.');
  if (!(Number.isInteger(min_samples_leaf) && min_samples_leaf >= 1)) throw new Error('min_samples_leaf must be a whole number ≥ 1.');
  if (!(typeof ccp_alpha === 'number' && ccp_alpha >= 0)) throw new Error('ccp_alpha must be a number ≥ 0.');
  if (params.criterion !== 'gini' && params.criterion !== 'entropy') throw new Error(`criterion must be 'gini' or 'entropy'; got ${JSON.stringify(params.criterion)}.`);
  const criterion: Criterion = classification ? params.criterion : 'squared_error';
  return {
    criterion,
    maxDepth: max_depth ?? Infinity,
    minSamplesSplit: min_samples_split,
    minSamplesLeaf: min_samples_leaf,
    maxFeatures: resolveMaxFeatures(params.max_features, p, classification),
    ccpAlpha: ccp_alpha,
  };
}

/** Checks the training data; returns class indices (classification) or the targets (regression). */
export function targets(data: TrainData): { yc: Int32Array | null; yr: Float64Array | null; nOut: number } {
  const { rows: n, y } = data;
  if (n === 0) throw new Error('There are no training rows.');
  if (data.cols === 0) throw new Error('A tree needs at least one feature to split on.');
  if (data.x.length !== n * data.cols || y.length !== n) throw new Error('The training matrix and target sizes do not match.');
  if (data.weights && data.weights.length !== n) throw new Error('There must be one weight per training row.');
  if (data.weights && data.weights.some((v) => !(v >= 0))) throw new Error('Row weights must be numbers ≥ 0.');
  if (data.task === 'regression') {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i])) throw new Error('The target has missing or infinite values; drop those rows first.');
      if (y[i] < lo) lo = y[i];
      if (y[i] > hi) hi = y[i];
    }
    if (lo === hi) throw new Error(`The target is ${lo} in every training row, so there is nothing to learn.`);
    return { yc: null, yr: y, nOut: 1 };
  }
  const k = data.nClasses;
  if (!(Number.isInteger(k) && k >= 2)) throw new Error('Classification needs at least two classes.');
  const yc = new Int32Array(n);
  const seen = new Uint8Array(k);
  for (let i = 0; i < n; i++) {
    const c = y[i];
    if (!(Number.isInteger(c) && c >= 0 && c < k)) throw new Error(`Class indices must be whole numbers 0..${k - 1}; got ${c}.`);
    yc[i] = c;
    seen[c] = 1;
  }
  if (seen.reduce((a, b) => a + b, 0) < 2) throw new Error('Every training row has the same class, so there is nothing to learn.');
  return { yc, yr: null, nOut: k };
}

/** Row weights: given weights or 1, checked to leave something to learn from. */
export function baseWeights(data: TrainData): Float64Array {
  const w = data.weights ? Float64Array.from(data.weights) : new Float64Array(data.rows).fill(1);
  if (!w.some((v) => v > 0)) throw new Error('Every row weight is zero.');
  return w;
}
