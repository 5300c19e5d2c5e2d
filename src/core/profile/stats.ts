/**
 * Descriptive statistics on Float64Array columns (NaN = missing). Definitions follow pandas /
 * numpy defaults so numbers match what analysts check them against:
 *   quantiles   linear interpolation between order statistics (numpy's default, R type 7);
 *   std         sample standard deviation (n − 1);
 *   skewness    adjusted Fisher–Pearson G1 = √(n(n−1))/(n−2) · m3/m2^1.5 (pandas `skew`);
 *   kurtosis    excess kurtosis G2, bias-corrected (pandas `kurt`);
 *   outliers    Tukey fences Q1 − k·IQR, Q3 + k·IQR (k = 1.5, extreme k = 3) and robust z
 *               0.6745·(x − median)/MAD > 3.5 (Iglewicz & Hoaglin).
 */

/** The non-missing values, sorted ascending. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) out[k++] = v;
  }
  return out.sort();
}

/** Quantile p ∈ [0, 1] of sorted values by linear interpolation; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface Moments {
  n: number;
  mean: number;
  variance: number;
  std: number;
  skewness: number;
  kurtosis: number;
}

/** Mean, sample variance, skewness and excess kurtosis of the non-missing values (two-pass, stable). */
export function moments(values: ArrayLike<number>): Moments {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      n++;
      sum += v;
    }
  }
  const mean = n ? sum / n : Number.NaN;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    const d = v - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const variance = n > 1 ? m2 / (n - 1) : Number.NaN;
  let skewness = Number.NaN;
  let kurtosis = Number.NaN;
  if (n > 2 && m2 > 0) {
    const g1 = (m3 / n) / Math.pow(m2 / n, 1.5);
    skewness = (Math.sqrt(n * (n - 1)) / (n - 2)) * g1;
  } else if (n > 2) skewness = 0;
  if (n > 3 && m2 > 0) {
    const g2 = (m4 / n) / Math.pow(m2 / n, 2) - 3;
    kurtosis = ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6);
  }
  return { n, mean, variance, std: Math.sqrt(variance), skewness, kurtosis };
}

export interface Histogram {
  /** Bin edges, one more than `counts`; bin i holds edges[i] ≤ x < edges[i+1] (the last bin includes its right edge). */
  edges: number[];
  counts: number[];
}

/**
 * Equal-width histogram of sorted values. Whole numbers spanning at most `2.5 × bins` values get
 * one bin per value (edges at ±0.5), so counts of children or rooms read naturally.
 */
export function histogramSorted(sorted: ArrayLike<number>, bins = 20, wholeNumbers = false): Histogram {
  const n = sorted.length;
  if (n === 0) return { edges: [], counts: [] };
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  let edges: number[];
  if (wholeNumbers && max - min + 1 <= bins * 2.5) {
    edges = Array.from({ length: max - min + 2 }, (_, i) => min - 0.5 + i);
  } else if (max === min) {
    edges = [min - 0.5, min + 0.5];
  } else {
    const w = (max - min) / bins;
    edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * w));
  }
  const k = edges.length - 1;
  const counts = new Array<number>(k).fill(0);
  const lo = edges[0]!;
  const width = (edges[k]! - lo) / k;
  for (let i = 0; i < n; i++) {
    let b = Math.floor((sorted[i]! - lo) / width);
    if (b >= k) b = k - 1;
    if (b < 0) b = 0;
    counts[b]!++;
  }
  return { edges, counts };
}

export interface IqrOutliers {
  q1: number;
  q3: number;
  iqr: number;
  lowFence: number;
  highFence: number;
  /** Values below / above the 1.5 × IQR fences. */
  low: number;
  high: number;
  /** Values beyond 3 × IQR. */
  extreme: number;
}

export function iqrOutliers(sorted: ArrayLike<number>): IqrOutliers {
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const lowFence = q1 - 1.5 * iqr;
  const highFence = q3 + 1.5 * iqr;
  let low = 0;
  let high = 0;
  let extreme = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (v < lowFence) low++;
    else if (v > highFence) high++;
    if (v < q1 - 3 * iqr || v > q3 + 3 * iqr) extreme++;
  }
  return { q1, q3, iqr, lowFence, highFence, low, high, extreme };
}

export interface RobustZ {
  median: number;
  /** Median absolute deviation (raw, not scaled). */
  mad: number;
  threshold: number;
  /** Values with |0.6745 (x − median) / MAD| above the threshold. */
  count: number;
}

/** Robust z-score outliers; null when MAD is 0 (more than half the values are equal). */
export function robustZ(sorted: ArrayLike<number>, threshold = 3.5): RobustZ | null {
  const n = sorted.length;
  if (n === 0) return null;
  const median = quantileSorted(sorted, 0.5);
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(sorted[i]! - median);
  dev.sort();
  const mad = quantileSorted(dev, 0.5);
  if (!(mad > 0)) return null;
  let count = 0;
  for (let i = 0; i < n; i++) if (Math.abs((0.6745 * (sorted[i]! - median)) / mad) > threshold) count++;
  return { median, mad, threshold, count };
}

/** Ranks 1..n with ties given their average rank (as scipy's `rankdata`); NaN stays NaN. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (values[i] === values[i]) idx.push(i);
  idx.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n).fill(Number.NaN);
  for (let s = 0; s < idx.length;) {
    let e = s + 1;
    while (e < idx.length && values[idx[e]!] === values[idx[s]!]) e++;
    const r = (s + 1 + e) / 2; // average of ranks s+1 … e
    for (let k = s; k < e; k++) ranks[idx[k]!] = r;
    s = e;
  }
  return ranks;
}

/** Number of distinct values in a sorted array. */
export function distinctSorted(sorted: ArrayLike<number>): number {
  let d = sorted.length ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) d++;
  return d;
}
