/**
 * Parsing single cell texts: numbers (with a chosen decimal mark and thousands separator) and
 * booleans. The hot path (plain dot-decimal numbers) avoids regular expressions and string copies.
 */

export interface NumberFormat {
  decimal: '.' | ',';
  thousands: '' | ',' | '.' | ' ' | "'";
}

export const PLAIN_NUMBERS: NumberFormat = { decimal: '.', thousands: '' };

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parses a plain decimal number: optional sign, digits, optional dot and digits, optional
 * exponent. Returns NaN for anything else (hex, `Infinity`, spaces, thousands separators, overflow).
 *
 * Fast path: up to 15 significant digits and 22 decimals are read digit by digit and divided by an
 * exact power of ten, a single correctly rounded operation, so the result equals `Number(s)`
 * (Clinger's fast path); everything else goes through `Number`.
 */
export function parsePlainNumber(s: string): number {
  const v = parsePlainRange(s, 0, s.length);
  return Number.isNaN(v) ? slowNumber(s) : v;
}

/**
 * `parsePlainNumber(text.slice(from, to))` for the common case, without making the string: NaN
 * whenever the cell is not a short plain decimal (the caller then takes the string path).
 */
export function parsePlainRange(text: string, from: number, to: number): number {
  if (from >= to) return Number.NaN;
  let i = from;
  let c = text.charCodeAt(i);
  const neg = c === 45;
  if (neg || c === 43) i++;
  let m = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  let any = false;
  for (; i < to; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      any = true;
      if (m !== 0 || c !== 48) {
        m = m * 10 + (c - 48);
        digits++;
      }
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else return Number.NaN;
  }
  if (!any || digits > 15 || frac > 22) return Number.NaN;
  const v = frac ? m / POW10[frac]! : m;
  return neg ? -v : v;
}

function slowNumber(s: string): number {
  const n = s.length;
  const c0 = s.charCodeAt(0);
  if (!((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46)) return Number.NaN;
  const cl = s.charCodeAt(n - 1);
  if (!((cl >= 48 && cl <= 57) || cl === 46)) return Number.NaN;
  // Number() also reads 0x1F, 0b1 and 0o7; a number never has a letter second.
  if (n > 2 && c0 === 48) {
    const c1 = s.charCodeAt(1) | 32;
    if (c1 === 120 || c1 === 98 || c1 === 111) return Number.NaN;
  }
  const v = +s;
  return v - v === 0 ? v : Number.NaN; // rejects NaN and ±Infinity
}

const GROUPED: Record<string, RegExp> = {
  ',': /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/,
  '.': /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$/,
  ' ': /^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d*)?$/,
  "'": /^[+-]?\d{1,3}(?:['\u2019]\d{3})+(?:[.,]\d*)?$/,
};
const COMMA_DECIMAL = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a number written with the given decimal mark and thousands separator; NaN when the text
 * is not such a number. Thousands separators must group digits by three (`1.234,5` with decimal
 * comma), so `1.5` is not read as fifteen hundred.
 */
export function parseNumberAs(s: string, f: NumberFormat): number {
  if (f.decimal === '.') {
    const v = parsePlainNumber(s);
    if (v === v || f.thousands === '') return v;
    const re = GROUPED[f.thousands];
    if (!re || !re.test(s)) return Number.NaN;
    return parsePlainNumber(s.replace(/[^0-9+\-.eE]/g, ''));
  }
  // Decimal comma.
  if (s.indexOf(',') < 0 && (f.thousands === '' || s.indexOf(f.thousands) < 0) && !(f.thousands === ' ' && /[\u00a0\u202f]/.test(s))) {
    // No comma and no separator: an integer or exponent form; a dot here would be ambiguous.
    return s.indexOf('.') >= 0 ? Number.NaN : parsePlainNumber(s);
  }
  if (COMMA_DECIMAL.test(s)) return parsePlainNumber(s.replace(',', '.'));
  const re = f.thousands ? GROUPED[f.thousands] : undefined;
  if (!re || !re.test(s)) return Number.NaN;
  const digits = s.replace(/[^0-9+\-,]/g, '').replace(',', '.');
  return parsePlainNumber(digits);
}

/** Whether an integer text has a leading zero (`007`, `01234`): a code such as a ZIP code, not a quantity. */
export function hasLeadingZero(s: string): boolean {
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1;
  if (s.charCodeAt(i) !== 48 || s.length < i + 2) return false;
  const c1 = s.charCodeAt(i + 1);
  return c1 >= 48 && c1 <= 57;
}

const TRUE_WORDS = new Set(['true']);
const FALSE_WORDS = new Set(['false']);

/**
 * Reads a boolean label: `true`/`false` in any letter case. Yes/No, Y/N and 1/0 stay categories
 * and integers: those are ordinary two-level labels users expect to see as written.
 */
export function parseBoolean(s: string): boolean | null {
  const l = s.toLowerCase();
  if (TRUE_WORDS.has(l)) return true;
  if (FALSE_WORDS.has(l)) return false;
  return null;
}

/** A copy of a string that does not keep a larger parent string alive (V8 slices share storage). */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
