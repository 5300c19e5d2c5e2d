/** Classification metrics on predicted probabilities. */

/** Share of rows whose predicted class (probability > 0.5 → positive, as ArgMax breaks ties to the first class) equals the truth. */
export function accuracy(yTrue: ArrayLike<number>, pPositive: ArrayLike<number>): number {
  const n = yTrue.length;
  if (n === 0) return Number.NaN;
  let hit = 0;
  for (let i = 0; i < n; i++) if ((pPositive[i]! > 0.5 ? 1 : 0) === yTrue[i]) hit++;
  return hit / n;
}

/**
 * Area under the ROC curve by the rank-sum (Mann–Whitney) formula; tied scores count half.
 * NaN when only one class is present.
 */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = yTrue.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let pos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[idx[j + 1]!] === score[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1; // ranks are 1-based
    for (let k = i; k <= j; k++) if (yTrue[idx[k]!] === 1) { pos++; rankSumPos += avgRank; }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean negative log-likelihood of the true class, probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(yTrue: ArrayLike<number>, pPositive: ArrayLike<number>): number {
  const n = yTrue.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, pPositive[i]!));
    s -= yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / n;
}

/*
 * The toolkit below follows scikit-learn 1.2 definitions (checked against it in metrics.test.ts).
 *
 * Conventions shared by every function:
 * - Class labels are class indices 0..k−1 (`Int32Array` or `Float64Array` holding integers);
 *   probabilities are row-major `rows × k` (`proba[i * k + c]`). For binary scores, class 1 is
 *   the positive class.
 * - `weights` (optional) are non-negative sample weights; a weight of 2 counts like the row
 *   appearing twice. Omitted = every row weighs 1.
 * - NaN means "undefined for this data", never an error: no rows, or a metric that needs two
 *   classes (or a varying target) when only one is present. Each function says when. Lengths that
 *   disagree, class indices outside 0..k−1 and negative weights are programming mistakes and throw.
 */

/** Optional per-row sample weights. */
export type Weights = ArrayLike<number> | undefined;

function checkInputs(what: string, n: number, other: number, weights: Weights): void {
  if (other !== n) throw new Error(`${what}: ${n} true values but ${other} predictions.`);
  if (weights) {
    if (weights.length !== n) throw new Error(`${what}: ${n} rows but ${weights.length} weights.`);
    for (let i = 0; i < n; i++) if (!(weights[i]! >= 0)) throw new Error(`${what}: weight ${weights[i]} of row ${i} is not a non-negative number.`);
  }
}

function checkProba(what: string, n: number, k: number, proba: ArrayLike<number>, weights: Weights): void {
  if (proba.length !== n * k) throw new Error(`${what}: expected ${n} rows × ${k} classes = ${n * k} probabilities, got ${proba.length}.`);
  checkInputs(what, n, n, weights);
}

function checkClass(what: string, c: number, k: number, i: number): void {
  if (!(Number.isInteger(c) && c >= 0 && c < k)) throw new Error(`${what}: row ${i} has class ${c}, outside 0..${k - 1}.`);
}

/** Each row's most probable class; ties go to the lower class index (as ONNX ArgMax). */
export function predictedClasses(proba: ArrayLike<number>, k: number): Int32Array {
  const n = Math.floor(proba.length / k);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/**
 * Confusion matrix with k rows (true class) and k columns (predicted class), as sklearn
 * `confusion_matrix(labels=range(k))`; entries are summed weights (counts without weights).
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number, weights?: Weights): number[][] {
  const n = yTrue.length;
  checkInputs('confusionMatrix', n, yPred.length, weights);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < n; i++) {
    checkClass('confusionMatrix', yTrue[i]!, k, i);
    checkClass('confusionMatrix', yPred[i]!, k, i);
    m[yTrue[i]!]![yPred[i]!]! += weights ? weights[i]! : 1;
  }
  return m;
}

/** Share (by weight) of rows whose predicted class equals the true class. NaN with no rows. */
export function accuracyScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weights?: Weights): number {
  const n = yTrue.length;
  checkInputs('accuracyScore', n, yPred.length, weights);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    total += w;
    if (yTrue[i] === yPred[i]) hit += w;
  }
  return total > 0 ? hit / total : Number.NaN;
}

/**
 * Mean recall over the classes present in `yTrue` (sklearn `balanced_accuracy_score`, not
 * adjusted). Classes never true are left out of the mean. NaN with no rows.
 */
