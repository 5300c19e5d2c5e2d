/**
 * The neural-network family: a multi-layer perceptron for two classes, several classes and
 * numbers. A 'dense' estimator: the pipeline hands it imputed, one-hot encoded, standardized
 * numbers. Runs on whichever tfjs backend is current (see ./engine).
 */
import { registerEstimator } from '../registry';
import { fitMlp, mlpDefaults, mlpOutputs, softmaxRows, type MlpParams, type MlpState } from './mlp';

export { mlpDefaults, type MlpParams, type MlpState } from './mlp';

export const mlp = registerEstimator<MlpParams, MlpState>({
  kind: 'nn.mlp',
  version: 1,
  family: 'nn',
  label: 'Neural network (MLP)',
  description: 'Layers of weighted sums with a non-linear activation between them, trained by Adam on mini-batches; stops early when a held-out part of the training rows stops improving and keeps the best weights.',
  tasks: ['binary', 'multiclass', 'regression'],
  input: 'dense',
  defaults: { ...mlpDefaults, hidden: [...mlpDefaults.hidden] },
  fit(data, params, ctx) {
    return fitMlp(data, { ...mlpDefaults, ...params }, ctx.seed, ctx.onProgress);
  },
  predict(state, _params, x) {
    const out = mlpOutputs(state, x);
    if (state.task === 'regression') return { value: out };
    return { proba: softmaxRows(out, state.outputs), nClasses: state.outputs };
  },
});
