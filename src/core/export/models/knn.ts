/**
 * k-nearest neighbours (knn.ts) with standard operators, reproducing the app's choice of
 * neighbours bit for bit:
 * - squared distances to every stored training row accumulate feature by feature,
 *   s = ((d₀² + d₁²) + d₂²) + … with dⱼ = trainⱼ − xⱼ, the app's order, so equal distances in the
 *   app are equal here (no ‖x‖² − 2x·X + ‖X‖² cancellation). Memory: a few N × M doubles
 *   (M = training rows), never N × M × F;
 * - TopK (smallest, sorted) keeps the k nearest; at equal distance the lower index (the earlier
 *   training row) comes first, the app's tie rule;
 * - weights: uniform (times the row weight), or 1/distance where only neighbours at distance 0
 *   count when there are any; if every weight is 0 they count equally;
 * - classification: Σ over neighbours, in order, of weight/total into the neighbour's class;
 *   regression: (Σ weight·target) / total.
 * The stored training matrix makes the file about as large as the prepared training data.
 */
import type { KnnParams, KnnState } from '../../models/knn';
import { attr } from '../onnx/graph';
import { chainSum, columns, dbl, i64, reduceSum, slices, squeeze, unsqueeze, DOUBLE, type ModelEmitter } from './common';

export const knnEmitter: ModelEmitter = (g, features, model) => {
  const s = model.estimator.state as unknown as KnnState;
  const params = model.estimator.params as unknown as KnnParams;
  const M = s.rows;
  const F = s.cols;
  const k = Math.min(Math.max(1, Math.floor(params.k)), M);
  // Squared distances [N, M].
  const xs = columns(g, features, F);
  const sq: string[] = [];
  for (let j = 0; j < F; j++) {
    const col = new Float64Array(M);
    for (let r = 0; r < M; r++) col[r] = s.x[r * F + j]!;
    const d = g.op('Sub', [dbl(g, `train_col`, [1, M], col), xs[j]!]);
    sq.push(g.op('Mul', [d, d]));
  }
  const dist = chainSum(g, sq);
  const [dk, idx] = g.node('TopK', [dist, i64(g, 'k', [k])], { axis: attr.int(1), largest: attr.int(0), sorted: attr.int(1) }, { outputs: 2 }) as [string, string];
  // Neighbour weights [N, k].
  let v: string = s.w ? g.op('Gather', [dbl(g, 'row_weights', [M], s.w), idx], { axis: attr.int(0) }) : g.op('Expand', [dbl(g, 'one', [], [1]), g.op('Shape', [dk])]);
  if (params.weights === 'distance') {
    const zero = g.op('Cast', [g.op('Equal', [dk, dbl(g, 'zero', [], [0])])], { to: attr.int(DOUBLE) });
    const anyZero = g.op('Greater', [reduceSum(g, zero, [1], true), dbl(g, 'zero', [], [0])]);
    const inv = g.op('Div', [dbl(g, 'one', [], [1]), g.op('Sqrt', [dk])]);
    v = g.op('Mul', [v, g.op('Where', [anyZero, zero, inv])]);
  }
  const neighbours = slices(g, v, 1, k);
  let total = chainSum(g, neighbours);
  const positive = g.op('Greater', [total, dbl(g, 'zero', [], [0])]);
  v = g.op('Where', [positive, v, dbl(g, 'one', [], [1])]);
  total = g.op('Where', [positive, total, dbl(g, 'count', [], [k])]);
  if (s.task === 'regression') {
    const yv = g.op('Gather', [dbl(g, 'train_targets', [M], s.y), idx], { axis: attr.int(0) });
    const num = chainSum(g, slices(g, g.op('Mul', [v, yv]), 1, k));
    return { value: g.op('Div', [num, total]) };
  }
  const K = s.nClasses;
  const onehot = new Float64Array(M * K);
  s.y.forEach((c, r) => { onehot[r * K + c] = 1; });
  const votes = g.op('Gather', [dbl(g, 'train_classes', [M, K], onehot), idx], { axis: attr.int(0) }); // [N, k, K]
  const share = unsqueeze(g, g.op('Div', [v, total]), [2]);
  const probs = chainSum(g, slices(g, g.op('Mul', [votes, share]), 1, k));
  return { probs: squeeze(g, probs, [1]) };
};
