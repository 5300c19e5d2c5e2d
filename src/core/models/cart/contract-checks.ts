/**
 * Estimator contract checks (DESIGN.md §5) for the tree and forest tests, and the synthetic data
 * they run on. Test-only: imported by *.test.ts files, never by the app.
 */
import { expect } from 'vitest';
import { createRandom } from '../../util/random';
import type { EstimatorDef, Json, Matrix, Task, TrainData } from '../types';

/**
 * Synthetic mixed data: x0 numeric with 10% missing, x1 numeric noise, x2 a category of 4 levels
 * with 5% missing, x3 small integers.
 */
export function mixedData(task: Task, n: number, seed: number): TrainData {
  const r = createRandom(seed);
  const cols = 4;
  const x = new Float64Array(n * cols);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = r() < 0.1 ? Number.NaN : r() * 10;
    const x1 = r() * 2 - 1;
    const x2 = r() < 0.05 ? Number.NaN : Math.floor(r() * 4);
    const x3 = Math.floor(r() * 5);
    x.set([x0, x1, x2, x3], i * cols);
    const a = Number.isNaN(x0) ? 7 : x0;
    if (task === 'regression') y[i] = 2 * a + (x2 === 2 ? 3 : 0) + x1 + r();
    else if (task === 'binary') y[i] = (a > 5) !== (x2 === 1) ? (r() < 0.9 ? 1 : 0) : r() < 0.1 ? 1 : 0;
    else y[i] = a < 3 ? 0 : a < 6 + x3 / 2 ? 1 : 2;
  }
  return { x, rows: n, cols, categorical: [0, 0, 4, 0], task, y, nClasses: task === 'regression' ? 0 : task === 'binary' ? 2 : 3 };
}

/** The estimator contract, on one data set. */
export function checkContract<P extends Json, S extends Json>(def: EstimatorDef<P, S>, data: TrainData, p: P): void {
  const xBefore = data.x.slice();
  const yBefore = data.y.slice();
  const s1 = def.fit(data, p, { seed: 3 });
  const s2 = def.fit(data, p, { seed: 3 });
  expect(JSON.stringify(s2)).toBe(JSON.stringify(s1));
  expect(data.x).toEqual(xBefore);
  expect(data.y).toEqual(yBefore);

  // New rows with missing values, unseen category codes (4, 9) and a negative code.
  const test: Matrix = {
    x: Float64Array.from([
      1, 0, 0, 0,
      Number.NaN, 0.5, 1, 2,
      8, Number.NaN, Number.NaN, Number.NaN,
      8, -0.2, 4, 1,
      8, -0.2, Number.NaN, 1,
      3, 0.3, 9, 4,
      3, 0.3, -1, 4,
      3, 0.3, Number.NaN, 4,
    ]),
    rows: 8,
    cols: 4,
    categorical: [0, 0, 4, 0],
  };
  const testBefore = test.x.slice();
  const pred = def.predict(s1, p, test);
  expect(test.x).toEqual(testBefore);
  const round = JSON.parse(JSON.stringify(s1));
  expect(def.predict(round, p, test)).toEqual(pred);
  const rows = (q: typeof pred, i: number) => ('proba' in q ? Array.from(q.proba.subarray(i * q.nClasses, (i + 1) * q.nClasses)) : [q.value[i]]);
  if ('proba' in pred) {
    expect(pred.nClasses).toBe(data.nClasses);
    expect(pred.proba.length).toBe(test.rows * data.nClasses);
    for (let i = 0; i < test.rows; i++) {
      const r = rows(pred, i);
      for (const v of r) expect(v >= 0 && v <= 1).toBe(true);
      expect(Math.abs(r.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    }
  } else {
    expect(pred.value.length).toBe(test.rows);
    for (const v of pred.value) expect(Number.isFinite(v)).toBe(true);
  }
  // An unseen category code (4) or a negative one behaves exactly as a missing one.
  expect(rows(pred, 3)).toEqual(rows(pred, 4));
  expect(rows(pred, 5)).toEqual(rows(pred, 7));
  expect(rows(pred, 6)).toEqual(rows(pred, 7));
  // The state is plain JSON: nothing is lost in a round trip.
  expect(round).toEqual(s1);
  // A matrix of the wrong width is refused.
  expect(() => def.predict(s1, p, { x: new Float64Array(3), rows: 1, cols: 3 })).toThrow(/fitted on 4 features/);
}

