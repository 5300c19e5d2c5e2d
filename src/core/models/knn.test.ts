import { describe, expect, it } from 'vitest';
import { trainWithCV } from '../evaluate/train';
import { createRandom } from '../util/random';
import { loadDataset } from '../../../test/helpers/datasets';
import { randomData } from '../../../test/helpers/model-data';
import { knn, nearest } from './knn';
import type { Json, Matrix, Prediction, TrainData } from './types';

// Reference predictions computed once with scikit-learn 1.2.1 (fixture drawn with numpy
// default_rng(7), 3 decimals; shared with linear-more.test.ts):
//   KNN_UNIFORM  = KNeighborsClassifier(5).fit(MC_X, MC_Y).predict_proba(KNN_Q)
//   KNN_DISTANCE = KNeighborsClassifier(5, weights='distance').fit(MC_X, MC_Y).predict_proba(KNN_Q)
//   KNN_REG      = KNeighborsRegressor(4, weights='distance').fit(REG_X, REG_Y).predict(KNN_REG_Q)
const MC_X = [1.28, -0.905, 1.081, 1.524, 0.259, 0.553, 1.952, -0.197, -0.593, -1.353, 0.042, 1.479, 0.96, -0.942, -0.855, -0.504, 0.292, -0.205, 0.214, 0.297, -0.299, -0.04, 0.207, -0.084, 0.504, 1.871, 0.592, 0.056, -1.686, 0.388, -1.947, -1.409, 0.855, 0.706, -0.15, -1.71, -0.371, -0.679, 0.637, 2.258, 0.217, -0.779, -1.171, -0.056, -0.177, -1.152, 0.116, -1.151, 1.112, 1.063, 1.085, -0.474, 0.515, -0.132, -0.389, -0.339, -1.3, -1.444, 0.794, -0.191, 0.216, 1.002, -1.733, -0.784, 0.175, 0.392, -0.377, 1.029, 0.21, -1.213, -0.931, 0.805, 0.464, -1.899, 1.348, 0.598, 1.343, -0.384, -0.296, -1.126, 2.537, -0.175, 1.588, -0.647, 0.164, -1.671, -0.383, 0.984, -1.252, 1.072, 0.337, -1.044, -0.502, -0.459, -0.05, -0.536, -0.827, -0.305, -1.027, -1.29, -0.048, 0.883, -1.529, 0.004, -0.65, -0.977, 0.853, -0.518, 1.498, -0.78, 0.387, -0.227, -0.754, 0.588, -0.155, 0.603, -0.047, -1.086, -0.102, 0.052, 0.958, -0.906, -0.039, -1.722, 0.651, -1.081, -1.806, -0.059, 1.106, -1.524, -1.088, -0.743, -1.129, 0.379, -0.807];
const MC_Y = [0, 0, 0, 1, 2, 1, 1, 1, 1, 2, 2, 0, 0, 0, 2, 2, 0, 2, 1, 1, 1, 1, 2, 2, 0, 2, 0, 1, 0, 0, 0, 2, 2, 0, 2, 2, 0, 0, 1, 1, 0, 1, 1, 1, 2];
const KNN_Q = [-0.124, -0.976, 0.117, 0.452, -0.829, -1.646, -1.437, 0.665, -0.758, -0.141, 0.213, 0.619, -0.335, 0.499, -0.89];
const KNN_UNIFORM = [0.8, 0.0, 0.2, 0.4, 0.2, 0.4, 0.0, 0.4, 0.6, 0.0, 0.8, 0.2, 0.0, 0.2, 0.8];
const KNN_DISTANCE = [0.8198065992196905, 0.0, 0.1801934007803095, 0.45364642070742517, 0.19701962646775398, 0.3493339528248207, 0.0, 0.4167249213802866, 0.5832750786197135, 0.0, 0.8219433913507169, 0.17805660864928308, 0.0, 0.2055527400877566, 0.7944472599122434];
const REG_X = [0.001, 0.299, 0.178, -0.891, -0.455, -0.992, 1.18, 1.34, -0.492, -0.62, 2.47, 0.357, 0.105, -0.93, 0.913, 0.695, -1.344, -0.458, -4.703, -1.29, -1.842, -0.235, -2.801, 0.271, 0.157, -0.187, -6.551, -0.539, -0.049, 0.113, -3.59, -0.478, -0.979, -0.809, 4.183, -0.808, -0.033, 0.884, -0.752, -0.112, 0.11, 0.064, -2.675, 0.076, 1.359, -1.547, 3.577, 0.119, -0.641, 2.0, 3.286, -1.199, 0.075, 0.577, 0.433, 0.683, -0.067, 0.667, 5.317, -0.676, 0.203, -0.463, 1.381, -1.187, -0.579, -0.196, 3.697, 1.145, -1.324, -0.795, 2.941, -1.992, -0.463, -0.097, 4.771, 0.689, -0.327, -0.369, 0.25, 1.524, -0.428, -0.304, 2.059, -0.121, -0.197, -1.114, 0.964, -0.444, 1.166, 0.653, 0.928, 0.668, -0.34, 1.052, 0.985, 0.583, -1.291, 0.347, -4.064, -2.035, -0.304, -0.9, 1.492, 2.245, -0.832, -0.624, 1.615, 0.493, -0.176, -0.206, 3.106, 0.52, -1.034, -0.079, 1.105, -1.054, 0.26, -0.858, 3.916, 0.193];
const REG_Y = [0.028, 1.683, 1.648, 1.193, -2.916, -2.343, -2.559, -0.199, 0.508, -0.938, -0.942, 7.329, -3.371, -1.641, 1.66, 3.298, 1.08, 0.767, 1.303, 0.042, 1.963, 2.287, 1.18, -2.453, -3.851, 1.269, 1.99, 1.457, 0.211, 3.791];
const KNN_REG = [1.9296948619927594, 0.21938369509859185, 0.9842073241688294];
const KNN_REG_Q = [-0.362, -1.024, 1.132, -0.027, -0.739, -0.352, -0.222, 0.701, -1.596, -1.037, -0.378, 2.532];

