import { describe, expect, it } from 'vitest';
import { baseline, loadDataset, type BaselineModel } from '../../../test/helpers/datasets';
import { trainWithCV } from '../evaluate/train';
import { createRandom } from '../util/random';
import { gbdtDefaults, gbdtHist, type GbdtParams, type GbdtState } from './gbdt';
import type { FitProgress, Matrix, Task, TrainData } from './types';

const fit = (d: TrainData, params: Partial<GbdtParams> = {}, seed = 0, onProgress?: (p: FitProgress) => void) =>
  gbdtHist.fit(d, { ...gbdtDefaults, ...params }, { seed, onProgress });
const predict = (s: GbdtState, m: Matrix) => gbdtHist.predict(s, gbdtDefaults, m);
const flat = (p: ReturnType<typeof predict>) => ('proba' in p ? p.proba : p.value);

/**
 * Mixed data: x0, x1 numeric (x1 has 10 % missing), x2 categorical with 5 levels, x3 noise.
 * The signal uses all three, the category non-monotonically, and missing x1 has its own effect.
 */
function mixed(n: number, task: Task, seed: number): TrainData {
  const r = createRandom(seed);
  const p = 4;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  const catEffect = [1, -1, 1.5, -0.5, 0];
  for (let i = 0; i < n; i++) {
    const x0 = r() * 4 - 2;
    const x1 = r() < 0.1 ? Number.NaN : r() * 2 - 1;
    const c = Math.floor(r() * 5);
    x[i * p] = x0;
    x[i * p + 1] = x1;
    x[i * p + 2] = c;
    x[i * p + 3] = r();
    const z = x0 * x0 - 1 + (Number.isNaN(x1) ? 1.5 : x1) + catEffect[c]!;
    if (task === 'regression') y[i] = z + 0.3 * (r() - 0.5);
    else if (task === 'binary') y[i] = r() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
    else y[i] = z < -0.5 ? 0 : z < 1 ? 1 : 2;
  }
  return { x, rows: n, cols: p, categorical: [0, 0, 5, 0], task, y, nClasses: task === 'binary' ? 2 : task === 'multiclass' ? 3 : 0 };
}

