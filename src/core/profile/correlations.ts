/**
 * How columns go together: Pearson and Spearman for number pairs, Cramér's V for category pairs,
 * the correlation ratio η for number–category pairs, and a map of where values are missing.
 * Every pair uses the rows where both values are present. Large frames are measured on a seeded
 * random sample of rows (100,000 by default), which moves these statistics by well under 0.01.
 */
import { isCoded, isNumeric, type Column, type Frame } from '../frame/frame';
import { averageRanks } from './stats';

/** Pearson's r over rows where both are present; null with fewer than 3 such rows or a constant side. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a !== a || b !== b) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 3) return null;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a !== a || b !== b) continue;
    const dx = a - mx;
    const dy = b - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return null;
  return clamp(sxy / Math.sqrt(sxx * syy));
}

function clamp(r: number): number {
  return Math.max(-1, Math.min(1, r));
}

/** Spearman's ρ: Pearson on average ranks of the rows where both are present. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i]) keep.push(i);
  const xs = Float64Array.from(keep, (i) => x[i]!);
  const ys = Float64Array.from(keep, (i) => y[i]!);
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** Counts of each (a, b) code pair over rows where both are present (codes < 0 are missing). */
function contingency(a: ArrayLike<number>, ka: number, b: ArrayLike<number>, kb: number): { table: Float64Array; n: number } {
  const table = new Float64Array(ka * kb);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p < 0 || q < 0) continue;
    table[p * kb + q]!++;
    n++;
  }
  return { table, n };
}

/**
 * Cramér's V = √(χ² / (n · (min(r, c) − 1))) over the levels present. With `biasCorrected`
 * (Bergsma 2013) it does not grow with the number of levels, which matters for leakage checks.
 */
export function cramersV(a: ArrayLike<number>, ka: number, b: ArrayLike<number>, kb: number, biasCorrected = false): number | null {
  const { table, n } = contingency(a, ka, b, kb);
  if (n < 2) return null;
  const rowSum = new Float64Array(ka);
  const colSum = new Float64Array(kb);
  for (let p = 0; p < ka; p++) for (let q = 0; q < kb; q++) {
    const t = table[p * kb + q]!;
    rowSum[p]! += t;
    colSum[q]! += t;
  }
  const r = rowSum.filter((x) => x > 0).length;
  const c = colSum.filter((x) => x > 0).length;
  if (r < 2 || c < 2) return null;
  let chi2 = 0;
  for (let p = 0; p < ka; p++) {
    if (rowSum[p] === 0) continue;
    for (let q = 0; q < kb; q++) {
      if (colSum[q] === 0) continue;
      const e = (rowSum[p]! * colSum[q]!) / n;
      const d = table[p * kb + q]! - e;
      chi2 += (d * d) / e;
    }
  }
  const phi2 = chi2 / n;
  if (!biasCorrected) return Math.min(1, Math.sqrt(phi2 / (Math.min(r, c) - 1)));
  const phi2c = Math.max(0, phi2 - ((r - 1) * (c - 1)) / (n - 1));
  const rc = r - ((r - 1) * (r - 1)) / (n - 1);
  const cc = c - ((c - 1) * (c - 1)) / (n - 1);
  const den = Math.min(rc, cc) - 1;
  return den > 0 ? Math.min(1, Math.sqrt(phi2c / den)) : null;
}

/**
 * Correlation ratio η = √(between-group sum of squares / total sum of squares) of numbers grouped
 * by category codes. With `adjusted`, √ of the ANOVA ε² (adjusted R²), which does not reward many
 * small groups.
 */
