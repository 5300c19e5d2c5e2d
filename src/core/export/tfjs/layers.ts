/**
 * Fitted dense models (the MLP and the linear family) as a TensorFlow.js LayersModel: a
 * hand-written Keras-style `Sequential` topology of Dense / BatchNormalization / Activation /
 * Dropout layers plus one little-endian float32 weights file, the format `tf.loadLayersModel`
 * reads (tfjs-layers `model.json` with `format: "layers-model"`).
 *
 * Guarantees: the network computes what the app computes from the prepared features — the MLP's
 * own float32 weights unchanged (tfjs does the same float32 arithmetic), linear models' double
 * weights rounded to float32 (so probabilities agree to ~1e-6, values to ~1e-7 relative).
 * Classification outputs softmax probabilities [N, classes] in the model's class order;
 * regression outputs the value [N, 1].
 */
import type { FittedModel } from '../../evaluate/train';
import { tfjsExportable } from './kinds';
import type { LinearState, MultinomialState } from '../../models/linear-more';
import type { LogisticState } from '../../models/logistic';
import { BN_EPSILON, type Activation, type DenseState, type MlpParams, type MlpState } from '../../models/nn/mlp';

/** A feed-forward network of dense layers: what every exportable estimator becomes. */
export interface DenseNet {
  inputs: number;
  /** Hidden layers then the output layer. */
  layers: DenseState[];
  activation: Activation;
  output: 'softmax' | 'linear';
  /** Dropout rate after each hidden layer (inactive at prediction; kept to document the model). */
  dropout: number;
}

export { tfjsExportable };

/**
 * The network of a fitted model. Binary logistic models become a two-unit softmax whose first
 * logit is 0 (softmax([0, z]) = [1 − σ(z), σ(z)]); classes a multinomial model never saw get a
 * logit of −1e9, i.e. probability 0, as in the app.
 */
export function denseNetOf(model: FittedModel): DenseNet {
  const { kind, state, params } = model.estimator;
  if (kind === 'nn.mlp') {
    const s = state as unknown as MlpState;
    const p = params as unknown as Partial<MlpParams>;
    return { inputs: s.inputs, layers: s.layers, activation: s.activation, output: s.task === 'regression' ? 'linear' : 'softmax', dropout: p.dropout ?? 0 };
  }
  if (kind === 'ridge' || kind === 'ols' || kind === 'lasso' || kind === 'elastic_net') {
    const s = state as unknown as LinearState;
    return { inputs: s.weights.length, layers: [{ kernel: [...s.weights], bias: [s.intercept] }], activation: 'relu', output: 'linear', dropout: 0 };
  }
  if (kind === 'logistic.l2' || kind === 'logistic.l1') {
    const s = state as unknown as LogisticState;
    const kernel: number[] = [];
    for (const w of s.weights) kernel.push(0, w);
    return { inputs: s.weights.length, layers: [{ kernel, bias: [0, s.intercept] }], activation: 'relu', output: 'softmax', dropout: 0 };
  }
  if (kind === 'logistic.multinomial') {
    const s = state as unknown as MultinomialState;
    const cols = s.weights[0]?.length ?? 0;
    const K = s.nClasses;
    const kernel = new Array<number>(cols * K).fill(0);
    const bias = new Array<number>(K).fill(-1e9);
    s.classes.forEach((c, k) => {
      for (let j = 0; j < cols; j++) kernel[j * K + c] = s.weights[k]![j]!;
      bias[c] = s.intercepts[k]!;
    });
    return { inputs: cols, layers: [{ kernel, bias }], activation: 'relu', output: 'softmax', dropout: 0 };
  }
  throw new Error(`TensorFlow.js export of ${kind} models is not available: it handles neural networks and linear models.`);
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface LayersArtifacts {
  /** The `modelTopology` object of model.json. */
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  /** All weights, float32 little-endian, in `weightSpecs` order. */
  weightData: Uint8Array;
}

/** The Keras-style topology and the weights of a network. */
export function layersArtifacts(net: DenseNet, name = 'modelbench'): LayersArtifacts {
  const layers: Record<string, unknown>[] = [];
  const specs: WeightSpec[] = [];
  const values: number[][] = [];
  let width = net.inputs;
  const hidden = net.layers.length - 1;
  const add = (className: string, config: Record<string, unknown>) => {
    if (!layers.length) config.batch_input_shape = [null, net.inputs];
    layers.push({ class_name: className, config: { name: config.name, trainable: true, dtype: 'float32', ...config } });
  };
  const weight = (n: string, shape: number[], v: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    if (v.length !== size) throw new Error(`Weight ${n} has ${v.length} values, expected ${size}.`);
    specs.push({ name: n, shape, dtype: 'float32' });
    values.push(v);
  };
  net.layers.forEach((l, i) => {
    const units = l.bias.length;
    if (l.kernel.length !== width * units) throw new Error(`Layer ${i + 1} does not fit the previous layer's width.`);
    const isOut = i === hidden;
    const dense = `dense_${i + 1}`;
    // The activation sits in the Dense layer unless batch normalisation comes between them.
    const act = isOut ? net.output : l.bn ? 'linear' : net.activation;
    add('Dense', { name: dense, units, activation: act, use_bias: true, kernel_initializer: { class_name: 'Zeros', config: {} }, bias_initializer: { class_name: 'Zeros', config: {} } });
    weight(`${dense}/kernel`, [width, units], l.kernel);
    weight(`${dense}/bias`, [units], l.bias);
    if (!isOut && l.bn) {
      const bn = `batch_normalization_${i + 1}`;
      add('BatchNormalization', { name: bn, axis: -1, momentum: 0.99, epsilon: BN_EPSILON, center: true, scale: true });
      weight(`${bn}/gamma`, [units], l.bn.gamma);
      weight(`${bn}/beta`, [units], l.bn.beta);
      weight(`${bn}/moving_mean`, [units], l.bn.mean);
      weight(`${bn}/moving_variance`, [units], l.bn.variance);
      add('Activation', { name: `activation_${i + 1}`, activation: net.activation });
    }
    if (!isOut && net.dropout > 0) add('Dropout', { name: `dropout_${i + 1}`, rate: net.dropout });
    width = units;
  });
  const total = values.reduce((a, v) => a + v.length, 0);
  const f32 = new Float32Array(total);
  let o = 0;
  for (const v of values) { f32.set(v, o); o += v.length; }
  // Float32Array is little-endian on every platform tfjs runs on; write explicitly anyway.
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < total; i++) view.setFloat32(i * 4, f32[i]!, true);
  return {
    modelTopology: {
      class_name: 'Sequential',
      config: { name, layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightSpecs: specs,
    weightData: bytes,
  };
}
