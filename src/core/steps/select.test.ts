import { describe, expect, it } from 'vitest';
import { selectCases } from './cases/select';
import { prepareCase } from './contract-kit';
import { mutualInformation, pearson, quantileBins, selectCorrelation, selectModel, selectMutualInfo, selectVariance, type SelectState } from './select';
import type { Work } from './types';
import { schemaOf } from './util';
import { createRandom } from '../util/random';

const nums = (cols: Record<string, number[]>): Work => new Map(Object.entries(cols).map(([k, v]) => [k, { type: 'num', values: Float64Array.from(v) }]));

describe('near-constant columns', () => {
  const w = nums({ k: [1, 1, 1, NaN], h: [0, 1, 0, 1], v: [0, 2, 0, 2], other: [5, 6, 7, 8] });
  it('removes columns whose variance is not above the threshold, keeping the rest (and other columns) in place', () => {
    const s = selectVariance.fit(w, ['k', 'h', 'v'], { threshold: 0.25 }, { seed: 0 });
    // variances: k 0 (one value, missing ignored), h 0.25, v 1.
    expect(s.scores).toEqual([0, 0.25, 1]);
    expect(s.kept).toEqual(['v']);
    expect(s.removed).toEqual(['k', 'h']);
    expect(s.at).toEqual([0, 1]);
    const out = selectVariance.transform(w, ['k', 'h', 'v'], { threshold: 0.25 }, s);
    expect([...out.keys()]).toEqual(['v', 'other']);
    expect([...selectVariance.schema(schemaOf(w), ['k', 'h', 'v'], { threshold: 0.25 }, s)]).toEqual([...schemaOf(out)]);
  });
  it('treats a constant column as variance 0 even when its mean is not exact', () => {
    expect(selectVariance.fit(nums({ c: [0.1, 0.1, 0.1], d: [1, 2, 3] }), ['c'], { threshold: 0 }, { seed: 0 }).scores).toEqual([0]);
  });
  it('refuses to remove every feature', () => {
    expect(() => selectVariance.fit(nums({ k: [1, 1] }), ['k'], { threshold: 0 }, { seed: 0 })).toThrow(/every feature/);
  });
});

describe('highly correlated columns', () => {
  const a = [1, 2, 3, 4];
  const w = nums({ a, b: a.map((x) => 2 * x + 1), c: [1, -1, 1, -1] });
  it('Pearson correlation by hand', () => {
    expect(pearson(Float64Array.from(a), Float64Array.from([1, -1, 1, -1]))).toBeCloseTo(-2 / Math.sqrt(20), 15);
    // Only rows where both are present count.
    expect(pearson(Float64Array.from([1, 2, NaN, 3]), Float64Array.from([2, 4, 0, 6]))).toBeCloseTo(1, 15);
    expect(pearson(Float64Array.from([1, 1, 1]), Float64Array.from([1, 2, 3]))).toBeNaN();
  });
  it('removes the later column of each near-duplicate pair', () => {
    expect(selectCorrelation.fit(w, ['a', 'b', 'c'], { threshold: 0.9 }, { seed: 0 }).removed).toEqual(['b']);
    expect(selectCorrelation.fit(w, ['b', 'a', 'c'], { threshold: 0.9 }, { seed: 0 }).removed).toEqual(['a']);
    // |r(a, c)| = 0.447 > 0.4: c goes too.
    expect(selectCorrelation.fit(w, ['a', 'b', 'c'], { threshold: 0.4 }, { seed: 0 }).removed).toEqual(['b', 'c']);
  });
});

