/**
 * A multi-layer perceptron trained by mini-batch Adam, written with tfjs-core ops only and fully
 * synchronous (the estimator contract's `fit` is synchronous).
 *
 * Each hidden layer is Dense → (BatchNorm) → activation → (Dropout); the output layer is Dense
 * with softmax (classes) or linear (numbers). Gradients are computed by hand rather than with
 * tfjs's tape: the tape's matMul gradients use transposed matMul kernels that the WebAssembly
 * backend runs ~10× slower than an explicit transpose followed by a plain matMul.
 *
 * Guarantees:
 * - Deterministic under `seed` on a given backend: weights are initialised, rows shuffled, the
 *   validation rows chosen and dropout masks drawn from seeded generators.
 * - Early stopping watches the loss on a held-out part of the training rows and restores the
 *   weights of the best epoch.
 * - Every tensor created is disposed before `fit`/`predict` return.
 * - `onProgress` is called after every epoch and at least every ~0.25 s inside an epoch; when it
 *   throws (cancel), the error propagates after the tensors are freed.
 * - The fitted state is plain JSON: weights as number arrays (float32 values), regression target
 *   scaling folded into the output layer.
 */
import { createRandom, shuffleInPlace } from '../../util/random';
import type { FitProgress, Matrix, TrainData } from '../types';
import { ensureBackend, tf } from './engine';

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'elu'];

export type MlpParams = {
  /** Units of each hidden layer, input side first. Empty: a linear / logistic model. */
  hidden: number[];
  activation: Activation;
  /** Fraction of each hidden layer's units dropped while training (0 = none). */
  dropout: number;
  batch_norm: boolean;
  /** L2 penalty on the weights (not biases), added to the mean loss as l2/2·Σw². */
  l2: number;
  learning_rate: number;
  /** 'plateau': halve the rate when the validation loss stalls; 'cosine': anneal to 1 % over max_iter. */
  lr_schedule: 'constant' | 'plateau' | 'cosine';
  batch_size: number;
  /** Maximum number of epochs (passes over the training rows), as scikit-learn's MLP `max_iter`. */
  max_iter: number;
  early_stopping: boolean;
  /** Fraction of the training rows held out to watch for early stopping (stratified for classes). */
  validation_fraction: number;
  /** Epochs without improvement of the validation loss before stopping. */
  patience: number;
  /** 'balanced' weights each class by n / (classes × its count), for imbalanced targets. */
  class_weight: 'none' | 'balanced';
};

export const mlpDefaults: MlpParams = {
  hidden: [256, 128],
  activation: 'relu',
  dropout: 0.3,
  batch_norm: false,
  l2: 1e-3,
  learning_rate: 1e-3,
  lr_schedule: 'plateau',
  batch_size: 128,
  max_iter: 150,
  early_stopping: true,
  validation_fraction: 0.1,
  patience: 12,
  class_weight: 'none',
};

export type DenseState = {
  /** in × out, row-major. */
  kernel: number[];
  bias: number[];
  /** Batch normalisation after the Dense layer (inference statistics). */
  bn?: { gamma: number[]; beta: number[]; mean: number[]; variance: number[] };
};

export type MlpState = {
  /** Input features. */
  inputs: number;
  /** Output units: classes, or 1 for regression. */
  outputs: number;
  task: 'binary' | 'multiclass' | 'regression';
  activation: Activation;
  /** Hidden layers then the output layer. */
  layers: DenseState[];
  epochs: number;
  bestEpoch: number;
  /** Per-epoch mean training loss and validation loss (empty without early stopping). */
  history: { loss: number[]; validLoss: number[] };
  /** The tfjs backend it was trained on. */
  backend: string;
};

export const BN_EPSILON = 1e-3;
const BN_MOMENTUM = 0.99;
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const PROGRESS_EVERY_MS = 250;