const mat = (x: number[], cols: number): Matrix => ({ x: Float64Array.from(x), rows: x.length / cols, cols });
const proba = (p: Prediction) => ('proba' in p ? p.proba : p.value);

describe('k-nearest neighbours', () => {
  const train: TrainData = { ...mat(MC_X, 3), task: 'multiclass', y: Float64Array.from(MC_Y), nClasses: 3 };

  it('matches scikit-learn with uniform and distance weights', () => {
    for (const [weights, ref] of [['uniform', KNN_UNIFORM], ['distance', KNN_DISTANCE]] as const) {
      const params = { k: 5, weights };
      const s = knn.fit(train, params, { seed: 0 });
      const p = proba(knn.predict(s, params, mat(KNN_Q, 3)));
      ref.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 12));
    }
  });

  it('regression with distance weights matches scikit-learn', () => {
    const params = { k: 4, weights: 'distance' as const };
    const s = knn.fit({ ...mat(REG_X, 4), task: 'regression', y: Float64Array.from(REG_Y), nClasses: 0 }, params, { seed: 0 });
    const p = proba(knn.predict(s, params, mat(KNN_REG_Q, 4)));
    KNN_REG.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 12));
  });

  it('breaks distance ties by training row order, deterministically', () => {
    // Rows 0..3 all at distance 1 from the query; k = 2 takes rows 0 and 1.
    const t: TrainData = { ...mat([1, 0, -1, 0, 0, 1, 0, -1, 5, 5], 2), task: 'multiclass', y: Float64Array.from([2, 1, 0, 0, 0]), nClasses: 3 };
    const s = knn.fit(t, { k: 2, weights: 'uniform' }, { seed: 0 });
    expect(Array.from(proba(knn.predict(s, { k: 2, weights: 'uniform' }, mat([0, 0], 2))))).toEqual([0, 0.5, 0.5]);
    const idx = new Int32Array(3);
    const dist = new Float64Array(3);
    expect(nearest(Float64Array.from(t.x), 5, 2, Float64Array.from([0, 0]), 0, 3, idx, dist)).toBe(3);
    expect(Array.from(idx)).toEqual([0, 1, 2]);
    // Nearest first.
    nearest(Float64Array.from(t.x), 5, 2, Float64Array.from([4, 4]), 0, 3, idx, dist);
    expect(idx[0]).toBe(4);
    expect(dist[0]).toBe(2);
  });

  it('with distance weights, neighbours at distance 0 take all the weight', () => {
    const s = knn.fit(train, { k: 5, weights: 'distance' }, { seed: 0 });
    const p = proba(knn.predict(s, { k: 5, weights: 'distance' }, mat(MC_X.slice(0, 3), 3)));
    expect(p[MC_Y[0]!]).toBe(1);
  });

  it('k larger than the training rows uses them all', () => {
    const s = knn.fit(train, { k: 100, weights: 'uniform' }, { seed: 0 });
    const p = proba(knn.predict(s, { k: 100, weights: 'uniform' }, mat([0, 0, 0], 3)));
    const counts = [0, 1, 2].map((c) => MC_Y.filter((y) => y === c).length / MC_Y.length);
    counts.forEach((v, c) => expect(p[c]).toBeCloseTo(v, 12));
  });

  it('brute force agrees with a full sort on random data', () => {
    const r = createRandom(11);
    const n = 500, p = 7, k = 9;
    const x = Float64Array.from({ length: n * p }, () => Math.round(r() * 6)); // many ties
    const q = Float64Array.from({ length: p }, () => Math.round(r() * 6));
    const idx = new Int32Array(k);
    const dist = new Float64Array(k);
    nearest(x, n, p, q, 0, k, idx, dist);
    const all = Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += (x[i * p + j]! - q[j]!) ** 2;
      return { i, s };
    }).sort((a, b) => a.s - b.s || a.i - b.i);
    expect(Array.from(idx)).toEqual(all.slice(0, k).map((a) => a.i));
    expect(Array.from(dist)).toEqual(all.slice(0, k).map((a) => a.s));
  });
});


