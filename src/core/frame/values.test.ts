import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasLeadingZero, parseBoolean, parseNumberAs, parsePlainNumber } from './values';
import { ABSENT, StringTable } from './table';

describe('number parsing', () => {
  it('reads plain decimals exactly as Number() does', () => {
    for (const s of ['0', '-0', '12', '-3.25', '.5', '5.', '+7', '0.1', '0.30000000000000004', '123456789012345', '1234567890123456789', '1e3', '-2.5E-4', '0.000000000000000000000123'])
      expect(Object.is(parsePlainNumber(s), Number(s)), s).toBe(true);
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(parsePlainNumber(String(x)), Number(String(x)))), { numRuns: 3000 });
    fc.assert(fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 99999 }), (a, b) => {
      const s = `${a}.${String(b).padStart(5, '0')}`;
      return parsePlainNumber(s) === Number(s);
    }));
  });
  it('rejects what is not a plain number', () => {
    for (const s of ['', ' 1', '1 ', '1,5', '0x10', '0b1', 'Infinity', '-Infinity', 'NaN', '1e999', '.', '-', '1.2.3', '--1', '1_000', 'forty'])
      expect(parsePlainNumber(s), s).toBeNaN();
  });
  it('reads decimal commas and grouped thousands only in the chosen format', () => {
    const eu = { decimal: ',', thousands: '.' } as const;
    expect(parseNumberAs('1.234,56', eu)).toBe(1234.56);
    expect(parseNumberAs('-0,5', eu)).toBe(-0.5);
    expect(parseNumberAs('12', eu)).toBe(12);
    expect(parseNumberAs('1.234.567', eu)).toBe(1234567);
    expect(parseNumberAs('1.5', eu)).toBeNaN(); // a dot that does not group by three is not a thousands separator
    expect(parseNumberAs('1,234.5', { decimal: '.', thousands: ',' })).toBe(1234.5);
    expect(parseNumberAs('12,34', { decimal: '.', thousands: ',' })).toBeNaN();
    expect(parseNumberAs('1 234,5', { decimal: ',', thousands: ' ' })).toBe(1234.5);
    expect(parseNumberAs("1'234.5", { decimal: '.', thousands: "'" })).toBe(1234.5);
  });
  it('spots leading zeros and boolean words', () => {
    expect(hasLeadingZero('02134')).toBe(true);
    expect(hasLeadingZero('0.5')).toBe(false);
    expect(hasLeadingZero('0')).toBe(false);
    expect(parseBoolean('TRUE')).toBe(true);
    expect(parseBoolean('False')).toBe(false);
    expect(parseBoolean('yes')).toBeNull();
  });
});

describe('string table', () => {
  it('maps strings to values like a Map, through growth', () => {
    const t = new StringTable();
    const m = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const k = `k${(i * 7919) % 12000}`;
      const got = t.get(k);
      expect(got).toBe(m.has(k) ? m.get(k) : ABSENT);
      if (got === ABSENT) {
        t.insertLast(k, i);
        m.set(k, i);
      }
    }
    expect(t.size).toBe(m.size);
  });
});
