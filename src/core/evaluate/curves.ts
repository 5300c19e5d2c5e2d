/**
 * Chart data for evaluation: ROC and precision–recall curves (as scikit-learn 1.2 computes them),
 * calibration (reliability) curves and residuals. Every result is plain JSON — arrays of finite
 * numbers, `null` where a value is undefined — so it survives `JSON.stringify` unchanged and can
 * cross IPC or be saved in a project.
 *
 * Labels: class 1 is the positive class, every other label negative. Scores must be finite.
 */
import type { Weights } from './metrics';

/** Points of a ROC curve, in order of decreasing threshold (from (0, 0) to (1, 1)). */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /**
   * Row i is predicted positive when score ≥ thresholds[i]. The first threshold is the highest
   * score + 1 (sklearn 1.2; later versions use +∞, which JSON cannot hold) and predicts nothing
   * positive.
   */
  thresholds: number[];
  /** Area under the full curve (= `rocAucScore`), whatever downsampling the points had; null when undefined. */
  auc: number | null;
  /** True when points were removed to respect `maxPoints`. */
  downsampled: boolean;
}

/** Points of a precision–recall curve, in sklearn's order: increasing threshold, decreasing recall. */
export interface PrCurve {
  precision: number[];
  recall: number[];
  /**
   * thresholds[i] gives precision[i] and recall[i]; the final point (precision 1, recall 0) has no
   * threshold, so this array is one shorter than the others (as sklearn).
   */
  thresholds: number[];
  /** Average precision of the full curve (= `averagePrecision`); null when there is no positive row. */
  averagePrecision: number | null;
  downsampled: boolean;
}

/** Options for `rocCurve` and `prCurve`. */
export interface CurveOptions {
  weights?: Weights;
  /**
   * At most this many points (≥ 3) for a chart; default: all. Points are removed greedily in
   * order of how little their removal changes the area under the drawn curve (Visvalingam–Whyatt
   * with the area change as the cost), endpoints always kept. The reported `auc` /
   * `averagePrecision` always comes from the full curve.
   */
  maxPoints?: number;
}

/** Cumulative weighted false and true positives at each distinct score, highest score first (sklearn `_binary_clf_curve`). */
function binaryClfCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>, weights: Weights): { fps: number[]; tps: number[]; thresholds: number[] } {
  const n = yTrue.length;
  if (score.length !== n) throw new Error(`Curve: ${n} true values but ${score.length} scores.`);
  if (weights && weights.length !== n) throw new Error(`Curve: ${n} rows but ${weights.length} weights.`);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => score[b]! - score[a]! || a - b);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    const r = idx[i]!;
    const w = weights ? weights[r]! : 1;
    if (yTrue[r] === 1) tp += w;
    else fp += w;
    if (i === n - 1 || score[idx[i + 1]!] !== score[r]) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(score[r]!);
    }
  }
  return { fps, tps, thresholds };
}

/**
 * ROC curve as sklearn `roc_curve(drop_intermediate=True)`: one point per distinct score (ties
 * collapse into one step, which is a diagonal segment), collinear intermediate points dropped
 * (they change neither the picture nor the area), (0, 0) prepended. With a single class present
 * the rates are undefined: empty point lists and `auc: null`.
 */
