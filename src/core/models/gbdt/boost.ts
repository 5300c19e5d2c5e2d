/**
 * The boosting loop of histogram GBDT: losses, baseline, row/column subsampling, early stopping
 * on a seeded validation split, and conversion of the grown trees into the JSON state.
 */
import { createRandom } from '../../util/random';
import type { FitContext, TrainData } from '../types';
import { ALMOST_INF, binRowsInto, fitBins, slotArray, slotOffsets, type BinMapper } from './binning';
import { expNonPositive, log1pUnit } from './fastmath';
import { Grower, type HistStats } from './grower';
import type { GbdtState, GbdtTree } from './state';

export type GbdtParams = {
  /** Boosting rounds (at most, with early stopping). */
  max_iter: number;
  learning_rate: number;
  /** Leaf budget per tree; 0 = only max_depth limits. */
  max_leaf_nodes: number;
  /** Depth limit (root = 0); 0 = none. */
  max_depth: number;
  min_samples_leaf: number;
  /** Minimum hessian sum per leaf (XGBoost's min_child_weight; scikit-learn uses 1e-3). */
  min_child_weight: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  l2_regularization: number;
  /** Bins per feature, at most 255 (plus one for missing values). */
  max_bins: number;
  /** Fraction of rows drawn (without replacement) for each round. */
  subsample: number;
  /** Fraction of features drawn for each tree. */
  colsample_bytree: number;
  /** 'auto': on when there are more than 10,000 rows (scikit-learn's rule). */
  early_stopping: 'auto' | boolean;
  validation_fraction: number;
  n_iter_no_change: number;
  /** Minimum improvement of the validation loss that counts. */
  tol: number;
};

/** scikit-learn HistGradientBoosting's defaults. */
export const gbdtDefaults: GbdtParams = {
  max_iter: 100,
  learning_rate: 0.1,
  max_leaf_nodes: 31,
  max_depth: 0,
  min_samples_leaf: 20,
  min_child_weight: 1e-3,
  l2_regularization: 0,
  max_bins: 255,
  subsample: 1,
  colsample_bytree: 1,
  early_stopping: 'auto',
  validation_fraction: 0.1,
  n_iter_no_change: 10,
  tol: 1e-7,
};

/** Leaf budget cap. */
const MAX_LEAVES = 4096;
/** Histograms are kept per open leaf: the leaf budget is also capped to fit them in this. */
const HIST_MEMORY = 1 << 30;
const EPS = 1e-15;

function check(params: GbdtParams): void {
  const bad = (what: string) => {
    throw new Error(`Gradient boosting: ${what}.`);
  };
  if (!(params.max_iter >= 1)) bad('max_iter must be at least 1');
  if (!(params.learning_rate > 0)) bad('learning_rate must be positive');
  if (!(params.max_leaf_nodes === 0 || params.max_leaf_nodes >= 2)) bad('max_leaf_nodes must be 0 (no limit) or at least 2');
  if (!(params.max_depth >= 0)) bad('max_depth must be 0 (no limit) or positive');
  if (params.max_leaf_nodes === 0 && (params.max_depth === 0 || params.max_depth > 12)) bad('without max_leaf_nodes, max_depth must be between 1 and 12');
  if (!(params.max_bins >= 2 && params.max_bins <= 255)) bad('max_bins must be between 2 and 255');
  if (!(params.subsample > 0 && params.subsample <= 1)) bad('subsample must be in (0, 1]');
  if (!(params.colsample_bytree > 0 && params.colsample_bytree <= 1)) bad('colsample_bytree must be in (0, 1]');
  if (!(params.min_samples_leaf >= 1)) bad('min_samples_leaf must be at least 1');
  if (!(params.min_child_weight >= 0)) bad('min_child_weight must be non-negative');
  if (!(params.l2_regularization >= 0)) bad('l2_regularization must be non-negative');
  if (!(params.validation_fraction > 0 && params.validation_fraction < 1)) bad('validation_fraction must be in (0, 1)');
  if (!(params.n_iter_no_change >= 1)) bad('n_iter_no_change must be at least 1');
}

