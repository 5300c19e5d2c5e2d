import { describe, expect, it } from 'vitest';
import { trainWithCV } from '../evaluate/train';
import { createRandom } from '../util/random';
import { loadDataset } from '../../../test/helpers/datasets';
import { naiveBayes, type NbState } from './naive-bayes';
import type { Json, Matrix, TrainData } from './types';

// Fixture drawn once with numpy (default_rng(7), 3 decimals): 36 rows, 3 classes of 12, three
// numeric columns (NB_NUM) and two category-code columns with 3 and 2 levels (NB_CAT). Reference
// probabilities for the query rows computed once with scikit-learn 1.2.1:
//   GNB_PROBA   = GaussianNB().fit(NB_NUM, NB_Y).predict_proba(NB_QNUM)
//   CNB_PROBA   = CategoricalNB(alpha=1).fit(NB_CAT, NB_Y).predict_proba(NB_QCAT)
//   MIXED_PROBA = softmax(g._joint_log_likelihood(QNUM) + c._joint_log_likelihood(QCAT) − log prior)
//                 with g, c the two fitted models above (the prior counted once).
const NB_NUM = [-0.066, -0.039, 1.291, 1.867, -0.137, -0.766, -0.065, -0.608, -0.742, -0.059, -1.043, 0.606, -0.104, 0.25, -0.183, -0.727, -0.948, -0.237, -0.549, 0.234, -0.004, -1.362, 0.067, -1.343, -0.616, -0.294, -2.075, 0.092, 0.151, -0.158, -0.424, -0.374, -0.977, -0.27, -0.553, 0.092, -0.204, -0.264, 0.343, 0.858, -0.939, 0.752, -0.665, -0.04, 0.443, 1.283, -0.117, -0.454, 0.741, 0.137, 0.631, 1.207, -2.014, 0.738, 2.169, 0.51, 0.434, -0.558, 0.443, 0.053, -1.533, -0.123, -1.292, -0.296, -1.135, 1.473, 0.629, -0.229, 1.948, 2.594, -0.603, -0.042, 0.739, -1.694, 0.825, 2.396, -0.89, 1.395, 1.228, -1.056, 1.131, 2.584, 0.071, 0.797, 1.691, -0.638, -0.603, 0.361, -0.419, 0.345, 2.308, -2.698, 0.035, 1.4, -1.864, -1.855, 1.665, -0.103, 0.781, 1.399, -1.015, 1.157, -0.76, -1.125, 0.943, 2.682, 0.701, 1.535];
const NB_CAT = [0, 0, 1, 1, 2, 1, 2, 1, 2, 0, 1, 0, 2, 1, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 2, 0, 2, 0, 2, 1, 0, 0, 2, 1, 2, 0, 2, 1, 1, 0, 0, 1, 2, 0, 0, 0, 1, 0, 1, 1, 2, 0, 0, 1, 2, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 2, 1, 1, 1, 2, 0];
const NB_Y = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
const NB_QNUM = [-0.923, 0.073, -0.351, 0.916, -0.633, -0.439, 1.211, 2.239, 1.999, 0.063, 0.219, 1.533];
const NB_QCAT = [0, 1, 2, 0, 1, 1, 2, 1];
const GNB_PROBA = [0.8067077410475126, 0.1834959744270504, 0.009796284525436983, 0.38233567136026564, 0.3509153204395462, 0.26674900820018826, 3.482873153464714e-07, 0.1781341286831348, 0.8218655230295506, 0.2281793072168496, 0.5999782032504183, 0.1718424895327328];
const CNB_PROBA = [0.22499999999999995, 0.24999999999999997, 0.525, 0.272108843537415, 0.48979591836734687, 0.23809523809523814, 0.4941176470588237, 0.17647058823529407, 0.3294117647058824, 0.28571428571428575, 0.380952380952381, 0.3333333333333333];
const MIXED_PROBA = [0.7805966622465011, 0.19728519578909715, 0.022118141964401684, 0.30650886344871986, 0.5063759292288834, 0.18711520732239673, 5.695342812804956e-07, 0.10403304611775958, 0.8959663843479592, 0.1857180130127715, 0.6511064251340215, 0.16317556185320703];

const P = naiveBayes.defaults;

/** Interleaves numeric and categorical columns into one native matrix: [num..., cat...]. */
function mixed(num: number[], cat: number[], rows: number, useNum = true, useCat = true): Matrix {
  const nn = useNum ? 3 : 0;
  const nc = useCat ? 2 : 0;
  const cols = nn + nc;
  const x = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < nn; j++) x[i * cols + j] = num[i * 3 + j]!;
    for (let j = 0; j < nc; j++) x[i * cols + nn + j] = cat[i * 2 + j]!;
  }
  return { x, rows, cols, categorical: [...new Array<number>(nn).fill(0), ...[3, 2].slice(0, nc)] };
}
const train = (m: Matrix, y: number[] = NB_Y, nClasses = 3): TrainData => ({ ...m, task: 'multiclass', y: Float64Array.from(y), nClasses });
const probaOf = (s: NbState, m: Matrix) => {
  const p = naiveBayes.predict(s, P, m);
  if (!('proba' in p)) throw new Error('expected probabilities');
  return p.proba;
};

