import { describe, expect, it } from 'vitest';
import { binIndex, customBins, customEdges, equalWidthBins, equalWidthEdges, quantileBins, quantileEdges } from './binning';
import type { NumWork, Work } from './types';

const ctx = { seed: 0 };
const nums = (cols: Record<string, number[]>): Work =>
  new Map(Object.entries(cols).map(([k, v]) => [k, { type: 'num', values: Float64Array.from(v) } as NumWork]));
const col = (w: Work, k: string): number[] => Array.from((w.get(k) as NumWork).values);

describe('bin index', () => {
  it('counts the edges at or below the value: an edge value goes up, out-of-range values to the ends, NaN stays', () => {
    const e = [1, 2];
    expect([0.5, 1, 1.5, 2, 10, -10].map((x) => binIndex(x, e))).toEqual([0, 1, 1, 2, 2, 0]);
    expect(binIndex(Number.NaN, e)).toBeNaN();
    expect(binIndex(5, [])).toBe(0);
  });
});

describe('edges', () => {
  it('equal width: k - 1 inner edges between min and max; none for a constant column', () => {
    expect(equalWidthEdges(Float64Array.from([0, 10, NaN, 5]), 4)).toEqual([2.5, 5, 7.5]);
    expect(equalWidthEdges(Float64Array.from([3, 3]), 4)).toEqual([]);
    expect(equalWidthEdges(Float64Array.from([NaN]), 4)).toEqual([]);
  });

  it('quantile: numpy-style quantiles, dropping edges equal to the minimum or repeated', () => {
    // 1..8: quantiles at .25, .5, .75 = 1 + 7q.
    expect(quantileEdges(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 4)).toEqual([2.75, 4.5, 6.25]);
    // Ties: quantiles 0, 0, 0.25 → only 0.25 is kept.
    expect(quantileEdges(Float64Array.from([0, 0, 0, 0, 0, 0, 1, 2]), 4)).toEqual([0.25]);
    // A 0/1 column: no split when the median is 0 (the minimum), a split at 1 when the median is 1.
    expect(quantileEdges(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]), 2)).toEqual([]);
    expect(quantileEdges(Float64Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]), 2)).toEqual([1]);
  });

  it('custom: sorted, without repeats', () => {
    expect(customEdges([10, 5, 10, -1])).toEqual([-1, 5, 10]);
  });
});

describe('binning steps', () => {
  it('index output replaces the column in place with the bin number', () => {
    const w = nums({ a: [0, 10, NaN, 5, 2.5], z: [1, 1, 1, 1, 1] });
    const p = { bins: 4, output: 'index' } as const;
    const s = equalWidthBins.fit(w, ['a'], p, ctx);
    const out = equalWidthBins.transform(w, ['a'], p, s);
    expect([...out.keys()]).toEqual(['a', 'z']);
    expect(col(out, 'a')).toEqual([0, 3, NaN, 2, 1]);
  });

  it('one-hot output moves the column to the end as one 0/1 column per bin (all 0 for missing)', () => {
    const w = nums({ a: [1, 2, 3, 4, NaN, 8], z: [0, 0, 0, 0, 0, 0] });
    const p = { bins: 2, output: 'onehot' } as const;
    const s = quantileBins.fit(w, ['a'], p, ctx);
    expect(s.edges).toEqual([[3]]);
    const out = quantileBins.transform(w, ['a'], p, s);
    expect([...out.keys()]).toEqual(['z', 'a_bin0', 'a_bin1']);
    expect(col(out, 'a_bin0')).toEqual([1, 1, 0, 0, 0, 0]);
    expect(col(out, 'a_bin1')).toEqual([0, 0, 1, 1, 0, 1]);
  });

  it('custom bins use the given cut points, learn nothing, and refuse bad ones', () => {
    const w = nums({ age: [17, 18, 40, 65, 90, NaN] });
    const p = { edges: [65, 18], output: 'index' } as const;
    const s = customBins.fit(w, ['age'], { ...p, edges: [...p.edges] }, ctx);
    expect(s.edges).toEqual([[18, 65]]);
    expect(col(customBins.transform(w, ['age'], { ...p, edges: [...p.edges] }, s), 'age')).toEqual([0, 1, 1, 2, 2, NaN]);
    expect(() => customBins.validate!({ edges: [], output: 'index' }, ['age'])).toThrow(/at least one/);
    expect(() => customBins.validate!({ edges: [1, Number.NaN], output: 'index' }, ['age'])).toThrow(/not a number/);
  });

  it('checks the bin count and refuses one-hot names that already exist', () => {
    expect(() => equalWidthBins.validate!({ bins: 1, output: 'index' }, ['a'])).toThrow(/2 to 100/);
    expect(() => equalWidthBins.validate!({ bins: 3, output: 'sideways' as 'index' }, ['a'])).toThrow(/Output/);
    const w = nums({ a: [0, 1, 2], a_bin1: [0, 0, 0] });
    expect(() => equalWidthBins.fit(w, ['a'], { bins: 2, output: 'onehot' }, ctx)).toThrow(/a_bin1 already exists/);
  });
});
