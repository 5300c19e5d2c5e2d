/**
 * The standard scorecards: every metric Modelbench shows for a classification or regression
 * model, from its predictions, under stable snake_case keys (they are stored in projects and
 * shown in tables, so renaming one is a format change).
 */
import {
  averagePrecision,
  balancedAccuracy,
  brierScore,
  brierScoreMulti,
  confusionMatrix,
  logLossMulti,
  matthewsCorrcoef,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
  precisionRecallF1,
  predictedClasses,
  r2Score,
  rocAucOvr,
  rocAucScore,
  rootMeanSquaredError,
  accuracyScore,
  type ClassReport,
  type Weights,
} from './metrics';

/**
 * Keys of `ClassificationScores.metrics`, all computed on the predicted class = most probable
 * class (ties to the lower index) or on the probabilities:
 * - `accuracy`: share of rows predicted right.
 * - `balanced_accuracy`: mean recall over the classes present.
 * - `f1_macro`, `precision_macro`, `recall_macro`: unweighted means over classes (sklearn macro).
 * - `auc`: ROC AUC; binary: score = probability of class 1; multiclass: one-vs-rest macro mean.
 * - `pr_auc`: average precision of class 1 (binary only; the key is absent for multiclass).
 * - `log_loss`: mean −ln p(true class), probabilities clipped to [1e-15, 1 − 1e-15].
 * - `brier`: binary: mean (p₁ − y)²; multiclass: mean over rows of Σ_c (p_c − [y = c])².
 * - `mcc`: Matthews correlation coefficient (multiclass form when k > 2).
 * A value is NaN when undefined for the data (e.g. `auc` when only one class occurs); see
 * metrics.ts for each definition.
 */
export const classificationMetricKeys = ['accuracy', 'balanced_accuracy', 'f1_macro', 'precision_macro', 'recall_macro', 'auc', 'pr_auc', 'log_loss', 'brier', 'mcc'] as const;

/** Keys of `scoreRegression`'s result: `rmse`, `mae`, `r2`, `mape` (a fraction; zero targets skipped), `median_ae`. */
export const regressionMetricKeys = ['rmse', 'mae', 'r2', 'mape', 'median_ae'] as const;

/** Everything `scoreClassification` reports. */
export interface ClassificationScores {
  /** Keys of `classificationMetricKeys`. */
  metrics: Record<string, number>;
  /** confusion[true class][predicted class], summed weights (counts without weights). */
  confusion: number[][];
  /** Per class index: precision, recall, F1 and support (summed weight of rows truly in the class). */
  perClass: ClassReport[];
}

export type RegressionScores = Record<(typeof regressionMetricKeys)[number], number>;

/**
 * Scores a classifier from its predicted probabilities.
 * `yTrue` holds class indices 0..k−1 (k ≥ 2); `proba` is rows × k, row-major. Throws only on
 * malformed input (lengths, class indices); undefined metrics are NaN.
 */
export function scoreClassification(yTrue: Int32Array | Float64Array, proba: Float64Array, k: number, weights?: Weights): ClassificationScores {
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`A classifier needs at least 2 classes, not ${k}.`);
  const n = yTrue.length;
  if (proba.length !== n * k) throw new Error(`Expected ${n} rows × ${k} classes = ${n * k} probabilities, got ${proba.length}.`);
  const yPred = predictedClasses(proba, k);
  const prf = precisionRecallF1(yTrue, yPred, k, weights);
  const metrics: Record<string, number> = {
    accuracy: accuracyScore(yTrue, yPred, weights),
    balanced_accuracy: balancedAccuracy(yTrue, yPred, k, weights),
    f1_macro: prf.macro.f1,
    precision_macro: prf.macro.precision,
    recall_macro: prf.macro.recall,
  };
  if (k === 2) {
    const p1 = Float64Array.from({ length: n }, (_, i) => proba[2 * i + 1]!);
    metrics.auc = rocAucScore(yTrue, p1, weights);
    metrics.pr_auc = averagePrecision(yTrue, p1, weights);
    metrics.log_loss = logLossMulti(yTrue, proba, k, weights);
    metrics.brier = brierScore(yTrue, p1, weights);
  } else {
    metrics.auc = rocAucOvr(yTrue, proba, k, 'macro', weights);
    metrics.log_loss = logLossMulti(yTrue, proba, k, weights);
    metrics.brier = brierScoreMulti(yTrue, proba, k, weights);
  }
  metrics.mcc = matthewsCorrcoef(yTrue, yPred, k, weights);
  return { metrics, confusion: confusionMatrix(yTrue, yPred, k, weights), perClass: prf.perClass };
}

/**
 * Scores a regression from its predictions: `rmse`, `mae`, `r2` (NaN when the target is
 * constant), `mape` (fraction, rows with a zero target skipped) and `median_ae` (with weights,
 * the lower weighted median as sklearn).
 */
export function scoreRegression(y: ArrayLike<number>, pred: ArrayLike<number>, weights?: Weights): RegressionScores {
  return {
    rmse: rootMeanSquaredError(y, pred, weights),
    mae: meanAbsoluteError(y, pred, weights),
    r2: r2Score(y, pred, weights),
    mape: meanAbsolutePercentageError(y, pred, weights),
    median_ae: medianAbsoluteError(y, pred, weights),
  };
}
