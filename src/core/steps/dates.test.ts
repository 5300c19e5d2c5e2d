import { describe, expect, it } from 'vitest';
import { Calendar, dateCyclical, dateDaysSince, dateParts, parseIsoDate, vecArith, type PartsParams } from './dates';
import type { NumWork, Work } from './types';

const ALL: PartsParams = { parts: ['year', 'quarter', 'month', 'day', 'weekday', 'hour', 'weekend', 'dayofyear'], keep: false };
const dates = (ms: number[]): Work => new Map([['d', { type: 'num', values: Float64Array.from(ms), date: true }]]);
const col = (w: Work, k: string) => Array.from((w.get(k) as NumWork).values);

/** The same parts from JavaScript's own UTC calendar. */
function jsParts(ms: number): number[] {
  const d = new Date(ms);
  const weekday = (d.getUTCDay() + 6) % 7;
  const dayOfYear = (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1;
  return [d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) + 1, d.getUTCMonth() + 1, d.getUTCDate(), weekday, d.getUTCHours(), weekday >= 5 ? 1 : 0, dayOfYear];
}

describe('date parts', () => {
  it('hand-checked dates: a leap day, the millisecond before the epoch, a Sunday', () => {
    const w = dates([Date.UTC(2024, 1, 29, 13, 30), -1, Date.UTC(2023, 11, 31, 0, 0)]);
    const out = dateParts.transform(w, ['d'], ALL, {});
    expect([...out.keys()]).toEqual(['d_year', 'd_quarter', 'd_month', 'd_day', 'd_weekday', 'd_hour', 'd_weekend', 'd_dayofyear']);
    // 2024-02-29 was a Thursday (Monday = 0), the 60th day of the year.
    expect([...out.values()].map((c) => (c as NumWork).values[0])).toEqual([2024, 1, 2, 29, 3, 13, 0, 60]);
    // 1969-12-31T23:59:59.999Z: a Wednesday, day 365.
    expect([...out.values()].map((c) => (c as NumWork).values[1])).toEqual([1969, 4, 12, 31, 2, 23, 0, 365]);
    // 2023-12-31: a Sunday.
    expect([...out.values()].map((c) => (c as NumWork).values[2])).toEqual([2023, 4, 12, 31, 6, 0, 1, 365]);
  });

  it('equals the JavaScript UTC getters for every day from 1900 to 2100, at midnight, just before it and at a random time', () => {
    const ms: number[] = [];
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) ms.push(t, t - 1, t + Math.floor(rnd() * 86_400_000));
    ms.push(0, -86_400_000, -86_400_001, Date.UTC(1600, 1, 29, 12), Date.UTC(-44, 2, 15), Date.UTC(9999, 11, 31, 23, 59));
    const out = dateParts.transform(dates(ms), ['d'], ALL, {});
    const cols = [...out.values()].map((c) => (c as NumWork).values);
    let wrong = 0;
    ms.forEach((t, i) => {
      const want = jsParts(t);
      if (cols.some((c, k) => c[i] !== want[k])) wrong++;
    });
    expect(ms.length).toBeGreaterThan(200_000);
    expect(wrong).toBe(0);
  });

  it('gives missing parts for missing dates', () => {
    const out = dateParts.transform(dates([Number.NaN, 0]), ['d'], ALL, {});
    for (const c of out.values()) expect(Number.isNaN((c as NumWork).values[0]!)).toBe(true);
    expect(col(out, 'd_year')[1]).toBe(1970);
  });

  it('removes the date column and appends the parts at the end, or keeps it', () => {
    const w: Work = new Map([['d', { type: 'num', values: Float64Array.of(0), date: true }], ['x', { type: 'num', values: Float64Array.of(1) }]]);
    expect([...dateParts.transform(w, ['d'], { parts: ['month', 'year'], keep: false }, {}).keys()]).toEqual(['x', 'd_year', 'd_month']);
    const kept = dateParts.transform(w, ['d'], { parts: ['hour'], keep: true }, {});
    expect([...kept.keys()]).toEqual(['d', 'x', 'd_hour']);
    expect((kept.get('d') as NumWork).date).toBe(true);
    expect([...dateParts.schema(new Map([['d', 'num'], ['x', 'num']]), ['d'], { parts: ['month', 'year'], keep: false }, {})]).toEqual([['x', 'num'], ['d_year', 'num'], ['d_month', 'num']]);
  });

  it('rejects unknown or no parts', () => {
    expect(() => dateParts.validate!({ parts: ['decade'], keep: false }, ['d'])).toThrow(/decade/);
    expect(() => dateParts.validate!({ parts: [], keep: false }, ['d'])).toThrow(/at least one/);
  });

  it('runs the same arithmetic on scalars', () => {
    const c = new Calendar(vecArith, Date.UTC(2000, 2, 1, 6));
    expect([c.year(), c.month(), c.day(), c.dayOfYear(), c.hour()]).toEqual([2000, 3, 1, 61, 6]);
  });
});