/** Seeded validation rows: `fraction` of each class (classification) or of all rows. */
function validationSplit(y: Float64Array, classification: boolean, fraction: number, seed: number): { train: Int32Array; valid: Int32Array } {
  const n = y.length;
  const rnd = createRandom(seed ^ 0x2545f491);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = classification ? y[i]! : 0;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const isValid = new Uint8Array(n);
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(key)!;
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const t = g[i]!;
      g[i] = g[j]!;
      g[j] = t;
    }
    // Keep at least one training row per class.
    const take = Math.min(g.length - 1, Math.round(fraction * g.length));
    for (let i = 0; i < take; i++) isValid[g[i]!] = 1;
  }
  let nv = 0;
  for (let i = 0; i < n; i++) nv += isValid[i]!;
  const train = new Int32Array(n - nv);
  const valid = new Int32Array(nv);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (isValid[i]) valid[b++] = i;
    else train[a++] = i;
  }
  return { train, valid };
}

/**
 * Gradients and hessians of the loss at the raw scores; raw scores, gradients and hessians are
 * all class-major (raw[k * n + i]), so that each tree's updates touch one contiguous block. Returns
 * the weighted mean loss. Binary/multiclass: log loss (hessian p(1-p), as scikit-learn);
 * regression: squared error (loss = mean squared error, gradient raw - y, hessian 1).
 */
function gradients(task: GbdtState['task'], K: number, raw: Float64Array, y: Float64Array, w: Float64Array | null, grad: Float64Array, hess: Float64Array, prob: Float64Array): number {
  const n = y.length;
  let loss = 0;
  let wsum = 0;
  if (task === 'regression') {
    for (let i = 0; i < n; i++) {
      const d = raw[i]! - y[i]!;
      const wi = w ? w[i]! : 1;
      grad[i] = wi * d;
      if (w) hess[i] = wi;
      loss += wi * d * d;
      wsum += wi;
    }
    return loss / wsum;
  }
  if (task === 'binary') {
    for (let i = 0; i < n; i++) {
      const z = raw[i]!;
      const wi = w ? w[i]! : 1;
      const e = expNonPositive(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const yi = y[i]!;
      grad[i] = wi * (p - yi);
      hess[i] = Math.max(wi * p * (1 - p), 1e-16);
      loss += wi * (log1pUnit(e) + (z > 0 ? z : 0) - yi * z);
      wsum += wi;
    }
    return loss / wsum;
  }
  // Softmax in class-major passes (sequential memory access): max, exp and sum, then gradients.
  const mx = prob.subarray(0, n).fill(-Infinity);
  const sum = prob.subarray(n, 2 * n).fill(0);
  for (let k = 0; k < K; k++) {
    const o = k * n;
    for (let i = 0; i < n; i++) if (raw[o + i]! > mx[i]!) mx[i] = raw[o + i]!;
  }
  for (let k = 0; k < K; k++) {
    const o = k * n;
    for (let i = 0; i < n; i++) {
      const e = expNonPositive(raw[o + i]! - mx[i]!);
      grad[o + i] = e;
      sum[i] += e;
    }
  }
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    loss += wi * (Math.log(sum[i]!) + mx[i]! - raw[y[i]! * n + i]!);
    wsum += wi;
    sum[i] = 1 / sum[i]!;
  }
  for (let k = 0; k < K; k++) {
    const o = k * n;
    for (let i = 0; i < n; i++) {
      const p = grad[o + i]! * sum[i]!;
      grad[o + i] = p;
      const hh = p * (1 - p);
      hess[o + i] = hh > 1e-16 ? hh : 1e-16;
    }
  }
  for (let i = 0; i < n; i++) grad[y[i]! * n + i] -= 1;
  if (w) {
    for (let k = 0; k < K; k++) {
      const o = k * n;
      for (let i = 0; i < n; i++) {
        grad[o + i] *= w[i]!;
        hess[o + i] = Math.max(hess[o + i]! * w[i]!, 1e-16);
      }
    }
  }
  return loss / wsum;
}