export function balancedAccuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number, weights?: Weights): number {
  const m = confusionMatrix(yTrue, yPred, k, weights);
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    const support = m[c]!.reduce((a, b) => a + b, 0);
    if (support > 0) {
      sum += m[c]![c]! / support;
      classes++;
    }
  }
  return classes > 0 ? sum / classes : Number.NaN;
}

/** Precision, recall and F1 of one class, and its support (summed weight of rows truly in it). */
export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Per-class and averaged precision / recall / F1. */
export interface PrecisionRecallF1 {
  /** One entry per class index 0..k−1. */
  perClass: ClassReport[];
  /** Unweighted mean over the classes that occur in `yTrue` or `yPred` (sklearn `average='macro'`). */
  macro: { precision: number; recall: number; f1: number };
  /** Mean weighted by each class's support (sklearn `average='weighted'`). */
  weighted: { precision: number; recall: number; f1: number };
}

/**
 * Precision, recall and F1 per class with macro and support-weighted averages, as sklearn
 * `precision_recall_fscore_support(zero_division=0)`: a class never predicted has precision 0, a
 * class never true has recall 0, and F1 is 0 when precision + recall is 0. Classes absent from
 * both truth and predictions are reported with zeros but left out of the averages (sklearn's
 * default label set). Averages are NaN with no rows.
 */
export function precisionRecallF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number, weights?: Weights): PrecisionRecallF1 {
  const m = confusionMatrix(yTrue, yPred, k, weights);
  const perClass: ClassReport[] = [];
  const macro = { precision: 0, recall: 0, f1: 0 };
  const weighted = { precision: 0, recall: 0, f1: 0 };
  let seen = 0;
  let totalSupport = 0;
  for (let c = 0; c < k; c++) {
    const tp = m[c]![c]!;
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += m[c]![j]!;
      predicted += m[j]![c]!;
    }
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support });
    if (support > 0 || predicted > 0) {
      seen++;
      macro.precision += precision;
      macro.recall += recall;
      macro.f1 += f1;
    }
    totalSupport += support;
    weighted.precision += precision * support;
    weighted.recall += recall * support;
    weighted.f1 += f1 * support;
  }
  for (const key of ['precision', 'recall', 'f1'] as const) {
    macro[key] = seen > 0 ? macro[key] / seen : Number.NaN;
    weighted[key] = totalSupport > 0 ? weighted[key] / totalSupport : Number.NaN;
  }
  return { perClass, macro, weighted };
}

/**
 * Matthews correlation coefficient, binary or multiclass (sklearn `matthews_corrcoef`, the
 * Gorodkin R_K form). NaN when `yTrue` holds a single class (there is nothing to correlate with)
 * or there are no rows; 0 when the truth varies but every prediction is the same class (sklearn's
 * convention for a constant predictor).
 */
export function matthewsCorrcoef(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number, weights?: Weights): number {
  const m = confusionMatrix(yTrue, yPred, k, weights);
  let n = 0;
  let correct = 0;
  let tp = 0;
  let tt = 0;
  let pp = 0;
  for (let c = 0; c < k; c++) {
    let t = 0;
    let p = 0;
    for (let j = 0; j < k; j++) {
      t += m[c]![j]!;
      p += m[j]![c]!;
    }
    n += t;
    correct += m[c]![c]!;
    tp += t * p;
    tt += t * t;
    pp += p * p;
  }
  const covTT = n * n - tt;
  const covPP = n * n - pp;
  if (!(n > 0) || covTT <= 0) return Number.NaN;
  if (covPP <= 0) return 0;
  return (correct * n - tp) / Math.sqrt(covTT * covPP);
}

/** Row indices ordered by ascending score. */
function orderByScore(score: ArrayLike<number>): Int32Array {
  const idx = new Int32Array(score.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => score[a]! - score[b]! || a - b);
}

/**
 * Binary ROC AUC with optional weights (sklearn `roc_auc_score`): the weighted share of
 * (positive, negative) pairs that the score orders correctly, tied scores counting one half.
 * Positive = label 1, every other label negative. NaN when either class has no weight.
 * Without weights it equals `rocAuc`.
 */
export function rocAucScore(yTrue: ArrayLike<number>, score: ArrayLike<number>, weights?: Weights): number {
  const n = yTrue.length;
  checkInputs('rocAucScore', n, score.length, weights);
  const idx = orderByScore(score);
  let negBelow = 0;
  let pairs = 0;
  let wPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let pos = 0;
    let neg = 0;
    while (j < n && score[idx[j]!] === score[idx[i]!]) {
      const r = idx[j]!;
      const w = weights ? weights[r]! : 1;
      if (yTrue[r] === 1) pos += w;
      else neg += w;
      j++;
    }
    pairs += pos * (negBelow + neg / 2);
    negBelow += neg;
    wPos += pos;
    i = j;
  }
  if (!(wPos > 0 && negBelow > 0)) return Number.NaN;
  return pairs / (wPos * negBelow);
}

