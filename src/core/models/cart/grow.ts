/**
 * CART growing on typed arrays, shared by the decision tree and the random forest.
 *
 * Split search is exact. Every feature column is sorted once (`presort`, shared by all trees of a
 * forest). Features with many distinct values are "sorted" features: each tree filters their
 * orders to its in-bag rows and keeps, per feature, the rows of each node as one contiguous, still
 * sorted segment; splitting a node stably partitions those segments, so no node ever sorts.
 * Features with few distinct values (categories, small integers) are "coded" features: their
 * values are replaced by ranks (Uint8) and a node scans them through a per-rank histogram (or, in
 * a small node, by insertion-sorting its rows) — the same candidate thresholds, no segment to keep.
 *
 * Rules (as scikit-learn's BestSplitter where it has one):
 * - `x <= threshold` goes left; a threshold lies strictly between two consecutive training values
 *   (their midpoint, written with few digits: see `splitThreshold`).
 * - Missing values (NaN, and category codes outside 0..levels-1) are handled natively: each
 *   candidate threshold is scored with the node's missing rows sent left and sent right, plus the
 *   split "all known values left, missing right" (threshold = Number.MAX_VALUE). The best
 *   direction is stored per node. When a node saw no missing values in training, missing values
 *   go to the child with the larger weighted training cover.
 * - Category columns are split as ordered codes (like ordinal-coded categories in scikit-learn).
 * - Features are drawn in random order; `maxFeatures` of them are examined, constant features
 *   count as examined but the search continues until one non-constant feature was examined.
 * - Bootstrap duplicates arrive as row weights; `minSamplesLeaf`/`minSamplesSplit` count rows.
 * - Minimal cost-complexity pruning (`ccpAlpha`) as scikit-learn's: repeatedly collapse the
 *   internal node with the smallest effective alpha while it is ≤ ccpAlpha.
 */
import type { Matrix } from '../types';

export type Criterion = 'gini' | 'entropy' | 'squared_error';

export interface GrowOptions {
  criterion: Criterion;
  /** Infinity = unlimited. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features examined per split, 1..p. */
  maxFeatures: number;
  ccpAlpha: number;
}

/** Training columns sorted once: shared, read-only, by every tree grown on the same rows. */
export interface Presorted {
  n: number;
  p: number;
  /** Column-major values (feature j at j*n); NaN = missing (category codes out of range too). */
  xc: Float64Array;
  /** Per feature (at j*n): row indices by ascending value, missing rows last. */
  order: Int32Array;
  /** Category level count per feature, 0 = numeric. */
  levels: Int32Array;
  /** Per feature: the number of distinct known values when the feature is coded, else -1. */
  nCodes: Int32Array;
  /** Coded features (at j*n): each row's rank among the distinct known values; MISSING_CODE if missing. */
  codes: Uint8Array;
  /** Coded features (at j*256): their distinct known values, ascending. */
  codeValues: Float64Array;
}

export const MISSING_CODE = 255;

/**
 * How many distinct values make a feature coded. Classification: a histogram pass costs about
 * rows + ranks × classes, so fewer ranks with many classes (measured: ~30 % faster forests on
 * telco_churn and letters). Regression examines every feature at every node by default, where
 * keeping sorted segments measured faster (diamonds), so none.
 */
export function maxCodedFor(classification: boolean, nClasses: number): number {
  return classification ? Math.min(254, Math.floor(2048 / Math.max(2, nClasses))) : 0;
}

/**
 * Sorts every column once. Category codes outside 0..levels-1 become missing. A feature with at
 * most `maxCoded` distinct known values (≤ 254) is coded.
 */
export function presort(m: Matrix, maxCoded = 64): Presorted {
  const { rows: n, cols: p, x } = m;
  const levels = Int32Array.from({ length: p }, (_, j) => m.categorical?.[j] ?? 0);
  const xc = new Float64Array(n * p);
  const order = new Int32Array(n * p);
  const nCodes = new Int32Array(p).fill(-1);
  const codes = new Uint8Array(n * p);
  const codeValues = new Float64Array(256 * p);
  const limit = Math.min(254, maxCoded);
  for (let j = 0; j < p; j++) {
    const col = j * n;
    const lv = levels[j];
    for (let i = 0; i < n; i++) {
      const v = x[i * p + j];
      xc[col + i] = lv > 0 && !(v >= 0 && v < lv) ? Number.NaN : v;
    }
    const known: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < n; i++) (Number.isNaN(xc[col + i]) ? missing : known).push(i);
    known.sort((a, b) => xc[col + a] - xc[col + b] || a - b);
    order.set(known, col);
    order.set(missing, col + known.length);
    let distinct = 0;
    for (let r = 0; r < known.length; r++) if (r === 0 || xc[col + known[r]] !== xc[col + known[r - 1]]) distinct++;
    if (distinct > limit) continue;
    nCodes[j] = distinct;
    codes.fill(MISSING_CODE, col, col + n);
    let c = -1;
    for (let r = 0; r < known.length; r++) {
      const v = xc[col + known[r]];
      if (r === 0 || v !== xc[col + known[r - 1]]) codeValues[j * 256 + ++c] = v;
      codes[col + known[r]] = c;
    }
  }
  return { n, p, xc, order, levels, nCodes, codes, codeValues };
}

