import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../test/helpers/datasets';
import { targetClasses } from '../evaluate/train';
import { defaultNativeSteps, fitSteps, inputSchema, toMatrix, toWork } from '../steps/pipeline';
import { checkContract, mixedData } from './cart/contract-checks';
import { Grower, MISSING_ONLY_THRESHOLD, presort, splitThreshold, type GrowOptions } from './cart/grow';
import { nodeValues, treeToJson } from './cart/state';
import { createRandom } from '../util/random';
import { cartTree, type TreeParams, type TreeState } from './tree';
import type { Matrix, Task, TrainData } from './types';

const params = (p: Partial<TreeParams> = {}): TreeParams => ({ ...cartTree.defaults, ...p });

/** One numeric feature, as a training set. */
function oneFeature(x: number[], y: number[], task: Task = 'binary'): TrainData {
  const nClasses = task === 'regression' ? 0 : Math.max(2, ...y.map((v) => v + 1));
  return { x: Float64Array.from(x), rows: x.length, cols: 1, task, y: Float64Array.from(y), nClasses };
}

function proba(s: TreeState, x: number[]): number[][] {
  const p = cartTree.predict(s, params(), { x: Float64Array.from(x), rows: x.length, cols: 1 });
  if (!('proba' in p)) throw new Error('expected probabilities');
  return x.map((_, i) => Array.from(p.proba.subarray(i * p.nClasses, (i + 1) * p.nClasses)));
}

