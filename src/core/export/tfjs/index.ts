/**
 * The files of a TensorFlow.js export of a fitted model (pure: the Node side writes them):
 *   model.json        LayersModel topology + weights manifest (`tf.loadLayersModel` reads it)
 *   weights.bin       float32 weights
 *   pipeline.json     the fitted preparation pipeline (`FittedPipeline`), applied by predict.js
 *   modelbench.json   target, task, class order, input schema, missing markers, metrics
 *   predict.js        dependency-free ES module: raw rows → input tensor → predictions
 * The network's input is the prepared feature matrix (pipeline.json's `features`, in order).
 */
import type { FittedModel } from '../../evaluate/train';
import { MISSING_MARKERS } from '../../frame/builder';
import { denseNetOf, layersArtifacts, tfjsExportable, type DenseNet, type LayersArtifacts } from './layers';
import { PREDICT_JS } from './predict-js';

export { denseNetOf, layersArtifacts, tfjsExportable, type DenseNet, type LayersArtifacts, PREDICT_JS };

export interface TfjsExportInfo {
  producerVersion: string;
  /** SHA-256 of the training data, hex. */
  dataHash?: string;
  metrics?: Record<string, number>;
}

export interface ExportFile {
  name: string;
  data: Uint8Array | string;
}

export const WEIGHTS_FILE = 'weights.bin';

/** The export's files, in writing order (model.json last but one, predict.js last). */
export function tfjsExportFiles(model: FittedModel, info: TfjsExportInfo): ExportFile[] {
  if (!tfjsExportable(model.estimator.kind)) {
    throw new Error(`TensorFlow.js export of ${model.estimator.kind} models is not available: it handles neural networks and linear models.`);
  }
  const net = denseNetOf(model);
  if (net.inputs !== model.pipeline.features.length) throw new Error(`The model takes ${net.inputs} features but the pipeline makes ${model.pipeline.features.length}.`);
  const art = layersArtifacts(net);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `Modelbench ${info.producerVersion}`,
    convertedBy: null,
    modelTopology: art.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: art.weightSpecs }],
  };
  const meta = {
    formatVersion: 1,
    producer: `Modelbench ${info.producerVersion}`,
    target: model.target,
    task: model.task,
    classes: model.classes,
    positiveClass: model.positiveClass,
    estimator: model.estimator.kind,
    inputs: model.pipeline.input.map((c) => ({ name: c.name, type: c.type === 'num' ? 'number' : 'category', kind: c.kind, ...(c.categories ? { categories: c.categories } : {}) })),
    features: model.pipeline.features,
    output: model.task === 'regression' ? 'value [N, 1]' : `softmax probabilities [N, ${model.classes.length}] in the order of classes`,
    missingMarkers: [...MISSING_MARKERS],
    ...(info.metrics ? { metrics: info.metrics } : {}),
    ...(info.dataHash ? { trainingDataSha256: info.dataHash } : {}),
  };
  return [
    { name: WEIGHTS_FILE, data: art.weightData },
    { name: 'pipeline.json', data: JSON.stringify(model.pipeline, null, 1) },
    { name: 'modelbench.json', data: JSON.stringify(meta, null, 1) },
    { name: 'model.json', data: JSON.stringify(modelJson) },
    { name: 'predict.js', data: PREDICT_JS },
  ];
}

/**
 * Reads a network back from its artifacts (topology + weight bytes): what a LayersModel loader
 * would see. Used to check an export before it is written.
 */
export function denseNetFromArtifacts(topology: Record<string, unknown>, specs: LayersArtifacts['weightSpecs'], bytes: Uint8Array): DenseNet {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Map<string, number[]>();
  let o = 0;
  for (const s of specs) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const v: number[] = new Array(size);
    for (let i = 0; i < size; i++) v[i] = view.getFloat32((o + i) * 4, true);
    weights.set(s.name, v);
    o += size;
  }
  const layers = (topology.config as { layers: { class_name: string; config: Record<string, unknown> }[] }).layers;
  const net: DenseNet = { inputs: 0, layers: [], activation: 'relu', output: 'linear', dropout: 0 };
  for (const l of layers) {
    const c = l.config;
    const name = String(c.name);
    if (l.class_name === 'Dense') {
      if (!net.layers.length) net.inputs = (c.batch_input_shape as number[])[1]!;
      net.layers.push({ kernel: weights.get(`${name}/kernel`)!, bias: weights.get(`${name}/bias`)! });
      if (c.activation === 'softmax' || (c.activation === 'linear' && l === layers.at(-1))) net.output = c.activation as DenseNet['output'];
      else if (c.activation !== 'linear') net.activation = c.activation as DenseNet['activation'];
    } else if (l.class_name === 'BatchNormalization') {
      net.layers.at(-1)!.bn = { gamma: weights.get(`${name}/gamma`)!, beta: weights.get(`${name}/beta`)!, mean: weights.get(`${name}/moving_mean`)!, variance: weights.get(`${name}/moving_variance`)! };
    } else if (l.class_name === 'Activation') {
      net.activation = c.activation as DenseNet['activation'];
    } else if (l.class_name === 'Dropout') {
      net.dropout = Number(c.rate);
    } else throw new Error(`Unexpected layer ${l.class_name}.`);
  }
  return net;
}