/** A grown tree as typed arrays (views valid until the grower grows its next tree). */
export interface GrownTree {
  nodes: number;
  /** Split feature, -1 for a leaf. */
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  /** nodes × nOut: weighted class counts (classification) or the mean (regression). */
  value: Float64Array;
  /** Weighted training rows reaching the node. */
  cover: Float64Array;
  impurity: Float64Array;
}

/**
 * The midpoint of two consecutive values (as scikit-learn), written with the fewest significant
 * digits that stay within a millionth of the gap from it (0.7050000000000001 → 0.705).
 */
export function splitThreshold(lo: number, hi: number): number {
  let mid = lo / 2 + hi / 2;
  if (mid >= hi || !Number.isFinite(mid)) mid = lo;
  // Infinite feature values: keep thresholds finite (JSON has no Infinity).
  if (mid === -Infinity) return -Number.MAX_VALUE < hi ? -Number.MAX_VALUE : lo;
  const tol = (hi - lo) * 1e-6;
  // Rounding to `prec` significant digits moves mid by at most 0.5·10^(⌊log10|mid|⌋ − prec + 1).
  const need = Math.floor(Math.log10(Math.abs(mid))) + 1 - Math.log10(2 * tol);
  const from = Number.isFinite(need) ? Math.min(17, Math.max(1, Math.floor(need) - 1)) : 1;
  for (let prec = from; prec <= 17; prec++) {
    const t = Number(mid.toPrecision(prec));
    if (t >= lo && t < hi && Math.abs(t - mid) <= tol) return t;
  }
  return mid;
}

/** Threshold of the split "all known values left, missing right". */
export const MISSING_ONLY_THRESHOLD = Number.MAX_VALUE;

/**
 * Grows trees on one presorted training set. Buffers are allocated once and reused per tree;
 * `grow` takes per-row weights (0 = not in the sample, e.g. out of bag).
 */
export class Grower {
  private readonly nOut: number;
  private readonly cls: boolean;
  /** Segment slot per feature: 1.. for sorted features, 0 for coded ones (slot 0 = the node's rows). */
  private readonly slot: Int32Array;
  /** Sorted features, in slot order (slot s holds sorted[s - 1]). */
  private readonly sorted: Int32Array;
  private readonly seg: Int32Array;
  private readonly tmp: Int32Array;
  private readonly scratch: Int32Array;
  private readonly goLeft: Uint8Array;
  private readonly feats: Int32Array;
  private readonly stack: Int32Array;
  private readonly total: Float64Array;
  private readonly lc: Float64Array;
  private readonly mc: Float64Array;
  // Per-rank histogram of a coded feature in a node (ranks < 255).
  private readonly present = new Int32Array(256);
  private readonly hn = new Int32Array(256);
  private readonly hw = new Float64Array(256);
  private readonly hs = new Float64Array(256);
  private readonly hk: Float64Array;
  /** Per row, interleaved for locality: regression (w, w·y); classification (w, class). */
  private readonly wy: Float64Array;
  private cap = 0;
  private feature = new Int32Array(0);
  private threshold = new Float64Array(0);
  private left = new Int32Array(0);
  private right = new Int32Array(0);
  private missingLeft = new Uint8Array(0);
  private value = new Float64Array(0);
  private cover = new Float64Array(0);
  private impurity = new Float64Array(0);
  // The tree being grown and the node being split.
  private m = 0;
  private nodeW = 0;
  private nodeS = 0;
  // Best split so far: left = known values ≤ bestLo, plus the missing ones when bestMissLeft.
  private bestProxy = 0;
  private bestF = -1;
  private bestLo = 0;
  private bestHi = 0;
  private bestMissLeft = false;
  private bestWL = 0;
  private bestNL = 0;
  private bestNMiss = 0;