describe('cyclical dates', () => {
  const sinCos = (ms: number[], cycle: string) => {
    const out = dateCyclical.transform(dates(ms), ['d'], { cycle, keep: false }, {});
    return [col(out, `d_${cycle}_sin`), col(out, `d_${cycle}_cos`)] as const;
  };

  it('puts January at angle 0 and July half a turn later', () => {
    const [s, c] = sinCos([Date.UTC(2021, 0, 15), Date.UTC(2021, 6, 15), Date.UTC(2021, 3, 1)], 'month');
    expect(s[0]).toBe(0);
    expect(c[0]).toBe(1);
    expect(s[1]).toBeCloseTo(0, 12);
    expect(c[1]).toBeCloseTo(-1, 12);
    expect(s[2]).toBeCloseTo(1, 12); // April: a quarter turn
  });

  it('uses the time of day (minutes included) for hour, Monday = 0 for weekday', () => {
    const [s, c] = sinCos([Date.UTC(2021, 0, 1, 6, 0), Date.UTC(2021, 0, 1, 18, 0)], 'hour');
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(-1, 12);
    expect(c[0]).toBeCloseTo(0, 12);
    const [ws, wc] = sinCos([Date.UTC(2024, 0, 1)], 'weekday'); // a Monday
    expect([ws[0], wc[0]]).toEqual([0, 1]);
  });

  it('gives missing values for missing dates and names its columns after the cycle', () => {
    const out = dateCyclical.transform(dates([Number.NaN]), ['d'], { cycle: 'dayofyear', keep: false }, {});
    expect([...out.keys()]).toEqual(['d_dayofyear_sin', 'd_dayofyear_cos']);
    expect(col(out, 'd_dayofyear_sin')[0]).toBeNaN();
  });

  it('rejects an unknown cycle', () => {
    expect(() => dateCyclical.validate!({ cycle: 'decade', keep: false }, ['d'])).toThrow(/Cycle/);
  });
});

describe('days since a date', () => {
  it('learns the earliest training date and counts fractional days from it', () => {
    const w = dates([Date.UTC(2020, 0, 2, 12), Number.NaN, Date.UTC(2020, 0, 1)]);
    const p = { reference: '', keep: false };
    const state = dateDaysSince.fit(w, ['d'], p, { seed: 0 });
    expect(state.reference).toEqual([Date.UTC(2020, 0, 1)]);
    const out = dateDaysSince.transform(dates([Date.UTC(2020, 0, 2, 12), Number.NaN, Date.UTC(2019, 11, 31)]), ['d'], p, state);
    expect(col(out, 'd_days_since')).toEqual([1.5, Number.NaN, -1]);
  });

  it('uses a given ISO reference date (UTC) instead', () => {
    const p = { reference: '2000-01-01', keep: true };
    const state = dateDaysSince.fit(dates([0]), ['d'], p, { seed: 0 });
    expect(state.reference).toEqual([Date.UTC(2000, 0, 1)]);
    const out = dateDaysSince.transform(dates([Date.UTC(2000, 0, 11, 6)]), ['d'], p, state);
    expect([...out.keys()]).toEqual(['d', 'd_days_since']);
    expect(col(out, 'd_days_since')).toEqual([10.25]);
  });

  it('counts from 1970-01-01 when no training date is known', () => {
    expect(dateDaysSince.fit(dates([Number.NaN]), ['d'], { reference: '', keep: false }, { seed: 0 }).reference).toEqual([0]);
  });

  it('reads ISO dates as UTC and rejects anything else', () => {
    expect(parseIsoDate('2021-03-04')).toBe(Date.UTC(2021, 2, 4));
    expect(parseIsoDate('2021-03-04T05:06')).toBe(Date.UTC(2021, 2, 4, 5, 6));
    expect(parseIsoDate('2021-02-30')).toBeNull();
    expect(parseIsoDate('04/03/2021')).toBeNull();
    expect(() => dateDaysSince.validate!({ reference: 'yesterday', keep: false }, ['d'])).toThrow(/YYYY-MM-DD/);
    expect(() => dateDaysSince.validate!({ reference: '', keep: false }, ['d'])).not.toThrow();
  });
});
