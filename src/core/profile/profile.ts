/**
 * The full profile of every column: counts, distribution, outliers, top values, text lengths and
 * tokens, and data-quality warnings as codes with data (the renderer words them). Statistics are
 * defined in stats.ts; correlations and the missing-values map in correlations.ts.
 *
 * A ColumnProfile is also a ColumnSummary (same `name`, `kind`, `missing`, `distinct`, `top`,
 * `min`, `max`, `mean`), so it can stand wherever a summary is expected.
 */
import { isCoded, isNumeric, type CodedColumn, type Column, type DateColumn, type Frame, type NumericColumn } from '../frame/frame';
import type { ColumnSummary } from './summary';
import { aucOf, correlationRatio, correlations, cramersV, missingMap, spearman, type Correlations, type MissingMap } from './correlations';
import { distinctSorted, histogramSorted, iqrOutliers, moments, quantileSorted, robustZ, sortedPresent, type Histogram, type IqrOutliers, type RobustZ } from './stats';

/**
 * Warning codes, each with its data:
 *   constant            { value }             one value in every non-missing row
 *   all-missing         {}                    no values at all
 *   mostly-missing      { fraction }          ≥ 50 % missing
 *   missing             { fraction }          more than 5 % missing
 *   high-cardinality    { distinct }          a category with more than 50 levels
 *   identifier-like     { distinct, fraction } (nearly) every value differs, or a run of row numbers
 *   skewed              { skewness }          |skewness| ≥ 2
 *   outliers            { count, fraction, lowFence, highFence } values beyond 3 × IQR from the quartiles
 *   many-zeros          { fraction }          ≥ 50 % zeros in a column with more than two values
 *   disguised-missing   { value, count }      a sentinel such as -1, 99 or 9999 at an extreme, in ≥ 0.5 % of rows
 *   dominant-value      { value, fraction }   one category holds ≥ 95 % of the rows
 *   target-leak         { measure, value, level } suspiciously predictive of the target on its own
 *                                                (level 'moderate' or 'high'; measures: 'gini' = |2·AUC − 1|
 *                                                for a number vs a binary target, 'cramers-v' bias-corrected,
 *                                                'correlation-ratio' adjusted, 'spearman' absolute)
 */
export const WARNING_CODES = ['constant', 'all-missing', 'mostly-missing', 'missing', 'high-cardinality', 'identifier-like', 'skewed', 'outliers', 'many-zeros', 'disguised-missing', 'dominant-value', 'target-leak'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface ProfileWarning {
  code: WarningCode;
  data: Record<string, number | string>;
}

export interface NumberStats {
  min: number;
  max: number;
  mean: number;
  median: number;
  std: number;
  variance: number;
  skewness: number;
  kurtosis: number;
  sum: number;
  zeros: number;
  negatives: number;
  /** Quantiles at p = 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99. */
  quantiles: { p: number; value: number }[];
  iqr: number;
  histogram: Histogram;
  outliers: { iqr: IqrOutliers; robustZ: RobustZ | null };
}

export interface DateStats {
  /** Epoch milliseconds. */
  min: number;
  max: number;
  median: number;
  spanDays: number;
  /** Whether any value has a time of day other than midnight. */
  hasTime: boolean;
  timezone?: string;
  histogram: Histogram;
}

export interface CategoryStats {
  /** The most frequent values, most frequent first (ties by value). */
  top: { value: string; count: number }[];
  /** Rows holding a value outside `top`. */
  otherCount: number;
  /** Shannon entropy of the level shares, in bits. */
  entropy: number;
}

export interface TextStats {
  /** Lengths in characters of the non-missing values. */
  length: { min: number; max: number; mean: number; median: number };
  meanWords: number;
  /** Most frequent words (lower-cased, 2+ letters, common English stop words left out). */
  topTokens: { token: string; count: number }[];
  /** True when tokens were counted on a sample of the distinct values. */
  sampled: boolean;
}

export interface ColumnProfile extends ColumnSummary {
  /** Rows in the frame. */
  count: number;
  present: number;
  missingFraction: number;
  numeric?: NumberStats;
  date?: DateStats;
  categories?: CategoryStats;
  text?: TextStats;
  warnings: ProfileWarning[];
}

export interface FrameProfile {
  rows: number;
  target?: string;
  columns: ColumnProfile[];
  correlations?: Correlations;
  missingMap?: MissingMap;
}

export interface ProfileOptions {
  /** The target column: other columns are checked for leaking it. */
  target?: string;
  bins?: number;
  topN?: number;
  /** Also compute correlations and the missing-values map (profileFrame). */
  correlations?: boolean;
  missingBins?: number;
  /** Rows used for correlations (a seeded sample above). */
  maxCorrelationRows?: number;
  /** Called after each column (done of total) and before the correlations; may throw to cancel. */
  onProgress?: (done: number, total: number, what: string) => void;
}

const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const SENTINELS = new Set([-1, -9, -99, -999, -9999, 99, 999, 9999, 99999, 999999]);

function numberStats(values: Float64Array, sorted: Float64Array, integer: boolean, bins: number): NumberStats {
  const m = moments(values);
  let sum = 0;
  let zeros = 0;
  let negatives = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    sum += v;
    if (v === 0) zeros++;
    else if (v < 0) negatives++;
  }
  const iqr = iqrOutliers(sorted);
  return {
    min: sorted[0]!, max: sorted[sorted.length - 1]!, mean: m.mean, median: quantileSorted(sorted, 0.5), std: m.std, variance: m.variance,
    skewness: m.skewness, kurtosis: m.kurtosis, sum, zeros, negatives,
    quantiles: QUANTILES.map((p) => ({ p, value: quantileSorted(sorted, p) })), iqr: iqr.iqr,
    histogram: histogramSorted(sorted, bins, integer), outliers: { iqr, robustZ: robustZ(sorted) },
  };
}