  constructor(
    private readonly d: Presorted,
    /** Classification: class index per row; regression: null. */
    private readonly yc: Int32Array | null,
    /** Regression: target per row; classification: null. */
    private readonly yr: Float64Array | null,
    nClasses: number,
    private readonly opts: GrowOptions,
  ) {
    this.cls = yc !== null;
    this.nOut = this.cls ? nClasses : 1;
    const { n, p } = d;
    this.slot = new Int32Array(p);
    const sorted: number[] = [];
    for (let j = 0; j < p; j++) {
      if (d.nCodes[j] >= 0) continue;
      sorted.push(j);
      this.slot[j] = sorted.length;
    }
    this.sorted = Int32Array.from(sorted);
    this.seg = new Int32Array(n * (1 + sorted.length));
    this.tmp = new Int32Array(n);
    this.scratch = new Int32Array(n);
    this.goLeft = new Uint8Array(n);
    this.wy = new Float64Array(2 * n);
    this.hk = new Float64Array(this.cls ? 256 * this.nOut : 0);
    this.feats = Int32Array.from({ length: p }, (_, j) => j);
    this.stack = new Int32Array(4 * (n + 2));
    this.total = new Float64Array(this.nOut);
    this.lc = new Float64Array(this.nOut);
    this.mc = new Float64Array(this.nOut);
  }

