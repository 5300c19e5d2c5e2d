/**
 * The linear family: every kind is features · W + b (MatMul + Add in double), then
 * - regression (ols, ridge, lasso, elastic_net): the value;
 * - logistic.l2, logistic.l1: Sigmoid, probabilities [1 − p, p] as the app computes them;
 * - logistic.multinomial: Softmax over the classes seen in training; a class absent from the
 *   training rows gets the intercept −∞, so its probability is exactly 0 as in the app.
 * MatMul sums in its own order, so values differ from the app's running sum by rounding only
 * (≈ 1e-16 relative).
 */
import type { LinearState, MultinomialState } from '../../models/linear-more';
import { attr } from '../onnx/graph';
import { binaryProbs, dbl, type ModelEmitter } from './common';

const affine: ModelEmitter = (g, features, model) => {
  const s = model.estimator.state as unknown as LinearState;
  const w = dbl(g, 'weights', [s.weights.length, 1], s.weights);
  const b = dbl(g, 'intercept', [1], [s.intercept]);
  const z = g.op('Add', [g.op('MatMul', [features, w]), b]);
  if (model.task === 'regression') return { value: z };
  return { probs: binaryProbs(g, g.op('Sigmoid', [z])) };
};

const multinomial: ModelEmitter = (g, features, model) => {
  const s = model.estimator.state as unknown as MultinomialState;
  const K = s.nClasses;
  const F = s.weights[0]?.length ?? 0;
  const w = new Float64Array(F * K);
  const b = new Float64Array(K).fill(-Infinity);
  s.classes.forEach((c, k) => {
    for (let j = 0; j < F; j++) w[j * K + c] = s.weights[k]![j]!;
    b[c] = s.intercepts[k]!;
  });
  const z = g.op('Add', [g.op('MatMul', [features, dbl(g, 'weights', [F, K], w)]), dbl(g, 'intercepts', [K], b)]);
  return { probs: g.op('Softmax', [z], { axis: attr.int(1) }) };
};

export const linearEmitters: Record<string, ModelEmitter> = {
  'logistic.l2': affine,
  'logistic.l1': affine,
  ols: affine,
  ridge: affine,
  lasso: affine,
  elastic_net: affine,
  'logistic.multinomial': multinomial,
};
