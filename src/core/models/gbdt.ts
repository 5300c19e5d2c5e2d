/**
 * Histogram gradient-boosted trees ('gbdt.hist'), pure TypeScript on typed arrays.
 *
 * The algorithm of scikit-learn's HistGradientBoosting (and LightGBM / XGBoost `hist`):
 * - features binned into ≤ 255 quantile bins of the training rows plus one bin for missing values
 *   (gbdt/binning.ts);
 * - second-order boosting: each round fits one tree per output (one per class for multiclass,
 *   softmax; one for binary log loss and squared-error regression) to the gradients and hessians,
 *   leaf value −G/(H + l2_regularization) × learning_rate;
 * - best-first trees grown from gradient histograms with histogram subtraction (gbdt/grower.ts),
 *   limited by max_leaf_nodes and/or max_depth, min_samples_leaf and min_child_weight (hessian);
 * - native missing values: every split learns whether missing values go left or right (when the
 *   node saw none, they follow the child with more rows);
 * - native categorical splits: categories with at least 10 rows are sorted by G/(H + 10) and the
 *   best prefix or suffix (≤ 32 categories) goes left, as scikit-learn does; missing values count
 *   as a category; categories unseen in training (codes ≥ levels, or levels absent from the
 *   training rows) take the missing direction. A categorical feature with more than max_bins
 *   categories is split as ordered codes instead (gbdt/binning.ts says why);
 * - row subsampling per round and column subsampling per tree, seeded by ctx.seed;
 * - early stopping on a seeded validation split (stratified for classification): on by default
 *   above 10,000 rows like scikit-learn's 'auto', with its rule (stop when none of the last
 *   n_iter_no_change validation losses beats the one before them by tol) and, like it, keeping
 *   every round fitted (trimming to the best round instead cost 17 accuracy points on shuttle,
 *   whose rare classes make the log loss jump in the first rounds);
 * Defaults are scikit-learn's: 100 rounds, learning rate 0.1, 31 leaves, no depth limit, 20 rows
 * per leaf, min_child_weight 1e-3, no L2, 255 bins; on identical folds the scores match
 * scikit-learn's (bench/gbdt.ts --defaults). XGBoost's configuration is max_leaf_nodes 0,
 * max_depth 6, min_samples_leaf 1, min_child_weight 1, l2_regularization 1.
 *
 * Progress: ctx.onProgress({ iteration, total, loss, validLoss }) once per round (loss: mean log
 * loss or squared error on the training rows after that round; validLoss with early stopping). A
 * throwing callback cancels the fit.
 *
 * The fitted state (gbdt/state.ts) is plain JSON — per tree, flat arrays of feature, threshold
 * (a real value: x <= threshold goes left), left, right, missingLeft, value, count and category
 * bitsets — and prediction works from it alone on the raw prepared features (gbdt/predict.ts).
 */
import { fitGbdt, gbdtDefaults, type GbdtParams } from './gbdt/boost';
import { predictGbdt } from './gbdt/predict';
import type { GbdtState } from './gbdt/state';
import { registerEstimator } from './registry';

export { fitGbdt, gbdtDefaults, type GbdtParams } from './gbdt/boost';
export { predictGbdt, rawScores } from './gbdt/predict';
export type { GbdtState, GbdtTree } from './gbdt/state';

export const gbdtHist = registerEstimator<GbdtParams, GbdtState>({
  kind: 'gbdt.hist',
  version: 1,
  family: 'gbdt',
  label: 'Gradient-boosted trees',
  description:
    'Many small decision trees added one after another, each correcting the errors of the ones before (histogram gradient boosting, as scikit-learn HistGradientBoosting, LightGBM and XGBoost hist). Handles missing values and categories natively; usually the most accurate choice for tables.',
  tasks: ['binary', 'multiclass', 'regression'],
  input: 'native',
  defaults: gbdtDefaults,
  fit(data, params, ctx) {
    return fitGbdt(data, { ...gbdtDefaults, ...params }, ctx);
  },
  predict(state, _params, x) {
    return predictGbdt(state, x);
  },
});
