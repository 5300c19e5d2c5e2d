import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random';
import { calibrationCurve, histogram, prCurve, residuals, rocCurve, stepArea, trapezoid } from './curves';
import { averagePrecision, rocAucScore } from './metrics';

/*
 * Reference values computed once with scikit-learn 1.2.1 (Debian python3-sklearn) and numpy under
 * /usr/bin/python3; the tests need no Python. For the binary fixture (y, p, w):
 *   roc = roc_curve(y, p[, sample_weight=w]); rocFull = roc_curve(..., drop_intermediate=False);
 *   pr = precision_recall_curve(y, p[, sample_weight=w]); auc = roc_auc_score; ap = average_precision_score;
 *   calUniform5 = calibration_curve(y, p, n_bins=5) → (fractionPositive, meanPredicted);
 *   calQuantile4 = calibration_curve(y, p, n_bins=4, strategy='quantile');
 *   residualHist4 = np.histogram(ry - rpred, bins=4).
 */
const CURVES = {"y": [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
  "p": [0.9, 0.8, 0.7, 0.7, 0.7, 0.6, 0.55, 0.5, 0.5, 0.4, 0.35, 0.3, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1, 0.05, 0.9],
  "w": [1.0, 2.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 0.5, 1.0, 2.0],
  "calUniform5": {"fractionPositive": [0.4, 0.4, 0.5, 0.5, 0.5], "meanPredicted": [0.13, 0.33, 0.5375,
  0.7250000000000001, 0.9]}, "calQuantile4": {"fractionPositive": [0.4, 0.4, 0.5714285714285714,
  0.3333333333333333], "meanPredicted": [0.13, 0.33, 0.6071428571428571, 0.8666666666666667]},
  "unweighted": {"roc": {"fpr": [0.0, 0.09090909090909091, 0.18181818181818182, 0.2727272727272727,
  0.36363636363636365, 0.36363636363636365, 0.45454545454545453, 0.6363636363636364, 0.7272727272727273,
  0.8181818181818182, 1.0, 1.0], "tpr": [0.0, 0.1111111111111111, 0.1111111111111111, 0.3333333333333333,
  0.3333333333333333, 0.4444444444444444, 0.5555555555555556, 0.5555555555555556, 0.7777777777777778,
  0.8888888888888888, 0.8888888888888888, 1.0], "thresholds": [1.9, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.35, 0.3,
  0.2, 0.1, 0.05]}, "rocFull": {"fpr": [0.0, 0.09090909090909091, 0.18181818181818182, 0.2727272727272727,
  0.36363636363636365, 0.36363636363636365, 0.45454545454545453, 0.5454545454545454, 0.6363636363636364,
  0.7272727272727273, 0.8181818181818182, 1.0, 1.0], "tpr": [0.0, 0.1111111111111111, 0.1111111111111111,
  0.3333333333333333, 0.3333333333333333, 0.4444444444444444, 0.5555555555555556, 0.5555555555555556,
  0.5555555555555556, 0.7777777777777778, 0.8888888888888888, 0.8888888888888888, 1.0], "thresholds": [1.9, 0.9,
  0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.35, 0.3, 0.2, 0.1, 0.05]}, "pr": {"precision": [0.45, 0.42105263157894735,
  0.47058823529411764, 0.4666666666666667, 0.4166666666666667, 0.45454545454545453, 0.5, 0.5,
  0.42857142857142855, 0.5, 0.3333333333333333, 0.5, 1.0], "recall": [1.0, 0.8888888888888888,
  0.8888888888888888, 0.7777777777777778, 0.5555555555555556, 0.5555555555555556, 0.5555555555555556,
  0.4444444444444444, 0.3333333333333333, 0.3333333333333333, 0.1111111111111111, 0.1111111111111111, 0.0],
  "thresholds": [0.05, 0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9]}, "auc": 0.51010101010101,
  "ap": 0.4837690631808279}, "weighted": {"roc": {"fpr": [0.0, 0.14285714285714285, 0.2857142857142857,
  0.35714285714285715, 0.5714285714285714, 0.5714285714285714, 0.6428571428571429, 0.7142857142857143, 0.75,
  0.8214285714285714, 0.8928571428571429, 1.0, 1.0], "tpr": [0.0, 0.09523809523809523, 0.09523809523809523,
  0.23809523809523808, 0.23809523809523808, 0.3333333333333333, 0.5238095238095238, 0.5238095238095238,
  0.5238095238095238, 0.8095238095238095, 0.9047619047619048, 0.9047619047619048, 1.0], "thresholds": [1.9, 0.9,
  0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.35, 0.3, 0.2, 0.1, 0.05]}, "rocFull": {"fpr": [0.0, 0.14285714285714285,
  0.2857142857142857, 0.35714285714285715, 0.5714285714285714, 0.5714285714285714, 0.6428571428571429,
  0.7142857142857143, 0.75, 0.8214285714285714, 0.8928571428571429, 1.0, 1.0], "tpr": [0.0, 0.09523809523809523,
  0.09523809523809523, 0.23809523809523808, 0.23809523809523808, 0.3333333333333333, 0.5238095238095238,
  0.5238095238095238, 0.5238095238095238, 0.8095238095238095, 0.9047619047619048, 0.9047619047619048, 1.0],
  "thresholds": [1.9, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.35, 0.3, 0.2, 0.1, 0.05]},
  "pr": {"precision": [0.42857142857142855, 0.40425531914893614, 0.4318181818181818, 0.425, 0.34375,
  0.3548387096774194, 0.3793103448275862, 0.30434782608695654, 0.23809523809523808, 0.3333333333333333, 0.2,
  0.3333333333333333, 1.0], "recall": [1.0, 0.9047619047619048, 0.9047619047619048, 0.8095238095238095,
  0.5238095238095238, 0.5238095238095238, 0.5238095238095238, 0.3333333333333333, 0.23809523809523808,
  0.23809523809523808, 0.09523809523809523, 0.09523809523809523, 0.0], "thresholds": [0.05, 0.1, 0.2, 0.3, 0.35,
  0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9]}, "auc": 0.3758503401360544, "ap": 0.38397061518714976},
  "residualHist4": {"counts": [4.0, 2.0, 4.0, 2.0], "edges": [-1.0999999999999996, -0.5874999999999997,
  -0.07499999999999973, 0.4375000000000002, 0.9500000000000002]}, "ry": [3.0, -0.5, 2.0, 7.0, 4.2, 1.0, 1.5,
  10.0, -3.0, 5.5, 2.2, 8.0], "rpred": [2.65, 0.1, 2.1, 8.1, 4.0, 1.3, 1.25, 9.2, -2.3, 6.4, 2.0, 7.05]};

const close = (a: readonly number[], b: readonly number[], digits = 12) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, digits));
};

