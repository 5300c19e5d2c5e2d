/**
 * Decision tree (tree.cart), random forest (forest.random) and histogram GBDT (gbdt.hist) as one
 * ai.onnx.ml TreeEnsembleRegressor (opset 3) that finds each row's leaf in every tree, followed by
 * standard operators that add the leaf values up in double precision.
 *
 * Why leaf numbers instead of leaf values: TreeEnsemble{Regressor,Classifier} in ml opset 3 always
 * return float32, which would round a house price to 7 digits and GBDT raw scores before the
 * sigmoid/softmax. So the ensemble has one target per tree and each leaf votes its own leaf number
 * (an integer, exact in float32): output [N, trees]. Cast to int64, offset per tree, Gather from a
 * double table of leaf outputs, and a chain of Adds sums the trees in the app's order (so exact
 * ties, e.g. 0.5 / 0.5 votes, stay ties).
 *
 * Routing, exactly as the app's:
 * - Thresholds are doubles (`nodes_values_as_tensor`, which onnxruntime honours for double input),
 *   so float32 rounding cannot move a value across a split. BRANCH_LEQ: x <= threshold goes left.
 * - Missing values: `nodes_missing_value_tracks_true` = the node's missingLeft (NaN takes the true,
 *   i.e. left, branch when 1). Category columns (level count > 0) are first cleaned: a value that
 *   is not a code 0..levels-1 (missing, unseen category; for GBDT also a fractional value)
 *   becomes NaN: the app's "not a code = missing" rule of CART nodes and GBDT ordinal-coded nodes.
 * - GBDT native categorical splits (a set of codes going left) have no single BRANCH_* node in ml
 *   opset 3. Each distinct (feature, set, missing direction) becomes a 0/1 feature appended to
 *   the features: Gather on a constant [levels + 1, splits] table indexed by the code, with the
 *   last row (any non-code: missing, unseen) holding the missing direction; 0 = left. The node
 *   is then BRANCH_LEQ 0.5 on that column.
 * Outputs: forest/tree classification — per leaf the class fractions v / Σv computed as the app
 * does, summed over trees and divided by the tree count; regression — the mean of leaf values;
 * GBDT — base score + Σ leaf values (already scaled by the learning rate) per output, then
 * Sigmoid (binary, [1 − p, p]) or Softmax (multiclass), or the raw value (regression).
 */
import type { TreeJson } from '../../models/cart/state';
import type { ForestState } from '../../models/forest';
import type { GbdtState, GbdtTree } from '../../models/gbdt/state';
import type { TreeState } from '../../models/tree';
import { attr, type OnnxGraph } from '../onnx/graph';
import { binaryProbs, chainSum, dbl, i64, INT64, isCode, reshape, slices, tableRow, type ModelEmitter } from './common';

/** One tree in ONNX terms: nodes in index order, node ids = indices. */
interface EnsembleTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  missingLeft: number[];
  /** Per node: its leaf number within the tree (row of the tree's block in the value table), or -1. */
  leaf: number[];
}

/**
 * Adds the TreeEnsembleRegressor that returns, per row and tree, the tree's leaf number, and
 * turns it into the global row of the leaf table: int64 [N, trees].
 */
