import { describe, expect, it } from 'vitest';
import { kFold } from '../evaluate/split';
import { frequencyEncode, ordinalCustom, targetEncode } from './encoding';
import type { Work } from './types';
import { schemaOf } from './util';

const codes = (xs: number[], levels: string[]): Work => new Map([['c', { type: 'code', codes: Int32Array.from(xs), levels }]]);
const values = (w: Work, k = 'c') => Array.from((w.get(k) as { values: Float64Array }).values);

describe('categories in a set order', () => {
  it('gives each category its position in the order; unlisted, missing and unseen become NaN', () => {
    const w = codes([1, 2, 0, 3, -1, -2], ['high', 'low', 'mid', 'other']);
    const params = { order: ['low', 'mid', 'high'] };
    const state = ordinalCustom.fit(w, ['c'], params, { seed: 0 });
    expect(state.unlisted).toEqual([['other']]);
    const out = ordinalCustom.transform(w, ['c'], params, state);
    expect(values(out)).toEqual([0, 1, 2, NaN, NaN, NaN]);
    expect([...schemaOf(out)]).toEqual([...ordinalCustom.schema(schemaOf(w), ['c'], params, state)]);
  });

  it('applies one order to several columns', () => {
    const w: Work = new Map([
      ['q1', { type: 'code', codes: Int32Array.from([0, 1]), levels: ['agree', 'disagree'] }],
      ['q2', { type: 'code', codes: Int32Array.from([0, 1]), levels: ['disagree', 'neutral'] }],
    ]);
    const params = { order: ['disagree', 'neutral', 'agree'] };
    const out = ordinalCustom.transform(w, ['q1', 'q2'], params, ordinalCustom.fit(w, ['q1', 'q2'], params, { seed: 0 }));
    expect(values(out, 'q1')).toEqual([2, 0]);
    expect(values(out, 'q2')).toEqual([0, 1]);
  });

  it('rejects an empty order or a category listed twice', () => {
    expect(() => ordinalCustom.validate!({ order: [] }, ['c'])).toThrow(/lowest to highest/);
    expect(() => ordinalCustom.validate!({ order: ['a', 'b', 'a'] }, ['c'])).toThrow(/a twice/);
  });
});

describe('category frequency', () => {
  it('is the share of training rows; missing gets the share of missing rows, unseen 0', () => {
    // 4 training rows: a 2, b 1, c 0, missing 1.
    const train = codes([0, 0, 1, -1], ['a', 'b', 'c']);
    const state = frequencyEncode.fit(train, ['c'], {}, { seed: 0 });
    const out = frequencyEncode.transform(codes([0, 1, 2, -1, -2], ['a', 'b', 'c']), ['c'], {}, state);
    expect(values(out)).toEqual([0.5, 0.25, 0, 0.25, 0]);
  });
});

describe('target encoding', () => {
  // a: targets 1, 1, 1; b: 0, 0, 0 → prior 0.5.
  const w = codes([0, 0, 0, 1, 1, 1], ['a', 'b']);
  const y = Float64Array.from([1, 1, 1, 0, 0, 0]);

  it('learns smoothed means (m-estimate) toward the prior; missing and unseen get the prior', () => {
    const raw = targetEncode.fit(w, ['c'], { smoothing: 0, folds: 5 }, { seed: 0, target: y, task: 'binary' });
    expect(raw.tables[0]).toEqual([0.5, 0.5, 1, 0]);
    const s = targetEncode.fit(w, ['c'], { smoothing: 2, folds: 5 }, { seed: 0, target: y, task: 'binary' });
    // a: (3 + 2·0.5) / (3 + 2) = 0.8; b: (0 + 1) / 5 = 0.2.
    expect(s.prior).toBe(0.5);
    expect(values(targetEncode.transform(codes([0, 1, -1, -2], ['a', 'b']), ['c'], { smoothing: 2, folds: 5 }, s))).toEqual([0.8, 0.2, 0.5, 0.5]);
  });

  it('uses the mean for number targets', () => {
    const s = targetEncode.fit(w, ['c'], { smoothing: 1, folds: 2 }, { seed: 0, target: Float64Array.from([1, 2, 3, 10, 20, 30]), task: 'regression' });
    // prior 11; a: (6 + 11) / 4; b: (60 + 11) / 4.
    expect(s.tables[0]).toEqual([11, 11, 17 / 4, 71 / 4]);
  });

  it('refuses more than two classes, in plain words', () => {
    expect(() => targetEncode.fit(w, ['c'], { smoothing: 1, folds: 5 }, { seed: 0, target: Float64Array.from([0, 1, 2, 0, 1, 2]), task: 'multiclass' })).toThrow(/two-class and number targets/);
  });

  describe('training rows get out-of-fold values', () => {
    const n = 40;
    const cw = codes(Array.from({ length: n }, (_, i) => (i % 7 === 6 ? -1 : i % 3)), ['a', 'b', 'c']);
    const ty = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 11) / 10);
    const params = { smoothing: 1.5, folds: 4 };
    const ctx = { seed: 3, target: ty, task: 'regression' as const };
    const encode = (target: Float64Array) => {
      const c = { ...ctx, target };
      return values(targetEncode.trainTransform!(cw, ['c'], params, targetEncode.fit(cw, ['c'], params, c), c));
    };

    it('equal to the m-estimate fitted on the other folds (checked by hand)', () => {
      const got = encode(ty);
      const fold = kFold(n, 4, 3);
      const code = (cw.get('c') as { codes: Int32Array }).codes;
      for (let i = 0; i < n; i++) {
        const others = [...Array(n).keys()].filter((r) => fold[r] !== fold[i]);
        const prior = others.reduce((a, r) => a + ty[r]!, 0) / others.length;
        const same = others.filter((r) => code[r] === code[i]!);
        const want = code[i]! < 0 ? prior : (same.reduce((a, r) => a + ty[r]!, 0) + 1.5 * prior) / (same.length + 1.5);
        expect(got[i]).toBeCloseTo(want, 12);
      }
    });

    it('so a row\'s own target never changes its own value', () => {
      const base = encode(ty);
      for (const i of [0, 5, 13, 39]) {
        const changed = Float64Array.from(ty);
        changed[i] = 100;
        expect(encode(changed)[i]).toBe(base[i]);
      }
    });

    it('while scoring rows use the means of all training rows', () => {
      const s = targetEncode.fit(cw, ['c'], params, ctx);
      const test = values(targetEncode.transform(cw, ['c'], params, s));
      const code = (cw.get('c') as { codes: Int32Array }).codes;
      test.forEach((v, i) => expect(v).toBe(s.tables[0]![code[i]! + 2]));
      expect(test).not.toEqual(encode(ty));
    });
  });
});
