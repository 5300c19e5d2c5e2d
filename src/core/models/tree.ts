/**
 * A single CART decision tree ('tree.cart'), as scikit-learn's DecisionTreeClassifier /
 * DecisionTreeRegressor: exact best splits, Gini or entropy for classes, squared error for numbers,
 * minimal cost-complexity pruning (`ccp_alpha`). Missing values and category codes are handled
 * natively (see cart/grow.ts for the rules); the fitted state is the flat JSON of cart/state.ts.
 */
import { createRandom } from '../util/random';
import { Grower, maxCodedFor, presort, treeImportance } from './cart/grow';
import { baseWeights, growOptions, targets, type CartParams } from './cart/params';
import { predictTrees, treeToJson, type TreeJson } from './cart/state';
import { registerEstimator } from './registry';
import type { Task } from './types';

export type TreeParams = CartParams;

export type TreeState = {
  task: Task;
  /** Classes (classification), 0 for regression. */
  nClasses: number;
  /** Category level count per feature (0 = numeric), as in training. */
  levels: number[];
  tree: TreeJson;
  /** Impurity-based feature importances, summing to 1 (all 0 for a single leaf). */
  importance: number[];
};

export const treeDefaults: TreeParams = {
  criterion: 'gini',
  max_depth: null,
  min_samples_split: 2,
  min_samples_leaf: 1,
  max_features: 'all',
  ccp_alpha: 0,
};

export const cartTree = registerEstimator<TreeParams, TreeState>({
  kind: 'tree.cart',
  version: 1,
  family: 'tree',
  label: 'Decision tree',
  description: 'A flow chart of yes/no questions on the features, each chosen to separate the target best (CART). Easy to read; prune it with ccp_alpha or limit its depth to avoid memorising the training rows.',
  tasks: ['binary', 'multiclass', 'regression'],
  input: 'native',
  defaults: treeDefaults,
  fit(data, params, ctx) {
    const classification = data.task !== 'regression';
    const { yc, yr, nOut } = targets(data);
    const opts = growOptions({ ...treeDefaults, ...params }, data.cols, classification);
    const pre = presort(data, maxCodedFor(classification, nOut));
    const grower = new Grower(pre, yc, yr, nOut, opts);
    const t = grower.grow(baseWeights(data), createRandom(ctx.seed));
    const state: TreeState = {
      task: data.task,
      nClasses: classification ? nOut : 0,
      levels: Array.from(pre.levels),
      tree: treeToJson(t, nOut),
      importance: Array.from(treeImportance(t, data.cols)),
    };
    ctx.onProgress?.({ iteration: 1, total: 1 });
    return state;
  },
  predict(state, _params, x) {
    const classification = state.task !== 'regression';
    const nOut = classification ? state.nClasses : 1;
    const out = predictTrees([state.tree], nOut, classification, state.levels, x);
    return classification ? { proba: out, nClasses: nOut } : { value: out };
  },
});
