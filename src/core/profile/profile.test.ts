import { describe, expect, it } from 'vitest';
import { ColumnBuilder } from '../frame/builder';
import { Frame, type Column } from '../frame/frame';
import { profileColumn, profileFrame, targetAssociation } from './profile';
import { summarizeColumn } from './summary';

const num = (name: string, xs: number[], kind: 'number' | 'integer' = 'number'): Column => ({ name, kind, values: Float64Array.from(xs) });
function coded(name: string, xs: (string | null)[], kind: 'category' | 'text' | 'identifier' | 'boolean' = 'category'): Column {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(xs, (x) => {
    if (x === null) return -1;
    if (!index.has(x)) { index.set(x, dictionary.length); dictionary.push(x); }
    return index.get(x)!;
  });
  return { name, kind, codes, dictionary };
}
const codes = (p: { warnings: { code: string }[] }) => p.warnings.map((w) => w.code);

describe('column profiles', () => {
  it('describes a number column and stays a valid summary', () => {
    const c = num('x', [4, NaN, 1, 100, 3, 2, 0]);
    const p = profileColumn(c, { bins: 4 });
    expect(p).toMatchObject({ name: 'x', kind: 'number', count: 7, present: 6, missing: 1, distinct: 6, min: 0, max: 100 });
    expect(p.missingFraction).toBeCloseTo(1 / 7, 12);
    expect(p.numeric!.mean).toBeCloseTo(110 / 6, 12);
    expect(p.numeric!.median).toBe(2.5);
    expect(p.numeric!.zeros).toBe(1);
    expect(p.numeric!.quantiles.find((q) => q.p === 0.25)!.value).toBe(1.25); // h = 5 · 0.25 = 1.25 → 1 + 0.25 · (2 − 1)
    expect(p.numeric!.histogram.counts).toEqual([5, 0, 0, 1]);
    expect(p.numeric!.outliers.iqr.high).toBe(1);
    const s = summarizeColumn(c);
    expect({ name: p.name, kind: p.kind, missing: p.missing, distinct: p.distinct, min: p.min, max: p.max, mean: p.mean }).toEqual({ name: s.name, kind: s.kind, missing: s.missing, distinct: s.distinct, min: s.min, max: s.max, mean: s.mean });
  });
  it('describes categories, booleans and dates', () => {
    const p = profileColumn(coded('c', ['a', 'b', 'a', null, 'c', 'a']), { topN: 2 });
    expect(p.top).toEqual([{ value: 'a', count: 3 }, { value: 'b', count: 1 }]);
    expect(p.categories!.otherCount).toBe(1);
    // shares 3/5, 1/5, 1/5: H = −(0.6 log2 0.6 + 2 · 0.2 log2 0.2)
    expect(p.categories!.entropy).toBeCloseTo(-(0.6 * Math.log2(0.6) + 0.4 * Math.log2(0.2)), 12);
    const d = profileColumn({ name: 'd', kind: 'date', values: Float64Array.of(Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 11), NaN), timezone: 'UTC' });
    expect(d.date).toMatchObject({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2020, 0, 11), spanDays: 10, hasTime: false, timezone: 'UTC' });
  });
  it('describes free text by length and frequent words', () => {
    const p = profileColumn(coded('t', ['The tea was great', 'great tea, cold', 'Cold and late', null], 'text'), { topN: 3 });
    expect(p.text!.length).toEqual({ min: 13, max: 17, mean: (17 + 15 + 13) / 3, median: 15 });
    expect(p.text!.topTokens).toEqual([{ token: 'cold', count: 2 }, { token: 'great', count: 2 }, { token: 'tea', count: 2 }]);
    expect(p.text!.meanWords).toBeCloseTo(10 / 3, 12);
  });
  it('warns with codes and data', () => {
    expect(codes(profileColumn(num('k', [5, 5, 5])))).toEqual(['constant']);
    expect(profileColumn(num('k', [5, 5, 5])).warnings[0]!.data).toEqual({ value: 5 });
    expect(codes(profileColumn(num('e', [NaN, NaN])))).toEqual(['all-missing']);
    expect(codes(profileColumn(num('m', [1, NaN, NaN, 2])))).toContain('mostly-missing');
    expect(codes(profileColumn(num('m', [1, NaN, 3, 2, 5, 6, 7, 8, 9, 10])))).toContain('missing');
    const ids = profileColumn(num('n', Array.from({ length: 60 }, (_, i) => i * 3 + 7), 'integer'));
    expect(codes(ids)).toContain('identifier-like');
    const skew = profileColumn(num('s', Array.from({ length: 200 }, (_, i) => Math.exp(i / 20))));
    expect(codes(skew)).toContain('skewed');
    expect(skew.warnings.find((w) => w.code === 'skewed')!.data.skewness).toBeGreaterThan(2);
    const ages = Array.from({ length: 300 }, (_, i) => 20 + (i % 40));
    for (let i = 0; i < 6; i++) ages[i * 50] = 999;
    const a = profileColumn(num('age', ages, 'integer'));
    expect(a.warnings.find((w) => w.code === 'disguised-missing')!.data).toEqual({ value: 999, count: 6 });
    expect(codes(a)).toContain('outliers');
    const zeros = profileColumn(num('z', [0, 0, 0, 0, 1, 2, 3]));
    expect(codes(zeros)).toContain('many-zeros');
    expect(codes(profileColumn(coded('c', Array.from({ length: 100 }, (_, i) => (i < 97 ? 'x' : `y${i}`)))))).toContain('dominant-value');
    expect(codes(profileColumn(coded('c', Array.from({ length: 120 }, (_, i) => `v${i % 60}`))))).toContain('high-cardinality');
  });
  it('flags columns that predict the target suspiciously well', () => {
    const n = 400;
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const y = Array.from({ length: n }, (_, i) => (i % 2 ? 'yes' : 'no'));
    const leak = y.map((v) => (v === 'yes' ? 1 + rnd() : rnd())); // separates the classes perfectly
    const noise = y.map(() => rnd());
    const copy = y.map((v) => (v === 'yes' ? 'Y' : 'N'));
    const f = new Frame([coded('target', y), num('leak', leak), num('noise', noise), coded('copy', copy), num('amount', leak.map((v) => v * 100))]);
    const p = profileFrame(f, { target: 'target' });
    const w = (name: string) => p.columns.find((c) => c.name === name)!.warnings.find((x) => x.code === 'target-leak');
    expect(w('leak')!.data).toMatchObject({ measure: 'gini', value: 1, level: 'high' });
    expect(w('copy')!.data).toMatchObject({ measure: 'cramers-v', level: 'high' });
    expect(w('noise')).toBeUndefined();
    expect(w('target')).toBeUndefined();
    expect(p.target).toBe('target');
    const reg = targetAssociation(num('x', [1, 2, 3, 4, 5]), num('y', [2, 4, 6, 8, 11]));
    expect(reg).toEqual({ measure: 'spearman', value: 1 });
  });
  it('adds correlations and the missing-values map to a frame profile', () => {
    const b = (name: string, cells: string[]) => { const x = new ColumnBuilder(name); cells.forEach((c) => x.push(c)); return x.build(); };
    const f = new Frame([
      b('a', ['1', '2', '3', '4', '5', '']),
      b('b', ['2', '4', '6', '8', '10', '12']),
      b('g', ['x', 'x', 'y', 'y', 'z', 'z']),
      coded('id', Array.from({ length: 6 }, (_, i) => `id-${i}`), 'identifier'),
    ]);
    const steps: string[] = [];
    const p = profileFrame(f, { correlations: true, missingBins: 3, onProgress: (done, total, what) => steps.push(`${done}/${total} ${what}`) });
    // Progress after every column, then before the correlations and the missing-values map.
    expect(steps).toEqual(['1/6 Profiled a', '2/6 Profiled b', '3/6 Profiled g', '4/6 Profiled id', '4/6 Correlations between columns', '5/6 Missing-values map']);
    const c = p.correlations!;
    expect(c.pearson.columns).toEqual(['a', 'b']);
    expect(c.pearson.values[0]![1]).toBeCloseTo(1, 12);
    expect(c.association.columns).toEqual(['a', 'b', 'g']);
    expect(c.association.measures[0]![2]).toBe('correlation-ratio');
    expect(c.skipped).toEqual([{ name: 'id', reason: 'identifier' }]);
    expect(p.missingMap!.columns[0]).toEqual({ name: 'a', missing: 1, fractions: [0, 0, 0.5] });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
});
