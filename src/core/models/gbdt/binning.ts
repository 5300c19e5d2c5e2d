/**
 * Feature binning for histogram GBDT: every feature becomes at most 255 bins of one byte, plus
 * one bin for missing values.
 *
 * - Numeric features use scikit-learn's rule (`_find_binning_thresholds`): with at most `maxBins`
 *   distinct training values, one bin per value with edges at the midpoints; otherwise edges at
 *   the quantiles (numpy's 'midpoint' percentiles) of at most 200,000 sampled training values.
 *   A value x falls in bin b when edges[b-1] < x <= edges[b]; so "bin <= b" is exactly
 *   "x <= edges[b]", which lets the fitted trees store real thresholds.
 * - Categorical features (codes 0..levels-1) get one bin per category seen in training, in code
 *   order; categories absent from training are mapped to the missing bin. A categorical feature
 *   with more than `maxBins` categories in training (which scikit-learn refuses) is binned and
 *   split as ordered codes instead, like numbers (as XGBoost does with ordinal-encoded
 *   categories): sorting thousands of categories by their gradients overfits badly (measured on
 *   a 2,000-level noise column: −0.9 AUC points against ordered codes).
 * - NaN, and for categorical features any code that is not a training category, fall in the
 *   missing bin, whose index is the feature's bin count.
 */
import { createRandom } from '../../util/random';

/** The largest finite double; thresholds are clipped to ±this so that states stay valid JSON. */
export const ALMOST_INF = Number.MAX_VALUE;

export interface BinMapper {
  /** Per feature: number of non-missing bins (≥ 1). Bin index nBins[j] is the missing bin. */
  nBins: Int32Array;
  /** Numeric features: bin upper edges (length nBins - 1). Categorical: null. */
  edges: (Float64Array | null)[];
  /** Categorical features: code → bin, or -1 for a code absent from training. Numeric: null. */
  codeBin: (Int32Array | null)[];
  /** Level count per feature (0 = numeric). */
  levels: Int32Array;
  /** 1 for a categorical feature binned as ordered codes (see above). */
  ordinal: Uint8Array;
}

const BINNING_SAMPLE = 200_000;

/** Learns the bins from the given training rows of a row-major matrix. */
export function fitBins(
  x: Float64Array,
  p: number,
  rows: Int32Array,
  categorical: readonly number[] | undefined,
  maxBins: number,
  seed: number,
): BinMapper {
  const n = rows.length;
  const nBins = new Int32Array(p);
  const edges: (Float64Array | null)[] = [];
  const codeBin: (Int32Array | null)[] = [];
  const levels = new Int32Array(p);
  const ordinal = new Uint8Array(p);
  // Rows used to find numeric edges: all of them, or a seeded sample as scikit-learn does.
  let sample = rows;
  if (n > BINNING_SAMPLE) {
    const rnd = createRandom(seed ^ 0x5bd1e995);
    const perm = Int32Array.from(rows);
    for (let i = 0; i < BINNING_SAMPLE; i++) {
      const j = i + Math.floor(rnd() * (n - i));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    sample = perm.subarray(0, BINNING_SAMPLE).sort();
  }
  const values = new Float64Array(sample.length);
  for (let j = 0; j < p; j++) {
    const L = categorical?.[j] ?? 0;
    levels[j] = L;
    if (L > 0) {
      const counts = new Float64Array(L);
      for (let i = 0; i < n; i++) {
        const v = x[rows[i]! * p + j]!;
        if (v >= 0 && v < L && v === Math.floor(v)) counts[v]!++;
      }
      const map = new Int32Array(L).fill(-1);
      const present: number[] = [];
      for (let c = 0; c < L; c++) if (counts[c]! > 0) present.push(c);
      if (present.length <= maxBins) {
        present.forEach((c, b) => (map[c] = b));
        nBins[j] = Math.max(1, present.length);
        edges.push(null);
        codeBin.push(map);
        continue;
      }
      ordinal[j] = 1;
    }
    let m = 0;
    for (let i = 0; i < sample.length; i++) {
      const v = x[sample[i]! * p + j]!;
      if (v === v && (L === 0 || isCode(v, L))) values[m++] = v;
    }
    const sorted = values.subarray(0, m).sort();
    const e = numericEdges(sorted, maxBins);
    edges.push(e);
    codeBin.push(null);
    nBins[j] = e.length + 1;
  }
  return { nBins, edges, codeBin, levels, ordinal };
}

/** A valid category code for a feature with L levels. */
export function isCode(v: number, L: number): boolean {
  return v >= 0 && v < L && v === Math.floor(v);
}

/** Bin edges of sorted non-missing values (scikit-learn's thresholds, deduplicated, clipped). */
function numericEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  if (m === 0) return new Float64Array(0);
  let distinct = 1;
  for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const out: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) out.push((sorted[i - 1]! + sorted[i]!) * 0.5);
  } else {
    for (let q = 1; q < maxBins; q++) {
      // numpy.percentile(method='midpoint') at q / maxBins.
      const pos = (q / maxBins) * (m - 1);
      const lo = Math.floor(pos);
      const hi = Math.ceil(pos);
      let t = (sorted[lo]! + sorted[hi]!) * 0.5;
      if (t === sorted[lo]) {
        // The percentile is a training value itself (ties): move the edge halfway to the next
        // larger value. Every training value stays in its bin, but a value computed again
        // elsewhere (the exported model's log or pow can differ in the last bit) no longer sits
        // exactly on the threshold.
        let j = hi;
        while (j < m && sorted[j] === t) j++;
        if (j < m) t = (t + sorted[j]!) * 0.5;
      }
      if (out.length === 0 || t > out[out.length - 1]!) out.push(t);
    }
  }
  const e = Float64Array.from(out, (t) => Math.min(ALMOST_INF, Math.max(-ALMOST_INF, t)));
  // Clipping may create a duplicate at the ends; keep edges strictly increasing.
  let k = 0;
  for (let i = 0; i < e.length; i++) if (k === 0 || e[i]! > e[k - 1]!) e[k++] = e[i]!;
  return e.slice(0, k);
}