export function rocCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>, options: CurveOptions & { dropIntermediate?: boolean } = {}): RocCurve {
  let { fps, tps, thresholds } = binaryClfCurve(yTrue, score, options.weights);
  const m = fps.length;
  const totalFp = m ? fps[m - 1]! : 0;
  const totalTp = m ? tps[m - 1]! : 0;
  if (!(totalFp > 0 && totalTp > 0)) return { fpr: [], tpr: [], thresholds: [], auc: null, downsampled: false };
  if ((options.dropIntermediate ?? true) && m > 2) {
    const keep: number[] = [0];
    // A point is a corner when the second difference of fps or tps is non-zero (exact sklearn test).
    for (let i = 1; i < m - 1; i++) {
      if (fps[i - 1]! - 2 * fps[i]! + fps[i + 1]! !== 0 || tps[i - 1]! - 2 * tps[i]! + tps[i + 1]! !== 0) keep.push(i);
    }
    keep.push(m - 1);
    fps = keep.map((i) => fps[i]!);
    tps = keep.map((i) => tps[i]!);
    thresholds = keep.map((i) => thresholds[i]!);
  }
  const fpr = [0, ...fps.map((v) => v / totalFp)];
  const tpr = [0, ...tps.map((v) => v / totalTp)];
  const thr = [thresholds[0]! + 1, ...thresholds];
  const auc = trapezoid(fpr, tpr);
  const kept = simplify(fpr.length, options.maxPoints, (a, b, c) => Math.abs((fpr[b]! - fpr[a]!) * (tpr[c]! - tpr[a]!) - (fpr[c]! - fpr[a]!) * (tpr[b]! - tpr[a]!)) / 2);
  if (!kept) return { fpr, tpr, thresholds: thr, auc, downsampled: false };
  return { fpr: kept.map((i) => fpr[i]!), tpr: kept.map((i) => tpr[i]!), thresholds: kept.map((i) => thr[i]!), auc, downsampled: true };
}

/**
 * Precision–recall curve as sklearn `precision_recall_curve`: one point per distinct score (ties
 * collapsed), then the point (recall 0, precision 1). Precision is 0 where nothing is predicted
 * positive. With no positive row recall is undefined: empty lists and `averagePrecision: null`.
 * Draw it as a step curve (sklearn `drawstyle="steps-post"`); its area is the average precision.
 */
export function prCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>, options: CurveOptions = {}): PrCurve {
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, score, options.weights);
  const m = fps.length;
  const totalTp = m ? tps[m - 1]! : 0;
  if (!(totalTp > 0)) return { precision: [], recall: [], thresholds: [], averagePrecision: null, downsampled: false };
  const precision: number[] = [];
  const recall: number[] = [];
  for (let i = m - 1; i >= 0; i--) {
    const ps = tps[i]! + fps[i]!;
    precision.push(ps !== 0 ? tps[i]! / ps : 0);
    recall.push(tps[i]! / totalTp);
  }
  precision.push(1);
  recall.push(0);
  const thr = thresholds.slice().reverse();
  const ap = stepArea(recall, precision);
  // On the step curve, removing point b merges its recall interval into a's: the area changes by
  // (R_b − R_c)·(P_a − P_b).
  const kept = simplify(recall.length, options.maxPoints, (a, b, c) => Math.abs((recall[b]! - recall[c]!) * (precision[a]! - precision[b]!)));
  if (!kept) return { precision, recall, thresholds: thr, averagePrecision: ap, downsampled: false };
  return {
    precision: kept.map((i) => precision[i]!),
    recall: kept.map((i) => recall[i]!),
    thresholds: kept.filter((i) => i < thr.length).map((i) => thr[i]!),
    averagePrecision: ap,
    downsampled: true,
  };
}

/** Area under a polyline by the trapezoid rule (x may run in either direction; sign follows x). */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return s;
}

/** Area under a precision–recall step curve in sklearn's order: Σ (Rᵢ − Rᵢ₊₁)·Pᵢ. */
export function stepArea(recall: readonly number[], precision: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < recall.length - 1; i++) s += (recall[i]! - recall[i + 1]!) * precision[i]!;
  return s;
}

/**
 * Greedy simplification to at most `maxPoints` of `n` points, keeping both ends: repeatedly
 * removes the interior point whose removal costs least, where `cost(prev, point, next)` is
 * evaluated against its current neighbours. Returns the kept indices in order, or null when
 * nothing needs removing.
 */
