/**
 * Date and time texts → epoch milliseconds. A column is read with one day/month order decided
 * from all of its values, so 03/04/2020 means the same thing on every row.
 *
 * Accepted shapes (a time `HH:MM[:SS[.fff]]` with optional AM/PM and zone `Z`, `UTC`, `GMT` or
 * `±HH[:]MM` may follow any date, after `T` or a space):
 *   ISO `2020-03-04`, `2020-03`, `2020/03/04`, `2020.03.04`;
 *   numeric `04/03/2020`, `4-3-2020`, `04.03.20` (day/month order decided per column);
 *   month names `4 Mar 2020`, `04-Mar-2020`, `Mar 4, 2020`, `March 4th 2020`, `2020-Mar-04`,
 *   `Wed, 4 Mar 2020 10:00:00 GMT` (English names and three-letter forms).
 */

export type DateOrder = 'dmy' | 'mdy';

/** What one text told us: its value under each order it allows, and its zone. */
export interface DateParse {
  /** Epoch ms when the text is read day first / month first (null when that order is impossible). */
  dmy: number | null;
  mdy: number | null;
  /** True when the order matters (both parts ≤ 12 and different): the column must decide. */
  ambiguous: boolean;
  /** Offset in minutes when the text had a zone, else null. */
  offset: number | null;
  hasTime: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};

