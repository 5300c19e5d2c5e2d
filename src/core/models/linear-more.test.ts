import { describe, expect, it } from 'vitest';
import { trainWithCV } from '../evaluate/train';
import { baseline, loadDataset } from '../../../test/helpers/datasets';
import { randomData } from '../../../test/helpers/model-data';
import { fitElasticNet, fitLogisticL1, fitMultinomial, fitRidge, solveMinNorm } from './linear-more';
import { getEstimator } from './registry';
import type { Json, Matrix, Prediction, TrainData } from './types';

// ---------------------------------------------------------------------------------------------
// Fixture and reference solutions. The fixture was drawn once with numpy (default_rng(7), rounded
// to 3 decimals); the reference coefficients were computed once with scikit-learn 1.2.1:
//   ridge:   Ridge(alpha=1).fit(REG_X, REG_Y)            ridge_w: same with sample_weight=REG_W
//   ols:     LinearRegression().fit(REG_X, REG_Y)
//   lasso:   Lasso(alpha=0.3, tol=1e-15, max_iter=1e6)
//   enet:    ElasticNet(alpha=0.2, l1_ratio=0.7, tol=1e-15, max_iter=1e6)   enet_w: + sample_weight=REG_W
//   l1C05 / l1C01: LogisticRegression(penalty='l1', solver='saga', C=0.5 / 0.1, tol=1e-15, max_iter=1e7)
//   multinomial:   LogisticRegression(C=1, solver='newton-cg', tol=1e-14) on MC_X, MC_Y, intercepts
//                  shifted to sum to zero.
// (script: fixture generation + those fits, printed with repr; kept out of the repo as tests must
// not need Python.)
const REG_X = [0.001, 0.299, 0.178, -0.891, -0.455, -0.992, 1.18, 1.34, -0.492, -0.62, 2.47, 0.357, 0.105, -0.93, 0.913, 0.695, -1.344, -0.458, -4.703, -1.29, -1.842, -0.235, -2.801, 0.271, 0.157, -0.187, -6.551, -0.539, -0.049, 0.113, -3.59, -0.478, -0.979, -0.809, 4.183, -0.808, -0.033, 0.884, -0.752, -0.112, 0.11, 0.064, -2.675, 0.076, 1.359, -1.547, 3.577, 0.119, -0.641, 2.0, 3.286, -1.199, 0.075, 0.577, 0.433, 0.683, -0.067, 0.667, 5.317, -0.676, 0.203, -0.463, 1.381, -1.187, -0.579, -0.196, 3.697, 1.145, -1.324, -0.795, 2.941, -1.992, -0.463, -0.097, 4.771, 0.689, -0.327, -0.369, 0.25, 1.524, -0.428, -0.304, 2.059, -0.121, -0.197, -1.114, 0.964, -0.444, 1.166, 0.653, 0.928, 0.668, -0.34, 1.052, 0.985, 0.583, -1.291, 0.347, -4.064, -2.035, -0.304, -0.9, 1.492, 2.245, -0.832, -0.624, 1.615, 0.493, -0.176, -0.206, 3.106, 0.52, -1.034, -0.079, 1.105, -1.054, 0.26, -0.858, 3.916, 0.193];
const REG_Y = [0.028, 1.683, 1.648, 1.193, -2.916, -2.343, -2.559, -0.199, 0.508, -0.938, -0.942, 7.329, -3.371, -1.641, 1.66, 3.298, 1.08, 0.767, 1.303, 0.042, 1.963, 2.287, 1.18, -2.453, -3.851, 1.269, 1.99, 1.457, 0.211, 3.791];
const REG_W = [1.71, 1.51, 1.58, 1.44, 1.96, 1.0, 1.1, 0.8, 0.58, 0.82, 1.87, 1.76, 0.67, 1.41, 1.22, 1.39, 1.49, 0.96, 1.94, 1.2, 1.44, 1.45, 0.78, 0.59, 1.12, 1.65, 1.72, 1.59, 0.67, 1.87];
const BIN_X = [0.292, -0.034, -0.441, -0.508, 0.63, -0.302, -0.151, 0.022, 1.177, 0.681, 0.383, -0.564, -1.382, 0.95, 0.966, -0.141, 0.542, 0.781, 0.831, 0.921, -0.456, 1.515, -1.247, 0.862, 0.494, 0.874, 1.879, 1.484, -1.145, -1.689, 0.817, -1.015, -0.012, 0.84, -1.644, -2.11, 0.259, 0.044, -0.246, 0.039, -0.861, -1.513, -0.167, -0.972, -1.643, 0.506, -0.061, 0.407, -0.989, -0.658, -0.999, -0.887, 0.195, -0.783, 0.356, 0.34, 2.025, -1.393, 0.888, -0.089, -0.014, -1.45, -0.46, 0.743, -0.082, 0.081, -0.291, 1.155, -0.021, -2.2, -0.692, -1.969, -3.251, -0.53, 1.334, 0.047, -1.173, -0.941, 1.131, 0.158, 0.048, -0.053, 0.038, 0.805, 0.553, 0.216, -1.043, 0.511, -0.684, 1.094, -1.271, -0.138, -0.007, -1.325, 1.722, 1.46, -0.464, 0.772, 0.379, -2.614, 0.25, -0.061, 0.083, -1.077, -0.269, -0.178, 1.188, 0.334, -0.006, 1.529, -0.555, -0.389, -1.817, 1.569, 0.964, 0.917, 0.669, 0.11, 0.215, -0.252];
const BIN_Y = [0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1];
const MC_X = [1.28, -0.905, 1.081, 1.524, 0.259, 0.553, 1.952, -0.197, -0.593, -1.353, 0.042, 1.479, 0.96, -0.942, -0.855, -0.504, 0.292, -0.205, 0.214, 0.297, -0.299, -0.04, 0.207, -0.084, 0.504, 1.871, 0.592, 0.056, -1.686, 0.388, -1.947, -1.409, 0.855, 0.706, -0.15, -1.71, -0.371, -0.679, 0.637, 2.258, 0.217, -0.779, -1.171, -0.056, -0.177, -1.152, 0.116, -1.151, 1.112, 1.063, 1.085, -0.474, 0.515, -0.132, -0.389, -0.339, -1.3, -1.444, 0.794, -0.191, 0.216, 1.002, -1.733, -0.784, 0.175, 0.392, -0.377, 1.029, 0.21, -1.213, -0.931, 0.805, 0.464, -1.899, 1.348, 0.598, 1.343, -0.384, -0.296, -1.126, 2.537, -0.175, 1.588, -0.647, 0.164, -1.671, -0.383, 0.984, -1.252, 1.072, 0.337, -1.044, -0.502, -0.459, -0.05, -0.536, -0.827, -0.305, -1.027, -1.29, -0.048, 0.883, -1.529, 0.004, -0.65, -0.977, 0.853, -0.518, 1.498, -0.78, 0.387, -0.227, -0.754, 0.588, -0.155, 0.603, -0.047, -1.086, -0.102, 0.052, 0.958, -0.906, -0.039, -1.722, 0.651, -1.081, -1.806, -0.059, 1.106, -1.524, -1.088, -0.743, -1.129, 0.379, -0.807];
const MC_Y = [0, 0, 0, 1, 2, 1, 1, 1, 1, 2, 2, 0, 0, 0, 2, 2, 0, 2, 1, 1, 1, 1, 2, 2, 0, 2, 0, 1, 0, 0, 0, 2, 2, 0, 2, 2, 0, 0, 1, 1, 0, 1, 1, 1, 2];
const SKLEARN = {
  ridge: { w: [1.4737131704541582, -1.7587079096696876, 0.4004312758477359, -0.18261524445986643], b: 0.2787623241242285 },
  ridge_w: { w: [1.4701073222724692, -1.811202947414271, 0.43766627548117976, -0.2537320378548665], b: 0.26236841218570994 },
  ols: { w: [1.6038291747578401, -1.8780629503743147, 0.3972797311258387, -0.2316622511565487], b: 0.30138767922371823 },
  lasso: { w: [0.8553320580381614, -1.2846629867977892, 0.3899058253785988, 0.0], b: 0.17501836638089796 },
  enet: { w: [1.0620224589464835, -1.4154535064689755, 0.3944770785482784, -0.0], b: 0.2160139545136745 },
  enet_w: { w: [1.0499807247753556, -1.3745428837646876, 0.43275038512734715, -0.0], b: 0.2592752514876526 },
  l1C05: { w: [1.5625522216834131, -0.23263362389603062, 0.0], b: 0.19890242701216743 },
  l1C01: { w: [0.2636201474970433, 0.0, 0.0], b: 0.13594427538043818 },
  multinomial: { w: [[1.1306341352013747, -0.6693355516701046, 0.6148268922158746], [-0.6160343478589904, 0.7388529975312705, -0.18109311965835811], [-0.5145997873423842, -0.06951744586116543, -0.43373377255751727]], b: [0.004318519865295972, -0.029196254682300502, 0.024877734817004532] },
};

