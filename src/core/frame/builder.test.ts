import { describe, expect, it } from 'vitest';
import { ColumnBuilder, parseNumber, uniqueHeaderNames, type BuilderOptions } from './builder';
import { Frame, isCoded, isDate, isNumeric } from './frame';

function finish(cells: string[], opts?: BuilderOptions, name = 'c') {
  const b = new ColumnBuilder(name, opts);
  for (const c of cells) b.push(c);
  return b.finish();
}
const build = (cells: string[], opts?: BuilderOptions) => finish(cells, opts).column;
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('column builder', () => {
  it('infers integers and numbers, with missing markers as NaN', () => {
    const i = build(['1', '2', '', 'NA', '-3', ' 4 ', 'null', '?']);
    expect(i.kind).toBe('integer');
    expect(isNumeric(i) && Array.from(i.values)).toEqual([1, 2, NaN, NaN, -3, 4, NaN, NaN]);
    expect(build(['1.5', '2', '1e3']).kind).toBe('number');
  });
  it('keeps a 99.9 %-numeric column numeric, blanking and reporting the stray text', () => {
    const cells = Array.from({ length: 3000 }, (_, k) => String(k % 90));
    cells.splice(1041, 0, 'forty');
    const r = finish(cells);
    expect(r.column.kind).toBe('integer');
    expect(r.badCount).toBe(1);
    expect(r.bad).toEqual([{ row: 1041, value: 'forty' }]);
    expect(r.expected).toBe('number');
    expect(isNumeric(r.column) && r.column.values[1041]).toBeNaN();
    expect(isNumeric(r.column) && r.column.values[1042]).toBe(1041 % 90);
  });
  it('turns a column into categories when more than 1 % of its values are not numbers, keeping them all', () => {
    const cells = Array.from({ length: 1000 }, (_, k) => (k % 20 === 0 ? 'unknown' : String(k % 10)));
    const c = build(cells);
    expect(c.kind).toBe('category');
    expect(isCoded(c) && c.dictionary[c.codes[3]!]).toBe('3');
    expect(isCoded(c) && c.dictionary[c.codes[0]!]).toBe('unknown');
  });
  it('decides from the whole column even after switching representation early', () => {
    // Early rows are mostly text, later ones numbers: 0.5 % text overall → numbers.
    const cells = [...Array.from({ length: 30 }, () => 'n/k'), ...Array.from({ length: 6000 }, (_, k) => String(k / 4))];
    const r = finish(cells);
    expect(r.column.kind).toBe('number');
    expect(r.badCount).toBe(30);
    expect(isNumeric(r.column) && r.column.values[30 + 5]).toBe(1.25);
  });
  it('keeps codes with leading zeros as text', () => {
    const c = build(['02134', '10001', '00501', '94105']);
    expect(c.kind).toBe('category');
    expect(isCoded(c) && c.dictionary).toEqual(['02134', '10001', '00501', '94105']);
  });
  it('marks near-unique strings and row numbers as identifiers, keeps categories with repeats', () => {
    expect(build(Array.from({ length: 100 }, (_, k) => `id-${k}`)).kind).toBe('identifier');
    expect(build(Array.from({ length: 100 }, (_, k) => (k % 2 ? 'Yes' : 'No'))).kind).toBe('category');
    const rowNumbers = finish(Array.from({ length: 80 }, (_, k) => String(k + 1)), {}, 'n');
    expect(rowNumbers.column.kind).toBe('identifier');
    expect(isCoded(rowNumbers.column) && rowNumbers.column.dictionary[rowNumbers.column.codes[4]!]).toBe('5');
    const keys = Array.from({ length: 80 }, (_, k) => String(1000 + k * 37));
    expect(finish(keys, {}, 'customer_id').column.kind).toBe('identifier');
    expect(finish(keys, {}, 'amount').column.kind).toBe('integer');
    expect(finish(keys, {}, 'valid').column.kind).toBe('integer');
  });
  it('tells free text from categories', () => {
    const words = ['the', 'tea', 'was', 'great', 'but', 'arrived', 'late', 'and', 'cold', 'very'];
    const reviews = Array.from({ length: 200 }, (_, k) => Array.from({ length: 5 + (k % 7) }, (_, w) => words[(k * 3 + w * 7) % 10]).join(' ') + ` #${k}`);
    expect(build(reviews).kind).toBe('text');
    const plans = Array.from({ length: 200 }, (_, k) => ['Bank transfer (automatic)', 'Mailed check', 'Credit card (automatic)'][k % 3]!);
    expect(build(plans).kind).toBe('category');
  });
  it('reads true/false as booleans coded false = 0, true = 1 with the file’s labels', () => {
    const c = build(['TRUE', 'FALSE', '', 'TRUE']);
    expect(c.kind).toBe('boolean');
    expect(isCoded(c) && c.dictionary).toEqual(['FALSE', 'TRUE']);
    expect(isCoded(c) && Array.from(c.codes)).toEqual([1, 0, -1, 1]);
    const only = build(['true', 'true']);
    expect(isCoded(only) && only.dictionary).toEqual(['false', 'true']);
    expect(build(['yes', 'no', 'yes']).kind).toBe('category');
    const forced = build(['yes', 'no', 'maybe'], { kind: 'boolean' });
    expect(isCoded(forced) && Array.from(forced.codes)).toEqual([1, 0, -1]);
  });
  it('reads dates with the day/month order decided from the whole column', () => {
    const dmy = build(['01/02/2020', '05/06/2020', '25/12/2020']);
    expect(isDate(dmy) && Array.from(dmy.values)).toEqual([utc(2020, 2, 1), utc(2020, 6, 5), utc(2020, 12, 25)]);
    const mdy = build(['01/02/2020', '05/06/2020', '12/25/2020']);
    expect(isDate(mdy) && Array.from(mdy.values)).toEqual([utc(2020, 1, 2), utc(2020, 5, 6), utc(2020, 12, 25)]);
    const guessed = finish(['01/02/2020', '05/06/2020'], { dateFallback: 'dmy' });
    expect(guessed.flags).toContain('date-order-guessed');
    expect(isDate(guessed.column) && guessed.column.values[0]).toBe(utc(2020, 2, 1));
    expect(build(['01/02/2020', '05/06/2020'], { dateOrder: 'mdy' })).toMatchObject({ kind: 'date' });
    const iso = build(['2021-04-07', '2018-03-26', '']);
    expect(isDate(iso) && iso.timezone).toBeUndefined();
    const zoned = build(['2021-04-07T10:00:00+02:00', '2021-04-08T11:30:00+02:00']);
    expect(isDate(zoned) && zoned.timezone).toBe('+02:00');
    expect(isDate(zoned) && zoned.values[0]).toBe(Date.UTC(2021, 3, 7, 8));
    expect(build(['Jan 5, 2020', 'Feb 11, 2021', 'Mar 3, 2019']).kind).toBe('date');
  });
  it('flags constant and mostly-missing columns', () => {
    expect(finish(['a', 'a', 'a']).flags).toContain('constant');
    expect(finish(['1', '1', '']).flags).toContain('constant');
    expect(finish(['1', '', '', '']).flags).toContain('mostly-missing');
    expect(finish(['', 'NA']).flags).toContain('all-missing');
  });
  it('follows the kind the user chose, reporting cells that do not fit', () => {
    const r = finish(['1', '2', 'x', '4'], { kind: 'number' });
    expect(r.column.kind).toBe('number');
    expect(r.bad).toEqual([{ row: 2, value: 'x' }]);
    const z = finish(['02134', '10001'], { kind: 'integer' });
    expect(isNumeric(z.column) && Array.from(z.column.values)).toEqual([2134, 10001]);
    expect(build(['1', '2', '3'], { kind: 'category' })).toMatchObject({ kind: 'category', dictionary: ['1', '2', '3'] });
    const i = finish(['1', '2.5'], { kind: 'integer' });
    expect(i.badCount).toBe(1);
  });
  it('reads decimal commas and thousands when told to', () => {
    const c = build(['1.234,5', '-0,25', '7'], { numbers: { decimal: ',', thousands: '.' } });
    expect(isNumeric(c) && Array.from(c.values)).toEqual([1234.5, -0.25, 7]);
  });
  it('takes typed values from spreadsheets, Parquet and JSON', () => {
    const b = new ColumnBuilder('d', { timezone: 'UTC' });
    b.pushDate(utc(2020, 1, 1));
    b.pushMissing();
    b.pushDate(utc(2020, 1, 2));
    const d = b.build();
    expect(isDate(d) && d.timezone).toBe('UTC');
    const n = new ColumnBuilder('n');
    n.pushNumber(1.5);
    n.pushNumber(Number.NaN);
    n.push('2');
    expect(n.build()).toMatchObject({ kind: 'number' });
    const t = new ColumnBuilder('t');
    t.pushBoolean(true);
    t.pushBoolean(false);
    expect(t.build()).toMatchObject({ kind: 'boolean', dictionary: ['false', 'true'] });
  });
  it('handles a million-row column in chunks', () => {
    const b = new ColumnBuilder('x');
    for (let i = 0; i < 300_000; i++) b.push(String(i % 1000));
    const c = b.build();
    expect(isNumeric(c) && c.values.length).toBe(300_000);
    expect(isNumeric(c) && c.values[299_999]).toBe(999);
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
    expect(uniqueHeaderNames(['column_2', ''])).toEqual(['column_2', 'column_2_2']);
  });
  it('shows dates as ISO text in frame cells', () => {
    const f = new Frame([{ name: 'd', kind: 'date', values: Float64Array.of(utc(2020, 3, 4), Date.UTC(2020, 2, 4, 10, 30), Number.NaN) }]);
    expect([0, 1, 2].map((i) => f.cell(i, f.columns[0]!))).toEqual(['2020-03-04', '2020-03-04T10:30:00', null]);
    const z = new Frame([{ name: 'd', kind: 'date', timezone: '+02:00', values: Float64Array.of(Date.UTC(2020, 2, 4, 8)) }]);
    expect(z.cell(0, z.columns[0]!)).toBe('2020-03-04T10:00:00+02:00');
  });
});
