import { describe, expect, it } from 'vitest';
import { decideDateOrder, parseDate, type DateParse } from './dates';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, m - 1, d, h, mi, s);

describe('date parsing', () => {
  it('reads ISO dates and times, keeping zones', () => {
    expect(parseDate('2020-03-04')).toMatchObject({ dmy: utc(2020, 3, 4), ambiguous: false, offset: null, hasTime: false });
    expect(parseDate('2020-03-04T10:20:30')!.dmy).toBe(utc(2020, 3, 4, 10, 20, 30));
    expect(parseDate('2020-03-04 10:20')!.dmy).toBe(utc(2020, 3, 4, 10, 20));
    expect(parseDate('2020-03-04T10:20:30.250Z')).toMatchObject({ dmy: utc(2020, 3, 4, 10, 20, 30) + 250, offset: 0 });
    expect(parseDate('2020-03-04T10:20:30+02:00')).toMatchObject({ dmy: utc(2020, 3, 4, 8, 20, 30), offset: 120 });
    expect(parseDate('2020-03-04T10:20:30-0530')!.offset).toBe(-330);
    expect(parseDate('2020/03/04')!.dmy).toBe(utc(2020, 3, 4));
    expect(parseDate('2020.03.04')!.dmy).toBe(utc(2020, 3, 4));
    expect(parseDate('2020-03')!.dmy).toBe(utc(2020, 3, 1));
  });
  it('reads day/month dates under both orders and says when the order matters', () => {
    expect(parseDate('04/03/2020')).toMatchObject({ dmy: utc(2020, 3, 4), mdy: utc(2020, 4, 3), ambiguous: true });
    expect(parseDate('13/03/2020')).toMatchObject({ dmy: utc(2020, 3, 13), mdy: null });
    expect(parseDate('03/13/2020')).toMatchObject({ dmy: null, mdy: utc(2020, 3, 13) });
    expect(parseDate('3/3/2020')!.ambiguous).toBe(false);
    expect(parseDate('04.03.20')!.dmy).toBe(utc(2020, 3, 4));
    expect(parseDate('04.03.95')!.dmy).toBe(utc(1995, 3, 4));
    expect(parseDate('12/31/2020 11:15 PM')!.mdy).toBe(utc(2020, 12, 31, 23, 15));
  });
  it('reads month names', () => {
    expect(parseDate('4 Mar 2020')!.dmy).toBe(utc(2020, 3, 4));
    expect(parseDate('04-Mar-2020')!.dmy).toBe(utc(2020, 3, 4));
    expect(parseDate('March 4, 2020')!.dmy).toBe(utc(2020, 3, 4));
    expect(parseDate('Mar 4th 2020')!.dmy).toBe(utc(2020, 3, 4));
    expect(parseDate('2020-Mar-04')!.dmy).toBe(utc(2020, 3, 4));
    expect(parseDate('Wed, 4 Mar 2020 10:00:00 GMT')).toMatchObject({ dmy: utc(2020, 3, 4, 10), offset: 0 });
  });
  it('rejects numbers, impossible dates and other text', () => {
    for (const s of ['2020', '20200304', '2002.41666666667', '2021-02-29', '31/31/2020', '2020-13-01', '35-44', 'Mar', 'hello world', '12:30', '1,234.5'])
      expect(parseDate(s), s).toBeNull();
    expect(parseDate('2020-02-29')).not.toBeNull();
  });
  it('decides the order from the whole column', () => {
    const col = (xs: string[]) => xs.map((x) => parseDate(x)!) as DateParse[];
    expect(decideDateOrder(col(['01/02/2020', '13/02/2020']), 'auto', 'mdy')).toMatchObject({ order: 'dmy', orderGuessed: false });
    expect(decideDateOrder(col(['01/02/2020', '02/13/2020']), 'auto', 'dmy')).toMatchObject({ order: 'mdy', orderGuessed: false });
    expect(decideDateOrder(col(['01/02/2020', '02/03/2020']), 'auto', 'dmy')).toMatchObject({ order: 'dmy', orderGuessed: true });
    expect(decideDateOrder(col(['13/02/2020', '02/13/2020']), 'auto', 'mdy')).toBeNull();
    expect(decideDateOrder(col(['2020-01-01T00:00Z', '2020-01-02T00:00Z']), 'auto', 'mdy')!.timezone).toBe('UTC');
    expect(decideDateOrder(col(['2020-01-01T00:00+02:00', '2020-01-02T00:00+02:00']), 'auto', 'mdy')!.timezone).toBe('+02:00');
    expect(decideDateOrder(col(['2020-01-01T00:00+02:00', '2020-01-02T00:00Z']), 'auto', 'mdy')!.timezone).toBe('mixed');
    expect(decideDateOrder(col(['2020-01-01', '2020-01-02']), 'auto', 'mdy')).toEqual({ order: 'mdy', orderGuessed: false });
  });
});
