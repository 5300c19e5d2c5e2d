/**
 * The estimator contract (DESIGN.md §5), run over every registered kind and every task it
 * declares: deterministic under a seed, fitted state survives a JSON round trip with identical
 * predictions, inputs never mutated, probability rows sum to 1, missing values and unseen
 * category codes handled at predict time (native input), constant targets refused with a message.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random';
import './index';
import { allEstimators } from './registry';
import type { EstimatorDef, Matrix, Prediction, Task, TrainData } from './types';

function fixture(task: Task, native: boolean, seed: number): TrainData {
  const r = createRandom(seed);
  const rows = 160;
  const cols = 4;
  const x = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) x[i * cols + j] = r() * 4 - 2;
    if (native) x[i * cols + 3] = Math.floor(r() * 3); // a category with 3 levels
    const z = x[i * cols]! - 0.5 * x[i * cols + 1]! + (native && x[i * cols + 3] === 2 ? 1 : 0) + (r() - 0.5);
    y[i] = task === 'regression' ? z : task === 'binary' ? (z > 0 ? 1 : 0) : z < -0.7 ? 0 : z < 0.7 ? 1 : 2;
  }
  if (native) for (let i = 0; i < rows; i += 17) x[i * cols + 2] = Number.NaN;
  const nClasses = task === 'regression' ? 0 : task === 'binary' ? 2 : 3;
  return { x, rows, cols, y, task, nClasses, ...(native ? { categorical: [0, 0, 0, 3] } : {}) };
}

function flat(p: Prediction): Float64Array {
  return 'proba' in p ? p.proba : p.value;
}

/** Fast settings for slow defaults, so the suite stays quick; the behaviour checked is the same. */
function quick(def: EstimatorDef): Record<string, unknown> {
  const p = def.defaults as Record<string, unknown>;
  const over: Record<string, unknown> = {};
  if ('n_estimators' in p) over.n_estimators = 10;
  if ('max_iter' in p) over.max_iter = 20;
  return { ...p, ...over };
}

const cases = allEstimators().flatMap((def) => def.tasks.map((task) => ({ def, task })));

describe('every registered estimator honours the contract', () => {
  it('has registered kinds for the families the app offers', () => {
    expect(new Set(allEstimators().map((e) => e.family))).toEqual(new Set(['linear', 'tree', 'forest', 'knn', 'nb', ...(['gbdt', 'nn'] as const).filter((f) => allEstimators().some((e) => e.family === f))]));
  });

  for (const { def, task } of cases) {
    describe(`${def.kind} (${task})`, () => {
      const native = def.input === 'native';
      const params = quick(def) as never;

      it('is deterministic under a seed and its state survives JSON with identical predictions', () => {
        const data = fixture(task, native, 1);
        const a = def.fit(data, params, { seed: 3 });
        const b = def.fit(fixture(task, native, 1), params, { seed: 3 });
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        const restored = JSON.parse(JSON.stringify(a));
        expect(Array.from(flat(def.predict(restored, params, data)))).toEqual(Array.from(flat(def.predict(a, params, data))));
      });

      it('never mutates its inputs', () => {
        const data = fixture(task, native, 2);
        const x = Float64Array.from(data.x);
        const y = Float64Array.from(data.y);
        const state = def.fit(data, params, { seed: 0 });
        def.predict(state, params, data);
        expect(Array.from(data.x)).toEqual(Array.from(x));
        expect(Array.from(data.y)).toEqual(Array.from(y));
      });

      it('predicts one finite value or a probability row summing to 1 per row', () => {
        const data = fixture(task, native, 4);
        const p = def.predict(def.fit(data, params, { seed: 0 }), params, data);
        if (task === 'regression') {
          expect('value' in p && p.value.length === data.rows && p.value.every(Number.isFinite)).toBe(true);
        } else {
          expect('proba' in p).toBe(true);
          const { proba, nClasses } = p as { proba: Float64Array; nClasses: number };
          expect(nClasses).toBe(data.nClasses);
          for (let i = 0; i < data.rows; i++) {
            let s = 0;
            for (let c = 0; c < nClasses; c++) { expect(proba[i * nClasses + c]).toBeGreaterThanOrEqual(0); s += proba[i * nClasses + c]!; }
            expect(s).toBeCloseTo(1, 9);
          }
        }
      });

      if (native) {
        it('handles missing values and unseen category codes at predict time', () => {
          const data = fixture(task, native, 5);
          const state = def.fit(data, params, { seed: 0 });
          const odd: Matrix = { ...data, rows: 3, x: Float64Array.from([NaN, NaN, NaN, NaN, 0.5, -1, 1, 7, 0, 0, 0, -1]) };
          const out = flat(def.predict(state, params, odd));
          expect(out.every(Number.isFinite)).toBe(true);
        });
      }

      it('refuses a constant target with a plain message', () => {
        const data = fixture(task, native, 6);
        const y = new Float64Array(data.rows).fill(task === 'regression' ? 2.5 : 1);
        expect(() => def.fit({ ...data, y }, params, { seed: 0 })).toThrow(/nothing to learn|only one|same/i);
      });
    });
  }
});
