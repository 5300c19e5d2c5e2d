import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random';
import { fitLogistic, predictLogistic, sigmoid } from './logistic';

function data(n: number, p: number, seed: number) {
  const r = createRandom(seed);
  const x = Float64Array.from({ length: n * p }, () => r() * 4 - 2);
  const y = Float64Array.from({ length: n }, (_, i) => {
    let z = 0.3;
    for (let j = 0; j < p; j++) z += x[i * p + j]! * (j % 2 ? 1.5 : -0.7);
    return r() < sigmoid(z) ? 1 : 0;
  });
  return { x, y };
}

describe('L2 logistic regression', () => {
  it('reaches the optimum: the penalised gradient vanishes', () => {
    const n = 500;
    const p = 4;
    const C = 0.5;
    const { x, y } = data(n, p, 1);
    const s = fitLogistic(x, n, p, y, { C });
    expect(s.converged).toBe(true);
    const prob = predictLogistic(s, x, n, p);
    const grad = new Float64Array(p + 1);
    for (let i = 0; i < n; i++) {
      const r = prob[i]! - y[i]!;
      for (let j = 0; j < p; j++) grad[j]! += r * x[i * p + j]!;
      grad[p]! += r;
    }
    for (let j = 0; j < p; j++) grad[j]! += s.weights[j]! / C;
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-8);
  });

  it('with one feature symmetric around zero and balanced labels, the intercept is 0', () => {
    const x = Float64Array.from([-2, -1, 1, 2, -2, -1, 1, 2]);
    const y = [0, 0, 1, 1, 1, 0, 1, 0];
    const s = fitLogistic(x, 8, 1, y, { C: 1 });
    expect(s.intercept).toBeCloseTo(0, 10);
    expect(s.weights[0]!).toBeGreaterThan(0);
  });

  it('stays finite on separable data thanks to the penalty', () => {
    const x = Float64Array.from([-3, -2, -1, 1, 2, 3]);
    const s = fitLogistic(x, 6, 1, [0, 0, 0, 1, 1, 1], { C: 1 });
    expect(Number.isFinite(s.weights[0]!)).toBe(true);
    expect(predictLogistic(s, Float64Array.from([3]), 1, 1)[0]!).toBeGreaterThan(0.9);
  });

  it('is deterministic', () => {
    const { x, y } = data(200, 3, 2);
    expect(fitLogistic(x, 200, 3, y)).toEqual(fitLogistic(x, 200, 3, y));
  });
});

describe('logistic regression with many columns (Newton-CG)', () => {
  it('reaches the exact Newton optimum to 1e-6 on 400 rows × 200 columns', async () => {
    const { fitLogistic } = await import('./logistic');
    const { createRandom } = await import('../util/random');
    const r = createRandom(5);
    const rows = 400;
    const cols = 200;
    const x = Float64Array.from({ length: rows * cols }, () => (r() < 0.1 ? r() * 3 : 0));
    const y = Float64Array.from({ length: rows }, (_, i) => (x[i * cols]! + x[i * cols + 1]! - x[i * cols + 2]! + r() - 0.5 > 0.2 ? 1 : 0));
    const cg = fitLogistic(x, rows, cols, y, { C: 1 });
    const exact = fitLogistic(x, rows, cols, y, { C: 1, newtonCgAbove: 10_000 });
    expect(cg.converged).toBe(true);
    const diff = Math.max(Math.abs(cg.intercept - exact.intercept), ...cg.weights.map((w, j) => Math.abs(w - exact.weights[j]!)));
    expect(diff).toBeLessThan(1e-6);
  });
});