function leafRows(g: OnnxGraph, x: string, trees: readonly EnsembleTree[]): string {
  const a = {
    treeids: [] as number[], nodeids: [] as number[], featureids: [] as number[], modes: [] as string[],
    values: [] as number[], truenodeids: [] as number[], falsenodeids: [] as number[], missing: [] as number[],
    tTree: [] as number[], tNode: [] as number[], tId: [] as number[], tWeight: [] as number[],
  };
  const offsets: number[] = [];
  let total = 0;
  trees.forEach((t, ti) => {
    offsets.push(total);
    let leaves = 0;
    for (let i = 0; i < t.feature.length; i++) {
      const isLeaf = t.leaf[i]! >= 0;
      a.treeids.push(ti);
      a.nodeids.push(i);
      a.featureids.push(isLeaf ? 0 : t.feature[i]!);
      a.modes.push(isLeaf ? 'LEAF' : 'BRANCH_LEQ');
      a.values.push(isLeaf ? 0 : t.threshold[i]!);
      a.truenodeids.push(isLeaf ? 0 : t.left[i]!);
      a.falsenodeids.push(isLeaf ? 0 : t.right[i]!);
      a.missing.push(isLeaf ? 0 : t.missingLeft[i] ? 1 : 0);
      if (isLeaf) {
        a.tTree.push(ti);
        a.tNode.push(i);
        a.tId.push(ti);
        a.tWeight.push(t.leaf[i]!);
        leaves++;
      }
    }
    if (leaves >= 1 << 24) throw new Error('A tree has too many leaves to export.');
    total += leaves;
  });
  const leafNo = g.op('TreeEnsembleRegressor', [x], {
    n_targets: attr.int(trees.length),
    aggregate_function: attr.string('SUM'),
    post_transform: attr.string('NONE'),
    nodes_treeids: attr.ints(a.treeids),
    nodes_nodeids: attr.ints(a.nodeids),
    nodes_featureids: attr.ints(a.featureids),
    nodes_modes: attr.strings(a.modes),
    nodes_values_as_tensor: attr.tensor({ elem: 'double', dims: [a.values.length], values: a.values }),
    nodes_truenodeids: attr.ints(a.truenodeids),
    nodes_falsenodeids: attr.ints(a.falsenodeids),
    nodes_missing_value_tracks_true: attr.ints(a.missing),
    target_treeids: attr.ints(a.tTree),
    target_nodeids: attr.ints(a.tNode),
    target_ids: attr.ints(a.tId),
    // Leaf numbers are small integers: exact as float32 weights.
    target_weights: attr.floats(a.tWeight),
  }, 'ai.onnx.ml');
  const asInt = g.op('Cast', [leafNo], { to: attr.int(INT64) });
  return g.op('Add', [asInt, i64(g, 'leaf_offsets', offsets, [1, offsets.length])]);
}

/**
 * Replaces values of category columns (levels[j] > 0) outside 0..levels-1 by NaN; with `integer`
 * also fractional ones (GBDT's rule; CART only checks the range).
 */
function cleanCodes(g: OnnxGraph, x: string, levels: readonly number[], integer: boolean): string {
  if (!levels.some((l) => l > 0)) return x;
  const F = levels.length;
  const L = dbl(g, 'levels', [1, F], levels.map((l) => (l > 0 ? l : Infinity)));
  const numeric = g.constant('numeric_columns', { elem: 'bool', dims: [1, F], values: levels.map((l) => (l > 0 ? 0 : 1)) });
  const keep = g.op('Or', [numeric, isCode(g, x, L, integer)]);
  return g.op('Where', [keep, x, dbl(g, 'nan', [], [Number.NaN])]);
}

function cartTree(t: TreeJson): EnsembleTree {
  let k = 0;
  return { ...t, leaf: t.feature.map((f) => (f < 0 ? k++ : -1)) };
}

/** Tree or forest: mean over trees of class fractions (classification) or leaf values. */
const forestLike: ModelEmitter = (g, features, model) => {
  const s = model.estimator.state as unknown as TreeState | ForestState;
  const treesJson = 'trees' in s ? s.trees : [s.tree];
  const classification = s.task !== 'regression';
  const nOut = classification ? s.nClasses : 1;
  const x = cleanCodes(g, features, s.levels, false);
  const trees = treesJson.map(cartTree);
  // Leaf outputs as the app computes them per leaf (cart/state.ts addTreeOutput).
  const table: number[] = [];
  for (const t of treesJson) {
    const v = t.value;
    for (let r = 0; r < v.length; r += nOut) {
      if (!classification) { table.push(v[r]!); continue; }
      let sum = 0;
      for (let k = 0; k < nOut; k++) sum += v[r + k]!;
      for (let k = 0; k < nOut; k++) table.push(sum > 0 ? v[r + k]! / sum : 1 / nOut);
    }
  }
  const rows = leafRows(g, x, trees);
  const T = trees.length;
  const perTree = g.op('Gather', [dbl(g, 'leaf_values', [table.length / nOut, nOut], table), rows], { axis: attr.int(0) }); // [N, T, nOut]
  let sum = reshape(g, chainSum(g, slices(g, perTree, 1, T)), [-1, nOut]);
  if (T > 1) sum = g.op('Div', [sum, dbl(g, 'tree_count', [], [T])]);
  return classification ? { probs: sum } : { value: sum };
};