function simplify(n: number, maxPoints: number | undefined, cost: (a: number, b: number, c: number) => number): number[] | null {
  if (maxPoints === undefined) return null;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 3)) throw new Error(`A curve needs at least 3 points, not ${maxPoints}.`);
  if (n <= maxPoints) return null;
  const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
  const next = Int32Array.from({ length: n }, (_, i) => i + 1);
  const version = new Int32Array(n);
  // Binary min-heap over (cost, point, version) in typed arrays; an entry whose version is stale
  // (its point's neighbours changed since) is skipped when popped. Each removal pushes at most
  // two entries, so 3n slots suffice.
  const cap = 3 * n;
  const hCost = new Float64Array(cap);
  const hPoint = new Int32Array(cap);
  const hVersion = new Int32Array(cap);
  let size = 0;
  const less = (i: number, j: number) => hCost[i]! < hCost[j]! || (hCost[i] === hCost[j] && hPoint[i]! < hPoint[j]!);
  const swap = (i: number, j: number) => {
    const c = hCost[i]!, p = hPoint[i]!, v = hVersion[i]!;
    hCost[i] = hCost[j]!; hPoint[i] = hPoint[j]!; hVersion[i] = hVersion[j]!;
    hCost[j] = c; hPoint[j] = p; hVersion[j] = v;
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && less(l, m)) m = l;
      if (r < size && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  const push = (c: number, p: number, v: number) => {
    let i = size++;
    hCost[i] = c; hPoint[i] = p; hVersion[i] = v;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  for (let i = 1; i < n - 1; i++) {
    hCost[size] = cost(i - 1, i, i + 1); hPoint[size] = i; hVersion[size] = 0; size++;
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);
  let left = n;
  while (left > maxPoints) {
    const b = hPoint[0]!;
    const stale = hVersion[0] !== version[b];
    size--;
    if (size > 0) {
      hCost[0] = hCost[size]!; hPoint[0] = hPoint[size]!; hVersion[0] = hVersion[size]!;
      siftDown(0);
    }
    if (stale) continue;
    version[b] = -1; // removed: no entry matches it any more
    left--;
    const a = prev[b]!;
    const c = next[b]!;
    next[a] = c;
    prev[c] = a;
    for (const p of [a, c]) {
      if (p === 0 || p === n - 1) continue;
      version[p]!++;
      push(cost(prev[p]!, p, next[p]!), p, version[p]!);
    }
  }
  const kept: number[] = [];
  for (let i = 0; i !== n; i = next[i]!) kept.push(i);
  return kept;
}

/** A reliability diagram: per non-empty bin, the mean predicted probability and the observed share of positives. */
export interface CalibrationCurve {
  strategy: 'uniform' | 'quantile';
  /** Lower and upper edge of each non-empty bin. Bins hold lower < p ≤ upper (the first also p = lower), as sklearn. */
  lower: number[];
  upper: number[];
  /** Mean predicted probability in each bin (sklearn `prob_pred`). */
  meanPredicted: number[];
  /** Share of rows in the bin whose label is 1 (sklearn `prob_true`). */
  fractionPositive: number[];
  counts: number[];
  /** Expected calibration error Σ (count / n)·|fractionPositive − meanPredicted|; null with no rows. */
  ece: number | null;
}

/**
 * Calibration curve as sklearn `calibration_curve`: `uniform` splits [0, 1] into equal-width bins;
 * `quantile` puts the edges at the quantiles of the predictions (numpy's linear percentiles), so
 * bins hold about equal counts. Empty bins are omitted. Probabilities outside [0, 1] fall into the
 * end bins (sklearn refuses them).
 */
export function calibrationCurve(yTrue: ArrayLike<number>, prob: ArrayLike<number>, options: { bins?: number; strategy?: 'uniform' | 'quantile' } = {}): CalibrationCurve {
  const bins = options.bins ?? 10;
  const strategy = options.strategy ?? 'uniform';
  const n = yTrue.length;
  if (prob.length !== n) throw new Error(`Calibration curve: ${n} true values but ${prob.length} probabilities.`);
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`A calibration curve needs a whole number of bins of at least 1, not ${bins}.`);
  const edges = strategy === 'uniform' ? linspace(0, 1, bins) : quantiles(prob, bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = prob[i]!;
    // Bin = number of interior edges strictly below p (numpy searchsorted, side='left').
    let lo = 1;
    let hi = bins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    const b = lo - 1;
    sumP[b]! += p;
    sumY[b]! += yTrue[i] === 1 ? 1 : 0;
    count[b]!++;
  }
  const out: CalibrationCurve = { strategy, lower: [], upper: [], meanPredicted: [], fractionPositive: [], counts: [], ece: null };
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    const mp = sumP[b]! / count[b]!;
    const fp = sumY[b]! / count[b]!;
    out.lower.push(edges[b]!);
    out.upper.push(edges[b + 1]!);
    out.meanPredicted.push(mp);
    out.fractionPositive.push(fp);
    out.counts.push(count[b]!);
    ece += (count[b]! / n) * Math.abs(fp - mp);
  }
  if (n > 0) out.ece = ece;
  return out;
}