const mat = (x: number[], cols: number): Matrix => ({ x: Float64Array.from(x), rows: x.length / cols, cols });
const regData = (weights?: number[]): TrainData => ({ ...mat(REG_X, 4), task: 'regression', y: Float64Array.from(REG_Y), nClasses: 0, weights: weights && Float64Array.from(weights) });
const binData = (): TrainData => ({ ...mat(BIN_X, 3), task: 'binary', y: Float64Array.from(BIN_Y), nClasses: 2 });
const mcData = (): TrainData => ({ ...mat(MC_X, 3), task: 'multiclass', y: Float64Array.from(MC_Y), nClasses: 3 });

function expectCoefs(got: { weights: number[]; intercept: number }, ref: { w: number[]; b: number }, tol = 1e-4): void {
  got.weights.forEach((w, j) => expect(Math.abs(w - ref.w[j]!), `weight ${j}: ${w} vs ${ref.w[j]}`).toBeLessThan(tol));
  expect(Math.abs(got.intercept - ref.b), `intercept ${got.intercept} vs ${ref.b}`).toBeLessThan(tol);
}

/** Xᵀ(w∘r), Σ wᵢrᵢ and Σ wᵢ for the residuals r of a fitted model (row weights optional). */
function residualCorrelations(d: TrainData, s: { weights: number[]; intercept: number }): { xr: number[]; r: number; n: number } {
  const xr = new Array<number>(d.cols).fill(0);
  let r = 0, n = 0;
  for (let i = 0; i < d.rows; i++) {
    let f = s.intercept;
    for (let j = 0; j < d.cols; j++) f += d.x[i * d.cols + j]! * s.weights[j]!;
    const wi = d.weights ? d.weights[i]! : 1;
    const ri = wi * (d.y[i]! - f);
    for (let j = 0; j < d.cols; j++) xr[j]! += d.x[i * d.cols + j]! * ri;
    r += ri;
    n += wi;
  }
  return { xr, r, n };
}

