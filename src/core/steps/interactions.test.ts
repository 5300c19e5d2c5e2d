import { describe, expect, it } from 'vitest';
import { poly2Interactions, poly2Terms, productInteractions, ratioInteractions, safeRatio } from './interactions';
import type { NumWork, Work } from './types';

const ctx = { seed: 0 };
const nums = (cols: Record<string, number[]>): Work =>
  new Map(Object.entries(cols).map(([k, v]) => [k, { type: 'num', values: Float64Array.from(v) } as NumWork]));
const col = (w: Work, k: string): number[] => Array.from((w.get(k) as NumWork).values);

describe('interactions', () => {
  const w = nums({ a: [1, 2, NaN, -3], b: [4, 0, 1, -0], c: [2, 2, 2, NaN], z: [9, 9, 9, 9] });

  it('interact.product appends a*b for every pair, in order; missing gives missing', () => {
    const out = productInteractions.transform(w, ['a', 'b', 'c'], {}, productInteractions.fit(w, ['a', 'b', 'c'], {}, ctx));
    expect([...out.keys()]).toEqual(['a', 'b', 'c', 'z', 'a*b', 'a*c', 'b*c']);
    expect(col(out, 'a*b')).toEqual([4, 0, NaN, 0]);
    expect(col(out, 'a*c')).toEqual([2, 4, NaN, NaN]);
  });

  it('interact.ratio divides earlier by later columns, 0 when the divisor is 0, missing when an input is missing', () => {
    const out = ratioInteractions.transform(w, ['a', 'b'], {}, ratioInteractions.fit(w, ['a', 'b'], {}, ctx));
    expect([...out.keys()]).toEqual(['a', 'b', 'c', 'z', 'a/b']);
    expect(col(out, 'a/b')).toEqual([0.25, 0, NaN, 0]);
    expect(safeRatio(1, Number.NaN)).toBeNaN();
    expect(safeRatio(0, 0)).toBe(0);
  });

  it('interact.poly2 appends squares and products in scikit-learn order', () => {
    expect(poly2Terms(['a', 'b', 'c']).map((t) => t.name)).toEqual(['a^2', 'a*b', 'a*c', 'b^2', 'b*c', 'c^2']);
    const out = poly2Interactions.transform(w, ['a', 'c'], {}, poly2Interactions.fit(w, ['a', 'c'], {}, ctx));
    expect([...out.keys()]).toEqual(['a', 'b', 'c', 'z', 'a^2', 'a*c', 'c^2']);
    expect(col(out, 'a^2')).toEqual([1, 4, NaN, 9]);
    expect(col(out, 'c^2')).toEqual([4, 4, 4, NaN]);
  });

  it('refuses fewer than two columns, repeated columns and names that already exist', () => {
    expect(() => productInteractions.validate!({}, ['a'])).toThrow(/two/);
    expect(() => productInteractions.fit(w, ['a', 'a'], {}, ctx)).toThrow(/once/);
    expect(() => productInteractions.fit(nums({ a: [1], b: [2], 'a*b': [2] }), ['a', 'b'], {}, ctx)).toThrow(/a\*b already exists/);
  });
});