describe('mutual information', () => {
  it('bins by quantiles (a value on an edge goes below it), few distinct values as they are, missing apart', () => {
    const q = quantileBins(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN]), 2);
    // one edge at the median 5.5; bins 0, 1 and 2 for missing.
    expect(q.count).toBe(3);
    expect(Array.from(q.codes)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2]);
    const d = quantileBins(Float64Array.from([0, 1, 0, 1, 1]), 10);
    expect(Array.from(d.codes)).toEqual([0, 1, 0, 1, 1]);
  });
  it('is ln 2 for a copy of a balanced two-class target and 0 for an independent column', () => {
    const y = Int32Array.from([0, 0, 1, 1]);
    expect(mutualInformation(Int32Array.from([0, 0, 1, 1]), 2, y, 2)).toBeCloseTo(Math.LN2, 15);
    expect(mutualInformation(Int32Array.from([0, 1, 0, 1]), 2, y, 2)).toBe(0);
  });
  it('keeps the k most informative columns (ties: the earlier)', () => {
    const w = nums({ noise: [0, 1, 0, 1], copy: [5, 5, 7, 7], noise2: [3, 4, 3, 4] });
    const s = selectMutualInfo.fit(w, ['noise', 'copy', 'noise2'], { k: 2, bins: 10 }, { seed: 0, target: Float64Array.from([0, 0, 1, 1]), task: 'binary' });
    expect(s.kept).toEqual(['noise', 'copy']);
    expect(s.scores[1]).toBeCloseTo(Math.LN2, 15);
  });
  it('bins a number target', () => {
    const w = nums({ x: [1, 2, 3, 4, 5, 6, 7, 8], z: [1, 2, 1, 2, 1, 2, 1, 2] });
    const s = selectMutualInfo.fit(w, ['x', 'z'], { k: 1, bins: 2 }, { seed: 0, target: Float64Array.from([10, 20, 30, 40, 50, 60, 70, 80]), task: 'regression' });
    expect(s.kept).toEqual(['x']);
    expect(s.scores[0]).toBeCloseTo(Math.LN2, 15);
  });
});

describe('model-based selection', () => {
  function data(n: number, p: number, seed: number) {
    const r = createRandom(seed);
    const cols: Record<string, number[]> = {};
    for (let j = 0; j < p; j++) cols[`f${j}`] = Array.from({ length: n }, () => r());
    // Only f3 and f7 matter.
    const y = Float64Array.from({ length: n }, (_, i) => (cols.f3![i]! + 0.5 * cols.f7![i]! > 0.75 ? 1 : 0));
    return { w: nums(cols), y, names: Object.keys(cols) };
  }
  it('keeps the columns the forest uses, deterministically', () => {
    const { w, y, names } = data(600, 8, 1);
    const params = { k: 2, model: 'forest' as const, trees: 20, maxDepth: 6 };
    const s = selectModel.fit(w, names, params, { seed: 4, target: y, task: 'binary' });
    expect(s.kept).toEqual(['f3', 'f7']);
    expect(selectModel.fit(w, names, params, { seed: 4, target: y, task: 'binary' })).toEqual(s);
  });
  it('with one tree on a number target', () => {
    const { w, y, names } = data(600, 8, 2);
    const target = Float64Array.from(y, (v, i) => v * 3 + (w.get('f7') as { values: Float64Array }).values[i]!);
    const s = selectModel.fit(w, names, { k: 2, model: 'tree', trees: 1, maxDepth: 6 }, { seed: 0, target, task: 'regression' });
    expect(s.kept).toEqual(['f3', 'f7']);
  });
  it('is fast enough on 10,000 rows and 30 columns with the defaults', () => {
    const { w, y, names } = data(10_000, 30, 3);
    const t0 = performance.now();
    selectModel.fit(w, names, { ...selectModel.defaults }, { seed: 0, target: y, task: 'binary' });
    const ms = performance.now() - t0;
    console.log(`select.model defaults, 10,000 × 30: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(20_000);
  });
});

describe('selection after one-hot encoding (the contract cases)', () => {
  const state = (title: string) => prepareCase(selectCases.find((c) => c.title === title)!).step.state as SelectState;
  it('can remove columns from the middle of a one-hot entry', () => {
    // cat=alpha, beta, delta, epsilon, gamma: epsilon (the rarest) sits before gamma.
    expect(state('select.variance after encode.onehot').removed).toEqual(['cat=epsilon']);
  });
  it('can remove a whole one-hot entry', () => {
    expect(state('select.variance after encode.onehot (the whole entry goes)').kept).toEqual(['x']);
  });
  it('keeps and removes columns of two one-hot entries at once', () => {
    const s = state('select.model (forest, two classes, after two one-hot entries)');
    const touched = (prefix: string) => s.removed.some((c) => c.startsWith(prefix)) && s.kept.some((c) => c.startsWith(prefix));
    expect(s.kept.length).toBe(4);
    expect(touched('cat=') || touched('cat2=')).toBe(true);
  });
});