describe('mixed naive Bayes', () => {
  it('numeric columns: matches scikit-learn GaussianNB', () => {
    const s = naiveBayes.fit(train(mixed(NB_NUM, NB_CAT, 36, true, false)), P, { seed: 0 });
    const p = probaOf(s, mixed(NB_QNUM, NB_QCAT, 4, true, false));
    GNB_PROBA.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 10));
  });

  it('category columns: matches scikit-learn CategoricalNB (Laplace smoothing)', () => {
    const s = naiveBayes.fit(train(mixed(NB_NUM, NB_CAT, 36, false, true)), P, { seed: 0 });
    const p = probaOf(s, mixed(NB_QNUM, NB_QCAT, 4, false, true));
    CNB_PROBA.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 10));
  });

  it('both kinds of column: the product of the two likelihoods', () => {
    const s = naiveBayes.fit(train(mixed(NB_NUM, NB_CAT, 36)), P, { seed: 0 });
    const p = probaOf(s, mixed(NB_QNUM, NB_QCAT, 4));
    MIXED_PROBA.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 10));
  });

  it('a missing or unseen value at predict leaves that column out', () => {
    const s = naiveBayes.fit(train(mixed(NB_NUM, NB_CAT, 36)), P, { seed: 0 });
    const q = mixed(NB_QNUM, NB_QCAT, 4);
    // Column 0 NaN and column 3 (3 levels) an unseen code 3 / a negative / a fraction.
    const holes = Float64Array.from(q.x);
    for (let i = 0; i < 4; i++) { holes[i * 5] = Number.NaN; holes[i * 5 + 3] = [3, -1, 1.5, Number.NaN][i]!; }
    const p = probaOf(s, { ...q, x: holes });
    // The same as a model that never had those columns.
    const keep = [1, 2, 4];
    const sub = (m: Matrix): Matrix => ({
      x: Float64Array.from({ length: m.rows * 3 }, (_, t) => m.x[Math.floor(t / 3) * 5 + keep[t % 3]!]!),
      rows: m.rows, cols: 3, categorical: [0, 0, 2],
    });
    const s2 = naiveBayes.fit(train(sub(mixed(NB_NUM, NB_CAT, 36))), P, { seed: 0 });
    const p2 = probaOf(s2, sub(q));
    const rowSums = Array.from({ length: 4 }, (_, i) => p[i * 3]! + p[i * 3 + 1]! + p[i * 3 + 2]!);
    rowSums.forEach((v) => expect(v).toBeCloseTo(1, 12));
    // Equal up to the (1e-9 × max variance) smoothing, which differs when column 0 is dropped.
    p2.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 6));
    // A row with nothing known gets the class priors.
    const blank = probaOf(s, { ...q, rows: 1, x: Float64Array.from([NaN, NaN, NaN, NaN, NaN]) });
    Array.from(blank).forEach((v) => expect(v).toBeCloseTo(1 / 3, 12));
  });

  it('missing values in training are skipped in the class statistics', () => {
    const m = mixed(NB_NUM, NB_CAT, 36, true, false);
    const x = Float64Array.from(m.x);
    for (const i of [0, 5, 13, 30]) x[i * 3] = Number.NaN;
    const s = naiveBayes.fit(train({ ...m, x }), P, { seed: 0 });
    const f = s.features[0]!;
    expect(f.type).toBe('num');
    if (f.type !== 'num') return;
    for (let c = 0; c < 3; c++) {
      const vals = NB_Y.map((y, i) => (y === c && ![0, 5, 13, 30].includes(i) ? NB_NUM[i * 3]! : null)).filter((v): v is number => v !== null);
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      expect(f.mean[c]).toBeCloseTo(mean, 12);
    }
    for (const v of probaOf(s, mixed(NB_QNUM, NB_QCAT, 4, true, false))) expect(Number.isFinite(v)).toBe(true);
  });

  it('a class absent from training gets probability 0; state stays JSON', () => {
    const y = NB_Y.map((c) => (c === 1 ? 3 : c));
    const s = naiveBayes.fit(train(mixed(NB_NUM, NB_CAT, 36), y, 4), P, { seed: 0 });
    expect(s.logPrior[1]).toBeNull();
    const rt = JSON.parse(JSON.stringify(s)) as NbState;
    expect(rt).toEqual(s);
    const p = probaOf(rt, mixed(NB_QNUM, NB_QCAT, 4));
    for (let i = 0; i < 4; i++) {
      expect(p[i * 4 + 1]).toBe(0);
      expect(p[i * 4]! + p[i * 4 + 2]! + p[i * 4 + 3]!).toBeCloseTo(1, 12);
    }
  });

  it('stays finite on extreme values (log-sum-exp)', () => {
    const s = naiveBayes.fit(train(mixed(NB_NUM, NB_CAT, 36)), P, { seed: 0 });
    const p = probaOf(s, { ...mixed(NB_QNUM, NB_QCAT, 1), x: Float64Array.from([1e6, -1e6, 1e200, 0, 1]) });
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 12);
  });
});