function codeCounts(c: CodedColumn): { counts: Float64Array; missing: number } {
  const counts = new Float64Array(c.dictionary.length);
  let missing = 0;
  for (let i = 0; i < c.codes.length; i++) {
    const k = c.codes[i]!;
    if (k < 0) missing++;
    else counts[k]!++;
  }
  return { counts, missing };
}

function topOf(c: CodedColumn, counts: Float64Array, topN: number): { value: string; count: number }[] {
  const order: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) order.push(i);
  order.sort((a, b) => counts[b]! - counts[a]! || (c.dictionary[a]! < c.dictionary[b]! ? -1 : 1));
  return order.slice(0, topN).map((i) => ({ value: c.dictionary[i]!, count: counts[i]! }));
}

const STOP = new Set('the a an and or but if of to in on at by for with from as is are was were be been being it its this that these those i me my we our you your he she they them his her their not no so do does did have has had will would can could just than then there here what which who very too also'.split(' '));
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;

function textStats(c: CodedColumn, counts: Float64Array, topN: number): TextStats {
  let n = 0;
  let total = 0;
  let words = 0;
  let min = Infinity;
  let max = 0;
  const lengths: number[] = [];
  const tokens = new Map<string, number>();
  let distinct = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) distinct++;
  const step = Math.max(1, Math.ceil(distinct / 50_000));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const w = counts[i]!;
    if (w === 0) continue;
    const s = c.dictionary[i]!;
    const len = s.length;
    n += w;
    total += len * w;
    if (len < min) min = len;
    if (len > max) max = len;
    lengths.push(len);
    if (seen++ % step !== 0) continue;
    let wc = 0;
    for (const m of s.toLowerCase().matchAll(TOKEN)) {
      wc++;
      const t = m[0];
      if (t.length < 2 || STOP.has(t)) continue;
      tokens.set(t, (tokens.get(t) ?? 0) + w);
    }
    words += wc * w;
  }
  lengths.sort((a, b) => a - b);
  const sampledWeight = step > 1 ? n / step : n;
  const topTokens = [...tokens].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, topN).map(([token, count]) => ({ token, count }));
  return {
    length: { min: n ? min : 0, max, mean: n ? total / n : 0, median: lengths.length ? quantileSorted(lengths, 0.5) : 0 },
    meanWords: sampledWeight ? words / sampledWeight : 0, topTokens, sampled: step > 1,
  };
}

function entropyOf(counts: Float64Array, n: number): number {
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) h -= (c / n) * Math.log2(c / n);
  }
  return h;
}

