import { describe, expect, it } from 'vitest';
import { predictProba, trainWithCV } from '../../core/evaluate/train';
import { modelToOnnx } from '../../core/export/model-onnx';
import { Frame } from '../../core/frame/frame';
import { createRandom } from '../../core/util/random';
import { scoreOnnx, verifyOnnx } from './verify';

function fixture(n: number, seed: number): Frame {
  const r = createRandom(seed);
  const age = Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : Math.round(18 + r() * 60)));
  const income = Float64Array.from({ length: n }, () => (r() < 0.05 ? NaN : 1000 + r() * 9000));
  const plan = Int32Array.from({ length: n }, () => (r() < 0.08 ? -1 : Math.floor(r() * 3)));
  const churn = Int32Array.from({ length: n }, (_, i) => {
    const z = (Number.isNaN(age[i]!) ? 0 : (age[i]! - 45) / 20) + (plan[i] === 0 ? 1 : -0.5) + (r() - 0.5);
    return z > 0 ? 1 : 0;
  });
  return new Frame([
    { name: 'age in years', kind: 'integer', values: age },
    { name: 'income €', kind: 'number', values: income },
    { name: 'plan', kind: 'category', codes: plan, dictionary: ['basic', 'plus', 'pro', 'never used'] },
    { name: 'churn', kind: 'category', codes: churn, dictionary: ['stay', 'leave'] },
  ]);
}

describe('ONNX export of the fitted pipeline', () => {
  const frame = fixture(600, 3);
  const r = trainWithCV(frame, { target: 'churn', features: ['age in years', 'income €', 'plan'], model: 'linear', folds: 3, seed: 0 });
  const bytes = modelToOnnx(r.fitted, { producerVersion: 'test', dataHash: 'h', metrics: r.metrics });

  it('matches in-app probabilities on every row, blanks included', async () => {
    const v = await verifyOnnx(bytes, r.fitted, frame);
    expect(v.rows).toBe(600);
    expect(v.maxAbsDiff).toBeLessThan(1e-6);
    expect(v.labelMismatches).toBe(0);
    expect(v.ok).toBe(true);
  });

  it('scores unseen categories and all-missing rows without error, as the app does', async () => {
    const odd = new Frame([
      { name: 'age in years', kind: 'integer', values: Float64Array.from([NaN, 30]) },
      { name: 'income €', kind: 'number', values: Float64Array.from([NaN, 5000]) },
      { name: 'plan', kind: 'category', codes: Int32Array.from([-1, 0]), dictionary: ['enterprise'] },
      { name: 'churn', kind: 'category', codes: Int32Array.from([0, 1]), dictionary: ['stay', 'leave'] },
    ]);
    const onnx = await scoreOnnx(bytes, r.fitted, odd);
    const app = predictProba(r.fitted, odd);
    for (let i = 0; i < 2; i++) expect(onnx.probabilities[i * 2 + 1]!).toBeCloseTo(app[1]![i]!, 6);
    expect(onnx.labels).toHaveLength(2);
  });

  it('treats the string missing markers as missing', async () => {
    const withMarker = new Frame([
      { name: 'age in years', kind: 'integer', values: Float64Array.from([40]) },
      { name: 'income €', kind: 'number', values: Float64Array.from([4000]) },
      { name: 'plan', kind: 'category', codes: Int32Array.from([0]), dictionary: ['NA'] },
      { name: 'churn', kind: 'category', codes: Int32Array.from([0]), dictionary: ['stay', 'leave'] },
    ]);
    const blank = new Frame([...withMarker.columns.slice(0, 2), { name: 'plan', kind: 'category', codes: Int32Array.from([-1]), dictionary: [] }, withMarker.columns[3]!]);
    const a = await scoreOnnx(bytes, r.fitted, withMarker);
    const b = await scoreOnnx(bytes, r.fitted, blank);
    expect(a.probabilities[1]).toBe(b.probabilities[1]);
  });

  it('detects a tampered model', async () => {
    const tampered = structuredClone(r.fitted);
    (tampered.estimator.state as { intercept: number }).intercept += 0.01;
    const v = await verifyOnnx(modelToOnnx(tampered, { producerVersion: 'test', dataHash: 'h', metrics: {} }), r.fitted, frame);
    expect(v.ok).toBe(false);
    expect(v.worst[0]!.diff).toBeGreaterThan(1e-4);
  });
});