describe('CART decision tree', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    it(`keeps the estimator contract (${task})`, () => {
      checkContract(cartTree, mixedData(task, 300, 1), params());
      checkContract(cartTree, mixedData(task, 300, 2), params({ max_depth: 3, max_features: 'sqrt', ccp_alpha: 0.01, criterion: 'entropy' }));
    });
  }

  it('refuses a constant target with a plain message', () => {
    expect(() => cartTree.fit(oneFeature([1, 2, 3], [1, 1, 1]), params(), { seed: 0 })).toThrow('Every training row has the same class, so there is nothing to learn.');
    expect(() => cartTree.fit(oneFeature([1, 2, 3], [5, 5, 5], 'regression'), params(), { seed: 0 })).toThrow('The target is 5 in every training row, so there is nothing to learn.');
  });

  it('finds the one clean split: x ≤ 3.5', () => {
    const s = cartTree.fit(oneFeature([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1]), params(), { seed: 0 });
    expect(s.tree).toEqual({
      feature: [0, -1, -1],
      threshold: [3.5, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      // No missing values in training and equal covers: missing goes right.
      missingLeft: [0, 0, 0],
      value: [3, 0, 0, 3],
      cover: [6, 3, 3],
    });
    expect(s.importance).toEqual([1]);
    expect(proba(s, [3.5, 3.50001, -100, Number.NaN])).toEqual([[1, 0], [0, 1], [1, 0], [0, 1]]);
  });

  it('regression: the leaf value is the mean; threshold halfway between the groups', () => {
    const s = cartTree.fit(oneFeature([1, 2, 3, 10, 11, 12], [1, 2, 3, 5, 5, 5], 'regression'), params({ max_depth: 1 }), { seed: 0 });
    expect(s.tree.threshold[0]).toBe(6.5);
    expect(s.tree.value).toEqual([2, 5]);
    expect(nodeValues(s.tree, 1, false)).toEqual(Float64Array.from([3.5, 2, 5]));
  });

  it('learns where missing values go', () => {
    // Missing rows belong with the small values: the split sends them left.
    let s = cartTree.fit(oneFeature([1, 2, 3, 4, Number.NaN, Number.NaN], [0, 0, 1, 1, 0, 0]), params(), { seed: 0 });
    expect(s.tree.threshold[0]).toBe(2.5);
    expect(s.tree.missingLeft[0]).toBe(1);
    expect(proba(s, [Number.NaN])).toEqual([[1, 0]]);
    // ...with the large values: right.
    s = cartTree.fit(oneFeature([1, 2, 3, 4, Number.NaN, Number.NaN], [0, 0, 1, 1, 1, 1]), params(), { seed: 0 });
    expect(s.tree.missingLeft[0]).toBe(0);
    expect(proba(s, [Number.NaN])).toEqual([[0, 1]]);
    // Missing on its own is the best question: every known value goes left.
    s = cartTree.fit(oneFeature([1, 2, 3, Number.NaN, Number.NaN], [0, 0, 0, 1, 1]), params(), { seed: 0 });
    expect(s.tree.threshold[0]).toBe(MISSING_ONLY_THRESHOLD);
    expect(proba(s, [1e300, Number.NaN])).toEqual([[1, 0], [0, 1]]);
  });

  it('respects max_depth, min_samples_leaf and min_samples_split', () => {
    const data = mixedData('regression', 400, 5);
    const depth = (s: TreeState) => {
      const d = new Int32Array(s.tree.feature.length);
      let max = 0;
      s.tree.feature.forEach((f, i) => {
        if (f >= 0) { d[s.tree.left[i]!] = d[i]! + 1; d[s.tree.right[i]!] = d[i]! + 1; }
        max = Math.max(max, d[i]!);
      });
      return max;
    };
    expect(depth(cartTree.fit(data, params({ max_depth: 3 }), { seed: 0 }))).toBe(3);
    const leafCovers = (s: TreeState) => s.tree.cover.filter((_, i) => s.tree.feature[i]! < 0);
    expect(Math.min(...leafCovers(cartTree.fit(data, params({ min_samples_leaf: 20 }), { seed: 0 })))).toBeGreaterThanOrEqual(20);
    const s = cartTree.fit(data, params({ min_samples_split: 50 }), { seed: 0 });
    s.tree.feature.forEach((f, i) => { if (f >= 0) expect(s.tree.cover[i]!).toBeGreaterThanOrEqual(50); });
  });

  it('cost-complexity pruning, by hand', () => {
    // y = 0 0 0 0 | 1 1 1 0 on x = 1..8. Full tree: x ≤ 4.5, then x ≤ 7.5 on the right.
    // Gini: root 30/64, right node 6/16 (weight 4/8, so R = 0.1875), leaves pure.
    // Weakest links: the right node at alpha (0.1875 − 0)/(2 − 1) = 0.1875, then the root at
    // (0.46875 − 0.1875)/(2 − 1) = 0.28125 (scikit-learn's cost_complexity_pruning_path agrees).
    const data = oneFeature([1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 1, 1, 1, 0]);
    const nodes = (alpha: number) => cartTree.fit(data, params({ ccp_alpha: alpha }), { seed: 0 }).tree.feature.length;
    expect(nodes(0)).toBe(5);
    expect(nodes(0.18)).toBe(5);
    expect(nodes(0.1875)).toBe(3);
    expect(nodes(0.28)).toBe(3);
    expect(nodes(0.29)).toBe(1);
    const s = cartTree.fit(data, params({ ccp_alpha: 0.2 }), { seed: 0 });
    expect(s.tree.threshold[0]).toBe(4.5);
    expect(s.tree.value).toEqual([4, 0, 1, 3]);
    expect(proba(s, [8])).toEqual([[0.25, 0.75]]);
    // A large alpha collapses the tree to its root: the class shares.
    const root = cartTree.fit(data, params({ ccp_alpha: 10 }), { seed: 0 });
    expect(root.tree.feature).toEqual([-1]);
    expect(proba(root, [1, Number.NaN])).toEqual([[0.625, 0.375], [0.625, 0.375]]);
    expect(root.importance).toEqual([0]);
  });

  it('matches scikit-learn 1.2.1 on concrete (depth 4, and pruned)', async () => {
    // DecisionTreeRegressor(max_depth=4[, ccp_alpha=10]) fitted on the first 721 rows, predicting
    // the first six of the remaining 309 (sklearn: 31 nodes; pruned 9 nodes).
    const { frame, spec, features } = await loadDataset('concrete.csv');
    const input = inputSchema(frame, features);
    const m = toMatrix(fitSteps(toWork(frame, input), defaultNativeSteps(input), 0).work);
    const col = frame.column(spec.target);
    const y = Float64Array.from({ length: frame.rows }, (_, i) => frame.cell(i, col) as number);
    const ntr = 721;
    const train: TrainData = { ...m, rows: ntr, x: m.x.slice(0, ntr * m.cols), task: 'regression', y: y.slice(0, ntr), nClasses: 0 };
    const test: Matrix = { ...m, rows: 6, x: m.x.slice(ntr * m.cols, (ntr + 6) * m.cols) };
    const run = (p: Partial<TreeParams>) => {
      const s = cartTree.fit(train, params(p), { seed: 0 });
      const v = cartTree.predict(s, params(p), test);
      return { nodes: s.tree.feature.length, pred: 'value' in v ? Array.from(v.value, (a) => Math.round(a * 1000) / 1000) : [] };
    };
    expect(run({ max_depth: 4 })).toEqual({ nodes: 31, pred: [11.787, 17.944, 31.157, 31.157, 31.157, 11.787] });
    expect(run({ max_depth: 4, ccp_alpha: 10 })).toEqual({ nodes: 9, pred: [17.332, 17.332, 38.588, 38.588, 38.588, 17.332] });
  });

  it('multiclass split on glass matches scikit-learn 1.2.1 at depth 3 (gini and entropy)', async () => {
    const { frame, spec, features } = await loadDataset('glass.csv');
    const input = inputSchema(frame, features);
    const m = toMatrix(fitSteps(toWork(frame, input), defaultNativeSteps(input), 0).work);
    const tc = targetClasses(frame, spec.target);
    const data: TrainData = { ...m, task: 'multiclass', y: Float64Array.from(tc.y), nClasses: tc.classes.length };
    // sklearn: DecisionTreeClassifier(max_depth=3, criterion=…) on all 214 rows: 15 nodes each,
    // the first three splits (feature, threshold) and the training accuracy below.
    const check = (criterion: 'gini' | 'entropy', splits: [number, number][], acc: number) => {
      const s = cartTree.fit(data, params({ max_depth: 3, criterion }), { seed: 0 });
      expect(s.tree.feature.length).toBe(15);
      expect(splits.map((_, i) => [s.tree.feature[i], Math.round(s.tree.threshold[i]! * 1e4) / 1e4])).toEqual(splits);
      const p = cartTree.predict(s, params(), data);
      let hit = 0;
      for (let i = 0; i < data.rows; i++) {
        const r = 'proba' in p ? Array.from(p.proba.subarray(i * p.nClasses, (i + 1) * p.nClasses)) : [];
        if (r.indexOf(Math.max(...r)) === data.y[i]) hit++;
      }
      expect(hit / data.rows).toBeCloseTo(acc, 10);
    };
    check('gini', [[7, 0.335], [3, 1.42], [6, 10.48]], 0.719626168224299);
    check('entropy', [[2, 2.695], [1, 13.785], [3, 1.38]], 0.7476635514018691);
  });

  it('coded (histogram) and sorted split search grow the same trees', () => {
    // Few distinct values per feature, so every feature can be coded; missing values included.
    for (const task of ['binary', 'multiclass', 'regression'] as const) {
      const data = mixedData(task, 600, 7);
      const x = Float64Array.from(data.x, (v, k) => (k % 4 === 1 ? Math.round(v * 20) / 20 : v));
      const m = { ...data, x };
      const cls = task !== 'regression';
      const yc = cls ? Int32Array.from(data.y) : null;
      const yr = cls ? null : data.y;
      const k = cls ? data.nClasses : 1;
      for (const opts of [
        { criterion: cls ? 'gini' : 'squared_error', maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 2, ccpAlpha: 0 },
        { criterion: cls ? 'entropy' : 'squared_error', maxDepth: 6, minSamplesSplit: 10, minSamplesLeaf: 3, maxFeatures: 4, ccpAlpha: 0 },
      ] as GrowOptions[]) {
        const w = Float64Array.from({ length: m.rows }, (_, i) => 1 + (i % 3));
        const sorted = treeToJson(new Grower(presort(m, 0), yc, yr, k, opts).grow(w, createRandom(1)), k);
        const coded = treeToJson(new Grower(presort(m, 254), yc, yr, k, opts).grow(w, createRandom(1)), k);
        if (cls) expect(coded).toEqual(sorted);
        else {
          // Sums in another order: the same tree up to rounding.
          expect(coded.feature).toEqual(sorted.feature);
          expect(coded.threshold).toEqual(sorted.threshold);
          coded.value.forEach((v, i) => expect(v).toBeCloseTo(sorted.value[i]!, 9));
        }
      }
    }
  });

  it('writes thresholds with few digits, strictly between the two values', () => {
    expect(splitThreshold(1, 2)).toBe(1.5);
    expect(splitThreshold(0.7, 0.71)).toBe(0.705);
    expect(splitThreshold(0.1, 0.2)).toBe(0.15);
    for (const [lo, hi] of [[1e-9, 1.0000001e-9], [5, 5 + 2 ** -40], [-3, -2.9999], [1e15, 1e15 + 1]] as const) {
      const t = splitThreshold(lo, hi);
      expect(t >= lo && t < hi).toBe(true);
    }
  });

  it('keeps thresholds finite with infinite feature values', () => {
    const s = cartTree.fit(oneFeature([-Infinity, -Infinity, 1, 2, Infinity, Infinity], [0, 0, 1, 1, 0, 0]), params(), { seed: 0 });
    expect(s.tree.threshold.every(Number.isFinite)).toBe(true);
    expect(proba(s, [-Infinity, 1.5, Infinity])).toEqual([[1, 0], [0, 1], [1, 0]]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('reports progress and lets a throwing callback cancel', () => {
    const data = mixedData('binary', 100, 1);
    const seen: number[] = [];
    cartTree.fit(data, params(), { seed: 0, onProgress: (p) => seen.push(p.iteration) });
    expect(seen).toEqual([1]);
    expect(() => cartTree.fit(data, params(), { seed: 0, onProgress: () => { throw new Error('stop'); } })).toThrow('stop');
  });

  it('refuses bad parameters plainly', () => {
    const data = mixedData('binary', 50, 1);
    expect(() => cartTree.fit(data, params({ min_samples_leaf: 0 }), { seed: 0 })).toThrow(/min_samples_leaf/);
    expect(() => cartTree.fit(data, params({ max_features: 'half' as never }), { seed: 0 })).toThrow(/max_features/);
    expect(() => cartTree.fit(data, params({ ccp_alpha: -1 }), { seed: 0 })).toThrow(/ccp_alpha/);
  });
});