describe('gbdt.hist estimator contract', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    it(`${task}: deterministic, JSON round trip, input untouched, valid outputs`, () => {
      const d = mixed(600, task, 1);
      const xCopy = Float64Array.from(d.x);
      const yCopy = Float64Array.from(d.y);
      const params = { max_iter: 30, subsample: 0.8, colsample_bytree: 0.75 };
      const s1 = fit(d, params, 7);
      const s2 = fit(d, params, 7);
      expect(s2).toEqual(s1);
      expect(fit(d, params, 8)).not.toEqual(s1); // the seed drives the subsampling
      expect(d.x).toEqual(xCopy);
      expect(d.y).toEqual(yCopy);

      const test = mixed(200, task, 2);
      const tCopy = Float64Array.from(test.x);
      const round = JSON.parse(JSON.stringify(s1)) as GbdtState;
      const p1 = flat(predict(s1, test));
      expect(flat(predict(round, test))).toEqual(p1);
      expect(test.x).toEqual(tCopy);
      for (const v of p1) expect(Number.isFinite(v)).toBe(true);
      const pred = predict(s1, test);
      if ('proba' in pred) {
        const k = pred.nClasses;
        expect(k).toBe(task === 'binary' ? 2 : 3);
        for (let i = 0; i < test.rows; i++) {
          let sum = 0;
          for (let c = 0; c < k; c++) {
            expect(pred.proba[i * k + c]!).toBeGreaterThanOrEqual(0);
            sum += pred.proba[i * k + c]!;
          }
          expect(sum).toBeCloseTo(1, 12);
        }
      } else expect(pred.value.length).toBe(test.rows);
    });
  }

  it('learns the signal (held-out quality on mixed data)', () => {
    const s = fit(mixed(2000, 'regression', 3));
    const t = mixed(1000, 'regression', 4);
    const v = flat(predict(s, t));
    let se = 0;
    let ss = 0;
    let mean = 0;
    for (let i = 0; i < t.rows; i++) mean += t.y[i]! / t.rows;
    for (let i = 0; i < t.rows; i++) {
      se += (v[i]! - t.y[i]!) ** 2;
      ss += (t.y[i]! - mean) ** 2;
    }
    expect(1 - se / ss).toBeGreaterThan(0.95);
  });

  it('missing values and unseen categories at predict time follow the missing direction', () => {
    const d = mixed(800, 'binary', 5);
    const s = fit(d, { max_iter: 20 });
    // Row A: x2 missing; row B: x2 = 7, beyond the 5 training levels; row C: x2 = 2.5 (not a code);
    // row D: everything missing.
    const m: Matrix = { x: Float64Array.from([0.5, 0.2, Number.NaN, 0.5, 0.5, 0.2, 7, 0.5, 0.5, 0.2, 2.5, 0.5, Number.NaN, Number.NaN, Number.NaN, Number.NaN]), rows: 4, cols: 4, categorical: [0, 0, 5, 0] };
    const p = flat(predict(s, m));
    expect(p[2 + 1]).toBe(p[1]); // unseen code = missing
    expect(p[4 + 1]).toBe(p[1]); // fractional code = missing
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
    expect(() => predict(s, { x: new Float64Array(3), rows: 1, cols: 3 })).toThrow(/expects 4 features/);
  });

  it('reports progress once per round and lets a throwing callback cancel', () => {
    const d = mixed(300, 'multiclass', 6);
    const seen: FitProgress[] = [];
    fit(d, { max_iter: 12 }, 0, (p) => seen.push(p));
    expect(seen.map((p) => p.iteration)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(seen.every((p) => p.total === 12 && Number.isFinite(p.loss) && p.validLoss === undefined)).toBe(true);
    // Training loss decreases.
    expect(seen[11]!.loss!).toBeLessThan(seen[0]!.loss!);
    let calls = 0;
    expect(() =>
      fit(d, { max_iter: 50 }, 0, () => {
        if (++calls === 3) throw new Error('cancelled');
      }),
    ).toThrow('cancelled');
    expect(calls).toBe(3);
  });

  it("early stopping: on by default above 10,000 rows, scikit-learn's rule, reports the validation loss", () => {
    const d = mixed(12_000, 'binary', 9);
    const seen: FitProgress[] = [];
    const s = fit(d, { max_iter: 300, learning_rate: 0.3 }, 0, (p) => seen.push(p));
    expect(s.rounds).toBeLessThan(300);
    expect(s.trees.length).toBe(s.rounds);
    expect(seen.length).toBe(s.rounds);
    expect(seen.every((p) => Number.isFinite(p.validLoss))).toBe(true);
    // Stopped because none of the last 10 losses beats the one 11 rounds back; not earlier.
    const v = seen.map((p) => p.validLoss!);
    const T = v.length;
    expect(Math.min(...v.slice(T - 10))).toBeGreaterThanOrEqual(v[T - 11]! - 1e-7);
    expect(Math.min(...v.slice(T - 11, T - 1))).toBeLessThan(v[T - 12]! - 1e-7);
    // Off below 10,000 rows unless asked.
    expect(fit(mixed(500, 'binary', 9), { max_iter: 40, learning_rate: 0.5 }).rounds).toBe(40);
    expect(fit(mixed(500, 'binary', 9), { max_iter: 200, learning_rate: 0.5, early_stopping: true }).rounds).toBeLessThan(200);
  });

  it('handles weights, a constant feature and an all-missing column; refuses a constant target', () => {
    const d = mixed(300, 'regression', 10);
    const x = Float64Array.from(d.x);
    for (let i = 0; i < d.rows; i++) x[i * 4 + 3] = Number.NaN;
    const s = fit({ ...d, x, weights: Float64Array.from({ length: d.rows }, (_, i) => 1 + (i % 3)) }, { max_iter: 10 });
    expect(s.trees.every((t) => t.feature.every((f) => f !== 3))).toBe(true);
    const c = fit({ ...d, x: new Float64Array(d.rows * 4).fill(1), categorical: [0, 0, 0, 0] }, { max_iter: 5 });
    expect(c.trees.every((t) => t.feature.length === 1)).toBe(true);
    expect(() => fit({ ...d, y: new Float64Array(d.rows).fill(3) })).toThrow(/nothing to learn/);
    expect(() => fit({ ...mixed(100, 'binary', 1), y: new Float64Array(100) })).toThrow(/nothing to learn/);
  });
});