export function correlationRatio(codes: ArrayLike<number>, k: number, values: ArrayLike<number>, adjusted = false): number | null {
  const sum = new Float64Array(k);
  const cnt = new Float64Array(k);
  let n = 0;
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    const v = values[i]!;
    if (c < 0 || v !== v) continue;
    sum[c]! += v;
    cnt[c]!++;
    total += v;
    n++;
  }
  if (n < 3) return null;
  const mean = total / n;
  let sst = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    const v = values[i]!;
    if (c < 0 || v !== v) continue;
    sst += (v - mean) * (v - mean);
  }
  if (!(sst > 0)) return null;
  let ssb = 0;
  let groups = 0;
  for (let c = 0; c < k; c++) {
    if (cnt[c] === 0) continue;
    groups++;
    const m = sum[c]! / cnt[c]!;
    ssb += cnt[c]! * (m - mean) * (m - mean);
  }
  if (groups < 2) return null;
  const eta2 = Math.min(1, ssb / sst);
  if (!adjusted) return Math.sqrt(eta2);
  if (n <= groups) return null;
  const eps2 = 1 - ((sst - ssb) / (n - groups)) / (sst / (n - 1));
  return Math.sqrt(Math.max(0, Math.min(1, eps2)));
}

/**
 * Area under the ROC curve of numbers `x` scoring a binary label (codes 0/1, < 0 missing), from
 * the Mann–Whitney U with average ranks for ties; null when a class is empty.
 */
export function aucOf(x: ArrayLike<number>, label: ArrayLike<number>): number | null {
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && label[i]! >= 0) keep.push(i);
  const ranks = averageRanks(Float64Array.from(keep, (i) => x[i]!));
  let pos = 0;
  let rankSum = 0;
  keep.forEach((i, k) => {
    if (label[i] === 1) {
      pos++;
      rankSum += ranks[k]!;
    }
  });
  const neg = keep.length - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export type AssociationMeasure = 'pearson' | 'cramers-v' | 'correlation-ratio';

export interface CorrelationMatrix {
  columns: string[];
  /** Symmetric, 1 on the diagonal; null when undefined (constant, too few rows in common). */
  values: (number | null)[][];
}

export interface Correlations {
  /** Rows the statistics were computed on, and whether that is a sample of the frame. */
  rowsUsed: number;
  sampled: boolean;
  /** Number, integer and date columns. */
  pearson: CorrelationMatrix;
  spearman: CorrelationMatrix;
  /**
   * Numbers and categories together: Pearson r for two numbers, Cramér's V for two categories,
   * η for a number and a category; `measures` says which per cell.
   */
  association: CorrelationMatrix & { measures: (AssociationMeasure | null)[][] };
  /** Columns left out, and why. */
  skipped: { name: string; reason: 'identifier' | 'text' | 'too-many-levels' | 'no-values' }[];
}

export interface CorrelationOptions {
  /** Rows to use at most (a seeded random sample above that). */
  maxRows?: number;
  /** Categories with more levels are left out of Cramér's V and η. */
  maxLevels?: number;
  seed?: number;
}

/** Sorted row indices of a seeded random sample of `k` of `n` rows (all rows when k ≥ n). */
export function sampleRows(n: number, k: number, seed = 1): Int32Array | null {
  if (k >= n) return null;
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Selection sampling (Knuth's algorithm S): one pass, sorted output.
  const out = new Int32Array(k);
  let chosen = 0;
  for (let i = 0; i < n && chosen < k; i++) if ((n - i) * rand() < k - chosen) out[chosen++] = i;
  return out;
}

function pick(values: Float64Array, rows: Int32Array | null): Float64Array {
  return rows ? Float64Array.from(rows, (i) => values[i]!) : values;
}

function pickCodes(codes: Int32Array, rows: Int32Array | null): Int32Array {
  return rows ? Int32Array.from(rows, (i) => codes[i]!) : codes;
}

function square(n: number): (number | null)[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : null)));
}