  private ensure(nodes: number): void {
    if (nodes <= this.cap) return;
    const cap = Math.max(nodes, 2 * this.cap, 64);
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (k: number) => T, width = 1): T => {
      const b = make(cap * width);
      b.set(a);
      return b;
    };
    this.feature = grow(this.feature, (k) => new Int32Array(k));
    this.threshold = grow(this.threshold, (k) => new Float64Array(k));
    this.left = grow(this.left, (k) => new Int32Array(k));
    this.right = grow(this.right, (k) => new Int32Array(k));
    this.missingLeft = grow(this.missingLeft, (k) => new Uint8Array(k));
    this.value = grow(this.value, (k) => new Float64Array(k), this.nOut);
    this.cover = grow(this.cover, (k) => new Float64Array(k));
    this.impurity = grow(this.impurity, (k) => new Float64Array(k));
    this.cap = cap;
  }

  grow(w: Float64Array, random: () => number): GrownTree {
    const { n, order } = this.d;
    const { seg, stack, opts, wy, sorted } = this;
    let m = 0;
    for (let i = 0; i < n; i++) {
      wy[2 * i] = w[i];
      wy[2 * i + 1] = this.cls ? this.yc![i] : w[i] * this.yr![i];
      if (w[i] > 0) seg[m++] = i;
    }
    if (m === 0) throw new Error('A tree needs at least one training row with a positive weight.');
    this.m = m;
    for (let s = 1; s <= sorted.length; s++) {
      let q = s * m;
      const o = sorted[s - 1] * n;
      for (let r = 0; r < n; r++) {
        const i = order[o + r];
        if (w[i] > 0) seg[q++] = i;
      }
    }
    this.ensure(Math.min(2 * m + 1, 1024));
    const minRows = Math.max(opts.minSamplesSplit, 2 * opts.minSamplesLeaf);
    let nodes = 0;
    let sp = 0;
    stack[sp++] = 0; stack[sp++] = m; stack[sp++] = 0; stack[sp++] = -1;
    while (sp > 0) {
      const link = stack[--sp];
      const depth = stack[--sp];
      const end = stack[--sp];
      const start = stack[--sp];
      const id = nodes++;
      this.ensure(nodes);
      if (link >= 0) {
        if (link & 1) this.right[link >> 1] = id;
        else this.left[link >> 1] = id;
      }
      const pure = this.nodeStats(id, start, end);
      const rows = end - start;
      this.feature[id] = -1;
      this.left[id] = -1;
      this.right[id] = -1;
      this.threshold[id] = 0;
      this.missingLeft[id] = 0;
      if (pure || depth >= opts.maxDepth || rows < minRows) continue;
      if (!this.findSplit(start, end, random)) continue;
      const nl = this.bestNL;
      const mid = this.partition(start, end, depth + 1 < opts.maxDepth && (nl >= minRows || rows - nl >= minRows));
      const wl = this.bestWL;
      this.feature[id] = this.bestF;
      this.threshold[id] = this.bestHi === MISSING_ONLY_THRESHOLD ? MISSING_ONLY_THRESHOLD : splitThreshold(this.bestLo, this.bestHi);
      this.missingLeft[id] = (this.bestNMiss > 0 ? this.bestMissLeft : wl > this.nodeW - wl) ? 1 : 0;
      stack[sp++] = mid; stack[sp++] = end; stack[sp++] = depth + 1; stack[sp++] = (id << 1) | 1;
      stack[sp++] = start; stack[sp++] = mid; stack[sp++] = depth + 1; stack[sp++] = id << 1;
    }
    const tree: GrownTree = {
      nodes,
      feature: this.feature.subarray(0, nodes),
      threshold: this.threshold.subarray(0, nodes),
      left: this.left.subarray(0, nodes),
      right: this.right.subarray(0, nodes),
      missingLeft: this.missingLeft.subarray(0, nodes),
      value: this.value.subarray(0, nodes * this.nOut),
      cover: this.cover.subarray(0, nodes),
      impurity: this.impurity.subarray(0, nodes),
    };
    return opts.ccpAlpha > 0 ? pruneCostComplexity(tree, this.nOut, opts.ccpAlpha) : tree;
  }

  /** Fills the node's value, cover and impurity from its rows (slot 0); returns whether the node is pure. */
  private nodeStats(id: number, start: number, end: number): boolean {
    const { seg, wy } = this;
    let W = 0;
    if (this.cls) {
      const K = this.nOut;
      const t = this.total;
      t.fill(0);
      for (let q = start; q < end; q++) {
        const i = seg[q];
        const wi = wy[2 * i];
        t[wy[2 * i + 1]] += wi;
        W += wi;
      }
      let nz = 0;
      let imp = 0;
      const entropy = this.opts.criterion === 'entropy';
      for (let c = 0; c < K; c++) {
        const v = t[c];
        this.value[id * K + c] = v;
        if (v > 0) {
          nz++;
          const pc = v / W;
          imp += entropy ? -pc * Math.log2(pc) : pc * pc;
        }
      }
      this.nodeW = W;
      this.cover[id] = W;
      this.impurity[id] = entropy ? imp : 1 - imp;
      return nz <= 1;
    }
    const y = this.yr!;
    let S = 0;
    let S2 = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let q = start; q < end; q++) {
      const i = seg[q];
      const wi = wy[2 * i];
      const yi = y[i];
      W += wi;
      S += wi * yi;
      S2 += wi * yi * yi;
      if (yi < lo) lo = yi;
      if (yi > hi) hi = yi;
    }
    const mean = S / W;
    this.nodeW = W;
    this.nodeS = S;
    this.value[id] = mean;
    this.cover[id] = W;
    this.impurity[id] = lo === hi ? 0 : Math.max(0, S2 / W - mean * mean);
    return lo === hi;
  }

  private record(proxy: number, f: number, lo: number, hi: number, missLeft: boolean, wl: number, nl: number, nMiss: number): void {
    if (proxy > this.bestProxy) {
      this.bestProxy = proxy;
      this.bestF = f;
      this.bestLo = lo;
      this.bestHi = hi;
      this.bestMissLeft = missLeft;
      this.bestWL = wl;
      this.bestNL = nl;
      this.bestNMiss = nMiss;
    }
  }

  private findSplit(start: number, end: number, random: () => number): boolean {
    const { p, n, xc, nCodes } = this.d;
    const { seg, feats, m, slot } = this;
    const maxFeatures = this.opts.maxFeatures;
    this.bestProxy = -Infinity;
    this.bestF = -1;
    let visited = 0;
    let constants = 0;
    for (let k = 0; k < p && (visited < maxFeatures || visited <= constants); k++) {
      const r = k + Math.floor(random() * (p - k));
      const j = feats[r];
      feats[r] = feats[k];
      feats[k] = j;
      visited++;
      if (nCodes[j] >= 0) {
        if (!this.scanCoded(j, start, end)) constants++;
        continue;
      }
      const base = slot[j] * m;
      const col = j * n;
      let e = end;
      while (e > start && Number.isNaN(xc[col + seg[base + e - 1]])) e--;
      if (e === start || (end === e && xc[col + seg[base + start]] === xc[col + seg[base + e - 1]])) {
        constants++;
        continue;
      }
      if (this.cls) this.scanClass(seg, base, j, start, e, end);
      else this.scanReg(seg, base, j, start, e, end);
    }
    return this.bestF >= 0;
  }

  /**
   * Split search on a coded feature; false when it is constant in the node. Small nodes
   * insertion-sort their rows by rank and scan like a sorted feature; larger ones build a
   * histogram over the ranks present.
   */
  private scanCoded(j: number, start: number, end: number): boolean {
    const { n, codes, nCodes } = this.d;
    const L = nCodes[j];
    if (L === 0) return false;
    const rows = end - start;
    const col = j * n;
    const kf = this.cls ? this.nOut : 1;
    if (rows * rows < 4 * (rows + 3 * kf * Math.min(L, rows))) {
      const { seg, scratch } = this;
      let nk = 0;
      let nm = 0;
      for (let q = start; q < end; q++) {
        const i = seg[q];
        const c = codes[col + i];
        if (c === MISSING_CODE) {
          scratch[rows - 1 - nm++] = i;
          continue;
        }
        let t = nk++;
        while (t > 0 && codes[col + scratch[t - 1]] > c) {
          scratch[t] = scratch[t - 1];
          t--;
        }
        scratch[t] = i;
      }
      if (nk === 0 || (nm === 0 && codes[col + scratch[0]] === codes[col + scratch[nk - 1]])) return false;
      if (this.cls) this.scanClass(scratch, -start, j, start, start + nk, end);
      else this.scanReg(scratch, -start, j, start, start + nk, end);
      return true;
    }
    return this.cls ? this.histClass(j, start, end) : this.histReg(j, start, end);
  }

  private histReg(j: number, start: number, end: number): boolean {
    const { n, codes, codeValues, nCodes } = this.d;
    const { seg, wy, present, hn, hw, hs } = this;
    const minLeaf = this.opts.minSamplesLeaf;
    const col = j * n;
    const cv = j * 256;
    const rows = end - start;
    const W = this.nodeW;
    const S = this.nodeS;
    let np = 0;
    let nMiss = 0;
    let mW = 0;
    let mS = 0;
    for (let q = start; q < end; q++) {
      const i = seg[q];
      const c = codes[col + i];
      if (c === MISSING_CODE) {
        nMiss++;
        mW += wy[2 * i];
        mS += wy[2 * i + 1];
        continue;
      }
      if (hn[c]++ === 0) present[np++] = c;
      hw[c] += wy[2 * i];
      hs[c] += wy[2 * i + 1];
    }
    const varies = np > 1 || (np === 1 && nMiss > 0);
    if (varies) {
      orderRanks(present, np, hn, nCodes[j]);
      let nL = 0;
      let wL = 0;
      let sL = 0;
      for (let a = 0; a < np - 1; a++) {
        const c = present[a];
        nL += hn[c];
        wL += hw[c];
        sL += hs[c];
        const lo = codeValues[cv + c];
        const hi = codeValues[cv + present[a + 1]];
        if (nL >= minLeaf && rows - nL >= minLeaf) {
          const sR = S - sL;
          this.record((sL * sL) / wL + (sR * sR) / (W - wL), j, lo, hi, false, wL, nL, nMiss);
        }
        if (nMiss > 0 && nL + nMiss >= minLeaf && rows - nL - nMiss >= minLeaf) {
          const ls = sL + mS;
          const rs = S - ls;
          const lw = wL + mW;
          this.record((ls * ls) / lw + (rs * rs) / (W - lw), j, lo, hi, true, lw, nL + nMiss, nMiss);
        }
      }
      const last = present[np - 1];
      if (nMiss > 0 && rows - nMiss >= minLeaf && nMiss >= minLeaf) {
        wL += hw[last];
        sL += hs[last];
        this.record((sL * sL) / wL + (mS * mS) / mW, j, codeValues[cv + last], MISSING_ONLY_THRESHOLD, false, wL, rows - nMiss, nMiss);
      }
    }
    for (let a = 0; a < np; a++) {
      const c = present[a];
      hn[c] = 0;
      hw[c] = 0;
      hs[c] = 0;
    }
    return varies;
  }

  private histClass(j: number, start: number, end: number): boolean {
    const { n, codes, codeValues, nCodes } = this.d;
    const { seg, wy, present, hn, hw, hk, lc, mc } = this;
    const T = this.total;
    const K = this.nOut;
    const minLeaf = this.opts.minSamplesLeaf;
    const entropy = this.opts.criterion === 'entropy';
    const col = j * n;
    const cv = j * 256;
    const rows = end - start;
    const W = this.nodeW;
    let np = 0;
    let nMiss = 0;
    let mW = 0;
    mc.fill(0);
    for (let q = start; q < end; q++) {
      const i = seg[q];
      const c = codes[col + i];
      const wi = wy[2 * i];
      const k = wy[2 * i + 1];
      if (c === MISSING_CODE) {
        nMiss++;
        mW += wi;
        mc[k] += wi;
        continue;
      }
      if (hn[c]++ === 0) present[np++] = c;
      hw[c] += wi;
      hk[c * K + k] += wi;
    }
    const varies = np > 1 || (np === 1 && nMiss > 0);
    if (varies) {
      orderRanks(present, np, hn, nCodes[j]);
      lc.fill(0);
      const fast = !entropy && nMiss === 0;
      let sqL = 0;
      let sqR = 0;
      if (fast) for (let k = 0; k < K; k++) sqR += T[k] * T[k];
      let nL = 0;
      let wL = 0;
      for (let a = 0; a < np - 1; a++) {
        const c = present[a];
        const h = c * K;
        for (let k = 0; k < K; k++) {
          const v = hk[h + k];
          if (v === 0) continue;
          const b = lc[k];
          if (fast) {
            sqL += v * (2 * b + v);
            sqR += v * (v - 2 * (T[k] - b));
          }
          lc[k] = b + v;
        }
        nL += hn[c];
        wL += hw[c];
        const lo = codeValues[cv + c];
        const hi = codeValues[cv + present[a + 1]];
        if (nL >= minLeaf && rows - nL >= minLeaf) {
          this.record(fast ? sqL / wL + sqR / (W - wL) : this.classProxy(false, wL, mW, entropy), j, lo, hi, false, wL, nL, nMiss);
        }
        if (nMiss > 0 && nL + nMiss >= minLeaf && rows - nL - nMiss >= minLeaf) {
          this.record(this.classProxy(true, wL, mW, entropy), j, lo, hi, true, wL + mW, nL + nMiss, nMiss);
        }
      }
      const last = present[np - 1];
      if (nMiss > 0 && rows - nMiss >= minLeaf && nMiss >= minLeaf) {
        for (let k = 0; k < K; k++) lc[k] += hk[last * K + k];
        wL += hw[last];
        this.record(this.classProxy(false, wL, mW, entropy), j, codeValues[cv + last], MISSING_ONLY_THRESHOLD, false, wL, rows - nMiss, nMiss);
      }
    }
    for (let a = 0; a < np; a++) {
      const c = present[a];
      hn[c] = 0;
      hw[c] = 0;
      hk.fill(0, c * K, c * K + K);
    }
    return varies;
  }

  /**
   * Scans rows sorted by feature j: arr[base + q] for q in [start, e) known values ascending,
   * [e, end) missing.
   */
  private scanReg(arr: Int32Array, base: number, j: number, start: number, e: number, end: number): void {
    const { n, xc } = this.d;
    const { wy } = this;
    const minLeaf = this.opts.minSamplesLeaf;
    const col = j * n;
    const rows = end - start;
    const W = this.nodeW;
    const S = this.nodeS;
    const nMiss = end - e;
    let mW = 0;
    let mS = 0;
    for (let q = e; q < end; q++) {
      const i = arr[base + q];
      mW += wy[2 * i];
      mS += wy[2 * i + 1];
    }
    let wL = 0;
    let sL = 0;
    let i = arr[base + start];
    let xv = xc[col + i];
    for (let q = start; q < e - 1; q++) {
      wL += wy[2 * i];
      sL += wy[2 * i + 1];
      const i2 = arr[base + q + 1];
      const xn = xc[col + i2];
      if (xn > xv) {
        const nL = q - start + 1;
        if (nL >= minLeaf && rows - nL >= minLeaf) {
          const sR = S - sL;
          this.record((sL * sL) / wL + (sR * sR) / (W - wL), j, xv, xn, false, wL, nL, nMiss);
        }
        if (nMiss > 0 && nL + nMiss >= minLeaf && rows - nL - nMiss >= minLeaf) {
          const a = sL + mS;
          const b = S - a;
          const wa = wL + mW;
          this.record((a * a) / wa + (b * b) / (W - wa), j, xv, xn, true, wa, nL + nMiss, nMiss);
        }
      }
      i = i2;
      xv = xn;
    }
    if (nMiss > 0 && e - start >= minLeaf && nMiss >= minLeaf) {
      wL += wy[2 * i];
      sL += wy[2 * i + 1];
      this.record((sL * sL) / wL + (mS * mS) / mW, j, xv, MISSING_ONLY_THRESHOLD, false, wL, e - start, nMiss);
    }
  }

  private scanClass(arr: Int32Array, base: number, j: number, start: number, e: number, end: number): void {
    const { n, xc } = this.d;
    const { wy, lc, mc } = this;
    const T = this.total;
    const K = this.nOut;
    const minLeaf = this.opts.minSamplesLeaf;
    const entropy = this.opts.criterion === 'entropy';
    const col = j * n;
    const rows = end - start;
    const W = this.nodeW;
    const nMiss = end - e;
    mc.fill(0);
    lc.fill(0);
    let mW = 0;
    for (let q = e; q < end; q++) {
      const i = arr[base + q];
      mc[wy[2 * i + 1]] += wy[2 * i];
      mW += wy[2 * i];
    }
    // Gini without missing values: Σ left² and Σ right² kept up to date in O(1) per row.
    const fast = !entropy && nMiss === 0;
    let sqL = 0;
    let sqR = 0;
    if (fast) for (let c = 0; c < K; c++) sqR += T[c] * T[c];
    let wL = 0;
    let i = arr[base + start];
    let xv = xc[col + i];
    for (let q = start; q < e - 1; q++) {
      const c = wy[2 * i + 1];
      const wi = wy[2 * i];
      const a = lc[c];
      if (fast) {
        sqL += wi * (2 * a + wi);
        sqR += wi * (wi - 2 * (T[c] - a));
      }
      lc[c] = a + wi;
      wL += wi;
      const i2 = arr[base + q + 1];
      const xn = xc[col + i2];
      if (xn > xv) {
        const nL = q - start + 1;
        if (nL >= minLeaf && rows - nL >= minLeaf) {
          this.record(fast ? sqL / wL + sqR / (W - wL) : this.classProxy(false, wL, mW, entropy), j, xv, xn, false, wL, nL, nMiss);
        }
        if (nMiss > 0 && nL + nMiss >= minLeaf && rows - nL - nMiss >= minLeaf) {
          this.record(this.classProxy(true, wL, mW, entropy), j, xv, xn, true, wL + mW, nL + nMiss, nMiss);
        }
      }
      i = i2;
      xv = xn;
    }
    if (nMiss > 0 && e - start >= minLeaf && nMiss >= minLeaf) {
      lc[wy[2 * i + 1]] += wy[2 * i];
      wL += wy[2 * i];
      this.record(this.classProxy(false, wL, mW, entropy), j, xv, MISSING_ONLY_THRESHOLD, false, wL, e - start, nMiss);
    }
  }

  /**
   * Proxy of the impurity decrease (larger is better) with the known-left counts `lc`, the
   * missing counts `mc` sent left or right. Gini: Σl²/wl + Σr²/wr. Entropy: Σ l ln l − wl ln wl + (same for r).
   */
  private classProxy(missLeft: boolean, wL: number, mW: number, entropy: boolean): number {
    const { lc, mc } = this;
    const T = this.total;
    const K = this.nOut;
    const wl = missLeft ? wL + mW : wL;
    const wr = this.nodeW - wl;
    let a = 0;
    let b = 0;
    for (let c = 0; c < K; c++) {
      const l = missLeft ? lc[c] + mc[c] : lc[c];
      const r = T[c] - l;
      if (entropy) {
        if (l > 0) a += l * Math.log(l);
        if (r > 1e-12) b += r * Math.log(r);
      } else {
        a += l * l;
        b += r * r;
      }
    }
    return entropy ? a - wl * Math.log(wl) + b - wr * Math.log(wr) : a / wl + b / wr;
  }

  /**
   * Sends the node's rows left (known value ≤ bestLo, or missing when bestMissLeft) or right in
   * slot 0 and every sorted feature's segment; returns the first right position. A sorted feature
   * constant in the node (no missing) needs no order, so it copies slot 0. When neither child can
   * be split, only slot 0 (which node statistics read) is partitioned.
   */
  private partition(start: number, end: number, childrenSplit: boolean): number {
    const { n, xc } = this.d;
    const { seg, tmp, goLeft, m, sorted } = this;
    const bc = this.bestF * n;
    const lo = this.bestLo;
    const ml = this.bestMissLeft ? 1 : 0;
    let nLeft = 0;
    for (let q = start; q < end; q++) {
      const i = seg[q];
      const v = xc[bc + i];
      const g = v !== v ? ml : v <= lo ? 1 : 0;
      goLeft[i] = g;
      nLeft += g;
    }
    const rows = end - start;
    const slots = childrenSplit ? sorted.length : 0;
    for (let s = 0; s <= slots; s++) {
      const s0 = s * m + start;
      if (s > 0) {
        const col = sorted[s - 1] * n;
        if (xc[col + seg[s0]] === xc[col + seg[s0 + rows - 1]]) {
          // Equal ends of a sorted segment (NaN never equals): constant, no missing values.
          seg.copyWithin(s0, start, end);
          continue;
        }
      }
      let l = s0;
      let r = 0;
      for (let q = s0, qe = s0 + rows; q < qe; q++) {
        const i = seg[q];
        const g = goLeft[i];
        seg[l] = i;
        tmp[r] = i;
        l += g;
        r += 1 - g;
      }
      seg.set(tmp.subarray(0, r), l);
    }
    return start + nLeft;
  }
}