/** GBDT: base score + leaf values per output, categorical sets as 0/1 lookup columns. */
const gbdt: ModelEmitter = (g, features, model) => {
  const s = model.estimator.state as unknown as GbdtState;
  const F = s.nFeatures;
  const K = s.treesPerRound;
  const categorical = (j: number) => (s.levels[j] ?? 0) > 0 && !s.ordinal?.[j];
  const setKey = (t: GbdtTree, i: number): string => {
    const off = t.threshold[i]!;
    return `${t.catBits.slice(off, off + Math.ceil(s.levels[t.feature[i]!]! / 32)).join(',')}:${t.missingLeft[i]}`;
  };
  // Pass 1: the distinct categorical splits of each feature, in first-use order.
  const splits = new Map<number, { key: string; tree: GbdtTree; node: number }[]>();
  for (const t of s.trees) {
    for (let i = 0; i < t.feature.length; i++) {
      const j = t.feature[i]!;
      if (t.left[i]! < 0 || !categorical(j)) continue;
      const key = setKey(t, i);
      const list = splits.get(j) ?? [];
      if (!list.some((sp) => sp.key === key)) list.push({ key, tree: t, node: i });
      splits.set(j, list);
    }
  }
  // Their 0/1 columns after the F features: feature by feature (ascending), 0 = goes left.
  const colOf = new Map<string, number>();
  let x = cleanCodes(g, features, s.levels, true);
  if (splits.size) {
    const parts: string[] = [x];
    for (const j of [...splits.keys()].sort((a, b) => a - b)) {
      const list = splits.get(j)!;
      const L = s.levels[j]!;
      const S = list.length;
      const table = new Float64Array((L + 1) * S);
      list.forEach(({ key, tree, node }, q) => {
        const off = tree.threshold[node]!;
        for (let c = 0; c < L; c++) table[c * S + q] = ((tree.catBits[off + (c >>> 5)]! >>> (c & 31)) & 1) === 1 ? 0 : 1;
        table[L * S + q] = tree.missingLeft[node] ? 0 : 1;
        colOf.set(`${j}|${key}`, F + colOf.size);
      });
      const xj = g.op('Gather', [features, i64(g, 'column', [j])], { axis: attr.int(1) });
      parts.push(g.op('Gather', [dbl(g, 'category_sets', [L + 1, S], table), tableRow(g, xj, L)], { axis: attr.int(0) }));
    }
    x = g.op('Concat', parts, { axis: attr.int(1) });
  }
  // Pass 2: the trees, categorical nodes as BRANCH_LEQ 0.5 on their 0/1 column.
  const trees: EnsembleTree[] = s.trees.map((t) => {
    let k = 0;
    const leaf = t.left.map((l) => (l < 0 ? k++ : -1));
    const feature = [...t.feature];
    const threshold = [...t.threshold];
    const missingLeft = [...t.missingLeft];
    for (let i = 0; i < t.feature.length; i++) {
      if (leaf[i]! >= 0 || !categorical(t.feature[i]!)) continue;
      feature[i] = colOf.get(`${t.feature[i]}|${setKey(t, i)}`)!;
      threshold[i] = 0.5;
      missingLeft[i] = 0;
    }
    return { feature, threshold, left: t.left, right: t.right, missingLeft, leaf };
  });
  const rounds = s.rounds;
  if (trees.length !== rounds * K) throw new Error('The fitted GBDT is damaged: its tree count does not match its rounds.');
  const table: number[] = [];
  for (const t of s.trees) t.left.forEach((l, i) => { if (l < 0) table.push(t.value[i]!); });
  const base = dbl(g, 'base_score', [1, 1, K], s.baseScore);
  let raw: string;
  if (trees.length === 0) {
    raw = g.op('Expand', [reshape(g, base, [1, K]), g.op('Concat', [g.op('Shape', [features], { end: attr.int(1) }), i64(g, 'k', [K])], { axis: attr.int(0) })]);
  } else {
    const rows = leafRows(g, x, trees);
    const perTree = g.op('Gather', [dbl(g, 'leaf_values', [table.length], table), rows], { axis: attr.int(0) }); // [N, rounds·K]
    const byRound = reshape(g, perTree, [-1, rounds, K]);
    raw = reshape(g, chainSum(g, [base, ...slices(g, byRound, 1, rounds)]), [-1, K]);
  }
  if (s.task === 'regression') return { value: raw };
  if (s.task === 'binary') return { probs: binaryProbs(g, g.op('Div', [dbl(g, 'one', [], [1]), g.op('Add', [dbl(g, 'one', [], [1]), g.op('Exp', [g.op('Neg', [raw])])])])) };
  return { probs: g.op('Softmax', [raw], { axis: attr.int(1) }) };
};

export const treeEmitters: Record<string, ModelEmitter> = {
  'tree.cart': forestLike,
  'forest.random': forestLike,
  'gbdt.hist': gbdt,
};