const TIME = String.raw`(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?` + TIME + '$');
const NUMERIC = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})` + TIME + '$');
const DAY_NAME = String.raw`(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?`;
const NAMED_DMY = new RegExp('^' + DAY_NAME + String.raw`(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4})` + TIME + '$', 'i');
const NAMED_MDY = new RegExp('^' + DAY_NAME + String.raw`([a-z]{3,9})\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{4})` + TIME + '$', 'i');
const NAMED_YMD = new RegExp(String.raw`^(\d{4})[\s-]([a-z]{3,9})[\s-](\d{1,2})` + TIME + '$', 'i');

const DAY_MS = 86_400_000;

function daysInMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 30 ? 2000 + n : 1900 + n; // Excel's two-digit year window
}

/** Time part (groups at `at`..`at+5`) → ms since midnight and zone offset; null when invalid. */
function timeOf(m: RegExpExecArray, at: number): { ms: number; offset: number | null; hasTime: boolean } | null {
  if (m[at] === undefined) return { ms: 0, offset: null, hasTime: false };
  let h = Number(m[at]);
  const min = Number(m[at + 1]);
  const sec = m[at + 2] === undefined ? 0 : Number(m[at + 2]);
  const frac = m[at + 3] === undefined ? 0 : Number(m[at + 3]!.slice(0, 3).padEnd(3, '0'));
  const ampm = m[at + 4]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return null;
    if (ampm === 'am' && h === 12) h = 0;
    else if (ampm === 'pm' && h !== 12) h += 12;
  }
  if (h > 24 || min > 59 || sec > 60 || (h === 24 && (min > 0 || sec > 0))) return null;
  let offset: number | null = null;
  const z = m[at + 5];
  if (z) {
    const u = z.toUpperCase();
    if (u === 'Z' || u === 'UTC' || u === 'GMT') offset = 0;
    else {
      const digits = z.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      if (oh > 14 || om > 59) return null;
      offset = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
    }
  }
  return { ms: ((h * 60 + min) * 60 + Math.min(sec, 59)) * 1000 + frac, offset, hasTime: true };
}

function ymdMs(y: number, mo: number, d: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || y < 1 || y > 9999) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // Date.UTC maps years 0–99 to 1900–1999
  return date.getTime();
}

function withTime(day: number | null, t: { ms: number; offset: number | null }): number | null {
  if (day === null) return null;
  return day + t.ms - (t.offset ?? 0) * 60_000;
}

/**
 * Reads one text as a date under every order it allows; null when it is not a date at all.
 * Pure numbers (`2020`, `20200304`) are never dates here: they are numbers.
 */
export function parseDate(text: string): DateParse | null {
  const s = text.trim();
  if (s.length < 6 || s.length > 64) return null;
  const c0 = s.charCodeAt(0);
  const digitFirst = c0 >= 48 && c0 <= 57;
  if (digitFirst) {
    let m = ISO.exec(s);
    if (m) {
      const t = timeOf(m, 5);
      if (!t) return null;
      // `2020-03` alone is a month; `2020.5` never reaches here (needs a separator twice or a month).
      if (m[4] === undefined && (m[2] !== '-' || t.hasTime)) return null;
      const v = withTime(ymdMs(Number(m[1]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])), t);
      return v === null ? null : { dmy: v, mdy: v, ambiguous: false, offset: t.offset, hasTime: t.hasTime };
    }
    m = NUMERIC.exec(s);
    if (m) {
      const t = timeOf(m, 5);
      if (!t) return null;
      const a = Number(m[1]);
      const b = Number(m[3]);
      const y = fullYear(m[4]!);
      const dmy = withTime(ymdMs(y, b, a), t);
      const mdy = withTime(ymdMs(y, a, b), t);
      if (dmy === null && mdy === null) return null;
      return { dmy, mdy, ambiguous: dmy !== null && mdy !== null && a !== b, offset: t.offset, hasTime: t.hasTime };
    }
    m = NAMED_DMY.exec(s);
    if (m) return named(Number(m[3]), m[2]!, Number(m[1]), m, 4);
    m = NAMED_YMD.exec(s);
    if (m) return named(Number(m[1]), m[2]!, Number(m[3]), m, 4);
    return null;
  }
  const m = NAMED_MDY.exec(s) ?? NAMED_DMY.exec(s);
  if (!m) return null;
  return m.length && /^\D/.test(m[1] ?? '') ? named(Number(m[3]), m[1]!, Number(m[2]), m, 4) : named(Number(m[3]), m[2]!, Number(m[1]), m, 4);
}

function named(y: number, monthName: string, d: number, m: RegExpExecArray, at: number): DateParse | null {
  const mo = MONTHS[monthName.toLowerCase()];
  if (!mo) return null;
  const t = timeOf(m, at);
  if (!t) return null;
  const v = withTime(ymdMs(y, mo, d), t);
  return v === null ? null : { dmy: v, mdy: v, ambiguous: false, offset: t.offset, hasTime: t.hasTime };
}

/** Formats an offset in minutes as `+02:00`; 0 is 'UTC'. */
export function offsetName(min: number): string {
  if (min === 0) return 'UTC';
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** How a column of date texts should be read, decided from all of its distinct values. */
export interface DateDecision {
  order: DateOrder;
  /** True when every day/month value was ≤ 12 so the order came from the setting or the default. */
  orderGuessed: boolean;
  timezone?: string;
}

/**
 * Decides the day/month order for a column from its parsed values: a value only one order can
 * read settles it; conflicting values (13/01 and 01/13) make the column not a date (null).
 */
export function decideDateOrder(parses: Iterable<DateParse>, preferred: 'auto' | DateOrder, fallback: DateOrder): DateDecision | null {
  let dmyOnly = false;
  let mdyOnly = false;
  let ambiguous = false;
  let offsets: number | null | undefined; // undefined = none seen; null = mixed
  let zoned = false;
  let naive = false;
  for (const p of parses) {
    if (p.dmy === null) mdyOnly = true;
    else if (p.mdy === null) dmyOnly = true;
    else if (p.ambiguous) ambiguous = true;
    if (p.offset === null) naive = true;
    else {
      zoned = true;
      if (offsets === undefined) offsets = p.offset;
      else if (offsets !== p.offset) offsets = null;
    }
  }
  if (dmyOnly && mdyOnly) return null;
  let order: DateOrder;
  let guessed = false;
  if (preferred !== 'auto') order = preferred;
  else if (dmyOnly) order = 'dmy';
  else if (mdyOnly) order = 'mdy';
  else {
    order = fallback;
    guessed = ambiguous;
  }
  const timezone = !zoned ? undefined : naive || offsets === null || offsets === undefined ? 'mixed' : offsetName(offsets);
  return { order, orderGuessed: guessed, ...(timezone ? { timezone } : {}) };
}

export { DAY_MS };
