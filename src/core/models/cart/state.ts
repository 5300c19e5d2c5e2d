/**
 * The fitted form of a CART tree as plain JSON, and prediction from it alone.
 *
 * One tree is a set of flat, node-indexed arrays (node 0 is the root, nodes in preorder):
 * - `feature[i]`: the column split on, or -1 for a leaf;
 * - `threshold[i]`: in raw feature units (category codes for category columns); `x <= threshold`
 *   goes to `left[i]`, otherwise to `right[i]` (both -1 for a leaf);
 * - `missingLeft[i]`: 1 when a missing value (NaN, or a category code outside 0..levels-1, i.e.
 *   unseen in training) goes left, 0 when it goes right;
 * - `value`: `nOut` numbers per leaf, leaves in node order (the k-th leaf met scanning nodes
 *   0, 1, 2… owns value[k·nOut … k·nOut + nOut − 1]) — classification: the weighted training rows
 *   of each class in the leaf (divide by their sum for probabilities); regression: the mean target.
 *   Inner nodes' values follow from their leaves (`nodeValues`);
 * - `cover[i]`: weighted training rows reaching the node (bootstrap copies counted).
 * This maps one-to-one onto ONNX TreeEnsemble nodes (BRANCH_LEQ, missing_value_tracks_true =
 * missingLeft, one target/class weight set per leaf).
 */
import type { Matrix } from '../types';
import type { GrownTree } from './grow';

export type TreeJson = {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  missingLeft: number[];
  value: number[];
  cover: number[];
};

export function treeToJson(t: GrownTree, nOut: number): TreeJson {
  const value: number[] = [];
  for (let i = 0; i < t.nodes; i++) {
    if (t.feature[i] >= 0) continue;
    for (let k = 0; k < nOut; k++) value.push(t.value[i * nOut + k]);
  }
  return {
    feature: toArray(t.feature),
    threshold: toArray(t.threshold),
    left: toArray(t.left),
    right: toArray(t.right),
    missingLeft: toArray(t.missingLeft),
    value,
    cover: toArray(t.cover),
  };
}

/** A plain array copy of a typed array (a packed array, faster than Array.from's iterator). */
function toArray(a: Int32Array | Float64Array | Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]);
  return out;
}

const leafRowCache = new WeakMap<TreeJson, Int32Array>();

/**
 * Per node, its row in `value` (leaves) or -1 (inner nodes). Checks the tree's shape against `p`
 * features (children after their parent, so every walk ends). Cached per tree.
 */
export function leafRows(t: TreeJson, nOut: number, p: number): Int32Array {
  let rows = leafRowCache.get(t);
  if (!rows) {
    rows = computeLeafRows(t, nOut, p);
    leafRowCache.set(t, rows);
  }
  return rows;
}

function computeLeafRows(t: TreeJson, nOut: number, p: number): Int32Array {
  const nodes = t.feature.length;
  for (const k of ['threshold', 'left', 'right', 'missingLeft', 'cover'] as const) {
    if (t[k].length !== nodes) throw new Error('The fitted tree is damaged: its node arrays differ in length.');
  }
  const rows = new Int32Array(nodes);
  let k = 0;
  for (let i = 0; i < nodes; i++) {
    const leaf = t.feature[i] < 0;
    if (!leaf && !(t.left[i] > i && t.left[i] < nodes && t.right[i] > i && t.right[i] < nodes)) throw new Error('The fitted tree is damaged: a child index is out of range.');
    if (!leaf && !(Number.isInteger(t.feature[i]) && t.feature[i] < p)) throw new Error(`The fitted tree is damaged: it splits on feature ${t.feature[i]} of ${p}.`);
    rows[i] = leaf ? k++ : -1;
  }
  if (t.value.length !== k * nOut) throw new Error('The fitted tree is damaged: its values do not match its leaves.');
  return rows;
}

/** Every node's value (nodes × nOut), inner nodes included: summed class counts, or the cover-weighted mean. */
export function nodeValues(t: TreeJson, nOut: number, classification: boolean): Float64Array {
  const rows = computeLeafRows(t, nOut, Infinity);
  const nodes = t.feature.length;
  const out = new Float64Array(nodes * nOut);
  for (let i = nodes - 1; i >= 0; i--) {
    const r = rows[i];
    if (r >= 0) {
      for (let k = 0; k < nOut; k++) out[i * nOut + k] = t.value[r * nOut + k];
      continue;
    }
    const l = t.left[i];
    const q = t.right[i];
    for (let k = 0; k < nOut; k++) {
      out[i * nOut + k] = classification
        ? out[l * nOut + k] + out[q * nOut + k]
        : (out[l * nOut + k] * t.cover[l] + out[q * nOut + k] * t.cover[q]) / (t.cover[l] + t.cover[q]);
    }
  }
  return out;
}

/** The leaf a row reaches. `x` is row-major, the row starting at `off`; `levels[j] > 0` marks category columns. */
export function leafOf(t: TreeJson, x: Float64Array, off: number, levels: Int32Array): number {
  const { feature, threshold, left, right, missingLeft } = t;
  let node = 0;
  for (;;) {
    const f = feature[node];
    if (f < 0) return node;
    const v = x[off + f];
    const lv = levels[f];
    let goLeft: boolean;
    if (v !== v || (lv > 0 && !(v >= 0 && v < lv))) goLeft = missingLeft[node] === 1;
    else goLeft = v <= threshold[node];
    node = goLeft ? left[node] : right[node];
  }
}

/** Adds one tree's output for the row at `off` (class probabilities, or the value) into out[o…]. */
export function addTreeOutput(t: TreeJson, rows: Int32Array, nOut: number, classification: boolean, x: Float64Array, off: number, levels: Int32Array, out: Float64Array, o: number): void {
  const r = rows[leafOf(t, x, off, levels)] * nOut;
  const v = t.value;
  if (!classification) {
    out[o] += v[r];
    return;
  }
  let s = 0;
  for (let k = 0; k < nOut; k++) s += v[r + k];
  // v / s ≤ 1 exactly, so the sums over trees stay ≤ the tree count and the means ≤ 1.
  for (let k = 0; k < nOut; k++) out[o + k] += s > 0 ? v[r + k] / s : 1 / nOut;
}

/**
 * Mean of the trees' outputs (class probabilities or values) for every row: rows × nOut.
 * Checks the matrix width against the fitted one.
 */
export function predictTrees(trees: readonly TreeJson[], nOut: number, classification: boolean, levels: readonly number[], x: Matrix): Float64Array {
  if (x.cols !== levels.length) throw new Error(`The model was fitted on ${levels.length} features but got ${x.cols}.`);
  const lv = Int32Array.from(levels);
  const out = new Float64Array(x.rows * nOut);
  const p = x.cols;
  for (const t of trees) {
    const rows = leafRows(t, nOut, p);
    for (let i = 0; i < x.rows; i++) addTreeOutput(t, rows, nOut, classification, x.x, i * p, lv, out, i * nOut);
  }
  const T = trees.length;
  if (T > 1) for (let i = 0; i < out.length; i++) out[i] /= T;
  return out;
}
