/**
 * ONNX nodes of a fitted MLP (nn.mlp), for `modelToOnnx`.
 *
 *   nnToOnnx(g, features, state, params, task, nClasses) → { probs } | { value }
 *
 * `features` is the prepared double [N, F] tensor (pipelineToOnnx). The network runs in float, as
 * the app runs it (tfjs float32): Cast → per hidden layer Gemm (batch normalisation folded into
 * its weights and bias) + activation (Relu / Tanh / Sigmoid / Elu) → output Gemm → Softmax for
 * classes. Returns double tensors like every other emitter: probabilities [N, nClasses] or the
 * value [N, 1]. Agreement with the app: probabilities within ~1e-6 (folding batch normalisation
 * changes float rounding slightly), values within ~1e-6 relative.
 * Opset 17 (Gemm, Relu, Tanh, Sigmoid, Elu, Softmax with axis = 1, Cast).
 */
import type { FittedModel } from '../evaluate/train';
import type { Task } from '../frame/kinds';
import type { Json } from '../models/types';
import { BN_EPSILON, type MlpState } from '../models/nn/mlp';
import { attr, type OnnxGraph } from './onnx/graph';

const FLOAT = 1;
const DOUBLE = 11;

/** Folds inference-time batch normalisation into the preceding Dense layer's kernel and bias. */
export function foldBatchNorm(kernel: readonly number[], bias: readonly number[], bn: NonNullable<MlpState['layers'][number]['bn']>): { kernel: Float32Array; bias: Float32Array } {
  const units = bias.length;
  const rows = kernel.length / units;
  const k = new Float32Array(kernel.length);
  const b = new Float32Array(units);
  for (let u = 0; u < units; u++) {
    const s = bn.gamma[u]! / Math.sqrt(bn.variance[u]! + BN_EPSILON);
    for (let r = 0; r < rows; r++) k[r * units + u] = kernel[r * units + u]! * s;
    b[u] = (bias[u]! - bn.mean[u]!) * s + bn.beta[u]!;
  }
  return { kernel: k, bias: b };
}

export function nnToOnnx(g: OnnxGraph, features: string, state: Json, _params: Json, task: Task, nClasses: number): { probs: string } | { value: string } {
  const s = state as unknown as MlpState;
  const K = task === 'regression' ? 1 : nClasses;
  if (s.outputs !== K) throw new Error(`The network has ${s.outputs} outputs but the target needs ${K}.`);
  let h = g.op('Cast', [features], { to: attr.int(FLOAT) });
  let width = s.inputs;
  s.layers.forEach((l, i) => {
    const units = l.bias.length;
    const folded = l.bn ? foldBatchNorm(l.kernel, l.bias, l.bn) : { kernel: Float32Array.from(l.kernel), bias: Float32Array.from(l.bias) };
    const w = g.constant(`nn_kernel_${i + 1}`, { elem: 'float', dims: [width, units], values: folded.kernel });
    const b = g.constant(`nn_bias_${i + 1}`, { elem: 'float', dims: [units], values: folded.bias });
    h = g.op('Gemm', [h, w, b]);
    if (i < s.layers.length - 1) {
      const op = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', elu: 'Elu' }[s.activation];
      h = s.activation === 'elu' ? g.op(op, [h], { alpha: attr.float(1) }) : g.op(op, [h]);
    }
    width = units;
  });
  if (task === 'regression') return { value: g.op('Cast', [h], { to: attr.int(DOUBLE) }) };
  // Softmax in double, as the app normalises in double precision.
  return { probs: g.op('Softmax', [g.op('Cast', [h], { to: attr.int(DOUBLE) })], { axis: attr.int(1) }) };
}

/** The same, in the shape of model-onnx's per-kind emitters: `(g, features, model) → { probs } | { value }`. */
export function nnEmitter(g: OnnxGraph, features: string, model: FittedModel): { probs: string } | { value: string } {
  return nnToOnnx(g, features, model.estimator.state, model.estimator.params, model.task, model.classes.length);
}