/** Puts the k ranks present (hn > 0) in a[0..k) in ascending order: insertion sort, or a pass over all L ranks. */
function orderRanks(a: Int32Array, k: number, hn: Int32Array, L: number): void {
  if (k * k > 4 * L) {
    let t = 0;
    for (let c = 0; c < L; c++) if (hn[c] > 0) a[t++] = c;
    return;
  }
  for (let i = 1; i < k; i++) {
    const v = a[i];
    let t = i;
    while (t > 0 && a[t - 1] > v) {
      a[t] = a[t - 1];
      t--;
    }
    a[t] = v;
  }
}

/**
 * Minimal cost-complexity pruning (Breiman et al. ch. 3; scikit-learn's `ccp_alpha`): with
 * R(t) = impurity(t) × cover(t) / cover(root), the weakest internal node (smallest
 * (R(t) − R(subtree)) / (leaves − 1)) is collapsed into a leaf while that value is ≤ alpha.
 * Returns a new, compact tree in preorder.
 */
export function pruneCostComplexity(t: GrownTree, nOut: number, alpha: number): GrownTree {
  const N = t.nodes;
  const parent = new Int32Array(N).fill(-1);
  for (let i = 0; i < N; i++) if (t.left[i] >= 0) { parent[t.left[i]] = i; parent[t.right[i]] = i; }
  const total = t.cover[0];
  const R = Float64Array.from({ length: N }, (_, i) => (t.impurity[i] * t.cover[i]) / total);
  const Rb = new Float64Array(N);
  const leaves = new Int32Array(N);
  // Children always have larger indices than their parent (preorder), so one backward pass.
  for (let i = N - 1; i >= 0; i--) {
    if (t.left[i] < 0) { Rb[i] = R[i]; leaves[i] = 1; }
    else { Rb[i] = Rb[t.left[i]] + Rb[t.right[i]]; leaves[i] = leaves[t.left[i]] + leaves[t.right[i]]; }
  }
  const collapsed = new Uint8Array(N);
  const version = new Int32Array(N);
  const heap = new MinHeap();
  const g = (i: number) => (R[i] - Rb[i]) / (leaves[i] - 1);
  for (let i = 0; i < N; i++) if (t.left[i] >= 0) heap.push(g(i), i, 0);
  while (heap.size > 0) {
    const [a, i, ver] = heap.pop();
    if (ver !== version[i] || collapsed[i]) continue;
    if (a > alpha) break;
    collapsed[i] = 1;
    const dR = R[i] - Rb[i];
    const dL = leaves[i] - 1;
    Rb[i] = R[i];
    leaves[i] = 1;
    for (let u = parent[i]; u >= 0; u = parent[u]) {
      Rb[u] += dR;
      leaves[u] -= dL;
      version[u]++;
      heap.push(g(u), u, version[u]);
    }
  }
  // Rebuild in preorder, skipping everything under a collapsed node.
  const keep: number[] = [];
  const st = [0];
  while (st.length) {
    const i = st.pop()!;
    keep.push(i);
    if (t.left[i] >= 0 && !collapsed[i]) st.push(t.right[i], t.left[i]);
  }
  const M = keep.length;
  const newId = new Int32Array(N).fill(-1);
  keep.forEach((old, k) => { newId[old] = k; });
  const out: GrownTree = {
    nodes: M,
    feature: new Int32Array(M),
    threshold: new Float64Array(M),
    left: new Int32Array(M),
    right: new Int32Array(M),
    missingLeft: new Uint8Array(M),
    value: new Float64Array(M * nOut),
    cover: new Float64Array(M),
    impurity: new Float64Array(M),
  };
  keep.forEach((old, k) => {
    const leaf = t.left[old] < 0 || collapsed[old] === 1;
    out.feature[k] = leaf ? -1 : t.feature[old];
    out.threshold[k] = leaf ? 0 : t.threshold[old];
    out.left[k] = leaf ? -1 : newId[t.left[old]];
    out.right[k] = leaf ? -1 : newId[t.right[old]];
    out.missingLeft[k] = leaf ? 0 : t.missingLeft[old];
    out.value.set(t.value.subarray(old * nOut, old * nOut + nOut), k * nOut);
    out.cover[k] = t.cover[old];
    out.impurity[k] = t.impurity[old];
  });
  return out;
}

