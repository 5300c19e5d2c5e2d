/**
 * The columnar Frame: typed columns, never an array of row objects.
 * Numbers live in Float64Array (NaN = missing); categories, text and identifiers as Int32Array
 * codes into a dictionary (-1 = missing).
 *
 * Dates are a Float64Array of epoch milliseconds (NaN = missing) with kind 'date', so every column
 * is stored either as 'f64' values or as 'i32' codes + dictionary. `isNumeric` is true for them
 * (it means "holds `values`"), which keeps the project store and pipeline code unchanged; use
 * `isNumberKind` for "is a number or an integer".
 *
 * Booleans are coded columns of kind 'boolean' whose dictionary holds the file's own labels with
 * false first: code 0 = false, code 1 = true (e.g. ['FALSE', 'TRUE']).
 */
import type { ColumnKind } from './kinds';

export type { ColumnKind };

export interface NumericColumn {
  readonly name: string;
  readonly kind: 'number' | 'integer';
  readonly values: Float64Array;
}

export interface CodedColumn {
  readonly name: string;
  readonly kind: 'category' | 'boolean' | 'text' | 'identifier' | 'date';
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

/**
 * Dates and times as epoch milliseconds (NaN = missing).
 * `timezone` says how to read them: absent = the file gave no zone, so the values are wall-clock
 * times stored as if they were UTC; 'UTC' or a fixed offset like '+02:00' = every value carried
 * that zone and the values are true instants; 'mixed' = values carried different offsets and were
 * all converted to UTC instants.
 */
export interface DateColumn {
  readonly name: string;
  readonly kind: 'date';
  readonly values: Float64Array;
  readonly timezone?: string;
}

export type Column = NumericColumn | DateColumn | CodedColumn;

export const MISSING_CODE = -1;

/** True for columns that hold `values` (numbers, integers and dates); false for coded columns. */
export function isNumeric(c: Column): c is NumericColumn | DateColumn {
  return 'values' in c;
}

/** True for number and integer columns only (not dates). */
export function isNumberKind(c: Column): c is NumericColumn {
  return c.kind === 'number' || c.kind === 'integer';
}

/** True for a date column held as epoch milliseconds. */
export function isDate(c: Column): c is DateColumn {
  return c.kind === 'date' && 'values' in c;
}

/** True for columns held as codes + dictionary (category, boolean, text, identifier). */
export function isCoded(c: Column): c is CodedColumn {
  return 'codes' in c;
}

const DAY_MS = 86_400_000;

/**
 * A date value as ISO 8601 text: `YYYY-MM-DD` at midnight without a zone, else with the time, and
 * with `Z` or the column's fixed offset when it has one.
 */
export function formatDate(ms: number, timezone?: string): string {
  if (!Number.isFinite(ms)) return '';
  let offsetMin = 0;
  let suffix = '';
  if (timezone === 'UTC' || timezone === 'mixed') suffix = 'Z';
  else if (timezone) {
    const m = /^([+-])(\d{2}):(\d{2})$/.exec(timezone);
    if (m) {
      offsetMin = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
      suffix = timezone;
    }
  }
  const local = ms + offsetMin * 60_000;
  const iso = new Date(local).toISOString();
  if (!suffix && local % DAY_MS === 0) return iso.slice(0, 10);
  const time = local % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23);
  return time + suffix;
}

/** An immutable table of equal-length typed columns. */
export class Frame {
  readonly rows: number;
  readonly columns: readonly Column[];
  readonly #byName: Map<string, Column>;

  constructor(columns: readonly Column[]) {
    this.columns = columns;
    this.rows = columns.length ? columnLength(columns[0]!) : 0;
    this.#byName = new Map();
    for (const c of columns) {
      if (columnLength(c) !== this.rows) throw new Error(`Column ${c.name} has ${columnLength(c)} rows, expected ${this.rows}.`);
      if (this.#byName.has(c.name)) throw new Error(`Duplicate column name ${c.name}.`);
      this.#byName.set(c.name, c);
    }
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  column(name: string): Column {
    const c = this.#byName.get(name);
    if (!c) throw new Error(`No column named ${name}.`);
    return c;
  }

  /** A cell as a display value: number, string (dates as ISO 8601 text), or null when missing. */
  cell(row: number, col: Column): string | number | null {
    if (isNumeric(col)) {
      const v = col.values[row]!;
      if (Number.isNaN(v)) return null;
      return col.kind === 'date' ? formatDate(v, (col as DateColumn).timezone) : v;
    }
    const code = col.codes[row]!;
    return code < 0 ? null : col.dictionary[code]!;
  }

  /** Rows picked by index, in the given order. */
  take(indices: ArrayLike<number>): Frame {
    return new Frame(this.columns.map((c) => takeColumn(c, indices)));
  }
}

export function columnLength(c: Column): number {
  return isNumeric(c) ? c.values.length : c.codes.length;
}

export function takeColumn(c: Column, indices: ArrayLike<number>): Column {
  const n = indices.length;
  if (isNumeric(c)) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c.values[indices[i]!]!;
    return { ...c, values: out };
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = c.codes[indices[i]!]!;
  return { name: c.name, kind: c.kind, codes: out, dictionary: c.dictionary };
}
