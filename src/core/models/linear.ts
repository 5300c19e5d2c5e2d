/** The linear family as registered estimators. */
import { fitLogistic, logisticDefaults, predictLogistic, type LogisticState } from './logistic';
import { registerEstimator } from './registry';

export const logisticL2 = registerEstimator<{ C: number }, LogisticState & Record<string, never>>({
  kind: 'logistic.l2',
  version: 1,
  family: 'linear',
  label: 'Logistic regression',
  description: 'A weighted sum of the prepared features turned into a probability; L2-penalised (C = 1 as in scikit-learn), fitted exactly by Newton\'s method.',
  tasks: ['binary'],
  input: 'dense',
  defaults: { C: logisticDefaults.C },
  fit(data, params, ctx) {
    if (data.nClasses !== 2) throw new Error('Logistic regression here handles two classes.');
    if (data.y.every((v) => v === data.y[0])) throw new Error('Every training row has the same class, so there is nothing to learn.');
    return fitLogistic(data.x, data.rows, data.cols, data.y, { C: params.C }, (p) => ctx.onProgress?.({ iteration: p.iteration, loss: p.loss })) as LogisticState & Record<string, never>;
  },
  predict(state, _params, x) {
    const p1 = predictLogistic(state, x.x, x.rows, x.cols);
    const proba = new Float64Array(x.rows * 2);
    for (let i = 0; i < x.rows; i++) {
      proba[2 * i] = 1 - p1[i]!;
      proba[2 * i + 1] = p1[i]!;
    }
    return { proba, nClasses: 2 };
  },
});
