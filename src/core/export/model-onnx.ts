/**
 * Writes a fitted model, preparation included, as one ONNX graph that takes the raw columns.
 *
 * Inputs: one per raw feature column, named as in the data, shape [N, 1]:
 *   numbers → tensor(double), missing as NaN; categories → tensor(string), missing as "" (or NA,
 *   N/A, null, NaN, ?, None), unseen categories allowed (they score like a missing one-hot).
 * Outputs: `label` tensor(string) [N]; `probabilities` tensor(float) [N, classes] in the class
 *   order given by the `classes` metadata property. No ZipMap.
 * Opsets: ai.onnx 17, ai.onnx.ml 3 (LabelEncoder). IR version 8.
 */
import type { FittedModel } from '../evaluate/train';
import type { LogisticState } from '../models/logistic';
import { pipelineToOnnx } from '../steps/pipeline';
import { attr, encodeModel, OnnxGraph } from './onnx/graph';

export const ONNX_OPSETS = { '': 17, 'ai.onnx.ml': 3 } as const;

export interface OnnxExportInfo {
  producerVersion: string;
  /** SHA-256 of the training data, hex. */
  dataHash: string;
  metrics: Record<string, number>;
}

export function modelToOnnx(model: FittedModel, info: OnnxExportInfo): Uint8Array {
  if (model.estimator.kind !== 'logistic.l2') throw new Error(`ONNX export of ${model.estimator.kind} models is not available yet.`);
  const g = new OnnxGraph('modelbench');
  const features = pipelineToOnnx(g, model.pipeline);
  const { weights, intercept } = model.estimator.state as unknown as LogisticState;
  const w = g.constant('weights', { elem: 'double', dims: [weights.length, 1], values: weights });
  const b = g.constant('intercept', { elem: 'double', dims: [1], values: [intercept] });
  const p1 = g.op('Sigmoid', [g.op('Add', [g.op('MatMul', [features, w]), b])]);
  const one = g.constant('one', { elem: 'double', dims: [], values: [1] });
  const p0 = g.op('Sub', [one, p1]);
  const probs = g.op('Concat', [p0, p1], { axis: attr.int(1) });
  const argmax = g.op('ArgMax', [probs], { axis: attr.int(1), keepdims: attr.int(0) });
  const label = g.op('LabelEncoder', [argmax], {
    keys_int64s: attr.ints(model.classes.map((_, i) => i)),
    values_strings: attr.strings(model.classes),
    default_string: attr.string(''),
  }, 'ai.onnx.ml');
  g.output(label, 'label', 'string', ['N']);
  g.output(g.op('Cast', [probs], { to: attr.int(1) }), 'probabilities', 'float', ['N', model.classes.length]);
  return encodeModel({
    graph: g,
    opsets: { ...ONNX_OPSETS },
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
