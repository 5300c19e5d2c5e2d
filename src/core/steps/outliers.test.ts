import { describe, expect, it } from 'vitest';
import { clipOutliers, dropOutliers, outlierBounds } from './outliers';
import { fitSteps } from './pipeline';
import type { NumWork, Work } from './types';

const ctx = { seed: 0 };
const nums = (cols: Record<string, number[]>): Work =>
  new Map(Object.entries(cols).map(([k, v]) => [k, { type: 'num', values: Float64Array.from(v) } as NumWork]));
const col = (w: Work, k: string): number[] => Array.from((w.get(k) as NumWork).values);
const iqr = { method: 'iqr', qLow: 0.01, qHigh: 0.99, k: 1.5 } as const;

describe('outlier bounds', () => {
  it('quantile bounds use numpy-style quantiles', () => {
    const v = Float64Array.from({ length: 101 }, (_, i) => i);
    expect(outlierBounds(v, { method: 'quantile', qLow: 0.01, qHigh: 0.99, k: 0 })).toEqual([1, 99]);
  });

  it('IQR fences are Q1 - k·IQR and Q3 + k·IQR', () => {
    // [1, 2, 3, 4, 100]: Q1 = 2, Q3 = 4, IQR = 2 → [-1, 7].
    expect(outlierBounds(Float64Array.from([1, 2, 3, NaN, 4, 100]), iqr)).toEqual([-1, 7]);
    expect(outlierBounds(Float64Array.from([1, 2, 3, 4, 100]), { ...iqr, k: 3 })).toEqual([-4, 10]);
  });

  it('rejects inverted quantiles and a negative multiplier', () => {
    expect(() => clipOutliers.validate!({ method: 'quantile', qLow: 0.9, qHigh: 0.1, k: 1.5 }, ['a'])).toThrow(/quantiles/);
    expect(() => clipOutliers.validate!({ ...iqr, k: -1 }, ['a'])).toThrow(/multiplier/);
  });
});

describe('outliers.clip', () => {
  it('moves values beyond the bounds to the bounds; missing stays missing', () => {
    const w = nums({ a: [1, 2, 3, NaN, 4, 100, -50] });
    const s = clipOutliers.fit(nums({ a: [1, 2, 3, NaN, 4, 100] }), ['a'], iqr, ctx);
    expect(s).toEqual({ low: [-1], high: [7] });
    expect(col(clipOutliers.transform(w, ['a'], iqr, s), 'a')).toEqual([1, 2, 3, NaN, 4, 7, -1]);
  });

  it('an all-missing column gets finite (JSON-safe) bounds that clip nothing', () => {
    const s = clipOutliers.fit(nums({ a: [NaN, NaN] }), ['a'], iqr, ctx);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(col(clipOutliers.transform(nums({ a: [1e300, -1e300] }), ['a'], iqr, s), 'a')).toEqual([1e300, -1e300]);
  });
});

describe('outliers.drop', () => {
  it('marks rows beyond the bounds in any chosen column, never missing ones; transform is the identity', () => {
    const w = nums({ a: [1, 2, 3, NaN, 4, 100], b: [0, 0, 0, 0, 0, 0] });
    const wb = nums({ a: [1, 2, 3, 2, 4, 3], b: [5, 6, 5, 6, 500, 5] });
    const s = dropOutliers.fit(w, ['a'], iqr, ctx);
    expect(Array.from(dropOutliers.dropRows!(w, ['a'], iqr, s))).toEqual([0, 0, 0, 0, 0, 1]);
    expect(dropOutliers.transform(w, ['a'], iqr, s)).toBe(w);
    const s2 = dropOutliers.fit(wb, ['a', 'b'], iqr, ctx);
    expect(Array.from(dropOutliers.dropRows!(wb, ['a', 'b'], iqr, s2))).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('leaves the rows out of the rest of the training fit, with their targets', () => {
    const w = nums({ a: [1, 2, 3, NaN, 4, 100] });
    const y = Float64Array.from([10, 20, 30, 40, 50, 60]);
    const r = fitSteps(w, [{ kind: 'outliers.drop', columns: ['a'], params: {} }, { kind: 'scale.standard', columns: ['a'], params: {} }], 0, y, 'regression');
    expect(Array.from(r.kept!)).toEqual([0, 1, 2, 3, 4]);
    // The scaler after it was fitted without the 100: mean of 1, 2, 3, 4 = 2.5.
    expect((r.steps[1]!.state as { mean: number[] }).mean).toEqual([2.5]);
  });
});
