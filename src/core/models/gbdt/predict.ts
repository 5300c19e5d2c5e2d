/** Prediction from a GBDT state alone, on raw feature values (see state.ts for the routing rules). */
import type { Matrix, Prediction } from '../types';
import type { GbdtState } from './state';

/** Node kinds in the flat form. */
const LEAF = 0;
const NUMERIC = 1;
const CATEGORICAL = 2;
/** A categorical feature split as ordered codes: threshold test, non-codes missing. */
const ORDINAL = 3;

/** All trees flattened into typed arrays, for fast traversal. */
interface Flat {
  kind: Uint8Array;
  feature: Int32Array;
  /** Numeric/ordinal: the threshold. Categorical: absolute offset of the bitset in catBits. */
  threshold: Float64Array;
  /** Level count of the node's feature (categorical and ordinal nodes). */
  levels: Int32Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  value: Float64Array;
  /** Per tree: index of its root in the flat arrays. */
  root: Int32Array;
  catBits: Uint32Array;
}

const cache = new WeakMap<GbdtState, Flat>();

function flatten(state: GbdtState): Flat {
  const hit = cache.get(state);
  if (hit) return hit;
  let nodes = 0;
  let words = 0;
  for (const t of state.trees) {
    nodes += t.feature.length;
    words += t.catBits.length;
  }
  const f: Flat = {
    kind: new Uint8Array(nodes),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    levels: new Int32Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    missingLeft: new Uint8Array(nodes),
    value: new Float64Array(nodes),
    root: new Int32Array(state.trees.length),
    catBits: new Uint32Array(words),
  };
  let o = 0;
  let w = 0;
  state.trees.forEach((t, ti) => {
    f.root[ti] = o;
    const m = t.feature.length;
    for (let i = 0; i < m; i++) {
      const j = t.feature[i]!;
      const leaf = t.left[i]! < 0;
      const L = leaf ? 0 : state.levels[j]!;
      f.kind[o + i] = leaf ? LEAF : L === 0 ? NUMERIC : state.ordinal?.[j] ? ORDINAL : CATEGORICAL;
      f.feature[o + i] = leaf ? 0 : j;
      f.threshold[o + i] = f.kind[o + i] === CATEGORICAL ? w + t.threshold[i]! : t.threshold[i]!;
      f.levels[o + i] = L;
      // Children as absolute indices.
      f.left[o + i] = leaf ? -1 : o + t.left[i]!;
      f.right[o + i] = leaf ? -1 : o + t.right[i]!;
      f.missingLeft[o + i] = t.missingLeft[i] ? 1 : 0;
      f.value[o + i] = t.value[i]!;
    }
    for (let i = 0; i < t.catBits.length; i++) f.catBits[w + i] = t.catBits[i]!;
    o += m;
    w += t.catBits.length;
  });
  cache.set(state, f);
  return f;
}

/** Rows per block: a block's features stay in cache while every tree runs over it. */
const BLOCK = 2048;

/** Raw scores (rows × treesPerRound, row-major) of a fitted state on raw features. */
export function rawScores(state: GbdtState, x: Matrix): Float64Array {
  if (x.cols !== state.nFeatures) throw new Error(`The model expects ${state.nFeatures} features, got ${x.cols}.`);
  const K = state.treesPerRound;
  const n = x.rows;
  const p = x.cols;
  const X = x.x;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = state.baseScore[k]!;
  const f = flatten(state);
  const { kind, feature, threshold, levels, left, right, missingLeft, value, catBits, root } = f;
  const nTrees = state.trees.length;
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    for (let t = 0; t < nTrees; t++) {
      const r0 = root[t]!;
      const k = t % K;
      for (let i = b0; i < b1; i++) {
        const base = i * p;
        let node = r0;
        let kd = kind[node]!;
        while (kd !== LEAF) {
          const v = X[base + feature[node]!]!;
          let goLeft: boolean;
          if (kd === NUMERIC) goLeft = v !== v ? missingLeft[node] === 1 : v <= threshold[node]!;
          else if (!(v >= 0 && v < levels[node]! && v === Math.floor(v))) goLeft = missingLeft[node] === 1;
          else if (kd === ORDINAL) goLeft = v <= threshold[node]!;
          else goLeft = ((catBits[threshold[node]! + (v >>> 5)]! >>> (v & 31)) & 1) === 1;
          node = goLeft ? left[node]! : right[node]!;
          kd = kind[node]!;
        }
        out[i * K + k] += value[node]!;
      }
    }
  }
  return out;
}

/** Probabilities or values from raw scores. */
export function predictGbdt(state: GbdtState, x: Matrix): Prediction {
  const raw = rawScores(state, x);
  const n = x.rows;
  if (state.task === 'regression') return { value: raw };
  if (state.task === 'binary') {
    const proba = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p1 = 1 / (1 + Math.exp(-raw[i]!));
      proba[2 * i] = 1 - p1;
      proba[2 * i + 1] = p1;
    }
    return { proba, nClasses: 2 };
  }
  const K = state.treesPerRound;
  const proba = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let k = 0; k < K; k++) mx = Math.max(mx, raw[i * K + k]!);
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(raw[i * K + k]! - mx);
      proba[i * K + k] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) proba[i * K + k]! /= s;
  }
  return { proba, nClasses: K };
}