describe('ridge and least squares', () => {
  it('ridge matches scikit-learn and its normal equations', () => {
    const d = regData();
    const s = fitRidge(d, 1);
    expectCoefs(s, SKLEARN.ridge, 1e-8);
    // Closed-form optimality: Xᵀr = alpha·β and Σr = 0 (unpenalised intercept).
    const { xr, r } = residualCorrelations(d, s);
    xr.forEach((v, j) => expect(v - s.weights[j]!).toBeCloseTo(0, 9));
    expect(r).toBeCloseTo(0, 9);
  });

  it('ridge with row weights matches scikit-learn', () => {
    expectCoefs(fitRidge(regData(REG_W), 1), SKLEARN.ridge_w, 1e-8);
  });

  it('ols matches scikit-learn', () => {
    expectCoefs(fitRidge(regData(), 0), SKLEARN.ols, 1e-8);
  });

  it('ols with exactly collinear columns returns the minimum-norm solution, as lstsq', () => {
    // Column 4 = column 0 + column 1: the null space is spanned by (1, 1, 0, 0, -1).
    const x: number[] = [];
    for (let i = 0; i < 30; i++) x.push(REG_X[i * 4]!, REG_X[i * 4 + 1]!, REG_X[i * 4 + 2]!, REG_X[i * 4 + 3]!, REG_X[i * 4]! + REG_X[i * 4 + 1]!);
    const d: TrainData = { ...mat(x, 5), task: 'regression', y: Float64Array.from(REG_Y), nClasses: 0 };
    const s = fitRidge(d, 0);
    const b = s.weights;
    expect(b[0]! + b[1]! - b[4]!).toBeCloseTo(0, 8);
    // Same fit as OLS on the four independent columns.
    const ref = SKLEARN.ols;
    expect(b[0]! + b[4]!).toBeCloseTo(ref.w[0]!, 8);
    expect(b[1]! + b[4]!).toBeCloseTo(ref.w[1]!, 8);
    expect(b[2]!).toBeCloseTo(ref.w[2]!, 8);
    expect(s.intercept).toBeCloseTo(ref.b, 8);
  });

  it('solveMinNorm drops a zero column to weight 0', () => {
    const g = Float64Array.from([2, 0, 1, 0, 0, 0, 1, 0, 3]);
    const beta = solveMinNorm(g, Float64Array.from([1, 0, 2]), 3);
    expect(beta[1]).toBe(0);
    expect(2 * beta[0]! + beta[2]!).toBeCloseTo(1, 12);
    expect(beta[0]! + 3 * beta[2]!).toBeCloseTo(2, 12);
  });
});