export function checkParams(p: MlpParams): void {
  if (!Array.isArray(p.hidden) || p.hidden.some((h) => !Number.isInteger(h) || h < 1 || h > 4096)) throw new Error('Hidden layer sizes must be whole numbers from 1 to 4096.');
  if (!ACTIVATIONS.includes(p.activation)) throw new Error(`The activation must be one of ${ACTIVATIONS.join(', ')}.`);
  if (!(p.dropout >= 0 && p.dropout < 1)) throw new Error('Dropout must be at least 0 and below 1.');
  if (!(p.l2 >= 0)) throw new Error('The L2 penalty must be 0 or more.');
  if (!(p.learning_rate > 0)) throw new Error('The learning rate must be above 0.');
  if (!Number.isInteger(p.batch_size) || p.batch_size < 1) throw new Error('The batch size must be a whole number of at least 1.');
  if (!Number.isInteger(p.max_iter) || p.max_iter < 1) throw new Error('The number of epochs must be a whole number of at least 1.');
  if (!(p.validation_fraction > 0 && p.validation_fraction < 0.5)) throw new Error('The validation fraction must be above 0 and below 0.5.');
}

/** Picks validation rows: stratified by class for classification, seeded. */
function splitValidation(data: TrainData, fraction: number, random: () => number): { train: Int32Array; valid: Int32Array } {
  const n = data.rows;
  const groups: number[][] = [];
  if (data.task === 'regression') groups.push(Array.from({ length: n }, (_, i) => i));
  else {
    for (let c = 0; c < data.nClasses; c++) groups.push([]);
    for (let i = 0; i < n; i++) groups[data.y[i]!]!.push(i);
  }
  const valid: number[] = [];
  const train: number[] = [];
  for (const g of groups) {
    shuffleInPlace(g, random);
    // A class with a single row stays in training.
    const k = g.length > 1 ? Math.round(g.length * fraction) : 0;
    valid.push(...g.slice(0, k));
    train.push(...g.slice(k));
  }
  train.sort((a, b) => a - b);
  valid.sort((a, b) => a - b);
  return { train: Int32Array.from(train), valid: Int32Array.from(valid) };
}

function initKernel(fanIn: number, fanOut: number, he: boolean, random: () => number): Float32Array {
  // He-uniform for ReLU-like units, Glorot-uniform otherwise (the Keras defaults' reasoning).
  const limit = he ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (random() * 2 - 1) * limit;
  return w;
}

interface Params {
  kernels: tf.Tensor2D[];
  biases: tf.Tensor1D[];
  gammas: tf.Tensor1D[];
  betas: tf.Tensor1D[];
}
interface Stats {
  means: tf.Tensor1D[];
  variances: tf.Tensor1D[];
}

const flatParams = (p: Params): tf.Tensor[] => [...p.kernels, ...p.biases, ...p.gammas, ...p.betas];
function unflatParams(t: tf.Tensor[], layers: number, bn: boolean): Params {
  const hidden = layers - 1;
  return {
    kernels: t.slice(0, layers) as tf.Tensor2D[],
    biases: t.slice(layers, 2 * layers) as tf.Tensor1D[],
    gammas: (bn ? t.slice(2 * layers, 2 * layers + hidden) : []) as tf.Tensor1D[],
    betas: (bn ? t.slice(2 * layers + hidden, 2 * layers + 2 * hidden) : []) as tf.Tensor1D[],
  };
}

function activate(u: tf.Tensor, act: Activation): tf.Tensor {
  switch (act) {
    case 'relu': return tf.relu(u);
    case 'tanh': return tf.tanh(u);
    case 'sigmoid': return tf.sigmoid(u);
    case 'elu': return tf.elu(u);
  }
}

/** d act(u) / du, written in terms of u and a = act(u). */
function activationGrad(u: tf.Tensor, a: tf.Tensor, act: Activation): tf.Tensor {
  switch (act) {
    case 'relu': return tf.step(u, 0);
    case 'tanh': return tf.sub(1, tf.square(a));
    case 'sigmoid': return tf.mul(a, tf.sub(1, a));
    case 'elu': return tf.where(tf.greater(u, 0), tf.onesLike(u), tf.add(a, 1));
  }
}

