/**
 * Random forest ('forest.random'), as scikit-learn's RandomForestClassifier / Regressor: CART
 * trees grown to full depth on bootstrap samples, each split examining a random subset of the
 * features (√p for classification, all for regression by default); predictions average the trees'
 * class probabilities or values. The out-of-bag score (accuracy or R² on the rows each tree did
 * not see) is kept in the state. Deterministic under the seed: tree t draws from its own stream.
 */
import { createRandom } from '../util/random';
import { Grower, maxCodedFor, presort, treeImportance } from './cart/grow';
import { baseWeights, growOptions, targets, type CartParams } from './cart/params';
import { addTreeOutput, leafRows, predictTrees, treeToJson, type TreeJson } from './cart/state';
import { registerEstimator } from './registry';
import type { Task } from './types';

export type ForestParams = CartParams & {
  n_estimators: number;
  bootstrap: boolean;
  /** Bootstrap sample size as a fraction of the rows; null = as many as there are rows. */
  max_samples: number | null;
};

export type OobScore = {
  metric: 'accuracy' | 'r2';
  score: number;
  /** Rows that were out of bag for at least one tree (the rows scored). */
  rows: number;
};

export type ForestState = {
  task: Task;
  nClasses: number;
  levels: number[];
  trees: TreeJson[];
  /** Mean of the trees' impurity-based importances, summing to 1. */
  importance: number[];
  /** null without bootstrap, or when no row was ever out of bag. */
  oob: OobScore | null;
};

export const forestDefaults: ForestParams = {
  n_estimators: 200,
  criterion: 'gini',
  max_depth: null,
  min_samples_split: 2,
  min_samples_leaf: 1,
  max_features: 'auto',
  ccp_alpha: 0,
  bootstrap: true,
  max_samples: null,
};

export const randomForest = registerEstimator<ForestParams, ForestState>({
  kind: 'forest.random',
  version: 1,
  family: 'forest',
  label: 'Random forest',
  description: 'Many deep decision trees, each grown on a bootstrap sample of the rows and choosing among a random subset of the features at every split; their votes are averaged. Accurate with little tuning; the out-of-bag score estimates accuracy without a separate test set.',
  tasks: ['binary', 'multiclass', 'regression'],
  input: 'native',
  defaults: forestDefaults,
  fit(data, params, ctx) {
    const prm = { ...forestDefaults, ...params };
    const classification = data.task !== 'regression';
    const { yc, yr, nOut } = targets(data);
    const opts = growOptions(prm, data.cols, classification);
    const T = prm.n_estimators;
    if (!(Number.isInteger(T) && T >= 1)) throw new Error('n_estimators must be a whole number ≥ 1.');
    if (prm.max_samples !== null && !(prm.max_samples > 0 && prm.max_samples <= 1)) throw new Error('max_samples must be a fraction in (0, 1], or empty for all rows.');
    const n = data.rows;
    const p = data.cols;
    const draws = prm.max_samples === null ? n : Math.max(1, Math.round(prm.max_samples * n));
    const base = baseWeights(data);
    const pre = presort(data, maxCodedFor(classification, nOut));
    const grower = new Grower(pre, yc, yr, nOut, opts);
    const master = createRandom(ctx.seed);
    const w = new Float64Array(n);
    const counts = new Int32Array(n);
    const oobSum = prm.bootstrap ? new Float64Array(n * nOut) : null;
    const oobCount = prm.bootstrap ? new Int32Array(n) : null;
    const levels = pre.levels;
    const trees: TreeJson[] = [];
    const importance = new Float64Array(p);
    let informative = 0;
    for (let t = 0; t < T; t++) {
      const random = createRandom(Math.floor(master() * 4294967296));
      if (prm.bootstrap) {
        counts.fill(0);
        for (let k = 0; k < draws; k++) counts[Math.floor(random() * n)]++;
        for (let i = 0; i < n; i++) w[i] = counts[i] * base[i];
        if (!w.some((v) => v > 0)) w.set(base);
      } else {
        w.set(base);
      }
      const tree = grower.grow(w, random);
      if (tree.nodes > 1) {
        const imp = treeImportance(tree, p);
        for (let j = 0; j < p; j++) importance[j] += imp[j];
        informative++;
      }
      const tj = treeToJson(tree, nOut);
      trees.push(tj);
      if (oobSum && oobCount) {
        // Out of bag: the rows this tree's bootstrap sample never drew.
        const rows = leafRows(tj, nOut, p);
        for (let i = 0; i < n; i++) {
          if (counts[i] !== 0) continue;
          addTreeOutput(tj, rows, nOut, classification, data.x, i * p, levels, oobSum, i * nOut);
          oobCount[i]++;
        }
      }
      ctx.onProgress?.({ iteration: t + 1, total: T });
    }
    let s = 0;
    for (let j = 0; j < p; j++) s += importance[j];
    return {
      task: data.task,
      nClasses: classification ? nOut : 0,
      levels: Array.from(levels),
      trees,
      importance: Array.from(importance, (v) => (informative && s > 0 ? v / s : 0)),
      oob: oobSum && oobCount ? oobScore(classification, nOut, data.y, oobSum, oobCount) : null,
    };
  },
  predict(state, _params, x) {
    const classification = state.task !== 'regression';
    const nOut = classification ? state.nClasses : 1;
    const out = predictTrees(state.trees, nOut, classification, state.levels, x);
    return classification ? { proba: out, nClasses: nOut } : { value: out };
  },
});

function oobScore(classification: boolean, nOut: number, y: Float64Array, sum: Float64Array, count: Int32Array): OobScore | null {
  const n = count.length;
  let rows = 0;
  if (classification) {
    let hit = 0;
    for (let i = 0; i < n; i++) {
      if (count[i] === 0) continue;
      rows++;
      let best = 0;
      for (let k = 1; k < nOut; k++) if (sum[i * nOut + k] > sum[i * nOut + best]) best = k;
      if (best === y[i]) hit++;
    }
    return rows ? { metric: 'accuracy', score: hit / rows, rows } : null;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) if (count[i]) { mean += y[i]; rows++; }
  if (!rows) return null;
  mean /= rows;
  let se = 0, ss = 0;
  for (let i = 0; i < n; i++) {
    if (!count[i]) continue;
    se += (sum[i] / count[i] - y[i]) ** 2;
    ss += (y[i] - mean) ** 2;
  }
  return { metric: 'r2', score: ss > 0 ? 1 - se / ss : 0, rows };
}
