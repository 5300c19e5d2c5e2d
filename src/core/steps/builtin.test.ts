import { describe, expect, it } from 'vitest';
import { oneHot, standardScale } from './builtin';
import type { Work } from './types';

const codes = (xs: number[], levels: string[]): Work => new Map([['c', { type: 'code', codes: Int32Array.from(xs), levels }]]);

describe('one-hot encoding', () => {
  it('gives one 0/1 column per level, zeros for missing (-1) and unseen (-2)', () => {
    const w = codes([0, 1, 2, -1, -2], ['a', 'b', 'c']);
    const state = oneHot.fit(w, ['c'], { maxLevels: 100 }, { seed: 0 });
    const out = oneHot.transform(w, ['c'], { maxLevels: 100 }, state);
    expect([...out.keys()]).toEqual(['c=a', 'c=b', 'c=c']);
    const col = (k: string) => Array.from((out.get(k) as { values: Float64Array }).values);
    expect(col('c=a')).toEqual([1, 0, 0, 0, 0]);
    expect(col('c=c')).toEqual([0, 0, 1, 0, 0]);
  });

  it('keeps only the most frequent levels beyond maxLevels; rare ones become all zeros', () => {
    const w = codes([2, 2, 2, 0, 0, 1, 3], ['a', 'b', 'c', 'd']);
    const state = oneHot.fit(w, ['c'], { maxLevels: 2 }, { seed: 0 });
    expect(state.levels).toEqual([['a', 'c']]);
    const out = oneHot.transform(w, ['c'], { maxLevels: 2 }, state);
    expect([...out.keys()]).toEqual(['c=a', 'c=c']);
    expect(Array.from((out.get('c=a') as { values: Float64Array }).values)).toEqual([0, 0, 0, 1, 1, 0, 0]);
  });

  it('does not mutate its input', () => {
    const w = codes([0, 1], ['a', 'b']);
    const before = Array.from((w.get('c') as { codes: Int32Array }).codes);
    oneHot.transform(w, ['c'], { maxLevels: 100 }, oneHot.fit(w, ['c'], { maxLevels: 100 }, { seed: 0 }));
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