/** All pairwise correlations and associations of a frame's columns. */
export function correlations(frame: Frame, opts: CorrelationOptions = {}): Correlations {
  const maxRows = opts.maxRows ?? 100_000;
  const maxLevels = opts.maxLevels ?? 100;
  const rows = sampleRows(frame.rows, maxRows, opts.seed ?? 1);
  const skipped: Correlations['skipped'] = [];
  const nums: { name: string; values: Float64Array }[] = [];
  const cats: { name: string; codes: Int32Array; k: number }[] = [];
  for (const c of frame.columns) {
    if (c.kind === 'identifier' || c.kind === 'text') {
      skipped.push({ name: c.name, reason: c.kind });
      continue;
    }
    if (isNumeric(c)) {
      const v = pick(c.values, rows);
      if (!v.some((x) => x === x)) skipped.push({ name: c.name, reason: 'no-values' });
      else nums.push({ name: c.name, values: v });
    } else if (isCoded(c)) {
      if (c.dictionary.length > maxLevels) skipped.push({ name: c.name, reason: 'too-many-levels' });
      else if (!c.codes.some((x) => x >= 0)) skipped.push({ name: c.name, reason: 'no-values' });
      else cats.push({ name: c.name, codes: pickCodes(c.codes, rows), k: c.dictionary.length });
    }
  }
  const p = nums.length;
  const pear = square(p);
  const spear = square(p);
  const ranks = nums.map((x) => averageRanks(x.values));
  const complete = nums.map((x) => x.values.every((v) => v === v));
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      const r = pearson(nums[i]!.values, nums[j]!.values);
      // Ranks of whole columns are valid when neither has missing values; otherwise re-rank the common rows.
      const s = complete[i] && complete[j] ? pearson(ranks[i]!, ranks[j]!) : spearman(nums[i]!.values, nums[j]!.values);
      pear[i]![j] = pear[j]![i] = r;
      spear[i]![j] = spear[j]![i] = s;
    }
  }
  const names = [...nums.map((x) => x.name), ...cats.map((x) => x.name)];
  const m = names.length;
  const assoc = square(m);
  const measures: (AssociationMeasure | null)[][] = Array.from({ length: m }, () => new Array<AssociationMeasure | null>(m).fill(null));
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      let v: number | null;
      let how: AssociationMeasure;
      if (i < p && j < p) {
        v = pear[i]![j]!;
        how = 'pearson';
      } else if (i >= p && j >= p) {
        const a = cats[i - p]!;
        const b = cats[j - p]!;
        v = cramersV(a.codes, a.k, b.codes, b.k);
        how = 'cramers-v';
      } else {
        const num = nums[i < p ? i : j]!;
        const cat = cats[(i < p ? j : i) - p]!;
        v = correlationRatio(cat.codes, cat.k, num.values);
        how = 'correlation-ratio';
      }
      assoc[i]![j] = assoc[j]![i] = v;
      measures[i]![j] = measures[j]![i] = how;
    }
  }
  return {
    rowsUsed: rows ? rows.length : frame.rows,
    sampled: rows !== null,
    pearson: { columns: nums.map((x) => x.name), values: pear },
    spearman: { columns: nums.map((x) => x.name), values: spear },
    association: { columns: names, values: assoc, measures },
    skipped,
  };
}

export interface MissingMap {
  /** Rows per bin (the last bin may hold fewer). */
  rowsPerBin: number;
  bins: number;
  /** Per column: missing count and, per bin of consecutive rows, the fraction missing. */
  columns: { name: string; missing: number; fractions: number[] }[];
}

function isMissingAt(c: Column, i: number): boolean {
  return isNumeric(c) ? c.values[i] !== c.values[i] : c.codes[i]! < 0;
}

/** Where values are missing: rows cut into up to `bins` consecutive bins, missing fraction per bin and column. */
export function missingMap(frame: Frame, bins = 100): MissingMap {
  const n = frame.rows;
  const k = Math.max(1, Math.min(bins, n));
  const per = Math.ceil(n / k) || 1;
  const used = Math.ceil(n / per);
  return {
    rowsPerBin: per,
    bins: used,
    columns: frame.columns.map((c) => {
      const counts = new Array<number>(used).fill(0);
      let missing = 0;
      for (let i = 0; i < n; i++) {
        if (isMissingAt(c, i)) {
          missing++;
          counts[Math.floor(i / per)]!++;
        }
      }
      return { name: c.name, missing, fractions: counts.map((x, b) => x / Math.min(per, n - b * per)) };
    }),
  };
}