/** A larger scored sample with many ties: scores rounded to 3 decimals. */
function bigSample(n: number, seed: number) {
  const random = createRandom(seed);
  const y = new Int32Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = random() < 0.3 ? 1 : 0;
    s[i] = Math.round((random() + y[i]! * 0.4 * random()) * 1000) / 1000;
  }
  return { y, s };
}

describe('ROC curve as scikit-learn computes it', () => {
  for (const [name, w] of [['unweighted', undefined], ['weighted', CURVES.w]] as const) {
    const ref = CURVES[name];
    it(`points, thresholds and area, ${name}`, () => {
      const c = rocCurve(CURVES.y, CURVES.p, { weights: w });
      close(c.fpr, ref.roc.fpr);
      close(c.tpr, ref.roc.tpr);
      close(c.thresholds, ref.roc.thresholds);
      expect(c.auc!).toBeCloseTo(ref.auc, 12);
      expect(c.downsampled).toBe(false);
      const full = rocCurve(CURVES.y, CURVES.p, { weights: w, dropIntermediate: false });
      close(full.fpr, ref.rocFull.fpr);
      close(full.tpr, ref.rocFull.tpr);
      close(full.thresholds, ref.rocFull.thresholds);
    });
  }
  it('ties collapse into one point per distinct score', () => {
    const c = rocCurve([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]);
    expect(c).toEqual({ fpr: [0, 1], tpr: [0, 1], thresholds: [1.5, 0.5], auc: 0.5, downsampled: false });
  });
  it('a single class gives empty points and a null area', () => {
    expect(rocCurve([1, 1], [0.2, 0.3])).toEqual({ fpr: [], tpr: [], thresholds: [], auc: null, downsampled: false });
    expect(rocCurve([], [])).toEqual({ fpr: [], tpr: [], thresholds: [], auc: null, downsampled: false });
  });
});