/** Per feature, the first histogram slot (cumulative nBins + 1): slot = offset + bin. */
export function slotOffsets(mapper: BinMapper): Int32Array {
  const p = mapper.nBins.length;
  const fo = new Int32Array(p + 1);
  for (let j = 0; j < p; j++) fo[j + 1] = fo[j]! + mapper.nBins[j]! + 1;
  return fo;
}

/** A typed array wide enough for slot numbers below `slots`. */
export function slotArray(slots: number, length: number): Uint16Array | Uint32Array {
  return slots <= 0xffff ? new Uint16Array(length) : new Uint32Array(length);
}

/**
 * Bins the given rows (all when `rows` is null) into `out` (count × p, row-major), adding
 * `offsets[j]` to feature j's bins: with slotOffsets() this gives histogram slot numbers.
 */
export function binRowsInto(out: Uint16Array | Uint32Array, offsets: Int32Array, x: Float64Array, p: number, rows: Int32Array | null, count: number, mapper: BinMapper): void {
  for (let j = 0; j < p; j++) {
    const fo = offsets[j]!;
    const missing = mapper.nBins[j]! + fo;
    const map = mapper.codeBin[j];
    if (map) {
      const L = map.length;
      for (let i = 0; i < count; i++) {
        const v = x[(rows ? rows[i]! : i) * p + j]!;
        let b = missing;
        if (v >= 0 && v < L && v === Math.floor(v)) {
          const c = map[v]!;
          if (c >= 0) b = c + fo;
        }
        out[i * p + j] = b;
      }
      continue;
    }
    const e = mapper.edges[j]!;
    const ne = e.length;
    // Ordered category codes: anything but a code is missing.
    const L = mapper.ordinal[j] ? mapper.levels[j]! : 0;
    for (let i = 0; i < count; i++) {
      const v = x[(rows ? rows[i]! : i) * p + j]!;
      if (v !== v || (L > 0 && !isCode(v, L))) {
        out[i * p + j] = missing;
        continue;
      }
      // Number of edges strictly below v.
      let lo = 0;
      let hi = ne;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (e[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      out[i * p + j] = lo + fo;
    }
  }
}