describe('estimator contract', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    for (const weights of ['uniform', 'distance'] as const) {
      it(`knn (${task}, ${weights}): deterministic, JSON round trip, input untouched, well-formed output`, () => {
        const P = { k: 5, weights };
        const data = randomData(task, 3);
        const test = randomData(task, 4, 30);
        const x0 = Float64Array.from(data.x);
        const tx0 = Float64Array.from(test.x);
        let progress = 0;
        const s1 = knn.fit(data, P, { seed: 1, onProgress: () => progress++ });
        expect(progress).toBeGreaterThan(0);
        expect(knn.fit(data, P, { seed: 2 })).toEqual(s1);
        const p1 = knn.predict(s1, P, test);
        expect(data.x).toEqual(x0);
        expect(test.x).toEqual(tx0);
        const rt = JSON.parse(JSON.stringify(s1)) as Json;
        expect(knn.predict(rt as typeof s1, P, test)).toEqual(p1);
        const out = proba(p1);
        if (task === 'regression') {
          expect(out.length).toBe(test.rows);
          for (const v of out) expect(Number.isFinite(v)).toBe(true);
        } else {
          const k = data.nClasses;
          expect(out.length).toBe(test.rows * k);
          for (let i = 0; i < test.rows; i++) {
            let s = 0;
            for (let c = 0; c < k; c++) s += out[i * k + c]!;
            expect(s).toBeCloseTo(1, 12);
          }
        }
        expect(() => knn.fit(data, P, { seed: 1, onProgress: () => { throw new Error('cancelled'); } })).toThrow('cancelled');
        expect(() => knn.predict(s1, P, { x: new Float64Array(6), rows: 1, cols: 6 })).toThrow(/expects 5 features/);
      });
    }
  }

  it('a single class or a constant target gives a clear error; bad params are refused', () => {
    const bin = randomData('binary', 5);
    expect(() => knn.fit({ ...bin, y: new Float64Array(bin.rows) }, knn.defaults, { seed: 0 })).toThrow('Every training row has the same class, so there is nothing to learn.');
    const reg = randomData('regression', 5);
    expect(() => knn.fit({ ...reg, y: new Float64Array(reg.rows).fill(3) }, knn.defaults, { seed: 0 })).toThrow('The target is 3 in every training row, so there is nothing to learn.');
    expect(() => knn.fit(bin, { k: 0, weights: 'uniform' }, { seed: 0 })).toThrow(/k must be/);
    const nan = Float64Array.from(bin.x);
    nan[3] = Number.NaN;
    expect(() => knn.fit({ ...bin, x: nan }, knn.defaults, { seed: 0 })).toThrow(/without missing values/);
  });
});

describe('knn on the shared datasets', () => {
  // scikit-learn 1.2.1 KNeighborsClassifier() / KNeighborsRegressor() after the baseline's linear
  // preparation (median/most-frequent imputation, scaling, one-hot), cross_val_predict over
  // StratifiedKFold / KFold(5, shuffle=True, random_state=0) — the app's own folds — computed once:
  // penguins 341/344, glass 136/214, concrete RMSE 8.944391660406943 (concrete has duplicate rows:
  // distance ties at the k-th neighbour are broken by row order here, by argpartition there).
  it('penguins and glass: the same accuracy as scikit-learn', async () => {
    for (const [file, ref] of [['penguins.csv', 341 / 344], ['glass.csv', 136 / 214]] as const) {
      const { frame, spec, features } = await loadDataset(file);
      const r = trainWithCV(frame, { target: spec.target, features, model: 'knn', folds: 5, seed: 0 });
      expect(r.fitted.estimator.kind).toBe('knn');
      expect(Math.abs(r.metrics.accuracy! - ref)).toBeLessThanOrEqual(1 / r.rows + 1e-12);
      if (file === 'penguins.csv') expect(r.metrics.accuracy!).toBeGreaterThan(0.95);
    }
  });

  it('concrete: regression RMSE close to scikit-learn', async () => {
    const { frame, spec, features } = await loadDataset('concrete.csv');
    const r = trainWithCV(frame, { target: spec.target, features, model: 'knn', folds: 5, seed: 0 });
    expect(Math.abs(r.metrics.rmse! / 8.944391660406943 - 1)).toBeLessThan(0.01);
  });
});