/**
 * scikit-learn's early stopping rule (BaseHistGradientBoosting._should_stop): stop when none of
 * the last `n` validation losses is below the loss n + 1 entries back minus `tol`. The model
 * keeps every round fitted, as scikit-learn does.
 */
function shouldStop(losses: number[], n: number, tol: number): boolean {
  if (losses.length < n + 1) return false;
  const reference = losses[losses.length - n - 1]! - tol;
  for (let i = losses.length - n; i < losses.length; i++) if (losses[i]! < reference) return false;
  return true;
}

/** Weighted mean loss of raw scores (validation; class-major like gradients()). */
function meanLoss(task: GbdtState['task'], K: number, raw: Float64Array, y: Float64Array, w: Float64Array | null): number {
  const n = y.length;
  let loss = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    let l: number;
    if (task === 'regression') l = (raw[i]! - y[i]!) ** 2;
    else if (task === 'binary') {
      const z = raw[i]!;
      l = log1pUnit(expNonPositive(-Math.abs(z))) + (z > 0 ? z : 0) - y[i]! * z;
    } else {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) if (raw[k * n + i]! > mx) mx = raw[k * n + i]!;
      let s = 0;
      for (let k = 0; k < K; k++) s += expNonPositive(raw[k * n + i]! - mx);
      l = Math.log(s) + mx - raw[y[i]! * n + i]!;
    }
    loss += wi * l;
    wsum += wi;
  }
  return loss / wsum;
}

/** Baseline raw scores: mean (regression), log-odds (binary), log priors (multiclass). */
function baseline(task: GbdtState['task'], K: number, y: Float64Array, w: Float64Array | null): number[] {
  const n = y.length;
  let wsum = 0;
  if (task === 'regression') {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      s += wi * y[i]!;
      wsum += wi;
    }
    return [s / wsum];
  }
  const counts = new Float64Array(task === 'binary' ? 2 : K);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    counts[y[i]!]! += wi;
    wsum += wi;
  }
  if (task === 'binary') {
    const p = Math.min(1 - EPS, Math.max(EPS, counts[1]! / wsum));
    return [Math.log(p / (1 - p))];
  }
  return Array.from(counts, (c) => Math.log(Math.min(1 - EPS, Math.max(EPS, c / wsum))));
}

/** Converts the grower's current tree to its JSON form (real thresholds, category bitsets). */
function exportTree(gr: Grower, mapper: BinMapper, lr: number): GbdtTree {
  const m = gr.nNodes;
  const t: GbdtTree = {
    feature: new Array<number>(m),
    threshold: new Array<number>(m),
    left: new Array<number>(m),
    right: new Array<number>(m),
    missingLeft: new Array<number>(m),
    value: new Array<number>(m),
    count: new Array<number>(m),
    catBits: [],
  };
  for (let i = 0; i < m; i++) {
    const l = gr.left[i]!;
    t.count[i] = gr.count[i]!;
    if (l < 0) {
      t.feature[i] = -1;
      t.threshold[i] = 0;
      t.left[i] = -1;
      t.right[i] = -1;
      t.missingLeft[i] = 0;
      t.value[i] = gr.value[i]! * lr;
      continue;
    }
    const f = gr.feature[i]!;
    t.feature[i] = f;
    t.left[i] = l;
    t.right[i] = l + 1;
    t.missingLeft[i] = gr.missingLeft[i]!;
    t.value[i] = 0;
    const map = mapper.codeBin[f];
    if (map) {
      const L = map.length;
      const words = (L + 31) >>> 5;
      const off = t.catBits.length;
      const bits = new Uint32Array(words);
      const table = gr.goLeft;
      const to = i * 256;
      const miss = table[to + mapper.nBins[f]!]!;
      for (let c = 0; c < L; c++) {
        const b = map[c]!;
        if (b >= 0 ? table[to + b] : miss) bits[c >>> 5]! |= 1 << (c & 31);
      }
      for (let k = 0; k < words; k++) t.catBits.push(bits[k]! >>> 0);
      t.threshold[i] = off;
    } else {
      const e = mapper.edges[f]!;
      const b = gr.binThreshold[i]!;
      // b = last bin: every non-missing value goes left (a "missing or not" split).
      t.threshold[i] = b < e.length ? e[b]! : ALMOST_INF;
    }
  }
  return t;
}