describe('estimator contract', () => {
  function randomNative(seed: number, n: number, k: number): TrainData {
    const r = createRandom(seed);
    const cols = 4; // numeric, numeric, 3-level code, 4-level code
    const x = new Float64Array(n * cols);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = i < k ? i : Math.floor(r() * k);
      y[i] = c;
      x[i * cols] = r() < 0.1 ? Number.NaN : c + r() * 2;
      x[i * cols + 1] = r() * 5 - c;
      x[i * cols + 2] = r() < 0.1 ? Number.NaN : (c + Math.floor(r() * 2)) % 3;
      x[i * cols + 3] = Math.floor(r() * 4);
    }
    return { x, rows: n, cols, categorical: [0, 0, 3, 4], task: k === 2 ? 'binary' : 'multiclass', y, nClasses: k };
  }

  for (const k of [2, 4]) {
    it(`nb.mixed (${k} classes): deterministic, JSON round trip, input untouched, unseen codes and NaN, well-formed`, () => {
      expect(naiveBayes.input).toBe('native');
      expect(naiveBayes.family).toBe('nb');
      const data = randomNative(3, 90, k);
      const test = randomNative(4, 30, k);
      // Unseen category codes and missing values at predict.
      test.x[2] = 7; test.x[3] = 4; test.x[5] = Number.NaN; test.x[6] = Number.NaN;
      const x0 = Float64Array.from(data.x);
      const y0 = Float64Array.from(data.y);
      const tx0 = Float64Array.from(test.x);
      let progress = 0;
      const s1 = naiveBayes.fit(data, P, { seed: 1, onProgress: () => progress++ });
      expect(progress).toBeGreaterThan(0);
      expect(naiveBayes.fit(data, P, { seed: 2 })).toEqual(s1);
      const p1 = naiveBayes.predict(s1, P, test);
      expect(data.x).toEqual(x0);
      expect(data.y).toEqual(y0);
      expect(test.x).toEqual(tx0);
      const rt = JSON.parse(JSON.stringify(s1)) as Json;
      expect(rt).toEqual(s1);
      expect(naiveBayes.predict(rt as NbState, P, test)).toEqual(p1);
      if (!('proba' in p1)) throw new Error('expected probabilities');
      expect(p1.nClasses).toBe(k);
      for (let i = 0; i < test.rows; i++) {
        let s = 0;
        for (let c = 0; c < k; c++) {
          const v = p1.proba[i * k + c]!;
          expect(v).toBeGreaterThanOrEqual(0);
          s += v;
        }
        expect(s).toBeCloseTo(1, 12);
      }
      expect(() => naiveBayes.fit(data, P, { seed: 1, onProgress: () => { throw new Error('cancelled'); } })).toThrow('cancelled');
      expect(() => naiveBayes.predict(s1, P, { x: new Float64Array(6), rows: 1, cols: 6 })).toThrow(/expects 4 features/);
    });
  }

  it('a single class gives a clear error; bad params are refused', () => {
    const data = randomNative(5, 40, 2);
    expect(() => naiveBayes.fit({ ...data, y: new Float64Array(40).fill(1) }, P, { seed: 0 })).toThrow('Every training row has the same class, so there is nothing to learn.');
    expect(() => naiveBayes.fit(data, { var_smoothing: 1e-9, alpha: 0 }, { seed: 0 })).toThrow(/alpha must be/);
  });
});

describe('naive Bayes on the shared datasets', () => {
  // scikit-learn 1.2.1 GaussianNB() on the raw numbers, cross_val_predict over
  // StratifiedKFold(5, shuffle=True, random_state=0) — the app's own folds — computed once:
  // satellite 5123/6435, glass 96/214 (both all-numeric, no missing values, so nb.mixed is
  // exactly GaussianNB there).
  it('satellite and glass: the same accuracy as GaussianNB', async () => {
    for (const [file, ref] of [['satellite.csv', 5123 / 6435], ['glass.csv', 96 / 214]] as const) {
      const { frame, spec, features } = await loadDataset(file);
      const r = trainWithCV(frame, { target: spec.target, features, model: 'nb', folds: 5, seed: 0 });
      expect(r.fitted.estimator.kind).toBe('nb.mixed');
      expect(Math.abs(r.metrics.accuracy! - ref)).toBeLessThanOrEqual(1 / r.rows + 1e-12);
    }
  });

  it('penguins (categories and missing values): accuracy above 0.95', async () => {
    const { frame, spec, features } = await loadDataset('penguins.csv');
    const r = trainWithCV(frame, { target: spec.target, features, model: 'nb', folds: 5, seed: 0 });
    expect(r.metrics.accuracy!).toBeGreaterThan(0.95);
  });
});