/** The profile of one column. */
export function profileColumn(c: Column, opts: ProfileOptions = {}): ColumnProfile {
  const bins = opts.bins ?? 20;
  const topN = opts.topN ?? 10;
  const rows = isNumeric(c) ? c.values.length : c.codes.length;
  const warnings: ProfileWarning[] = [];
  let p: ColumnProfile;
  if (isNumeric(c)) {
    const sorted = sortedPresent(c.values);
    const present = sorted.length;
    const distinct = distinctSorted(sorted);
    p = { name: c.name, kind: c.kind, count: rows, present, missing: rows - present, missingFraction: rows ? (rows - present) / rows : 0, distinct, top: [], warnings };
    if (present > 0) {
      if (c.kind === 'date') {
        const d = c as DateColumn;
        let hasTime = false;
        for (let i = 0; i < sorted.length && !hasTime; i++) if (sorted[i]! % 86_400_000 !== 0) hasTime = true;
        p.date = { min: sorted[0]!, max: sorted[present - 1]!, median: quantileSorted(sorted, 0.5), spanDays: (sorted[present - 1]! - sorted[0]!) / 86_400_000, hasTime, ...(d.timezone ? { timezone: d.timezone } : {}), histogram: histogramSorted(sorted, bins) };
        p.min = p.date.min;
        p.max = p.date.max;
      } else {
        const s = numberStats((c as NumericColumn).values, sorted, c.kind === 'integer', bins);
        p.numeric = s;
        p.min = s.min;
        p.max = s.max;
        p.mean = s.mean;
        numberWarnings(p, s, sorted);
      }
    }
  } else {
    const { counts, missing } = codeCounts(c);
    const present = rows - missing;
    let distinct = 0;
    for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) distinct++;
    const top = topOf(c, counts, topN);
    p = { name: c.name, kind: c.kind, count: rows, present, missing, missingFraction: rows ? missing / rows : 0, distinct, top, warnings };
    if (present > 0) {
      p.categories = { top, otherCount: present - top.reduce((a, t) => a + t.count, 0), entropy: entropyOf(counts, present) };
      if (c.kind === 'text' || c.kind === 'identifier') p.text = textStats(c, counts, topN);
      if ((c.kind === 'category' || c.kind === 'boolean') && distinct > 50) warnings.push({ code: 'high-cardinality', data: { distinct } });
      if (c.kind === 'category' && present >= 50 && distinct >= 0.95 * present) warnings.push({ code: 'identifier-like', data: { distinct, fraction: distinct / present } });
      if ((c.kind === 'category' || c.kind === 'boolean') && distinct >= 2 && top[0]!.count >= 0.95 * present) warnings.push({ code: 'dominant-value', data: { value: top[0]!.value, fraction: top[0]!.count / present } });
    }
  }
  if (p.present === 0 && rows > 0) warnings.unshift({ code: 'all-missing', data: {} });
  else {
    if (p.distinct === 1) warnings.unshift({ code: 'constant', data: { value: constantValue(c, p) } });
    if (p.missingFraction >= 0.5) warnings.push({ code: 'mostly-missing', data: { fraction: p.missingFraction } });
    else if (p.missingFraction > 0.05) warnings.push({ code: 'missing', data: { fraction: p.missingFraction } });
  }
  return p;
}

function constantValue(c: Column, p: ColumnProfile): string | number {
  if (p.top.length) return p.top[0]!.value;
  if (p.numeric) return p.numeric.min;
  return p.date ? p.date.min : '';
}

function numberWarnings(p: ColumnProfile, s: NumberStats, sorted: Float64Array): void {
  const w = p.warnings;
  const n = sorted.length;
  if (n >= 50 && p.kind === 'integer' && p.distinct === n && p.missing === 0) {
    w.push({ code: 'identifier-like', data: { distinct: p.distinct, fraction: 1 } });
  }
  if (n >= 20 && Math.abs(s.skewness) >= 2) w.push({ code: 'skewed', data: { skewness: s.skewness } });
  if (s.outliers.iqr.extreme > 0 && s.outliers.iqr.iqr > 0) {
    const o = s.outliers.iqr;
    w.push({ code: 'outliers', data: { count: o.extreme, fraction: o.extreme / n, lowFence: o.q1 - 3 * o.iqr, highFence: o.q3 + 3 * o.iqr } });
  }
  if (p.distinct > 2 && s.zeros >= 0.5 * n) w.push({ code: 'many-zeros', data: { fraction: s.zeros / n } });
  for (const v of [s.min, s.max]) {
    if (!SENTINELS.has(v)) continue;
    let count = 0;
    for (let i = 0; i < n; i++) if (sorted[i] === v) count++;
    const outside = v < s.outliers.iqr.lowFence || v > s.outliers.iqr.highFence;
    if (count >= Math.max(3, 0.005 * n) && outside) w.push({ code: 'disguised-missing', data: { value: v, count } });
  }
}