describe('lasso and elastic net', () => {
  const enetKkt = (d: TrainData, s: { weights: number[]; intercept: number }, alpha: number, rho: number) => {
    // Optimality of 1/(2n)Σwr² + α(ρ|β|₁ + (1−ρ)/2|β|²): (1/n)Xᵀr − α(1−ρ)β ∈ αρ·∂|β|₁.
    const { xr, r, n } = residualCorrelations(d, s);
    expect(Math.abs(r / n)).toBeLessThan(1e-9);
    xr.forEach((v, j) => {
      const gj = v / n - alpha * (1 - rho) * s.weights[j]!;
      const bj = s.weights[j]!;
      if (bj !== 0) expect(Math.abs(gj - alpha * rho * Math.sign(bj))).toBeLessThan(1e-6);
      else expect(Math.abs(gj)).toBeLessThanOrEqual(alpha * rho + 1e-9);
    });
  };

  it('lasso matches scikit-learn and satisfies the KKT conditions', () => {
    const d = regData();
    const s = fitElasticNet(d, { alpha: 0.3, l1_ratio: 1, maxIter: 10000, tol: 1e-12 });
    expect(s.converged).toBe(true);
    expectCoefs(s, SKLEARN.lasso);
    expect(s.weights[3]).toBe(0);
    enetKkt(d, s, 0.3, 1);
  });

  it('elastic net matches scikit-learn (unweighted and weighted) and the KKT conditions', () => {
    const p = { alpha: 0.2, l1_ratio: 0.7, maxIter: 10000, tol: 1e-12 };
    const s = fitElasticNet(regData(), p);
    expectCoefs(s, SKLEARN.enet);
    enetKkt(regData(), s, 0.2, 0.7);
    const sw = fitElasticNet(regData(REG_W), p);
    expectCoefs(sw, SKLEARN.enet_w);
    enetKkt(regData(REG_W), sw, 0.2, 0.7);
  });

  it('the residual-update path and plain coordinate descent agree with the accelerated Gram path', () => {
    const p = { alpha: 0.2, l1_ratio: 0.7, maxIter: 10000, tol: 1e-12 };
    const a = fitElasticNet(regData(REG_W), p, undefined, true);
    for (const b of [fitElasticNet(regData(REG_W), p, undefined, false), fitElasticNet(regData(REG_W), p, undefined, true, false)]) {
      expect(b.converged).toBe(true);
      a.weights.forEach((w, j) => expect(w).toBeCloseTo(b.weights[j]!, 8));
      expect(a.intercept).toBeCloseTo(b.intercept, 8);
    }
  });

  it('a large alpha zeroes every weight and predicts the mean', () => {
    const s = fitElasticNet(regData(), { alpha: 100, l1_ratio: 1, maxIter: 100, tol: 1e-12 });
    expect(s.weights.every((w) => w === 0)).toBe(true);
    expect(s.intercept).toBeCloseTo(REG_Y.reduce((a, b) => a + b, 0) / REG_Y.length, 12);
  });
});