/** Binary min-heap of (key, node, version); ties broken by the smaller node index. */
class MinHeap {
  private keys: number[] = [];
  private ids: number[] = [];
  private vers: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.ids[a] < this.ids[b]);
  }
  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
    [this.vers[a], this.vers[b]] = [this.vers[b], this.vers[a]];
  }
  push(key: number, id: number, ver: number): void {
    this.keys.push(key);
    this.ids.push(id);
    this.vers.push(ver);
    let i = this.keys.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.less(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }
  pop(): [number, number, number] {
    const top: [number, number, number] = [this.keys[0], this.ids[0], this.vers[0]];
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.keys.pop();
    this.ids.pop();
    this.vers.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let s = i;
      if (l < last && this.less(l, s)) s = l;
      if (r < last && this.less(r, s)) s = r;
      if (s === i) break;
      this.swap(i, s);
      i = s;
    }
    return top;
  }
}

/** Impurity-based feature importances of one tree (total decrease, normalised to sum 1). */
export function treeImportance(t: GrownTree, p: number): Float64Array {
  const imp = new Float64Array(p);
  for (let i = 0; i < t.nodes; i++) {
    const l = t.left[i];
    if (l < 0) continue;
    const r = t.right[i];
    imp[t.feature[i]] += t.cover[i] * t.impurity[i] - t.cover[l] * t.impurity[l] - t.cover[r] * t.impurity[r];
  }
  let s = 0;
  for (let j = 0; j < p; j++) s += Math.max(0, imp[j]);
  for (let j = 0; j < p; j++) imp[j] = s > 0 ? Math.max(0, imp[j]) / s : 0;
  return imp;
}
