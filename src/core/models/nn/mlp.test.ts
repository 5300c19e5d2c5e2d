import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRandom } from '../../util/random';
import '../index';
import { getEstimator } from '../registry';
import type { FitProgress, TrainData } from '../types';
import { tf } from './engine';
import { fitMlp, mlpDefaults, mlpOutputs, type MlpParams, type MlpState } from './mlp';

const quick: MlpParams = { ...mlpDefaults, hidden: [16, 8], max_iter: 30, batch_size: 32 };

/** x1·x2 > 0: not linearly separable, so only a working hidden layer learns it. */
function xor(rows: number, seed: number): TrainData {
  const r = createRandom(seed);
  const x = new Float64Array(rows * 2);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x[2 * i] = r() * 2 - 1;
    x[2 * i + 1] = r() * 2 - 1;
    y[i] = x[2 * i]! * x[2 * i + 1]! > 0 ? 1 : 0;
  }
  return { x, rows, cols: 2, y, task: 'binary', nClasses: 2 };
}

function accuracy(state: MlpState, data: TrainData): number {
  const out = mlpOutputs(state, data);
  let ok = 0;
  for (let i = 0; i < data.rows; i++) {
    let best = 0;
    for (let c = 1; c < state.outputs; c++) if (out[i * state.outputs + c]! > out[i * state.outputs + best]!) best = c;
    if (best === data.y[i]) ok++;
  }
  return ok / data.rows;
}

afterEach(() => vi.restoreAllMocks());