describe('precision–recall curve as scikit-learn computes it', () => {
  for (const [name, w] of [['unweighted', undefined], ['weighted', CURVES.w]] as const) {
    const ref = CURVES[name];
    it(`points, thresholds and average precision, ${name}`, () => {
      const c = prCurve(CURVES.y, CURVES.p, { weights: w });
      close(c.precision, ref.pr.precision);
      close(c.recall, ref.pr.recall);
      close(c.thresholds, ref.pr.thresholds);
      expect(c.averagePrecision!).toBeCloseTo(ref.ap, 12);
    });
  }
  it('no positive row gives empty points and a null average precision', () => {
    expect(prCurve([0, 0], [0.2, 0.3]).averagePrecision).toBeNull();
  });
});

describe('downsampling for charts', () => {
  const { y, s } = bigSample(20000, 3);
  const fullRoc = rocCurve(y, s);
  const fullPr = prCurve(y, s);
  it('the full curves have far more points than a chart needs, and the sklearn areas', () => {
    expect(fullRoc.fpr.length).toBeGreaterThan(500);
    expect(fullRoc.auc!).toBeCloseTo(rocAucScore(y, s), 12);
    expect(fullPr.averagePrecision!).toBeCloseTo(averagePrecision(y, s), 12);
    expect(stepArea(fullPr.recall, fullPr.precision)).toBeCloseTo(fullPr.averagePrecision!, 12);
  });
  for (const max of [200, 50, 10]) {
    it(`at most ${max} points, ends kept, reported area unchanged, drawn area within 0.5/${max}`, () => {
      const roc = rocCurve(y, s, { maxPoints: max });
      expect(roc.fpr.length).toBe(max);
      expect(roc.thresholds.length).toBe(max);
      expect(roc.downsampled).toBe(true);
      expect([roc.fpr[0], roc.tpr[0], roc.fpr.at(-1), roc.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
      expect(roc.auc).toBe(fullRoc.auc);
      expect(Math.abs(trapezoid(roc.fpr, roc.tpr) - fullRoc.auc!)).toBeLessThan(0.5 / max);
      // Kept points are points of the full curve, still in order.
      for (let i = 1; i < max; i++) expect(roc.fpr[i]! >= roc.fpr[i - 1]! && roc.tpr[i]! >= roc.tpr[i - 1]!).toBe(true);

      const pr = prCurve(y, s, { maxPoints: max });
      expect(pr.recall.length).toBe(max);
      expect(pr.thresholds.length).toBe(max - 1);
      expect([pr.recall[0], pr.recall.at(-1), pr.precision.at(-1)]).toEqual([1, 0, 1]);
      expect(pr.averagePrecision).toBe(fullPr.averagePrecision);
      expect(Math.abs(stepArea(pr.recall, pr.precision) - fullPr.averagePrecision!)).toBeLessThan(0.5 / max);
    });
  }
  it('simplification beats keeping evenly spaced points', () => {
    const max = 20;
    const roc = rocCurve(y, s, { maxPoints: max });
    const even = Array.from({ length: max }, (_, i) => Math.round((i * (fullRoc.fpr.length - 1)) / (max - 1)));
    const evenArea = trapezoid(even.map((i) => fullRoc.fpr[i]!), even.map((i) => fullRoc.tpr[i]!));
    expect(Math.abs(trapezoid(roc.fpr, roc.tpr) - fullRoc.auc!)).toBeLessThanOrEqual(Math.abs(evenArea - fullRoc.auc!));
  });
  it('refuses fewer than 3 points', () => {
    expect(() => rocCurve(y, s, { maxPoints: 2 })).toThrow(/at least 3 points/);
  });
  it('outputs survive a JSON round trip', () => {
    for (const v of [rocCurve(y, s, { maxPoints: 50 }), prCurve(y, s, { maxPoints: 50 }), calibrationCurve(y, s), residuals(s, s.map((v) => v * 0.9)), rocCurve([1], [0.5])]) {
      expect(JSON.parse(JSON.stringify(v))).toEqual(v);
    }
  });
});

describe('calibration curve as scikit-learn computes it', () => {
  it('uniform bins (empty bins dropped; edge values 0.2, 0.4, … go to the lower bin)', () => {
    const c = calibrationCurve(CURVES.y, CURVES.p, { bins: 5 });
    close(c.fractionPositive, CURVES.calUniform5.fractionPositive);
    close(c.meanPredicted, CURVES.calUniform5.meanPredicted);
    // Bins (0, 0.2], (0.2, 0.4], (0.4, 0.6], (0.6, 0.8], (0.8, 1]: 5, 5, 4, 4, 2 rows.
    expect(c.counts).toEqual([5, 5, 4, 4, 2]);
    expect(c.counts.reduce((a, b) => a + b)).toBe(20);
  });
  it('quantile bins', () => {
    const c = calibrationCurve(CURVES.y, CURVES.p, { bins: 4, strategy: 'quantile' });
    close(c.fractionPositive, CURVES.calQuantile4.fractionPositive);
    close(c.meanPredicted, CURVES.calQuantile4.meanPredicted);
    close(c.lower, [0.05, 0.275, 0.45, 0.7]); // np.percentile(p, [0, 25, 50, 75, 100])
    close(c.upper, [0.275, 0.45, 0.7, 0.9]);
  });
  it('expected calibration error by hand', () => {
    // Bin (0, 0.5]: p 0.2, 0.4, y 0, 1 → |0.5 − 0.3| · 2/4; bin (0.5, 1]: p 0.9, 0.9, y 1, 1 → |1 − 0.9| · 2/4.
    const c = calibrationCurve([0, 1, 1, 1], [0.2, 0.4, 0.9, 0.9], { bins: 2 });
    expect(c.ece!).toBeCloseTo(0.15, 15);
    expect(c.counts).toEqual([2, 2]);
    expect(calibrationCurve([], []).ece).toBeNull();
  });
});

describe('residuals', () => {
  it('histogram as numpy.histogram', () => {
    const r = residuals(CURVES.ry, CURVES.rpred, { bins: 4 });
    close(r.histogram.edges, CURVES.residualHist4.edges, 14);
    expect(r.histogram.counts).toEqual(CURVES.residualHist4.counts);
    expect(r.residual[0]).toBeCloseTo(3 - 2.65, 15);
    expect(r.predicted).toEqual(CURVES.rpred);
  });
  it('histogram puts the maximum in the last bin and handles a constant', () => {
    expect(histogram([0, 1, 2, 3, 4], 4)).toEqual({ edges: [0, 1, 2, 3, 4], counts: [1, 1, 1, 2] });
    expect(histogram([2, 2], 2)).toEqual({ edges: [1.5, 2, 2.5], counts: [0, 2] });
  });
  it('skips missing values and samples evenly beyond maxPoints', () => {
    const y = Float64Array.from({ length: 1001 }, (_, i) => i);
    const pred = Float64Array.from(y, (v) => v + 1);
    pred[7] = Number.NaN;
    const r = residuals(y, pred, { maxPoints: 100 });
    expect(r.rows).toBe(1000);
    expect(r.sampled).toBe(true);
    expect(r.predicted.length).toBe(100);
    expect(r.residual.every((v) => v === -1)).toBe(true);
    expect(r.histogram.counts.reduce((a, b) => a + b)).toBe(1000);
  });
});