describe('gbdt.hist hand-checkable cases', () => {
  it('learns a step function exactly, with the threshold as a real value', () => {
    const n = 100;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i < 50 ? 0 : 10));
    const s = fit({ x, rows: n, cols: 1, task: 'regression', y, nClasses: 0 }, { max_iter: 1, learning_rate: 1, min_samples_leaf: 1 });
    expect(s.baseScore).toEqual([5]);
    expect(s.trees[0]!.feature[0]).toBe(0);
    expect(s.trees[0]!.threshold[0]).toBe(49.5);
    expect(flat(predict(s, { x: Float64Array.from([-1e9, 49, 49.5, 49.51, 1e9, Number.NaN]), rows: 6, cols: 1 }))).toEqual(Float64Array.from([0, 0, 0, 10, 10, 0]));
  });

  it('learns XOR (needs an interaction: depth 2)', () => {
    // Unequal cell sizes, so that the first split gains something (a perfectly balanced XOR gives
    // every single split zero gain, for any greedy tree learner).
    const cells = [[0, 0, 100], [0, 1, 150], [1, 0, 100], [1, 1, 50]] as const;
    const n = 400;
    const x = new Float64Array(n * 2);
    const y = new Float64Array(n);
    let i = 0;
    for (const [a, b, count] of cells) {
      for (let c = 0; c < count; c++, i++) {
        x[2 * i] = a;
        x[2 * i + 1] = b;
        y[i] = a ^ b;
      }
    }
    const s = fit({ x, rows: n, cols: 2, task: 'binary', y, nClasses: 2 });
    const p = predict(s, { x: Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]), rows: 4, cols: 2 });
    if (!('proba' in p)) throw new Error('expected probabilities');
    const p1 = [1, 3, 5, 7].map((i) => p.proba[i]!);
    expect(p1[0]).toBeLessThan(0.05);
    expect(p1[1]).toBeGreaterThan(0.95);
    expect(p1[2]).toBeGreaterThan(0.95);
    expect(p1[3]).toBeLessThan(0.05);
  });

  it('learns where missing values go', () => {
    // x < 0 → 0, x > 0 → 5, missing → 10: a tree with 3 leaves places NaN on its own side.
    const n = 300;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Number.NaN : i % 3 === 1 ? -1 - i / n : 1 + i / n));
    const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 10 : i % 3 === 1 ? 0 : 5));
    const s = fit({ x, rows: n, cols: 1, task: 'regression', y, nClasses: 0 }, { max_iter: 1, learning_rate: 1, min_samples_leaf: 1, max_leaf_nodes: 3 });
    expect(flat(predict(s, { x: Float64Array.from([-1.5, 1.5, Number.NaN]), rows: 3, cols: 1 }))).toEqual(Float64Array.from([0, 5, 10]));
  });

  it('splits categories by set (non-ordinal), unseen categories going the missing way', () => {
    // Categories 1, 3, 4 → 1; 0, 2, 5 → 0: one categorical split, impossible with one threshold.
    const n = 600;
    const x = Float64Array.from({ length: n }, (_, i) => i % 6);
    const y = Float64Array.from({ length: n }, (_, i) => ([1, 3, 4].includes(i % 6) ? 1 : 0));
    const s = fit({ x, rows: n, cols: 1, categorical: [6], task: 'regression', y, nClasses: 0 }, { max_iter: 1, learning_rate: 1, max_leaf_nodes: 2 });
    const t = s.trees[0]!;
    expect(t.feature).toEqual([0, -1, -1]);
    const bits = t.catBits[t.threshold[0]!]!;
    const left = [0, 1, 2, 3, 4, 5].filter((c) => (bits >>> c) & 1);
    expect([[1, 3, 4], [0, 2, 5]]).toContainEqual(left);
    const v = flat(predict(s, { x: Float64Array.from([0, 1, 2, 3, 4, 5, 6, Number.NaN]), rows: 8, cols: 1, categorical: [6] }));
    expect(Array.from(v.subarray(0, 6))).toEqual([0, 1, 0, 1, 1, 0]);
    expect(v[6]).toBe(v[7]);
  });

  it('the same categorical split with min_samples_leaf 1 (histograms without counts)', () => {
    const n = 600;
    const x = Float64Array.from({ length: n }, (_, i) => i % 6);
    const y = Float64Array.from({ length: n }, (_, i) => ([1, 3, 4].includes(i % 6) ? 1 : 0));
    const d: TrainData = { x, rows: n, cols: 1, categorical: [6], task: 'binary', y, nClasses: 2 };
    const a = fit(d, { max_iter: 5, max_leaf_nodes: 2 });
    const b = fit(d, { max_iter: 5, max_leaf_nodes: 2, min_samples_leaf: 1 });
    expect(b.trees.map((t) => t.catBits)).toEqual(a.trees.map((t) => t.catBits));
    expect(b.trees.map((t) => t.value)).toEqual(a.trees.map((t) => t.value));
  });

  it('unit weights give the same trees as no weights', () => {
    const d = mixed(500, 'regression', 12);
    const a = fit(d, { max_iter: 5 });
    const b = fit({ ...d, weights: new Float64Array(d.rows).fill(1) }, { max_iter: 5 });
    expect(b.trees.map((t) => t.feature)).toEqual(a.trees.map((t) => t.feature));
    expect(b.trees.map((t) => t.threshold)).toEqual(a.trees.map((t) => t.threshold));
  });

  it('more categories than max_bins: split as ordered codes, non-codes go the missing way', () => {
    // 12 categories with max_bins 4: y = 1 for codes ≥ 6, learned as one ordered threshold.
    const n = 1200;
    const x = Float64Array.from({ length: n }, (_, i) => i % 12);
    const y = Float64Array.from({ length: n }, (_, i) => (i % 12 >= 6 ? 1 : 0));
    const s = fit({ x, rows: n, cols: 1, categorical: [12], task: 'regression', y, nClasses: 0 }, { max_iter: 1, learning_rate: 1, max_bins: 4, max_leaf_nodes: 2 });
    expect(s.ordinal).toEqual([1]);
    expect(s.trees[0]!.catBits).toEqual([]);
    expect(s.trees[0]!.threshold[0]).toBeCloseTo(5.5, 12);
    const v = flat(predict(s, { x: Float64Array.from([0, 5, 6, 11, 12, 5.5, Number.NaN]), rows: 7, cols: 1, categorical: [12] }));
    expect(Array.from(v.subarray(0, 4))).toEqual([0, 0, 1, 1]);
    expect(v[4]).toBe(v[6]);
    expect(v[5]).toBe(v[6]);
  });

  it('multiclass: one tree per class per round, softmax probabilities', () => {
    const n = 300;
    const x = Float64Array.from({ length: n }, (_, i) => i % 3);
    const y = Float64Array.from({ length: n }, (_, i) => i % 3);
    const s = fit({ x, rows: n, cols: 1, task: 'multiclass', y, nClasses: 3 }, { max_iter: 50 });
    expect(s.trees.length).toBe(150);
    const p = predict(s, { x: Float64Array.from([0, 1, 2]), rows: 3, cols: 1 });
    if (!('proba' in p)) throw new Error('expected probabilities');
    for (let c = 0; c < 3; c++) expect(p.proba[c * 3 + c]!).toBeGreaterThan(0.95);
  });
});

