import { describe, expect, it } from 'vitest';
import {
  accuracy,
  accuracyScore,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  brierScoreMulti,
  confusionMatrix,
  logLoss,
  logLossMulti,
  matthewsCorrcoef,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
  precisionRecallF1,
  predictedClasses,
  r2Score,
  rocAuc,
  rocAucOvr,
  rocAucScore,
  rootMeanSquaredError,
} from './metrics';

describe('metrics against hand-computed values', () => {
  it('ROC AUC counts each positive-negative pair, ties as one half', () => {
    // Pairs (pos, neg): scores pos {0.8, 0.4}, neg {0.4, 0.2, 0.9}.
    // 0.8 beats 0.4 and 0.2, loses to 0.9 → 2; 0.4 ties 0.4 (0.5), beats 0.2, loses 0.9 → 1.5. AUC = 3.5 / 6.
    expect(rocAuc([1, 0, 1, 0, 0], [0.8, 0.4, 0.4, 0.2, 0.9])).toBeCloseTo(3.5 / 6, 15);
  });
  it('ROC AUC is 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });
  it('ROC AUC is undefined (NaN) with a single class', () => {
    expect(rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNaN();
  });
  it('accuracy thresholds strictly above 0.5', () => {
    expect(accuracy([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1])).toBe(0.75);
  });
  it('log loss matches −mean(log p_true)', () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
  });
});

/*
 * Reference values computed once with scikit-learn 1.2.1 (Debian python3-sklearn) under
 * /usr/bin/python3; the tests need no Python. For each fixture (y, p / proba / pred, w):
 *   binary:      yp = (p > 0.5); accuracy_score, balanced_accuracy_score, matthews_corrcoef,
 *                confusion_matrix(y, yp); precision_recall_fscore_support(y, yp, zero_division=0)
 *                (per class and average='macro' / 'weighted'); roc_auc_score(y, p),
 *                average_precision_score(y, p), log_loss(y, p), brier_score_loss(y, p);
 *                each once with sample_weight=None ("unweighted") and once with w ("weighted").
 *   multiclass:  yp = proba.argmax(1); the same label metrics; roc_auc_score(y, proba,
 *                multi_class='ovr', average='macro' | 'weighted'); log_loss(y, proba); brier =
 *                np.average(((proba - np.eye(3)[y])**2).sum(1), weights=w) (sklearn 1.2 has no
 *                multiclass Brier; this is sklearn ≥ 1.7's definition).
 *   regression:  mean_squared_error(squared=False), mean_absolute_error, r2_score,
 *                mean_absolute_percentage_error, median_absolute_error, with and without w.
 * The binary scores have ties (0.7 ×3, 0.3 ×3, 0.9 on both classes, 0.5 exactly at the cut).
 */
const BIN = {"y": [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
  "p": [0.9, 0.8, 0.7, 0.7, 0.7, 0.6, 0.55, 0.5, 0.5, 0.4, 0.35, 0.3, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1, 0.05, 0.9],
  "w": [1.0, 2.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 0.5, 1.0, 2.0],
  "unweighted": {"accuracy": 0.55, "balanced_accuracy": 0.5404040404040404, "precision": [0.5833333333333334,
  0.5], "recall": [0.6363636363636364, 0.4444444444444444], "f1": [0.6086956521739131, 0.47058823529411764],
  "support": [11.0, 9.0], "macro": [0.5416666666666667, 0.5404040404040404, 0.5396419437340154],
  "weighted": [0.5458333333333334, 0.55, 0.5465473145780051], "mcc": 0.08206099398622181, "confusion": [[7.0,
  4.0], [5.0, 4.0]], "auc": 0.51010101010101, "ap": 0.4837690631808279, "log_loss": 0.879019608405302,
  "brier": 0.30737499999999995}, "weighted": {"accuracy": 0.3877551020408163,
  "balanced_accuracy": 0.38095238095238093, "precision": [0.46153846153846156, 0.30434782608695654],
  "recall": [0.42857142857142855, 0.3333333333333333], "f1": [0.4444444444444445, 0.31818181818181823],
  "support": [14.0, 10.5], "macro": [0.38294314381270905, 0.38095238095238093, 0.3813131313131314],
  "weighted": [0.3941710463449595, 0.3877551020408163, 0.3903318903318903], "mcc": -0.2360960823249428,
  "confusion": [[6.0, 8.0], [7.0, 3.5]], "auc": 0.3758503401360544, "ap": 0.38397061518714976,
  "log_loss": 1.0112533646662805, "brier": 0.36515306122448976}};
const MC = {"y": [0.0, 1.0, 2.0, 0.0, 1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 1.0, 2.0, 1.0, 0.0, 2.0], "proba": [0.7, 0.2, 0.1,
  0.3, 0.4, 0.3, 0.2, 0.2, 0.6, 0.1, 0.5, 0.4, 0.2, 0.6, 0.2, 0.4, 0.4, 0.2, 0.5, 0.3, 0.2, 0.3, 0.3, 0.4, 0.6,
  0.1, 0.3, 0.2, 0.3, 0.5, 0.1, 0.8, 0.1, 0.25, 0.25, 0.5, 0.3, 0.4, 0.3, 0.5, 0.25, 0.25, 0.1, 0.2, 0.7],
  "w": [1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 3.0, 1.0, 2.0, 1.0, 1.0, 0.5, 1.0, 2.0, 1.0],
  "unweighted": {"accuracy": 0.8, "balanced_accuracy": 0.8222222222222223, "precision": [0.8, 0.8, 0.8],
  "recall": [0.6666666666666666, 0.8, 1.0], "f1": [0.7272727272727272, 0.8000000000000002, 0.888888888888889],
  "support": [6.0, 5.0, 4.0], "macro": [0.8000000000000002, 0.8222222222222223, 0.8053872053872054],
  "weighted": [0.8, 0.8, 0.7946127946127945], "mcc": 0.7047138579747255, "confusion": [[4.0, 1.0, 1.0], [1.0,
  4.0, 0.0], [0.0, 0.0, 4.0]], "auc_macro": 0.8491694725028057, "auc_weighted": 0.8330639730639731,
  "log_loss": 0.8424282272573492, "brier": 0.46599999999999997}, "weighted": {"accuracy": 0.7631578947368421,
  "balanced_accuracy": 0.8083333333333332, "precision": [0.6666666666666666, 0.9090909090909091,
  0.7777777777777778], "recall": [0.8, 0.625, 1.0], "f1": [0.7272727272727272, 0.7407407407407406,
  0.8750000000000001], "support": [7.5, 8.0, 3.5], "macro": [0.7845117845117845, 0.8083333333333332,
  0.7810044893378226], "weighted": [0.7892078681552366, 0.7631578947368421, 0.7601563884458621],
  "mcc": 0.6473814557841845, "confusion": [[6.0, 0.5, 1.0], [3.0, 5.0, 0.0], [0.0, 0.0, 3.5]],
  "auc_macro": 0.8746821804500627, "auc_weighted": 0.8542783709241227, "log_loss": 0.8245666535229055,
  "brier": 0.4698684210526316}};
const REG = {"y": [3.0, -0.5, 2.0, 7.0, 4.2, 1.0, 1.5, 10.0, -3.0, 5.5, 2.2, 8.0], "pred": [2.65, 0.1, 2.1, 8.1, 4.0, 1.3,
  1.25, 9.2, -2.3, 6.4, 2.0, 7.05], "w": [1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 3.0, 1.0, 2.0, 1.0, 1.0, 0.5],
  "unweighted": {"rmse": 0.6309714732061982, "mae": 0.5375000000000002, "r2": 0.9685337138779878,
  "mape": 0.22706033549783547, "median_ae": 0.47500000000000003}, "weighted": {"rmse": 0.5595385003137259,
  "mae": 0.48166666666666674, "r2": 0.9733650875872942, "mape": 0.29022961760461763,
  "median_ae": 0.3500000000000001}, "median_ae_first11": 0.3500000000000001};

const TIGHT = 12; // digits: the same sums in a different order differ only in the last bits

/** The label-based reference values every fixture has. */
interface LabelRef {
  accuracy: number;
  balanced_accuracy: number;
  mcc: number;
  confusion: number[][];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  macro: number[];
  weighted: number[];
}

function checkLabelMetrics(ref: LabelRef, y: ArrayLike<number>, yp: ArrayLike<number>, k: number, w?: ArrayLike<number>) {
  expect(accuracyScore(y, yp, w)).toBeCloseTo(ref.accuracy, TIGHT);
  expect(balancedAccuracy(y, yp, k, w)).toBeCloseTo(ref.balanced_accuracy, TIGHT);
  expect(matthewsCorrcoef(y, yp, k, w)).toBeCloseTo(ref.mcc, TIGHT);
  expect(confusionMatrix(y, yp, k, w)).toEqual(ref.confusion);
  const prf = precisionRecallF1(y, yp, k, w);
  prf.perClass.forEach((c, i) => {
    expect(c.precision).toBeCloseTo(ref.precision[i]!, TIGHT);
    expect(c.recall).toBeCloseTo(ref.recall[i]!, TIGHT);
    expect(c.f1).toBeCloseTo(ref.f1[i]!, TIGHT);
    expect(c.support).toBeCloseTo(ref.support[i]!, TIGHT);
  });
  expect([prf.macro.precision, prf.macro.recall, prf.macro.f1].map((v, i) => v - ref.macro[i]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
  expect([prf.weighted.precision, prf.weighted.recall, prf.weighted.f1].map((v, i) => v - ref.weighted[i]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
}

describe('binary classification metrics against scikit-learn', () => {
  const y = Int32Array.from(BIN.y);
  const p = Float64Array.from(BIN.p);
  const yp = Int32Array.from(p, (v) => (v > 0.5 ? 1 : 0));
  for (const [name, w] of [['unweighted', undefined], ['weighted', BIN.w]] as const) {
    const ref = BIN[name];
    it(`label metrics, ${name}`, () => checkLabelMetrics(ref, y, yp, 2, w));
    it(`score metrics with tied scores, ${name}`, () => {
      expect(rocAucScore(y, p, w)).toBeCloseTo(ref.auc, TIGHT);
      expect(averagePrecision(y, p, w)).toBeCloseTo(ref.ap, TIGHT);
      expect(brierScore(y, p, w)).toBeCloseTo(ref.brier, TIGHT);
      const proba = Float64Array.from({ length: 2 * p.length }, (_, j) => (j % 2 ? p[j >> 1]! : 1 - p[j >> 1]!));
      expect(logLossMulti(y, proba, 2, w)).toBeCloseTo(ref.log_loss, TIGHT);
    });
  }
  it('the unweighted scores agree with the original helpers', () => {
    expect(rocAucScore(y, p)).toBeCloseTo(rocAuc(y, p), 14);
    expect(logLoss(y, p)).toBeCloseTo(BIN.unweighted.log_loss, TIGHT);
    expect(accuracy(y, p)).toBe(BIN.unweighted.accuracy);
  });
  it('predicted classes break a 0.5 / 0.5 tie towards class 0, as p > 0.5 does', () => {
    expect([...predictedClasses([0.5, 0.5, 0.4, 0.6, 0.6, 0.4], 2)]).toEqual([0, 1, 0]);
  });
  it('a weight of 2 counts like a duplicated row', () => {
    const w = Float64Array.from(BIN.w, (v) => (v === 2 ? 2 : 1));
    const rows = [...y.keys()].flatMap((i) => (w[i] === 2 ? [i, i] : [i]));
    const yd = rows.map((i) => y[i]!);
    const pd = rows.map((i) => p[i]!);
    const ypd = rows.map((i) => yp[i]!);
    expect(rocAucScore(y, p, w)).toBeCloseTo(rocAucScore(yd, pd), 14);
    expect(averagePrecision(y, p, w)).toBeCloseTo(averagePrecision(yd, pd), 14);
    expect(matthewsCorrcoef(y, yp, 2, w)).toBeCloseTo(matthewsCorrcoef(yd, ypd, 2), 14);
    expect(brierScore(y, p, w)).toBeCloseTo(brierScore(yd, pd), 14);
  });
  it('hand-computed average precision with a tie across classes', () => {
    // Scores 0.9 (pos), 0.5 (pos), 0.5 (neg), 0.1 (neg). Thresholds: 0.9 → R 1/2, P 1; 0.5 → R 1, P 2/3.
    // AP = 1/2·1 + 1/2·2/3 = 5/6.
    expect(averagePrecision([1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1])).toBeCloseTo(5 / 6, 15);
  });
});

describe('multiclass metrics against scikit-learn', () => {
  const y = Int32Array.from(MC.y);
  const proba = Float64Array.from(MC.proba);
  const yp = predictedClasses(proba, 3);
  it('argmax ties go to the lower class (row 5 is 0.4 / 0.4 / 0.2)', () => expect(yp[5]).toBe(0));
  for (const [name, w] of [['unweighted', undefined], ['weighted', MC.w]] as const) {
    const ref = MC[name];
    it(`label metrics, ${name}`, () => checkLabelMetrics(ref, y, yp, 3, w));
    it(`probability metrics, ${name}`, () => {
      expect(rocAucOvr(y, proba, 3, 'macro', w)).toBeCloseTo(ref.auc_macro, TIGHT);
      expect(rocAucOvr(y, proba, 3, 'weighted', w)).toBeCloseTo(ref.auc_weighted, TIGHT);
      expect(logLossMulti(y, proba, 3, w)).toBeCloseTo(ref.log_loss, TIGHT);
      expect(brierScoreMulti(y, proba, 3, w)).toBeCloseTo(ref.brier, TIGHT);
    });
  }
  it('one-vs-rest AUC leaves out a class that never occurs', () => {
    // Class 1 absent. Hand/sklearn: AUC(y==0, p0) = 2/3, AUC(y==2, p2) = 5/6 → macro 0.75.
    const ya = [0, 2, 2, 0, 0, 2];
    const pa = [0.5, 0.2, 0.3, 0.2, 0.3, 0.5, 0.6, 0.1, 0.3, 0.3, 0.3, 0.4, 0.4, 0.4, 0.2, 0.1, 0.2, 0.7];
    expect(rocAucOvr(ya, pa, 3)).toBeCloseTo(0.75, 15);
    expect(rocAucOvr(ya, pa, 3, 'weighted')).toBeCloseTo(0.75, 15);
  });
  it('binary Brier on two columns is half the multiclass form', () => {
    const p = [0.2, 0.7, 0.6];
    const two = p.flatMap((v) => [1 - v, v]);
    expect(brierScoreMulti([0, 1, 0], two, 2)).toBeCloseTo(2 * brierScore([0, 1, 0], p), 15);
  });
  it('a class absent from truth and predictions is reported as zeros and left out of the macro mean', () => {
    const prf = precisionRecallF1([0, 0, 1, 1], [0, 1, 1, 1], 3);
    expect(prf.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    // Class 0: P 1, R 1/2, F1 2/3; class 1: P 2/3, R 1, F1 4/5.
    expect(prf.macro.precision).toBeCloseTo((1 + 2 / 3) / 2, 15);
    expect(prf.macro.f1).toBeCloseTo((2 / 3 + 4 / 5) / 2, 15);
  });
});

describe('undefined metrics are NaN, never an error', () => {
  it('a single class present', () => {
    const y = [1, 1, 1];
    const p = [0.2, 0.5, 0.9];
    expect(rocAucScore(y, p)).toBeNaN(); // needs positive and negative rows
    expect(rocAucScore([0, 0], [0.1, 0.2])).toBeNaN();
    expect(averagePrecision([0, 0, 0], p)).toBeNaN(); // no positive row: recall undefined
    expect(averagePrecision(y, p)).toBe(1); // all positive: defined, precision 1 everywhere
    expect(matthewsCorrcoef(y, [1, 0, 1], 2)).toBeNaN(); // truth constant: nothing to correlate with
    expect(rocAucOvr([2, 2], [0.1, 0.1, 0.8, 0.2, 0.2, 0.6], 3)).toBeNaN();
    // Balanced accuracy and precision/recall stay defined: recall of the one class present.
    expect(balancedAccuracy(y, [1, 0, 1], 2)).toBeCloseTo(2 / 3, 15);
  });
  it('constant predictions give MCC 0 (no skill), as sklearn', () => {
    expect(matthewsCorrcoef([0, 1, 1, 0], [1, 1, 1, 1], 2)).toBe(0);
  });
  it('no rows', () => {
    for (const v of [accuracyScore([], []), balancedAccuracy([], [], 2), logLossMulti([], [], 2), brierScore([], []), brierScoreMulti([], [], 3), rocAucScore([], []),
      rootMeanSquaredError([], []), meanAbsoluteError([], []), r2Score([], []), meanAbsolutePercentageError([], []), medianAbsoluteError([], [])]) {
      expect(v).toBeNaN();
    }
    expect(precisionRecallF1([], [], 2).macro.f1).toBeNaN();
  });
  it('all weights zero', () => {
    expect(accuracyScore([1, 0], [1, 1], [0, 0])).toBeNaN();
    expect(rocAucScore([1, 0], [0.9, 0.1], [0, 0])).toBeNaN();
  });
  it('R² of a constant target is undefined (sklearn forces 1 or 0)', () => {
    expect(r2Score([3, 3, 3], [3, 2, 4])).toBeNaN();
    expect(r2Score([3], [3])).toBeNaN();
  });
  it('malformed input throws with a plain message', () => {
    expect(() => accuracyScore([1, 0], [1])).toThrow(/2 true values but 1 predictions/);
    expect(() => confusionMatrix([0, 3], [0, 1], 2)).toThrow(/row 1 has class 3, outside 0..1/);
    expect(() => rocAucScore([1, 0], [0.4, 0.6], [1, -1])).toThrow(/not a non-negative number/);
    expect(() => logLossMulti([0, 1], [0.5, 0.5, 0.5], 2)).toThrow();
  });
});

describe('regression metrics against scikit-learn', () => {
  for (const [name, w] of [['unweighted', undefined], ['weighted', REG.w]] as const) {
    const ref = REG[name];
    it(name, () => {
      expect(rootMeanSquaredError(REG.y, REG.pred, w)).toBeCloseTo(ref.rmse, TIGHT);
      expect(meanAbsoluteError(REG.y, REG.pred, w)).toBeCloseTo(ref.mae, TIGHT);
      expect(r2Score(REG.y, REG.pred, w)).toBeCloseTo(ref.r2, TIGHT);
      expect(meanAbsolutePercentageError(REG.y, REG.pred, w)).toBeCloseTo(ref.mape, TIGHT);
      expect(medianAbsoluteError(REG.y, REG.pred, w)).toBeCloseTo(ref.median_ae, TIGHT);
    });
  }
  it('median of an odd count', () => {
    expect(medianAbsoluteError(REG.y.slice(0, 11), REG.pred.slice(0, 11))).toBeCloseTo(REG.median_ae_first11, TIGHT);
  });
  it('MAPE skips zero targets (sklearn would divide by 2.2e-16 and report 5.6e14 here)', () => {
    // sklearn: mean_absolute_percentage_error([0, 2, 4, -1], [0.5, 2.5, 3, -1.5]) = 562949953421312.1;
    // without the zero row: (0.5/2 + 1/4 + 0.5/1) / 3 = 1/3.
    expect(meanAbsolutePercentageError([0, 2, 4, -1], [0.5, 2.5, 3, -1.5])).toBeCloseTo(1 / 3, 15);
    expect(meanAbsolutePercentageError([0, 0], [1, 2])).toBeNaN();
  });
});