describe('MLP estimator (nn.mlp)', () => {
  it('is registered for every task as a dense estimator of the nn family', () => {
    const def = getEstimator('nn.mlp');
    expect(def.family).toBe('nn');
    expect(def.input).toBe('dense');
    expect([...def.tasks].sort()).toEqual(['binary', 'multiclass', 'regression']);
  });

  it('learns a pattern no linear model can (XOR), with and without batch norm and dropout', () => {
    const train = xor(600, 1);
    const test = xor(300, 2);
    for (const extra of [{}, { batch_norm: true }, { dropout: 0.2, activation: 'tanh' as const, learning_rate: 0.01 }, { activation: 'elu' as const }, { activation: 'sigmoid' as const, batch_norm: true, learning_rate: 0.01 }]) {
      const state = fitMlp(train, { ...quick, max_iter: 80, hidden: [32, 16], ...extra }, 0);
      expect(accuracy(state, test), JSON.stringify(extra)).toBeGreaterThan(0.9);
      if ('batch_norm' in extra) expect(state.layers[0]!.bn?.variance.length).toBe(32);
    }
  });

  it('frees every tensor it creates, in fit and predict, with every option on', () => {
    const data = xor(200, 3);
    const before = tf.memory().numTensors;
    const state = fitMlp(data, { ...quick, batch_norm: true, dropout: 0.3, class_weight: 'balanced' }, 1);
    mlpOutputs(state, data);
    getEstimator('nn.mlp').predict(state as never, quick as never, data);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets a throwing progress callback cancel, inside an epoch, without leaking tensors', () => {
    const data = xor(400, 4);
    const before = tf.memory().numTensors;
    // A clock that jumps 300 ms per reading: the in-epoch report is due after the first batch.
    let t = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (t += 300));
    const calls: FitProgress[] = [];
    expect(() => fitMlp(data, { ...quick, batch_size: 16 }, 0, (p) => {
      calls.push(p);
      throw new Error('cancelled by the user');
    })).toThrow('cancelled by the user');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.iteration).toBe(1);
    expect(calls[0]!.validLoss).toBeUndefined(); // reported before the epoch ended
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports each epoch with training and validation loss', () => {
    const calls: FitProgress[] = [];
    const state = fitMlp(xor(300, 5), { ...quick, max_iter: 12, early_stopping: true, patience: 100, learning_rate: 0.01, dropout: 0 }, 0, (p) => calls.push(p));
    const epochEnds = calls.filter((c) => c.validLoss !== undefined);
    expect(epochEnds.map((c) => c.iteration)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(epochEnds.every((c) => c.total === 12 && Number.isFinite(c.loss) && Number.isFinite(c.validLoss))).toBe(true);
    expect(state.history.loss).toHaveLength(12);
    // It learns: the last epochs' training loss is well below the first's.
    expect(state.history.loss.at(-1)!).toBeLessThan(state.history.loss[0]! * 0.8);
  });

  it('stops early and restores the weights of the best validation epoch', () => {
    // Few noisy rows and a big network: it overfits, so the validation loss turns up.
    const r = createRandom(9);
    const rows = 120;
    const x = Float64Array.from({ length: rows * 6 }, () => r() * 2 - 1);
    const y = Float64Array.from({ length: rows }, (_, i) => (x[i * 6]! + (r() - 0.5) * 2 > 0 ? 1 : 0));
    const data: TrainData = { x, rows, cols: 6, y, task: 'binary', nClasses: 2 };
    const params = { ...quick, hidden: [128, 128], dropout: 0, l2: 0, learning_rate: 0.01, lr_schedule: 'constant' as const, max_iter: 300, patience: 8, validation_fraction: 0.25 };
    const state = fitMlp(data, params, 0);
    const v = state.history.validLoss;
    const argmin = v.indexOf(Math.min(...v));
    expect(state.bestEpoch).toBe(argmin + 1);
    expect(state.epochs).toBe(state.bestEpoch + params.patience);
    expect(state.epochs).toBeLessThan(params.max_iter);
    // The kept weights are the best epoch's: a run limited to that many epochs (same seed, same
    // shuffles) ends with exactly the same weights.
    const short = fitMlp(data, { ...params, max_iter: state.bestEpoch, patience: 1000 }, 0);
    expect(short.layers).toEqual(state.layers);
  });

  it('balanced class weights raise the predicted chance of a rare class', () => {
    const r = createRandom(11);
    const rows = 600;
    const x = Float64Array.from({ length: rows * 2 }, () => r() * 2 - 1);
    // About 5 % positives, only weakly predictable.
    const y = Float64Array.from({ length: rows }, (_, i) => (x[i * 2]! + r() * 3 > 3.2 ? 1 : 0));
    const data: TrainData = { x, rows, cols: 2, y, task: 'binary', nClasses: 2 };
    const meanP1 = (s: MlpState) => {
      const p = getEstimator('nn.mlp').predict(s as never, quick as never, data) as { proba: Float64Array };
      let m = 0;
      for (let i = 0; i < rows; i++) m += p.proba[2 * i + 1]!;
      return m / rows;
    };
    const plain = meanP1(fitMlp(data, quick, 0));
    const balanced = meanP1(fitMlp(data, { ...quick, class_weight: 'balanced' }, 0));
    expect(plain).toBeLessThan(0.15);
    expect(balanced).toBeGreaterThan(plain + 0.15);
  });

  it('predicts numbers on their original scale (regression)', () => {
    const r = createRandom(12);
    const rows = 500;
    const x = Float64Array.from({ length: rows * 3 }, () => r() * 2 - 1);
    const y = Float64Array.from({ length: rows }, (_, i) => 1000 + 300 * x[i * 3]! - 200 * x[i * 3 + 1]! ** 2);
    const data: TrainData = { x, rows, cols: 3, y, task: 'regression', nClasses: 0 };
    const state = fitMlp(data, { ...quick, max_iter: 150, hidden: [32], dropout: 0 }, 0);
    const pred = getEstimator('nn.mlp').predict(state as never, quick as never, data) as { value: Float64Array };
    let ss = 0;
    let tot = 0;
    for (let i = 0; i < rows; i++) { ss += (pred.value[i]! - y[i]!) ** 2; tot += (y[i]! - 1000) ** 2; }
    expect(1 - ss / tot).toBeGreaterThan(0.95);
  });

  it('handles several classes', () => {
    const r = createRandom(13);
    const rows = 450;
    const x = Float64Array.from({ length: rows * 2 }, () => r() * 2 - 1);
    const y = Float64Array.from({ length: rows }, (_, i) => (Math.atan2(x[i * 2 + 1]!, x[i * 2]!) + Math.PI) / (2 * Math.PI) * 3 | 0);
    const data: TrainData = { x, rows, cols: 2, y, task: 'multiclass', nClasses: 3 };
    const state = fitMlp(data, { ...quick, max_iter: 60 }, 0);
    expect(state.outputs).toBe(3);
    expect(accuracy(state, data)).toBeGreaterThan(0.9);
  });

  it('refuses features with missing values and bad parameters, in plain words', () => {
    const data = xor(50, 1);
    const x = Float64Array.from(data.x);
    x[3] = Number.NaN;
    expect(() => fitMlp({ ...data, x }, quick, 0)).toThrow(/missing values/);
    expect(() => fitMlp(data, { ...quick, dropout: 1 }, 0)).toThrow(/Dropout/);
    expect(() => fitMlp(data, { ...quick, hidden: [0] }, 0)).toThrow(/Hidden layer/);
  });
});