/**
 * Accuracy against BASELINES.md on the same folds (trainWithCV uses scikit-learn's folds):
 * within 1 point (AUC, accuracy) or 2 % RMSE of the better of scikit-learn's HistGradientBoosting
 * and XGBoost hist.
 *
 * With its defaults (scikit-learn's), gbdt.hist reproduces scikit-learn: concrete RMSE 4.5088 vs
 * 4.5087, telco AUC 0.8344 vs 0.8344 (bench/gbdt.ts --defaults runs both on the same folds).
 * - Binary sets are held to the better AUC. Accuracy at the 0.5 cut is held to scikit-learn's,
 *   the same configuration: on sonar (208 rows) XGBoost's 300 deeper rounds reach 0.8654, which
 *   gbdt.hist also reaches in that configuration (asserted), against 0.8413/0.8462 with the
 *   defaults (scikit-learn/gbdt.hist: one row apart).
 * - concrete: XGBoost's better RMSE comes from its configuration (300 rounds, depth 6, no
 *   minimum leaf size), checked in that configuration. Its 4.22 in BASELINES.md is max_bin=256;
 *   on the same folds XGBoost gives 4.34 / 4.29 / 4.32 / 4.31 / 4.22 / 4.27 with max_bin 64 /
 *   128 / 200 / 255 / 256 / 512, so it is compared at gbdt.hist's 255 bins (4.3081, measured with
 *   bench/xgb_time.py); 4.22 × 1.02 would reward one lucky bin count.
 */