describe('L1 logistic regression', () => {
  for (const [C, ref] of [[0.5, SKLEARN.l1C05], [0.1, SKLEARN.l1C01]] as const) {
    it(`matches scikit-learn saga and the KKT conditions (C = ${C})`, () => {
      const d = binData();
      const s = fitLogisticL1(d, { C, maxIter: 100, tol: 1e-10 });
      expect(s.converged).toBe(true);
      expectCoefs(s, ref);
      // KKT of Σ logloss + |β|₁/C: g_j = −1/C·sign(β_j) when β_j ≠ 0, |g_j| ≤ 1/C otherwise; g_b = 0.
      const g = new Array<number>(d.cols + 1).fill(0);
      for (let i = 0; i < d.rows; i++) {
        let z = s.intercept;
        for (let j = 0; j < d.cols; j++) z += d.x[i * d.cols + j]! * s.weights[j]!;
        const r = 1 / (1 + Math.exp(-z)) - d.y[i]!;
        for (let j = 0; j < d.cols; j++) g[j]! += r * d.x[i * d.cols + j]!;
        g[d.cols]! += r;
      }
      expect(Math.abs(g[d.cols]!)).toBeLessThan(1e-8);
      s.weights.forEach((w, j) => {
        if (w !== 0) expect(Math.abs(g[j]! + Math.sign(w) / C)).toBeLessThan(1e-8);
        else expect(Math.abs(g[j]!)).toBeLessThanOrEqual(1 / C + 1e-8);
      });
      expect(s.weights.filter((w) => w === 0).length).toBe(ref.w.filter((w) => w === 0).length);
    });
  }
});