/**
 * Multiclass ROC AUC one-vs-rest (sklearn `roc_auc_score(multi_class='ovr')`): class c's AUC
 * scores `proba[:, c]` against "true class is c"; `macro` averages the classes equally,
 * `weighted` by their (weighted) prevalence. Unlike sklearn, which refuses, a class absent from
 * `yTrue` (its AUC is undefined) is left out of the average; NaN when fewer than two classes occur.
 */
export function rocAucOvr(yTrue: ArrayLike<number>, proba: ArrayLike<number>, k: number, average: 'macro' | 'weighted' = 'macro', weights?: Weights): number {
  const n = yTrue.length;
  checkProba('rocAucOvr', n, k, proba, weights);
  const isC = new Int8Array(n);
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) checkClass('rocAucOvr', yTrue[i]!, k, i);
  let sum = 0;
  let norm = 0;
  for (let c = 0; c < k; c++) {
    let prevalence = 0;
    for (let i = 0; i < n; i++) {
      isC[i] = yTrue[i] === c ? 1 : 0;
      col[i] = proba[i * k + c]!;
      if (isC[i]) prevalence += weights ? weights[i]! : 1;
    }
    const auc = rocAucScore(isC, col, weights);
    if (Number.isNaN(auc)) continue;
    const w = average === 'weighted' ? prevalence : 1;
    sum += w * auc;
    norm += w;
  }
  return norm > 0 ? sum / norm : Number.NaN;
}

/**
 * Average precision (sklearn `average_precision_score`): Σ (Rₙ − Rₙ₋₁)·Pₙ over the distinct
 * score thresholds from high to low — the area under the precision–recall step curve, with no
 * interpolation. Positive = label 1. NaN when no positive row has weight (sklearn warns and
 * returns a meaningless number there).
 */
export function averagePrecision(yTrue: ArrayLike<number>, score: ArrayLike<number>, weights?: Weights): number {
  const n = yTrue.length;
  checkInputs('averagePrecision', n, score.length, weights);
  const idx = orderByScore(score);
  let totalPos = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === 1) totalPos += weights ? weights[i]! : 1;
  if (!(totalPos > 0)) return Number.NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let i = n - 1; i >= 0; ) {
    let j = i;
    const tpBefore = tp;
    while (j >= 0 && score[idx[j]!] === score[idx[i]!]) {
      const r = idx[j]!;
      const w = weights ? weights[r]! : 1;
      if (yTrue[r] === 1) tp += w;
      else fp += w;
      j--;
    }
    if (tp + fp > 0) ap += ((tp - tpBefore) / totalPos) * (tp / (tp + fp));
    i = j;
  }
  return ap;
}

/**
 * Log loss for k ≥ 2 classes from rows × k probabilities: weighted mean of −ln p(true class),
 * each probability clipped to [1e-15, 1 − 1e-15] as `logLoss`. Rows are taken as given (sklearn
 * 1.2 also renormalises rows that do not sum to 1; our models' rows already do). NaN with no rows.
 */
export function logLossMulti(yTrue: ArrayLike<number>, proba: ArrayLike<number>, k: number, weights?: Weights): number {
  const n = yTrue.length;
  checkProba('logLossMulti', n, k, proba, weights);
  let s = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    checkClass('logLossMulti', yTrue[i]!, k, i);
    const w = weights ? weights[i]! : 1;
    const p = Math.min(1 - 1e-15, Math.max(1e-15, proba[i * k + yTrue[i]!]!));
    s -= w * Math.log(p);
    total += w;
  }
  return total > 0 ? s / total : Number.NaN;
}

/** Binary Brier score: weighted mean of (p − y)², y = 1 for label 1 else 0 (sklearn `brier_score_loss`). NaN with no rows. */
export function brierScore(yTrue: ArrayLike<number>, pPositive: ArrayLike<number>, weights?: Weights): number {
  const n = yTrue.length;
  checkInputs('brierScore', n, pPositive.length, weights);
  let s = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    s += w * (pPositive[i]! - (yTrue[i] === 1 ? 1 : 0)) ** 2;
    total += w;
  }
  return total > 0 ? s / total : Number.NaN;
}

/**
 * Multiclass Brier score: weighted mean over rows of Σ_c (p_c − [y = c])², i.e. squared error
 * against the one-hot truth summed over classes (Brier's original definition and sklearn ≥ 1.7's
 * multiclass `brier_score_loss`); ranges 0..2. For k = 2 it is twice `brierScore`. NaN with no rows.
 */