/** Inference forward pass to the output layer's pre-activation (logits or standardized value). */
function forwardInference(x: tf.Tensor2D, p: Params, stats: Stats, act: Activation, bn: boolean): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  const hidden = p.kernels.length - 1;
  for (let l = 0; l < hidden; l++) {
    let z: tf.Tensor2D = tf.add(tf.matMul(h, p.kernels[l]!), p.biases[l]!);
    if (bn) z = tf.batchNorm(z, stats.means[l]!, stats.variances[l]!, p.betas[l]!, p.gammas[l]!, BN_EPSILON);
    h = activate(z, act) as tf.Tensor2D;
  }
  return tf.add(tf.matMul(h, p.kernels[hidden]!), p.biases[hidden]!);
}

/** Mean loss of predictions against targets, weighted; `out` as from `forwardInference`. */
function lossOf(out: tf.Tensor2D, target: tf.Tensor2D, w: tf.Tensor1D, classification: boolean): tf.Scalar {
  const perRow = classification
    ? tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(out)), 1))
    : tf.mul(0.5, tf.sum(tf.square(tf.sub(out, target)), 1));
  return tf.div(tf.sum(tf.mul(perRow, w)), tf.sum(w));
}

export function fitMlp(data: TrainData, params: MlpParams, seed: number, onProgress?: (p: FitProgress) => void): MlpState {
  checkParams(params);
  const { rows: n, cols: d, task } = data;
  if (n < 2) throw new Error('A neural network needs at least two training rows.');
  if (data.x.length !== n * d || data.y.length !== n) throw new Error('The feature matrix and target sizes do not match.');
  const classification = task !== 'regression';
  const K = classification ? data.nClasses : 1;
  if (classification) {
    if (!(K >= 2)) throw new Error('Classification needs at least two classes.');
    const y0 = data.y[0];
    if (data.y.every((v) => v === y0)) throw new Error('Every training row has the same class, so there is nothing to learn.');
  } else {
    for (const v of data.y) if (!Number.isFinite(v)) throw new Error('The target has missing or infinite values; drop those rows first.');
    const y0 = data.y[0];
    if (data.y.every((v) => v === y0)) throw new Error('Every training row has the same target value, so there is nothing to learn.');
  }
  for (const v of data.x) if (!Number.isFinite(v)) throw new Error('The neural network needs prepared features without missing values; add imputation steps.');
  const backend = ensureBackend();
  const random = createRandom(seed ^ 0x5bd1e995);
  const act = params.activation;
  const bn = params.batch_norm;
  const sizes = [d, ...params.hidden, K];
  const layers = sizes.length - 1;
  const hidden = layers - 1;

  // Targets: one-hot classes, or the standardized value (scale folded back in at the end).
  let yMean = 0;
  let yScale = 1;
  if (!classification) {
    let m = 0;
    for (const v of data.y) m += v;
    m /= n;
    let s = 0;
    for (const v of data.y) s += (v - m) ** 2;
    yMean = m;
    yScale = Math.sqrt(s / n) || 1;
  }
  const target = new Float32Array(n * K);
  for (let i = 0; i < n; i++) {
    if (classification) target[i * K + data.y[i]!] = 1;
    else target[i] = (data.y[i]! - yMean) / yScale;
  }
  // Row weights: given weights × class weights.
  const rowW = new Float32Array(n).fill(1);
  if (data.weights) for (let i = 0; i < n; i++) rowW[i] = data.weights[i]!;
  if (classification && params.class_weight === 'balanced') {
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) counts[data.y[i]!]! += 1;
    const present = counts.filter((c) => c > 0).length;
    for (let i = 0; i < n; i++) rowW[i]! *= n / (present * counts[data.y[i]!]!);
  }

  const split = params.early_stopping && n >= 20 ? splitValidation(data, params.validation_fraction, random) : null;
  const trainRows = split && split.valid.length > 0 ? split.train : Int32Array.from({ length: n }, (_, i) => i);
  const validRows = split && split.valid.length > 0 ? split.valid : null;

  const tensors: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => { tensors.push(t); return t; };
  let params_: Params | null = null;
  let stats: Stats | null = null;
  let adamM: tf.Tensor[] = [];
  let adamV: tf.Tensor[] = [];
  let best: { params: tf.Tensor[]; stats: tf.Tensor[] } | null = null;
  let lossSum: tf.Scalar | null = null;
  const disposeAll = () => {
    if (lossSum) lossSum.dispose();
    tf.dispose(tensors);
    if (params_) tf.dispose(flatParams(params_));
    if (stats) tf.dispose([...stats.means, ...stats.variances]);
    tf.dispose(adamM);
    tf.dispose(adamV);
    if (best) tf.dispose([...best.params, ...best.stats]);
  };

  try {
    const X = keep(tf.tensor2d(Float32Array.from(data.x), [n, d]));
    const Y = keep(tf.tensor2d(target, [n, K]));
    const W = keep(tf.tensor1d(rowW));
    const valid = validRows ? (() => {
      const idx = keep(tf.tensor1d(validRows, 'int32'));
      return { x: keep(tf.gather(X, idx)) as tf.Tensor2D, y: keep(tf.gather(Y, idx)) as tf.Tensor2D, w: keep(tf.gather(W, idx)) as tf.Tensor1D };
    })() : null;

    const he = act === 'relu' || act === 'elu';
    params_ = {
      kernels: Array.from({ length: layers }, (_, l) => tf.tensor2d(initKernel(sizes[l]!, sizes[l + 1]!, he && l < hidden, random), [sizes[l]!, sizes[l + 1]!])),
      biases: Array.from({ length: layers }, (_, l) => tf.zeros([sizes[l + 1]!]) as tf.Tensor1D),
      gammas: bn ? Array.from({ length: hidden }, (_, l) => tf.ones([sizes[l + 1]!]) as tf.Tensor1D) : [],
      betas: bn ? Array.from({ length: hidden }, (_, l) => tf.zeros([sizes[l + 1]!]) as tf.Tensor1D) : [],
    };
    stats = {
      means: bn ? Array.from({ length: hidden }, (_, l) => tf.zeros([sizes[l + 1]!]) as tf.Tensor1D) : [],
      variances: bn ? Array.from({ length: hidden }, (_, l) => tf.ones([sizes[l + 1]!]) as tf.Tensor1D) : [],
    };
    adamM = flatParams(params_).map((t) => tf.zerosLike(t));
    adamV = flatParams(params_).map((t) => tf.zerosLike(t));

    const batch = Math.min(params.batch_size, trainRows.length);
    const order = Array.from(trainRows);
    const history = { loss: [] as number[], validLoss: [] as number[] };
    let lr = params.learning_rate;
    let step = 0;
    let bestLoss = Infinity;
    let bestEpoch = 0;
    let sinceBest = 0;
    let sincePlateau = 0;
    let lastLoss = Number.NaN;
    let lastReport = Date.now();
    let epoch = 0;
    const isWeight = (i: number) => i < layers; // the kernels come first in flatParams

    for (epoch = 1; epoch <= params.max_iter; epoch++) {
      shuffleInPlace(order, random);
      if (params.lr_schedule === 'cosine') lr = params.learning_rate * (0.01 + 0.99 * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / params.max_iter)));
      lossSum = tf.scalar(0);
      let seen = 0;
      for (let start = 0; start < order.length; start += batch) {
        const end = Math.min(order.length, start + batch);
        const m = end - start;
        if (bn && m < 2) continue; // batch statistics need two rows
        const dropSeeds = Array.from({ length: hidden }, () => Math.floor(random() * 2 ** 31));
        step++;
        const lrT = lr * Math.sqrt(1 - ADAM.beta2 ** step) / (1 - ADAM.beta1 ** step);
        const p = params_;
        const st = stats;
        const prevLoss: tf.Scalar = lossSum;
        const out = tf.tidy(() => {
          const idx = tf.tensor1d(Int32Array.from(order.slice(start, end)), 'int32');
          const xb = tf.gather(X, idx) as tf.Tensor2D;
          const yb = tf.gather(Y, idx) as tf.Tensor2D;
          const wb = tf.gather(W, idx) as tf.Tensor1D;
          const wsum = tf.sum(wb);
          // Forward, keeping what the backward pass needs.
          const inputs: tf.Tensor2D[] = [];
          const us: tf.Tensor2D[] = [];
          const as: tf.Tensor2D[] = [];
          const zhats: tf.Tensor2D[] = [];
          const rstds: tf.Tensor1D[] = [];
          const masks: (tf.Tensor2D | null)[] = [];
          const newMeans: tf.Tensor1D[] = [];
          const newVars: tf.Tensor1D[] = [];
          let h: tf.Tensor2D = xb;
          for (let l = 0; l < hidden; l++) {
            inputs.push(h);
            let u: tf.Tensor2D = tf.add(tf.matMul(h, p.kernels[l]!), p.biases[l]!);
            if (bn) {
              const { mean, variance } = tf.moments(u, 0);
              const rstd = tf.rsqrt(tf.add(variance, BN_EPSILON)) as tf.Tensor1D;
              const zhat = tf.mul(tf.sub(u, mean), rstd) as tf.Tensor2D;
              zhats.push(zhat);
              rstds.push(rstd);
              newMeans.push(tf.add(tf.mul(st.means[l]!, BN_MOMENTUM), tf.mul(mean, 1 - BN_MOMENTUM)));
              newVars.push(tf.add(tf.mul(st.variances[l]!, BN_MOMENTUM), tf.mul(variance, 1 - BN_MOMENTUM)));
              u = tf.add(tf.mul(zhat, p.gammas[l]!), p.betas[l]!);
            }
            us.push(u);
            let a = activate(u, act) as tf.Tensor2D;
            as.push(a);
            if (params.dropout > 0) {
              const keepMask = tf.div(tf.cast(tf.greaterEqual(tf.randomUniform(a.shape, 0, 1, 'float32', dropSeeds[l]), params.dropout), 'float32'), 1 - params.dropout) as tf.Tensor2D;
              masks.push(keepMask);
              a = tf.mul(a, keepMask);
            } else masks.push(null);
            h = a;
          }
          inputs.push(h);
          const outp = tf.add(tf.matMul(h, p.kernels[hidden]!), p.biases[hidden]!) as tf.Tensor2D;
          // Loss and its gradient with respect to the output layer's pre-activation.
          let perRow: tf.Tensor1D;
          let dOut: tf.Tensor2D;
          const wcol = tf.reshape(tf.div(wb, wsum), [m, 1]);
          if (classification) {
            const logp = tf.logSoftmax(outp);
            perRow = tf.neg(tf.sum(tf.mul(yb, logp), 1)) as tf.Tensor1D;
            dOut = tf.mul(tf.sub(tf.exp(logp), yb), wcol) as tf.Tensor2D;
          } else {
            const diff = tf.sub(outp, yb);
            perRow = tf.mul(0.5, tf.sum(tf.square(diff), 1)) as tf.Tensor1D;
            dOut = tf.mul(diff, wcol) as tf.Tensor2D;
          }
          const batchLoss = tf.mul(tf.div(tf.sum(tf.mul(perRow, wb)), wsum), m);
          // Backward. Explicit transposes: see the module comment.
          const gK: tf.Tensor[] = new Array(layers);
          const gB: tf.Tensor[] = new Array(layers);
          const gG: tf.Tensor[] = new Array(hidden);
          const gBeta: tf.Tensor[] = new Array(hidden);
          let g: tf.Tensor2D = dOut;
          for (let l = hidden; l >= 0; l--) {
            if (l < hidden) {
              // g is d loss / d (layer l's output after dropout).
              if (masks[l]) g = tf.mul(g, masks[l]!);
              g = tf.mul(g, activationGrad(us[l]!, as[l]!, act)) as tf.Tensor2D;
              if (bn) {
                const zhat = zhats[l]!;
                gG[l] = tf.sum(tf.mul(g, zhat), 0);
                gBeta[l] = tf.sum(g, 0);
                const dz = tf.mul(g, p.gammas[l]!);
                const meanDz = tf.mean(dz, 0);
                const meanDzZ = tf.mean(tf.mul(dz, zhat), 0);
                g = tf.mul(tf.sub(tf.sub(dz, meanDz), tf.mul(zhat, meanDzZ)), rstds[l]!) as tf.Tensor2D;
              }
            }
            gK[l] = tf.matMul(tf.transpose(inputs[l]!), g);
            gB[l] = tf.sum(g, 0);
            if (l > 0) g = tf.matMul(g, tf.transpose(p.kernels[l]!));
          }
          const grads = [...gK, ...gB, ...(bn ? [...gG, ...gBeta] : [])];
          const flat = flatParams(p);
          const nextP: tf.Tensor[] = [];
          const nextM: tf.Tensor[] = [];
          const nextV: tf.Tensor[] = [];
          grads.forEach((g0, i) => {
            const gi = isWeight(i) && params.l2 > 0 ? tf.add(g0, tf.mul(flat[i]!, params.l2)) : g0;
            const mi = tf.add(tf.mul(adamM[i]!, ADAM.beta1), tf.mul(gi, 1 - ADAM.beta1));
            const vi = tf.add(tf.mul(adamV[i]!, ADAM.beta2), tf.mul(tf.square(gi), 1 - ADAM.beta2));
            nextM.push(mi);
            nextV.push(vi);
            nextP.push(tf.sub(flat[i]!, tf.mul(tf.div(mi, tf.add(tf.sqrt(vi), ADAM.epsilon)), lrT)));
          });
          return { nextP, nextM, nextV, newMeans, newVars, loss: tf.add(prevLoss, batchLoss) as tf.Scalar };
        });
        tf.dispose([...flatParams(p), ...adamM, ...adamV, prevLoss]);
        params_ = unflatParams(out.nextP, layers, bn);
        adamM = out.nextM;
        adamV = out.nextV;
        if (bn) {
          tf.dispose([...st.means, ...st.variances]);
          stats = { means: out.newMeans, variances: out.newVars };
        }
        lossSum = out.loss;
        seen += m;
        const now = Date.now();
        if (onProgress && now - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = now;
          onProgress({ iteration: epoch, total: params.max_iter, loss: lastLoss });
        }
      }
      const trainLoss = lossSum.dataSync()[0]! / Math.max(1, seen);
      lossSum.dispose();
      lossSum = null;
      if (!Number.isFinite(trainLoss)) throw new Error('Training diverged (the loss became infinite); lower the learning rate.');
      history.loss.push(trainLoss);
      lastLoss = trainLoss;
      let validLoss: number | undefined;
      if (valid) {
        const p = params_;
        const st = stats;
        const vl = tf.tidy(() => lossOf(forwardInference(valid.x, p, st, act, bn), valid.y, valid.w, classification));
        validLoss = vl.dataSync()[0]!;
        vl.dispose();
        history.validLoss.push(validLoss);
        if (validLoss < bestLoss - 1e-6) {
          bestLoss = validLoss;
          bestEpoch = epoch;
          sinceBest = 0;
          sincePlateau = 0;
          if (best) tf.dispose([...best.params, ...best.stats]);
          best = { params: flatParams(p).map((t) => tf.clone(t)), stats: [...st.means, ...st.variances].map((t) => tf.clone(t)) };
        } else {
          sinceBest++;
          sincePlateau++;
          if (params.lr_schedule === 'plateau' && sincePlateau >= Math.max(2, Math.floor(params.patience / 3))) {
            lr = Math.max(lr * 0.5, params.learning_rate * 1e-3);
            sincePlateau = 0;
          }
        }
      } else bestEpoch = epoch;
      lastReport = Date.now();
      onProgress?.({ iteration: epoch, total: params.max_iter, loss: trainLoss, ...(validLoss !== undefined ? { validLoss } : {}) });
      if (valid && sinceBest >= params.patience) break;
    }
    const epochs = Math.min(epoch, params.max_iter);

    // Restore the best epoch's weights.
    let finalFlat = flatParams(params_);
    let finalStats: tf.Tensor[] = [...stats.means, ...stats.variances];
    if (best) {
      finalFlat = best.params;
      finalStats = best.stats;
    }
    const read = (t: tf.Tensor) => Array.from(t.dataSync());
    const fp = unflatParams(finalFlat, layers, bn);
    const layerStates: DenseState[] = [];
    for (let l = 0; l < layers; l++) {
      let kernel = read(fp.kernels[l]!);
      let bias = read(fp.biases[l]!);
      if (l === hidden && !classification) {
        // Fold the target scaling into the output layer: value = out·scale + mean.
        kernel = kernel.map((v) => Math.fround(v * yScale));
        bias = bias.map((v) => Math.fround(v * yScale + yMean));
      }
      const s: DenseState = { kernel, bias };
      if (bn && l < hidden) s.bn = { gamma: read(fp.gammas[l]!), beta: read(fp.betas[l]!), mean: read(finalStats[l]!), variance: read(finalStats[hidden + l]!) };
      layerStates.push(s);
    }
    return { inputs: d, outputs: K, task, activation: act, layers: layerStates, epochs, bestEpoch, history, backend };
  } finally {
    disposeAll();
  }
}

