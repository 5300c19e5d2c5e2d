import { describe, expect, it } from 'vitest';
import { ColumnBuilder, parseNumber, uniqueHeaderNames } from './builder';

function build(cells: string[]) {
  const b = new ColumnBuilder('c');
  for (const c of cells) b.push(c);
  return b.build();
}

describe('column builder', () => {
  it('infers integers and numbers, with missing markers as NaN', () => {
    const i = build(['1', '2', '', 'NA', '-3']);
    expect(i.kind).toBe('integer');
    expect(i.kind === 'integer' && Array.from(i.values)).toEqual([1, 2, NaN, NaN, -3]);
    expect(build(['1.5', '2', '1e3']).kind).toBe('number');
  });
  it('turns a number column into categories when a late cell is not a number, keeping earlier values', () => {
    const cells = Array.from({ length: 3000 }, (_, k) => String(k % 10));
    cells.push('forty');
    const c = build(cells);
    expect(c.kind).toBe('category');
    if (c.kind !== 'category') return;
    expect(c.dictionary[c.codes[3]!]).toBe('3');
    expect(c.dictionary[c.codes[3000]!]).toBe('forty');
  });
  it('marks near-unique strings as identifiers and keeps categories with repeats', () => {
    expect(build(Array.from({ length: 100 }, (_, k) => `id-${k}`)).kind).toBe('identifier');
    expect(build(Array.from({ length: 100 }, (_, k) => (k % 2 ? 'Yes' : 'No'))).kind).toBe('category');
  });
  it('parses plain decimals only', () => {
    expect(parseNumber('12.5')).toBe(12.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1,5')).toBeNaN();
    expect(parseNumber('0x10')).toBeNaN();
    expect(parseNumber('Infinity')).toBeNaN();
  });
  it('names blank and repeated headers uniquely', () => {
    expect(uniqueHeaderNames(['a', '', 'a', 'a'])).toEqual(['a', 'column_2', 'a_2', 'a_3']);
  });
});
