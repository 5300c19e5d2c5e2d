/**
 * The columnar Frame: typed columns, never an array of row objects.
 * Numbers live in Float64Array (NaN = missing); categories, text and identifiers as Int32Array
 * codes into a dictionary (-1 = missing).
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

export type Column = NumericColumn | CodedColumn;

export const MISSING_CODE = -1;

export function isNumeric(c: Column): c is NumericColumn {
  return c.kind === 'number' || c.kind === 'integer';
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

  /** A cell as a display value: number, string, or null when missing. */
  cell(row: number, col: Column): string | number | null {
    if (isNumeric(col)) {
      const v = col.values[row]!;
      return Number.isNaN(v) ? null : v;
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
    return { name: c.name, kind: c.kind, values: out };
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = c.codes[indices[i]!]!;
  return { name: c.name, kind: c.kind, codes: out, dictionary: c.dictionary };
}