export function fitGbdt(data: TrainData, params: GbdtParams, ctx: FitContext): GbdtState {
  check(params);
  const task = data.task;
  const p = data.cols;
  const N = data.rows;
  if (N < 1) throw new Error('Gradient boosting needs at least one training row.');
  const classification = task !== 'regression';
  const K = task === 'multiclass' ? data.nClasses : 1;
  if (classification && data.nClasses < 2) throw new Error('Gradient boosting needs at least two classes.');
  let varies = false;
  for (let i = 1; i < N && !varies; i++) varies = data.y[i] !== data.y[0];
  if (!varies) throw new Error('The target has only one value in the training rows, so there is nothing to learn.');

  // Validation split for early stopping.
  const es = params.early_stopping === true || (params.early_stopping === 'auto' && N > 10_000);
  let trainRows: Int32Array;
  let validRows: Int32Array = new Int32Array(0);
  if (es) ({ train: trainRows, valid: validRows } = validationSplit(data.y, classification, params.validation_fraction, ctx.seed));
  else trainRows = Int32Array.from({ length: N }, (_, i) => i);
  const useValid = validRows.length > 0;
  const n = trainRows.length;
  const nv = validRows.length;

  const mapper = fitBins(data.x, p, trainRows, data.categorical, Math.floor(params.max_bins), ctx.seed);
  const fo = slotOffsets(mapper);
  const bins = slotArray(fo[p]!, n * p);
  binRowsInto(bins, fo, data.x, p, es ? trainRows : null, n, mapper);
  const vbins = slotArray(fo[p]!, nv * p);
  if (useValid) binRowsInto(vbins, fo, data.x, p, validRows, nv, mapper);
  const y = Float64Array.from(trainRows, (r) => data.y[r]!);
  const yv = Float64Array.from(validRows, (r) => data.y[r]!);
  const w = data.weights ? Float64Array.from(trainRows, (r) => data.weights![r]!) : null;
  const wv = data.weights ? Float64Array.from(validRows, (r) => data.weights![r]!) : null;

  const base = baseline(task, K, y, w);
  const raw = new Float64Array(n * K);
  const vraw = new Float64Array(nv * K);
  for (let k = 0; k < K; k++) {
    raw.fill(base[k]!, k * n, (k + 1) * n);
    vraw.fill(base[k]!, k * nv, (k + 1) * nv);
  }
  const grad = new Float64Array(n * K);
  const hess = new Float64Array(n * K);
  const prob = new Float64Array(2 * n); // softmax scratch
  const constHess = task === 'regression' && !w;

  const depthLeaves = params.max_depth > 0 ? 2 ** Math.min(params.max_depth, 12) : MAX_LEAVES;
  const histBytes = 8 * 3 * fo[p]!;
  const maxLeaves = Math.max(2, Math.min(params.max_leaf_nodes > 0 ? params.max_leaf_nodes : MAX_LEAVES, depthLeaves, MAX_LEAVES, Math.floor(HIST_MEMORY / histBytes)));
  const stats: HistStats = constHess ? 'gc' : params.min_samples_leaf <= 1 && params.min_child_weight > 0 ? 'gh' : 'ghc';
  const grower = new Grower(bins, fo, n, p, mapper, {
    maxLeaves,
    maxDepth: params.max_depth,
    minSamplesLeaf: params.min_samples_leaf,
    minChildWeight: params.min_child_weight,
    lambda: params.l2_regularization,
    stats,
  });
  const lr = params.learning_rate;
  const rnd = createRandom(ctx.seed);
  const allRows = Int32Array.from({ length: n }, (_, i) => i);
  const rowPerm = params.subsample < 1 ? Int32Array.from(allRows) : allRows;
  const sampleRows = params.subsample < 1 ? new Int32Array(n) : allRows;
  const inSample = new Uint8Array(n);
  const m = params.subsample < 1 ? Math.max(1, Math.round(params.subsample * n)) : n;
  const nf = params.colsample_bytree < 1 ? Math.max(1, Math.round(params.colsample_bytree * p)) : p;
  const featPerm = Int32Array.from({ length: p }, (_, j) => j);
  const featSel = new Int32Array(nf);

  const trees: GbdtTree[] = [];
  // Validation losses, from the baseline (index 0) on, for scikit-learn's stopping rule.
  const validLosses: number[] = useValid ? [meanLoss(task, K, vraw, yv, wv)] : [];
  let rounds = 0;
  let validLoss = Number.NaN;
  const report = (iteration: number, loss: number, vl: number) =>
    ctx.onProgress?.({ iteration, total: params.max_iter, loss, ...(useValid ? { validLoss: vl } : {}) });

  for (let it = 0; it < params.max_iter; it++) {
    const loss = gradients(task, K, raw, y, w, grad, hess, prob);
    // The loss at the start of round it+1 is the training loss after round it.
    if (it > 0) report(it, loss, validLoss);
    if (m < n) {
      for (let i = 0; i < m; i++) {
        const j = i + Math.floor(rnd() * (n - i));
        const t = rowPerm[i]!;
        rowPerm[i] = rowPerm[j]!;
        rowPerm[j] = t;
      }
      sampleRows.set(rowPerm.subarray(0, m));
      sampleRows.subarray(0, m).sort();
      inSample.fill(0);
      for (let i = 0; i < m; i++) inSample[sampleRows[i]!] = 1;
    }
    for (let k = 0; k < K; k++) {
      let feats: Int32Array | null = null;
      if (nf < p) {
        for (let i = 0; i < nf; i++) {
          const j = i + Math.floor(rnd() * (p - i));
          const t = featPerm[i]!;
          featPerm[i] = featPerm[j]!;
          featPerm[j] = t;
        }
        featSel.set(featPerm.subarray(0, nf));
        featSel.sort();
        feats = featSel;
      }
      const g = K === 1 ? grad : grad.subarray(k * n, (k + 1) * n);
      const h = K === 1 ? hess : hess.subarray(k * n, (k + 1) * n);
      grower.grow(g, h, sampleRows, m, feats);
      // Training scores: the rows of each leaf are a range of one of the grower's index buffers.
      const rk = k * n;
      for (let i = 0; i < grower.nNodes; i++) {
        if (grower.left[i]! >= 0) continue;
        const idx = grower.rowsOf(i);
        const v = grower.value[i]! * lr;
        for (let q = grower.start[i]!, e = grower.end[i]!; q < e; q++) raw[rk + idx[q]!] += v;
      }
      if (m < n) {
        for (let r = 0; r < n; r++) if (!inSample[r]) raw[rk + r] += grower.value[grower.leafOf(bins, r)]! * lr;
      }
      for (let r = 0; r < nv; r++) vraw[k * nv + r] += grower.value[grower.leafOf(vbins, r)]! * lr;
      trees.push(exportTree(grower, mapper, lr));
    }
    rounds = it + 1;
    if (useValid) {
      validLoss = meanLoss(task, K, vraw, yv, wv);
      validLosses.push(validLoss);
      if (shouldStop(validLosses, params.n_iter_no_change, params.tol)) break;
    }
  }
  report(rounds, gradients(task, K, raw, y, w, grad, hess, prob), validLoss);
  return {
    format: 1,
    task,
    nFeatures: p,
    nClasses: classification ? data.nClasses : 0,
    treesPerRound: K,
    rounds,
    levels: Array.from(mapper.levels),
    ordinal: Array.from(mapper.ordinal),
    baseScore: base,
    trees,
  };
}
