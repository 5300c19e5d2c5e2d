/**
 * Naive Bayes on mixed columns (naive-bayes.ts) with standard operators:
 *   jll[c] = log prior[c] + Σ over columns j, in column order, of
 *     numeric j:  logNorm[c] − (x − mean[c])² · inv2var[c]   (constants computed as the app does)
 *     category j: Gather on the [levels + 1, classes] table of log P(code | class)
 * then Softmax. A missing value (NaN or ±∞ for numbers; anything but a code 0..levels-1 for
 * categories, e.g. an unseen category) adds 0 to every class, as the app skips it: numbers by
 * Where(finite, term, 0), categories by the table's last row of zeros. Classes absent from the
 * training rows have log prior −∞, so their probability is exactly 0. When every class's score
 * overflows to −∞ (an absurd value) the app falls back to the priors; so does the graph.
 */
import type { NbState } from '../../models/naive-bayes';
import { attr } from '../onnx/graph';
import { chainSum, columns, dbl, finiteMask, tableRow, type ModelEmitter } from './common';

export const naiveBayesEmitter: ModelEmitter = (g, features, model) => {
  const s = model.estimator.state as unknown as NbState;
  const K = s.nClasses;
  const present = (c: number) => s.logPrior[c] !== null;
  const prior = dbl(g, 'log_prior', [1, K], s.logPrior.map((p) => (p === null ? -Infinity : p)));
  const xs = columns(g, features, s.cols);
  const terms: string[] = [prior];
  s.features.forEach((f, j) => {
    const x = xs[j]!;
    if (f.type === 'num') {
      // Absent classes get harmless finite constants: their −∞ prior decides.
      const mean = f.mean.map((m, c) => (present(c) ? m : 0));
      const inv2var = f.var.map((v, c) => (present(c) ? 0.5 / v : 0));
      const logNorm = f.var.map((v, c) => (present(c) ? -0.5 * Math.log(2 * Math.PI * v) : 0));
      const d = g.op('Sub', [x, dbl(g, 'mean', [1, K], mean)]);
      const term = g.op('Sub', [dbl(g, 'log_norm', [1, K], logNorm), g.op('Mul', [g.op('Mul', [d, d]), dbl(g, 'inv_2var', [1, K], inv2var)])]);
      terms.push(g.op('Where', [finiteMask(g, x), term, dbl(g, 'zero', [], [0])]));
    } else if (f.type === 'cat') {
      const table = new Float64Array((f.levels + 1) * K);
      for (let c = 0; c < K; c++) for (let l = 0; l < f.levels; l++) table[l * K + c] = f.logp[c]![l]!;
      terms.push(g.op('Gather', [dbl(g, 'log_p', [f.levels + 1, K], table), tableRow(g, x, f.levels)], { axis: attr.int(0) }));
    }
  });
  // Absent classes stay at −∞ whatever their (unused) constants gave.
  const presentMask = g.constant('present_classes', { elem: 'bool', dims: [1, K], values: s.logPrior.map((p) => (p === null ? 0 : 1)) });
  const jll = g.op('Where', [presentMask, chainSum(g, terms), dbl(g, 'minus_inf', [], [-Infinity])]);
  const best = g.op('ReduceMax', [jll], { axes: attr.ints([1]), keepdims: attr.int(1) });
  const scores = g.op('Where', [finiteMask(g, best), jll, prior]);
  return { probs: g.op('Softmax', [scores], { axis: attr.int(1) }) };
};