export function brierScoreMulti(yTrue: ArrayLike<number>, proba: ArrayLike<number>, k: number, weights?: Weights): number {
  const n = yTrue.length;
  checkProba('brierScoreMulti', n, k, proba, weights);
  let s = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    checkClass('brierScoreMulti', yTrue[i]!, k, i);
    const w = weights ? weights[i]! : 1;
    let row = 0;
    for (let c = 0; c < k; c++) row += (proba[i * k + c]! - (yTrue[i] === c ? 1 : 0)) ** 2;
    s += w * row;
    total += w;
  }
  return total > 0 ? s / total : Number.NaN;
}

/*
 * Regression metrics. Missing values are the caller's business: a NaN in y or pred makes the
 * result NaN.
 */

function weightedMean(n: number, weights: Weights, term: (i: number) => number): number {
  let s = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    s += w * term(i);
    total += w;
  }
  return total > 0 ? s / total : Number.NaN;
}

/** Root of the weighted mean squared error. NaN with no rows. */
export function rootMeanSquaredError(y: ArrayLike<number>, pred: ArrayLike<number>, weights?: Weights): number {
  checkInputs('rootMeanSquaredError', y.length, pred.length, weights);
  return Math.sqrt(weightedMean(y.length, weights, (i) => (y[i]! - pred[i]!) ** 2));
}

/** Weighted mean absolute error. NaN with no rows. */
export function meanAbsoluteError(y: ArrayLike<number>, pred: ArrayLike<number>, weights?: Weights): number {
  checkInputs('meanAbsoluteError', y.length, pred.length, weights);
  return weightedMean(y.length, weights, (i) => Math.abs(y[i]! - pred[i]!));
}

/**
 * Coefficient of determination R² = 1 − SS_res / SS_tot (weighted as sklearn `r2_score`).
 * NaN when the target does not vary (SS_tot = 0) or there are fewer than two rows: R² is
 * undefined there (sklearn reports 1 or 0 instead).
 */
export function r2Score(y: ArrayLike<number>, pred: ArrayLike<number>, weights?: Weights): number {
  const n = y.length;
  checkInputs('r2Score', n, pred.length, weights);
  if (n < 2) return Number.NaN;
  const mean = weightedMean(n, weights, (i) => y[i]!);
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    res += w * (y[i]! - pred[i]!) ** 2;
    tot += w * (y[i]! - mean) ** 2;
  }
  return tot > 0 ? 1 - res / tot : Number.NaN;
}

/**
 * Mean absolute percentage error as a fraction (0.1 = 10%): weighted mean of |y − ŷ| / |y|.
 * Rows whose target is 0 are skipped, because their percentage error is infinite; sklearn instead
 * divides by max(|y|, 2.2e-16), which turns any such row into an astronomically large result.
 * Identical to sklearn when no target is 0. NaN when every target is 0 or there are no rows.
 */
export function meanAbsolutePercentageError(y: ArrayLike<number>, pred: ArrayLike<number>, weights?: Weights): number {
  const n = y.length;
  checkInputs('meanAbsolutePercentageError', n, pred.length, weights);
  let s = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 0) continue;
    const w = weights ? weights[i]! : 1;
    s += (w * Math.abs(y[i]! - pred[i]!)) / Math.abs(y[i]!);
    total += w;
  }
  return total > 0 ? s / total : Number.NaN;
}

/**
 * Median absolute error as sklearn `median_absolute_error`: without weights the ordinary median
 * (mean of the two middle values for an even count); with weights the lower weighted median (the
 * smallest error whose cumulative weight reaches half the total). NaN with no rows.
 */
export function medianAbsoluteError(y: ArrayLike<number>, pred: ArrayLike<number>, weights?: Weights): number {
  const n = y.length;
  checkInputs('medianAbsoluteError', n, pred.length, weights);
  if (n === 0) return Number.NaN;
  const err = Float64Array.from({ length: n }, (_, i) => Math.abs(y[i]! - pred[i]!));
  if (!weights) {
    err.sort();
    return n % 2 === 1 ? err[(n - 1) / 2]! : (err[n / 2 - 1]! + err[n / 2]!) / 2;
  }
  const idx = orderByScore(err);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  if (!(total > 0)) return Number.NaN;
  const half = total / 2;
  let cum = 0;
  for (let i = 0; i < n; i++) {
    cum += weights[idx[i]!]!;
    if (cum >= half) return err[idx[i]!]!;
  }
  return err[idx[n - 1]!]!;
}