describe('gbdt.hist accuracy on the shared datasets (5-fold CV)', () => {
  const models: BaselineModel[] = ['hist GBDT (sklearn)', 'XGBoost hist'];
  const best = (file: string, metric: string) => Math.max(...models.map((m) => baseline(file, metric, m)));
  const xgbLike: Partial<GbdtParams> = { max_iter: 300, max_depth: 6, max_leaf_nodes: 0, min_samples_leaf: 1, min_child_weight: 1, l2_regularization: 1 };
  const cv = async (file: string, params?: Partial<GbdtParams>) => {
    const { frame, spec, features } = await loadDataset(file);
    return trainWithCV(frame, { target: spec.target, features, model: 'gbdt', estimator: 'gbdt.hist', folds: 5, seed: 0, params: params ?? {} });
  };

  for (const file of ['telco_churn.csv', 'credit.csv', 'pima_diabetes.csv', 'sonar.csv']) {
    it(`${file}: AUC within 1 point of the better reference, accuracy of scikit-learn's`, async () => {
      const r = await cv(file);
      expect(r.task).toBe('binary');
      expect(r.metrics.auc!).toBeGreaterThanOrEqual(best(file, 'auc') - 0.01);
      expect(r.metrics.accuracy!).toBeGreaterThanOrEqual(baseline(file, 'acc', 'hist GBDT (sklearn)') - 0.01);
    });
  }

  it("sonar.csv in XGBoost's configuration: XGBoost's accuracy", async () => {
    const r = await cv('sonar.csv', xgbLike);
    expect(r.metrics.accuracy!).toBeGreaterThanOrEqual(baseline('sonar.csv', 'acc', 'XGBoost hist') - 0.01);
  });

  for (const file of ['penguins.csv', 'glass.csv']) {
    it(`${file}: accuracy within 1 point of the better reference`, async () => {
      const r = await cv(file);
      expect(r.task).toBe('multiclass');
      expect(r.metrics.accuracy!).toBeGreaterThanOrEqual(best(file, 'acc') - 0.01);
    });
  }

  it('concrete.csv: RMSE within 2 % of each reference in its own configuration', async () => {
    const defaults = await cv('concrete.csv');
    expect(defaults.metrics.rmse!).toBeLessThanOrEqual(baseline('concrete.csv', 'rmse', 'hist GBDT (sklearn)') * 1.02);
    const asXgb = await cv('concrete.csv', xgbLike);
    const xgboost255Bins = 4.3081;
    expect(asXgb.metrics.rmse!).toBeLessThanOrEqual(xgboost255Bins * 1.02);
  });
});

describe('gbdt.hist grower internals', () => {
  it('column-wise and row-wise histogram building grow identical trees, in every layout', async () => {
    const { fitBins, slotOffsets, slotArray, binRowsInto } = await import('./gbdt/binning');
    const { Grower } = await import('./gbdt/grower');
    const d = mixed(3000, 'binary', 21);
    const rows = Int32Array.from({ length: d.rows }, (_, i) => i);
    const mapper = fitBins(d.x, d.cols, rows, d.categorical, 255, 0);
    const fo = slotOffsets(mapper);
    const slots = slotArray(fo[d.cols]!, d.rows * d.cols);
    binRowsInto(slots, fo, d.x, d.cols, null, d.rows, mapper);
    const r = createRandom(3);
    const g = Float64Array.from({ length: d.rows }, () => r() - 0.5);
    const h = Float64Array.from({ length: d.rows }, () => 0.1 + r());
    for (const stats of ['ghc', 'gc', 'gh'] as const) {
      const grown = (columnWiseBytes: number, feats: Int32Array | null) => {
        const gr = new Grower(slots, fo, d.rows, d.cols, mapper, { maxLeaves: 31, maxDepth: 0, minSamplesLeaf: stats === 'gh' ? 1 : 5, minChildWeight: 1e-3, lambda: 0.5, stats, columnWiseBytes });
        gr.grow(g, h, rows, d.rows, feats);
        return { feature: Array.from(gr.feature.subarray(0, gr.nNodes)), value: Array.from(gr.value.subarray(0, gr.nNodes)), count: Array.from(gr.count.subarray(0, gr.nNodes)) };
      };
      const rowWise = grown(Infinity, null);
      expect(rowWise.feature.length).toBeGreaterThan(20);
      expect(grown(0, null)).toEqual(rowWise);
      const sub = Int32Array.from([0, 2, 3]);
      expect(grown(0, sub)).toEqual(grown(Infinity, sub));
    }
  });
});
