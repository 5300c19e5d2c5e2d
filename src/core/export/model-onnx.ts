/**
 * Writes a fitted model, preparation included, as one ONNX graph that takes the raw columns.
 *
 * Inputs: one per raw feature column, named as in the data, shape [N, 1]:
 *   numbers → tensor(double), missing as NaN; categories → tensor(string), missing as "" (or NA,
 *   N/A, null, NaN, ?, None), unseen categories allowed (they score as the app scores them).
 * Outputs:
 *   classification → `label` tensor(string) [N] and `probabilities` tensor(float) [N, classes] in
 *     the class order of the `classes` metadata property. No ZipMap. The label is the first class
 *     of highest probability, taken from the double-precision probabilities (as the app does), so
 *     rounding to float cannot change it.
 *   regression → `value` tensor(double) [N]: double, not float, so that large targets (prices)
 *     keep their digits and match the app within 1e-5 relative.
 * Every model family is exported (models/*.ts says how each reproduces the app):
 *   linear (ols, ridge, lasso, elastic_net, logistic.l2, logistic.l1, logistic.multinomial):
 *     MatMul + Add (+ Sigmoid / Softmax);
 *   tree.cart, forest.random, gbdt.hist: ai.onnx.ml TreeEnsembleRegressor with double thresholds,
 *     native missing-value directions and GBDT category sets as lookup columns;
 *   knn: exact distances to the stored training rows, TopK, weighted votes or mean;
 *   nb.mixed: Gaussian log-likelihoods + log-probability lookups, Softmax.
 * Scoring memory: kNN holds a few N × (training rows) doubles per call, trees N × trees × outputs;
 *   score big inputs in batches (`onnxBatchRows`).
 * Opsets: ai.onnx 17, ai.onnx.ml 3 (LabelEncoder, TreeEnsembleRegressor). IR version 8.
 */
import type { FittedModel } from '../evaluate/train';
import { nnEmitter } from './nn-onnx';
import { pipelineToOnnx } from '../steps/pipeline';
import type { ModelEmitter } from './models/common';
import { knnEmitter } from './models/knn';
import { linearEmitters } from './models/linear';
import { naiveBayesEmitter } from './models/naive-bayes';
import { treeEmitters } from './models/trees';
import { attr, encodeModel, OnnxGraph } from './onnx/graph';

export const ONNX_OPSETS = { '': 17, 'ai.onnx.ml': 3 } as const;

export interface OnnxExportInfo {
  producerVersion: string;
  /** SHA-256 of the training data, hex. */
  dataHash: string;
  metrics: Record<string, number>;
}

const EMITTERS: Record<string, ModelEmitter> = {
  ...linearEmitters,
  ...treeEmitters,
  knn: knnEmitter,
  'nb.mixed': naiveBayesEmitter,
  'nn.mlp': nnEmitter,
};

/** Estimator kinds `modelToOnnx` can export. */
export function onnxExportable(kind: string): boolean {
  return Object.hasOwn(EMITTERS, kind);
}

/**
 * Rows per ONNX Runtime call that keep a call's working memory near 64 MB: kNN compares each row
 * with every stored training row.
 */
export function onnxBatchRows(model: FittedModel): number {
  const s = model.estimator.state as { rows?: unknown; trees?: unknown[] };
  if (model.estimator.kind === 'knn' && typeof s.rows === 'number') return Math.max(16, Math.floor(2_000_000 / Math.max(1, s.rows)));
  const trees = Array.isArray(s.trees) ? s.trees.length : 1;
  return Math.max(256, Math.min(16384, Math.floor(4_000_000 / Math.max(1, trees * Math.max(1, model.classes.length)))));
}

export function modelToOnnx(model: FittedModel, info: OnnxExportInfo): Uint8Array {
  const emit = EMITTERS[model.estimator.kind];
  if (!emit) throw new Error(`ONNX export of ${model.estimator.kind} models is not available yet.`);
  const g = new OnnxGraph('modelbench');
  const features = pipelineToOnnx(g, model.pipeline);
  const out = emit(g, features, model);
  if ('value' in out) {
    if (model.task !== 'regression') throw new Error(`The ${model.estimator.kind} model returned a value for a ${model.task} target.`);
    const value = g.op('Squeeze', [out.value, g.constant('axes', { elem: 'int64', dims: [1], values: [1] })]);
    g.output(value, 'value', 'double', ['N']);
  } else {
    if (model.task === 'regression') throw new Error(`The ${model.estimator.kind} model returned probabilities for a regression target.`);
    const argmax = g.op('ArgMax', [out.probs], { axis: attr.int(1), keepdims: attr.int(0) });
    const label = g.op('LabelEncoder', [argmax], {
      keys_int64s: attr.ints(model.classes.map((_, i) => i)),
      values_strings: attr.strings(model.classes),
      default_string: attr.string(''),
    }, 'ai.onnx.ml');
    g.output(label, 'label', 'string', ['N']);
    g.output(g.op('Cast', [out.probs], { to: attr.int(1) }), 'probabilities', 'float', ['N', model.classes.length]);
  }
  return encodeModel({
    graph: g,
    // onnxruntime's contrib domain only when a text step used its Tokenizer.
    opsets: { ...ONNX_OPSETS, ...(g.domains.has('com.microsoft') ? { 'com.microsoft': 1 } : {}) },
    producerName: 'Modelbench',
    producerVersion: info.producerVersion,
    docString: `Predicts ${model.target} from raw columns (${model.task}).`,
    metadata: {
      target: model.target,
      task: model.task,
      classes: JSON.stringify(model.classes),
      positive_class: model.positiveClass ?? '',
      input_schema: JSON.stringify(model.pipeline.input.map((c) => ({
        name: c.name,
        type: c.type === 'num' ? 'double' : 'string',
        kind: c.kind,
        ...(c.categories ? { categories: c.categories } : {}),
      }))),
      training_data_sha256: info.dataHash,
      metrics: JSON.stringify(info.metrics),
      modelbench_version: info.producerVersion,
    },
  });
}
