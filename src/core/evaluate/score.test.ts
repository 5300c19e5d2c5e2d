import { describe, expect, it } from 'vitest';
import { classificationMetricKeys, regressionMetricKeys, scoreClassification, scoreRegression } from './score';

/*
 * Reference values computed once with scikit-learn 1.2.1 (Debian python3-sklearn) under
 * /usr/bin/python3 — the same fixtures as metrics.test.ts; the tests need no Python.
 * Binary (p = probability of class 1, yp = p > 0.5): accuracy_score, balanced_accuracy_score,
 *   f1/precision/recall average='macro' (zero_division=0), roc_auc_score(y, p),
 *   average_precision_score(y, p), log_loss(y, p), brier_score_loss(y, p), matthews_corrcoef.
 * Multiclass (yp = proba.argmax(1)): the same, with roc_auc_score(multi_class='ovr',
 *   average='macro') and brier = mean over rows of Σ_c (p_c − onehot_c)² (computed with numpy).
 * Regression: sqrt(mean_squared_error), mean_absolute_error, r2_score,
 *   mean_absolute_percentage_error, median_absolute_error.
 */
const y = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0];
const p = [0.9, 0.8, 0.7, 0.7, 0.7, 0.6, 0.55, 0.5, 0.5, 0.4, 0.35, 0.3, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1, 0.05, 0.9];
const w = [1, 2, 0.5, 1, 1, 3, 1, 1, 2, 1, 0.5, 1, 1, 2, 1, 1, 1, 0.5, 1, 2];
const binaryRef = {
  unweighted: {
    accuracy: 0.55, balanced_accuracy: 0.5404040404040404, precision_macro: 0.5416666666666667, recall_macro: 0.5404040404040404,
    f1_macro: 0.5396419437340154, auc: 0.51010101010101, pr_auc: 0.4837690631808279, log_loss: 0.879019608405302,
    brier: 0.30737499999999995, mcc: 0.08206099398622181,
  },
  weighted: {
    accuracy: 0.3877551020408163, balanced_accuracy: 0.38095238095238093, precision_macro: 0.38294314381270905,
    recall_macro: 0.38095238095238093, f1_macro: 0.3813131313131314, auc: 0.3758503401360544, pr_auc: 0.38397061518714976,
    log_loss: 1.0112533646662805, brier: 0.36515306122448976, mcc: -0.2360960823249428,
  },
};
const ym = [0, 1, 2, 0, 1, 0, 1, 2, 0, 0, 1, 2, 1, 0, 2];
const pm = [
  0.7, 0.2, 0.1, 0.3, 0.4, 0.3, 0.2, 0.2, 0.6, 0.1, 0.5, 0.4, 0.2, 0.6, 0.2, 0.4, 0.4, 0.2, 0.5, 0.3, 0.2, 0.3, 0.3, 0.4,
  0.6, 0.1, 0.3, 0.2, 0.3, 0.5, 0.1, 0.8, 0.1, 0.25, 0.25, 0.5, 0.3, 0.4, 0.3, 0.5, 0.25, 0.25, 0.1, 0.2, 0.7,
];
const multiRef = {
  accuracy: 0.8, balanced_accuracy: 0.8222222222222223, precision_macro: 0.8000000000000002, recall_macro: 0.8222222222222223,
  f1_macro: 0.8053872053872054, auc: 0.8491694725028057, log_loss: 0.8424282272573492, brier: 0.46599999999999997,
  mcc: 0.7047138579747255,
};

function expectMetrics(got: Record<string, number>, ref: Record<string, number>) {
  expect(Object.keys(got).sort()).toEqual(Object.keys(ref).sort());
  for (const [key, value] of Object.entries(ref)) expect(got[key], key).toBeCloseTo(value, 12);
}