/** numpy `linspace(lo, hi, bins + 1)`, computed the same way (i·step + lo, last = hi exactly) so edges match to the bit. */
function linspace(lo: number, hi: number, bins: number): number[] {
  const step = (hi - lo) / bins;
  const out = Array.from({ length: bins + 1 }, (_, i) => i * step + lo);
  out[bins] = hi;
  return out;
}

/** numpy `percentile(values, linspace(0, 1, bins + 1) * 100)` with its default linear interpolation. */
function quantiles(values: ArrayLike<number>, bins: number): number[] {
  const n = values.length;
  if (n === 0) return linspace(0, 1, bins);
  const sorted = Float64Array.from(values).sort();
  return linspace(0, 1, bins).map((q) => {
    const pos = (((q * 100) / 100) * (n - 1));
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    const t = pos - lo;
    const d = sorted[hi]! - sorted[lo]!;
    // numpy's _lerp interpolates from the nearer end.
    return t >= 0.5 ? sorted[hi]! - d * (1 - t) : sorted[lo]! + d * t;
  });
}

/** Residuals of a regression for a scatter plot and a histogram. */
export interface ResidualsPlot {
  /** Predicted value and residual (truth − prediction) of the plotted rows. */
  predicted: number[];
  residual: number[];
  /** Rows with finite truth and prediction; when more than `maxPoints`, an evenly spaced subset is plotted. */
  rows: number;
  sampled: boolean;
  /** Histogram of all residuals as numpy `histogram(residual, bins)`: equal-width bins, the last one closed. */
  histogram: { edges: number[]; counts: number[] };
}

/**
 * Residuals (y − ŷ) against predictions, plus their histogram. Rows where either value is not a
 * finite number are skipped. The scatter keeps at most `maxPoints` rows (default 2000), chosen at
 * even spacing in row order so the same input always gives the same picture; the histogram
 * always counts every row.
 */
export function residuals(y: ArrayLike<number>, pred: ArrayLike<number>, options: { bins?: number; maxPoints?: number } = {}): ResidualsPlot {
  const bins = options.bins ?? 20;
  const maxPoints = options.maxPoints ?? 2000;
  if (pred.length !== y.length) throw new Error(`Residuals: ${y.length} true values but ${pred.length} predictions.`);
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`A histogram needs a whole number of bins of at least 1, not ${bins}.`);
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && Number.isFinite(pred[i])) rows.push(i);
  const res = rows.map((i) => y[i]! - pred[i]!);
  const n = rows.length;
  const sampled = n > maxPoints;
  const pick = sampled ? Array.from({ length: maxPoints }, (_, j) => Math.floor((j * n) / maxPoints)) : rows.map((_, j) => j);
  return {
    predicted: pick.map((j) => pred[rows[j]!]!),
    residual: pick.map((j) => res[j]!),
    rows: n,
    sampled,
    histogram: histogram(res, bins),
  };
}

/** numpy `histogram(values, bins)`: range min..max (±0.5 when all equal), last bin includes its right edge. */
export function histogram(values: readonly number[], bins: number): { edges: number[]; counts: number[] } {
  if (values.length === 0) return { edges: [], counts: [] };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = linspace(lo, hi, bins);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    let b = Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
    // The division can land one bin off at an edge; settle it against the edges themselves.
    if (b > 0 && v < edges[b]!) b--;
    else if (b < bins - 1 && v >= edges[b + 1]!) b++;
    counts[b]!++;
  }
  return { edges, counts };
}
