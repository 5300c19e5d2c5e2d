import { describe, expect, it } from 'vitest';
import { oneHot, standardScale, type OneHotParams, type OneHotState } from './builtin';
import type { Work } from './types';
import { schemaOf } from './util';

const codes = (xs: number[], levels: string[]): Work => new Map([['c', { type: 'code', codes: Int32Array.from(xs), levels }]]);
const DEFAULTS: OneHotParams = { maxLevels: 100, minFrequency: 0, missing: 'zeros' };
const col = (out: Work, k: string) => Array.from((out.get(k) as { values: Float64Array }).values);

function encode(w: Work, params: Partial<OneHotParams>): { state: OneHotState; out: Work } {
  const p = { ...DEFAULTS, ...params };
  const state = oneHot.fit(w, ['c'], p, { seed: 0 });
  const out = oneHot.transform(w, ['c'], p, state);
  expect([...oneHot.schema(schemaOf(w), ['c'], p, state)]).toEqual([...schemaOf(out)]);
  return { state, out };
}

describe('one-hot encoding', () => {
  it('gives one 0/1 column per level, zeros for missing (-1) and unseen (-2) when no category is rare', () => {
    const { state, out } = encode(codes([0, 1, 2, -1, -2], ['a', 'b', 'c']), {});
    expect(state.other).toEqual([null]);
    expect([...out.keys()]).toEqual(['c=a', 'c=b', 'c=c']);
    expect(col(out, 'c=a')).toEqual([1, 0, 0, 0, 0]);
    expect(col(out, 'c=c')).toEqual([0, 0, 1, 0, 0]);
  });

  it('merges the categories beyond maxLevels into one "other" column, which also takes unseen ones', () => {
    // counts: a 2, b 1, c 3, d 1 → c and a kept; b and d rare.
    const { state, out } = encode(codes([2, 2, 2, 0, 0, 1, 3, -1, -2], ['a', 'b', 'c', 'd']), { maxLevels: 2 });
    expect(state.levels).toEqual([['a', 'c']]);
    expect([...out.keys()]).toEqual(['c=a', 'c=c', 'c=other']);
    expect(col(out, 'c=a')).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(col(out, 'c=c')).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(col(out, 'c=other')).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 1]);
  });

  it('minFrequency is a count from 1 up and a share of the training rows below 1', () => {
    // 10 rows: a 5, b 3, c 1, missing 1.
    const w = codes([0, 0, 0, 0, 0, 1, 1, 1, 2, -1], ['a', 'b', 'c']);
    expect(encode(w, { minFrequency: 3 }).state.levels).toEqual([['a', 'b']]);
    expect(encode(w, { minFrequency: 4 }).state.levels).toEqual([['a']]);
    // 0.3 of 10 rows = 3 rows: b (3) stays; 0.31 → 3.1 rows: b goes.
    expect(encode(w, { minFrequency: 0.3 }).state.levels).toEqual([['a', 'b']]);
    const { out } = encode(w, { minFrequency: 0.31 });
    expect([...out.keys()]).toEqual(['c=a', 'c=other']);
    expect(col(out, 'c=other')).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 0]);
  });

  it('missing values: their own column, or counted as "other" (made even without rare categories)', () => {
    const w = codes([0, 1, -1, -2], ['a', 'b']);
    const own = encode(w, { missing: 'column' }).out;
    expect([...own.keys()]).toEqual(['c=a', 'c=b', 'c=missing']);
    expect(col(own, 'c=missing')).toEqual([0, 0, 1, 0]);
    const other = encode(w, { missing: 'other' }).out;
    expect([...other.keys()]).toEqual(['c=a', 'c=b', 'c=other']);
    expect(col(other, 'c=other')).toEqual([0, 0, 1, 1]);
    const both = encode(codes([0, 0, 1, -1, -2], ['a', 'b']), { maxLevels: 1, missing: 'column' }).out;
    expect([...both.keys()]).toEqual(['c=a', 'c=other', 'c=missing']);
    expect(col(both, 'c=other')).toEqual([0, 0, 1, 0, 1]);
    expect(col(both, 'c=missing')).toEqual([0, 0, 0, 1, 0]);
  });

  it('names the extra columns apart from categories called "other" or "missing"', () => {
    const { out } = encode(codes([0, 0, 1, 1, 2, -1], ['missing', 'other', 'z']), { maxLevels: 2, missing: 'column' });
    expect([...out.keys()]).toEqual(['c=missing', 'c=other', 'c=(other)', 'c=(missing)']);
    expect(col(out, 'c=(other)')).toEqual([0, 0, 0, 0, 1, 0]);
    expect(col(out, 'c=(missing)')).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('when every category is rare, only "other" is left', () => {
    const { out } = encode(codes([0, 1, 2, -1], ['a', 'b', 'c']), { minFrequency: 2 });
    expect([...out.keys()]).toEqual(['c=other']);
    expect(col(out, 'c=other')).toEqual([1, 1, 1, 0]);
  });

  it('still reads version-2 states: rare, missing and unseen categories give all zeros, no "other" column', () => {
    const w = codes([2, 2, 2, 0, 0, 1, 3, -1, -2], ['a', 'b', 'c', 'd']);
    const v2: OneHotState = { keep: [[0, 2]], levels: [['a', 'c']] };
    const v2Params = { maxLevels: 2 } as unknown as OneHotParams;
    const out = oneHot.transform(w, ['c'], v2Params, v2);
    expect([...out.keys()]).toEqual(['c=a', 'c=c']);
    expect([...oneHot.schema(schemaOf(w), ['c'], v2Params, v2)]).toEqual([...schemaOf(out)]);
    expect(col(out, 'c=a')).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(col(out, 'c=c')).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('rejects bad params in plain words', () => {
    expect(() => oneHot.validate!({ ...DEFAULTS, maxLevels: 0 }, ['c'])).toThrow(/at least 1/);
    expect(() => oneHot.validate!({ ...DEFAULTS, minFrequency: -1 }, ['c'])).toThrow(/≥ 0/);
    expect(() => oneHot.validate!({ ...DEFAULTS, missing: 'drop' as 'zeros' }, ['c'])).toThrow(/zeros, other or column/);
  });

  it('does not mutate its input', () => {
    const w = codes([0, 1], ['a', 'b']);
    const before = Array.from((w.get('c') as { codes: Int32Array }).codes);
    oneHot.transform(w, ['c'], DEFAULTS, oneHot.fit(w, ['c'], DEFAULTS, { seed: 0 }));
    expect(Array.from((w.get('c') as { codes: Int32Array }).codes)).toEqual(before);
  });
});

describe('standard scaling', () => {
  it('uses the population standard deviation, ignoring missing values', () => {
    const w: Work = new Map([['x', { type: 'num', values: Float64Array.from([1, 2, 3, NaN]) }]]);
    const s = standardScale.fit(w, ['x'], {}, { seed: 0 });
    expect(s.mean[0]).toBe(2);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 15);
  });
});