describe('multinomial logistic regression', () => {
  it('matches scikit-learn and zeroes the penalised gradient', () => {
    const d = mcData();
    const s = fitMultinomial(d, { C: 1, maxIter: 3000, tol: 1e-9 });
    expect(s.converged).toBe(true);
    s.weights.forEach((row, k) => row.forEach((w, j) => expect(Math.abs(w - SKLEARN.multinomial.w[k]![j]!)).toBeLessThan(1e-5)));
    s.intercepts.forEach((b, k) => expect(Math.abs(b - SKLEARN.multinomial.b[k]!)).toBeLessThan(1e-5));
    // Gradient: Σ (p_ik − y_ik) x_i + W_k / C = 0.
    const pred = getEstimator('logistic.multinomial').predict(s, {}, d) as { proba: Float64Array };
    for (let k = 0; k < 3; k++) {
      let gb = 0;
      for (let j = 0; j < 3; j++) {
        let gj = s.weights[k]![j]!;
        for (let i = 0; i < d.rows; i++) gj += (pred.proba[i * 3 + k]! - (d.y[i] === k ? 1 : 0)) * d.x[i * 3 + j]!;
        expect(Math.abs(gj)).toBeLessThan(1e-7);
      }
      for (let i = 0; i < d.rows; i++) gb += pred.proba[i * 3 + k]! - (d.y[i] === k ? 1 : 0);
      expect(Math.abs(gb)).toBeLessThan(1e-7);
    }
  });

  it('a class absent from the training rows gets probability 0; the others are modelled', () => {
    const d = mcData();
    const y = Float64Array.from(d.y, (c) => (c === 1 ? 3 : c));
    const s = fitMultinomial({ ...d, y, nClasses: 4 }, { C: 1, maxIter: 3000, tol: 1e-9 });
    expect(s.classes).toEqual([0, 2, 3]);
    const p = getEstimator('logistic.multinomial').predict(s, {}, d) as { proba: Float64Array; nClasses: number };
    expect(p.nClasses).toBe(4);
    for (let i = 0; i < d.rows; i++) expect(p.proba[i * 4 + 1]).toBe(0);
  });

  it('stays finite and stable with extreme scores (log-sum-exp)', () => {
    const s = fitMultinomial(mcData(), { C: 1, maxIter: 3000, tol: 1e-9 });
    const p = getEstimator('logistic.multinomial').predict(s, {}, mat([1e6, -1e6, 1e6, -1e6, 1e6, -1e6], 3)) as { proba: Float64Array };
    for (const v of p.proba) expect(Number.isFinite(v)).toBe(true);
    expect(p.proba[0]! + p.proba[1]! + p.proba[2]!).toBeCloseTo(1, 12);
  });
});

// ---------------------------------------------------------------------------------------------
// The estimator contract for every kind of this file.


function checkContract(kind: string, task: 'binary' | 'multiclass' | 'regression', params: Json = {}): void {
  const est = getEstimator(kind);
  const P = { ...(est.defaults as object), ...(params as object) } as Json;
  const data = randomData(task, 3);
  const test = randomData(task, 4, 30);
  const x0 = Float64Array.from(data.x);
  const y0 = Float64Array.from(data.y);
  const tx0 = Float64Array.from(test.x);
  const iterations: number[] = [];
  const s1 = est.fit(data, P, { seed: 1, onProgress: (p) => iterations.push(p.iteration) });
  expect(iterations.length).toBeGreaterThan(0);
  const s2 = est.fit(data, P, { seed: 1 });
  expect(s2).toEqual(s1);
  const p1 = est.predict(s1, P, test);
  // Input never mutated.
  expect(data.x).toEqual(x0);
  expect(data.y).toEqual(y0);
  expect(test.x).toEqual(tx0);
  // JSON round trip gives the same predictions.
  const roundTrip = JSON.parse(JSON.stringify(s1)) as Json;
  expect(roundTrip).toEqual(s1);
  const p2 = est.predict(roundTrip, P, test);
  expect(p2).toEqual(p1);
  expectWellFormed(p1, task, test.rows, data.nClasses);
  // Cancelling from the progress callback propagates.
  expect(() => est.fit(data, P, { seed: 1, onProgress: () => { throw new Error('cancelled'); } })).toThrow('cancelled');
  // Wrong number of features at predict.
  expect(() => est.predict(s1, P, { x: new Float64Array(6), rows: 1, cols: 6 })).toThrow(/expects 5 features/);
}

function expectWellFormed(p: Prediction, task: string, rows: number, k: number): void {
  if (task === 'regression') {
    expect('value' in p).toBe(true);
    if ('value' in p) {
      expect(p.value.length).toBe(rows);
      for (const v of p.value) expect(Number.isFinite(v)).toBe(true);
    }
    return;
  }
  expect('proba' in p).toBe(true);
  if (!('proba' in p)) return;
  expect(p.nClasses).toBe(k);
  expect(p.proba.length).toBe(rows * k);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      const v = p.proba[i * k + c]!;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      s += v;
    }
    expect(s).toBeCloseTo(1, 12);
  }
}