const PREDICT_BATCH = 8192;

/**
 * Raw outputs of the network (class logits, or the value) for each row: rows × outputs, float32
 * arithmetic on the current tfjs backend.
 */
export function mlpOutputs(state: MlpState, x: Matrix): Float64Array {
  if (x.cols !== state.inputs) throw new Error(`The model expects ${state.inputs} features, got ${x.cols}.`);
  ensureBackend();
  const K = state.outputs;
  const out = new Float64Array(x.rows * K);
  const hidden = state.layers.length - 1;
  const bn = state.layers.some((l) => l.bn);
  const sizes = [state.inputs, ...state.layers.map((l) => l.bias.length)];
  const p: Params = { kernels: [], biases: [], gammas: [], betas: [] };
  const st: Stats = { means: [], variances: [] };
  try {
    state.layers.forEach((l, i) => {
      p.kernels.push(tf.tensor2d(l.kernel, [sizes[i]!, sizes[i + 1]!]));
      p.biases.push(tf.tensor1d(l.bias));
      if (bn && i < hidden) {
        p.gammas.push(tf.tensor1d(l.bn!.gamma));
        p.betas.push(tf.tensor1d(l.bn!.beta));
        st.means.push(tf.tensor1d(l.bn!.mean));
        st.variances.push(tf.tensor1d(l.bn!.variance));
      }
    });
    for (let start = 0; start < x.rows; start += PREDICT_BATCH) {
      const end = Math.min(x.rows, start + PREDICT_BATCH);
      const values = tf.tidy(() => {
        const xb = tf.tensor2d(Float32Array.from(x.x.subarray(start * x.cols, end * x.cols)), [end - start, x.cols]);
        return forwardInference(xb, p, st, state.activation, bn).dataSync();
      });
      out.set(values, start * K);
    }
  } finally {
    tf.dispose([...flatParams(p), ...st.means, ...st.variances]);
  }
  return out;
}

/** Softmax in double precision, so each row sums to 1 within 1e-15. */
export function softmaxRows(logits: Float64Array, k: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let o = 0; o < logits.length; o += k) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = Math.max(m, logits[o + c]!);
    let s = 0;
    for (let c = 0; c < k; c++) { const e = Math.exp(logits[o + c]! - m); out[o + c] = e; s += e; }
    for (let c = 0; c < k; c++) out[o + c]! /= s;
  }
  return out;
}