/** How strongly a column alone predicts the target, with the measure that suits the pair; null when undefined. */
export function targetAssociation(c: Column, target: Column): { measure: 'gini' | 'cramers-v' | 'correlation-ratio' | 'spearman'; value: number } | null {
  if (c.kind === 'identifier' || c.kind === 'text') return null;
  if (isNumeric(target)) {
    const two = twoValues(target.values);
    if (two && isNumeric(c)) {
      const auc = aucOf(c.values, two);
      return auc === null ? null : { measure: 'gini', value: Math.abs(2 * auc - 1) };
    }
    if (isNumeric(c)) {
      const r = spearman(c.values, target.values);
      return r === null ? null : { measure: 'spearman', value: Math.abs(r) };
    }
    const v = correlationRatio(c.codes, c.dictionary.length, target.values, true);
    return v === null ? null : { measure: 'correlation-ratio', value: v };
  }
  if (!isCoded(target)) return null;
  const levels = countLevels(target.codes, target.dictionary.length);
  if (isNumeric(c)) {
    if (levels === 2) {
      const remap = binaryCodes(target.codes, target.dictionary.length);
      const auc = aucOf(c.values, remap);
      return auc === null ? null : { measure: 'gini', value: Math.abs(2 * auc - 1) };
    }
    const v = correlationRatio(target.codes, target.dictionary.length, c.values, true);
    return v === null ? null : { measure: 'correlation-ratio', value: v };
  }
  const v = cramersV(c.codes, c.dictionary.length, target.codes, target.dictionary.length, true);
  return v === null ? null : { measure: 'cramers-v', value: v };
}

/** A numeric column with exactly two values as 0/1 codes (the larger is 1), else null. */
function twoValues(values: Float64Array): Int32Array | null {
  let a = Number.NaN;
  let b = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v || v === a || v === b) continue;
    if (a !== a) a = v;
    else if (b !== b) b = v;
    else return null;
  }
  if (b !== b) return null;
  const hi = Math.max(a, b);
  return Int32Array.from(values, (v) => (v !== v ? -1 : v === hi ? 1 : 0));
}

function countLevels(codes: Int32Array, k: number): number {
  const seen = new Uint8Array(k);
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && !seen[c]) {
      seen[c] = 1;
      n++;
    }
  }
  return n;
}

/** Codes of a two-level column mapped to 0 (first level present) and 1 (second). */
function binaryCodes(codes: Int32Array, k: number): Int32Array {
  const map = new Int32Array(k).fill(-1);
  let next = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && map[c] === -1) map[c] = next++;
  }
  return codes.map((c) => (c < 0 ? -1 : map[c]!));
}

/** Levels at which a single column's association with the target is suspicious. */
const LEAK_LEVELS: Record<string, [number, number]> = { gini: [0.85, 0.975], 'cramers-v': [0.9, 0.975], 'correlation-ratio': [0.9, 0.975], spearman: [0.95, 0.99] };

/** Profiles every column; with a target, flags columns that predict it suspiciously well. */
export function profileFrame(frame: Frame, opts: ProfileOptions = {}): FrameProfile {
  const steps = frame.columns.length + (opts.correlations ? 2 : 0);
  const columns = frame.columns.map((c, i) => {
    const p = profileColumn(c, opts);
    opts.onProgress?.(i + 1, steps, `Profiled ${c.name}`);
    return p;
  });
  const target = opts.target !== undefined && frame.has(opts.target) ? frame.column(opts.target) : undefined;
  if (target) {
    frame.columns.forEach((c, j) => {
      if (c === target) return;
      const a = targetAssociation(c, target);
      if (!a) return;
      const [moderate, high] = LEAK_LEVELS[a.measure]!;
      if (a.value >= moderate) columns[j]!.warnings.push({ code: 'target-leak', data: { measure: a.measure, value: a.value, level: a.value >= high ? 'high' : 'moderate' } });
    });
  }
  const out: FrameProfile = { rows: frame.rows, columns, ...(target ? { target: target.name } : {}) };
  if (opts.correlations) {
    opts.onProgress?.(frame.columns.length, steps, 'Correlations between columns');
    out.correlations = correlations(frame, { ...(opts.maxCorrelationRows !== undefined ? { maxRows: opts.maxCorrelationRows } : {}) });
    opts.onProgress?.(frame.columns.length + 1, steps, 'Missing-values map');
    out.missingMap = missingMap(frame, opts.missingBins ?? 100);
  }
  return out;
}