describe('estimator contract', () => {
  const cases: [string, 'binary' | 'multiclass' | 'regression'][] = [
    ['ridge', 'regression'], ['ols', 'regression'], ['lasso', 'regression'], ['elastic_net', 'regression'],
    ['logistic.l1', 'binary'], ['logistic.multinomial', 'multiclass'], ['logistic.multinomial', 'binary'],
  ];
  for (const [kind, task] of cases) {
    it(`${kind} (${task}): deterministic, JSON round trip, input untouched, well-formed output`, () => {
      const est = getEstimator(kind);
      expect(est.family).toBe('linear');
      expect(est.input).toBe('dense');
      expect(est.tasks).toContain(task);
      checkContract(kind, task);
    });
  }

  it('a constant target or a single class gives a clear error', () => {
    const reg = randomData('regression', 5);
    const constant = { ...reg, y: new Float64Array(reg.rows).fill(7) };
    for (const kind of ['ridge', 'ols', 'lasso', 'elastic_net']) {
      const est = getEstimator(kind);
      expect(() => est.fit(constant, est.defaults, { seed: 0 })).toThrow('The target is 7 in every training row, so there is nothing to learn.');
    }
    const bin = randomData('binary', 5);
    const oneClass = { ...bin, y: new Float64Array(bin.rows).fill(1) };
    for (const kind of ['logistic.l1', 'logistic.multinomial']) {
      const est = getEstimator(kind);
      expect(() => est.fit(oneClass, est.defaults, { seed: 0 })).toThrow('Every training row has the same class, so there is nothing to learn.');
    }
  });

  it('registers the kinds the linear family defaults to', () => {
    expect(getEstimator('ridge').tasks).toEqual(['regression']);
    expect(getEstimator('logistic.multinomial').tasks).toContain('multiclass');
  });
});

// ---------------------------------------------------------------------------------------------
// Dataset scores against BASELINES.md: the app's 5-fold CV uses exactly scikit-learn's folds
// (StratifiedKFold / KFold, shuffle, seed 0) and the same preparation, so the scores must agree
// to within one row (classification) or the table's four significant digits (RMSE).

describe('linear family on the shared datasets', () => {
  for (const file of ['penguins.csv', 'glass.csv', 'satellite.csv']) {
    it(`${file}: multinomial accuracy as scikit-learn`, async () => {
      const { frame, spec, features } = await loadDataset(file);
      const r = trainWithCV(frame, { target: spec.target, features, model: 'linear', folds: 5, seed: 0 });
      expect(r.fitted.estimator.kind).toBe('logistic.multinomial');
      const acc = r.metrics.accuracy!;
      // Up to 3 rows: the baseline's lbfgs stops at tol 1e-4, short of the optimum this solver reaches
      // (satellite differs by 2 of 6,435 rows; penguins and glass match exactly).
      expect(Math.abs(acc - baseline(file, 'acc', 'linear'))).toBeLessThanOrEqual(3 / r.rows + 5e-5);
    });
  }

  it('concrete.csv: ridge RMSE as scikit-learn', async () => {
    const { frame, spec, features } = await loadDataset('concrete.csv');
    const r = trainWithCV(frame, { target: spec.target, features, model: 'linear', folds: 5, seed: 0 });
    expect(r.fitted.estimator.kind).toBe('ridge');
    expect(Math.abs(r.metrics.rmse! - baseline('concrete.csv', 'rmse', 'linear'))).toBeLessThan(0.005);
  });

  it('concrete.csv: lasso, elastic net and OLS train through the pipeline', async () => {
    const { frame, spec, features } = await loadDataset('concrete.csv');
    for (const estimator of ['lasso', 'elastic_net', 'ols']) {
      const r = trainWithCV(frame, { target: spec.target, features, model: 'linear', estimator, folds: 5, seed: 0 });
      // Ridge gives 10.47; alpha = 1 lasso / elastic net shrink more on this scale.
      expect(r.metrics.rmse!).toBeLessThan(13);
      expect(r.metrics.r2!).toBeGreaterThan(0.4);
    }
  });
});