describe('scoreClassification', () => {
  const proba = Float64Array.from(p.flatMap((v) => [1 - v, v]));
  it('binary: every standard key, against scikit-learn', () => {
    const s = scoreClassification(Int32Array.from(y), proba, 2);
    expectMetrics(s.metrics, binaryRef.unweighted);
    expect(s.confusion).toEqual([[7, 4], [5, 4]]);
    expect(s.perClass.map((c) => c.support)).toEqual([11, 9]);
    expect(s.perClass[1]!.precision).toBeCloseTo(0.5, 15);
    expect(s.perClass[1]!.recall).toBeCloseTo(4 / 9, 15);
  });
  it('binary with weights', () => {
    const s = scoreClassification(Float64Array.from(y), proba, 2, w);
    expectMetrics(s.metrics, binaryRef.weighted);
    expect(s.confusion).toEqual([[6, 8], [7, 3.5]]);
  });
  it('multiclass: one-vs-rest macro AUC, no pr_auc', () => {
    const s = scoreClassification(Int32Array.from(ym), Float64Array.from(pm), 3);
    expectMetrics(s.metrics, multiRef);
    expect(s.confusion).toEqual([[4, 1, 1], [1, 4, 0], [0, 0, 4]]);
    expect(s.perClass.map((c) => c.recall)).toEqual([4 / 6, 4 / 5, 1]);
  });
  it('keys are the documented snake_case set', () => {
    const s = scoreClassification(Int32Array.from(y), proba, 2);
    expect(Object.keys(s.metrics).sort()).toEqual([...classificationMetricKeys].sort());
    for (const key of Object.keys(s.metrics)) expect(key).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });
  it('one class present: ranking metrics NaN, the rest defined, nothing thrown', () => {
    const s = scoreClassification(Int32Array.from([1, 1, 1]), Float64Array.from([0.2, 0.8, 0.6, 0.4, 0.1, 0.9]), 2);
    expect(s.metrics.auc).toBeNaN();
    expect(s.metrics.mcc).toBeNaN();
    expect(s.metrics.accuracy).toBeCloseTo(2 / 3, 15);
    expect(s.metrics.pr_auc).toBe(1);
    expect(Number.isFinite(s.metrics.log_loss!)).toBe(true);
  });
  it('the output survives JSON (NaN aside)', () => {
    const s = scoreClassification(Int32Array.from(ym), Float64Array.from(pm), 3);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
  it('leaves its inputs untouched', () => {
    const yy = Int32Array.from(ym);
    const pp = Float64Array.from(pm);
    const ww = Float64Array.from({ length: ym.length }, (_, i) => 1 + (i % 3));
    scoreClassification(yy, pp, 3, ww);
    expect([...yy]).toEqual(ym);
    expect([...pp]).toEqual(pm);
    expect([...ww]).toEqual(Array.from({ length: ym.length }, (_, i) => 1 + (i % 3)));
  });
  it('refuses malformed input', () => {
    expect(() => scoreClassification(Int32Array.from([0, 1]), new Float64Array(3), 2)).toThrow(/2 rows × 2 classes = 4 probabilities, got 3/);
    expect(() => scoreClassification(Int32Array.from([0]), new Float64Array(1), 1)).toThrow(/at least 2 classes/);
  });
});

describe('scoreRegression', () => {
  const yr = [3, -0.5, 2, 7, 4.2, 1, 1.5, 10, -3, 5.5, 2.2, 8];
  const pr = [2.65, 0.1, 2.1, 8.1, 4, 1.3, 1.25, 9.2, -2.3, 6.4, 2, 7.05];
  const wr = [1, 2, 1, 0.5, 1, 1, 3, 1, 2, 1, 1, 0.5];
  it('against scikit-learn', () => {
    expectMetrics(scoreRegression(yr, pr), { rmse: 0.6309714732061982, mae: 0.5375000000000002, r2: 0.9685337138779878, mape: 0.22706033549783547, median_ae: 0.47500000000000003 });
    expectMetrics(scoreRegression(yr, pr, wr), { rmse: 0.5595385003137259, mae: 0.48166666666666674, r2: 0.9733650875872942, mape: 0.29022961760461763, median_ae: 0.3500000000000001 });
    expect(Object.keys(scoreRegression(yr, pr))).toEqual([...regressionMetricKeys]);
  });
  it('a constant target leaves R² undefined', () => {
    const s = scoreRegression([2, 2, 2], [1, 2, 3]);
    expect(s.r2).toBeNaN();
    expect(s.mae).toBeCloseTo(2 / 3, 15);
  });
});
