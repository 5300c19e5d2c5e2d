/**
 * Builds typed columns from a stream of text cells, one chunk at a time, and infers each
 * column's type from all of its values (not a sample), so a late `forty` in a number column
 * turns it into a category instead of silently becoming missing.
 */
import type { Column } from './frame';

/** Cell texts that mean "no value". Compared after trimming. */
export const MISSING_MARKERS: readonly string[] = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '?'];
const missingSet = new Set(MISSING_MARKERS);

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a plain decimal number (dot decimal, no thousands separators); NaN if it is not one. */
export function parseNumber(text: string): number {
  return NUMBER_RE.test(text) ? Number(text) : Number.NaN;
}

export function isMissingText(text: string): boolean {
  return missingSet.has(text);
}

/** Accumulates one column. Numbers are kept as numbers until a cell proves the column is not numeric. */
export class ColumnBuilder {
  readonly name: string;
  #length = 0;
  #numeric = true;
  #integer = true;
  #nonMissing = 0;
  #numbers: Float64Array = new Float64Array(1024);
  #codes: Int32Array | null = null;
  #dict = new Map<string, number>();
  #dictionary: string[] = [];

  constructor(name: string) {
    this.name = name;
  }

  get length(): number {
    return this.#length;
  }

  push(raw: string): void {
    const text = raw.trim();
    const i = this.#length++;
    if (this.#numeric) {
      if (i >= this.#numbers.length) this.#numbers = grow(this.#numbers, i);
      if (missingSet.has(text)) {
        this.#numbers[i] = Number.NaN;
        return;
      }
      const v = parseNumber(text);
      if (!Number.isNaN(v)) {
        this.#nonMissing++;
        if (this.#integer && !Number.isInteger(v)) this.#integer = false;
        this.#numbers[i] = v;
        return;
      }
      this.#switchToCodes(i);
    }
    const codes = (this.#codes = this.#codes!.length > i ? this.#codes! : grow(this.#codes!, i));
    if (missingSet.has(text)) {
      codes[i] = -1;
      return;
    }
    this.#nonMissing++;
    codes[i] = this.#code(text);
  }

  #code(text: string): number {
    let c = this.#dict.get(text);
    if (c === undefined) {
      c = this.#dictionary.length;
      this.#dict.set(text, c);
      this.#dictionary.push(text);
    }
    return c;
  }

  /** A non-number arrived: re-express the numbers seen so far as category codes. */
  #switchToCodes(upTo: number): void {
    this.#numeric = false;
    const codes = new Int32Array(Math.max(1024, this.#numbers.length));
    for (let j = 0; j < upTo; j++) {
      const v = this.#numbers[j]!;
      codes[j] = Number.isNaN(v) ? -1 : this.#code(String(v));
    }
    this.#codes = codes;
    this.#numbers = new Float64Array(0);
  }

  /** Finishes the column and decides its type. */
  build(): Column {
    const n = this.#length;
    if (this.#numeric) {
      const values = this.#numbers.slice(0, n);
      const kind = this.#nonMissing > 0 && this.#integer ? 'integer' : 'number';
      return { name: this.name, kind, values };
    }
    const codes = this.#codes!.slice(0, n);
    const distinct = this.#dictionary.length;
    let kind: 'category' | 'text' | 'identifier' = 'category';
    if (distinct > 0.5 * n && distinct > 20) {
      let spaces = 0;
      let totalLength = 0;
      for (const s of this.#dictionary) {
        totalLength += s.length;
        if (s.includes(' ')) spaces++;
      }
      kind = spaces > 0.5 * distinct && totalLength / distinct > 20 ? 'text' : 'identifier';
    }
    return { name: this.name, kind, codes, dictionary: this.#dictionary };
  }
}

function grow<T extends Float64Array | Int32Array>(a: T, needed: number): T {
  let size = a.length || 1024;
  while (size <= needed) size *= 2;
  const b = new (a.constructor as { new (n: number): T })(size);
  b.set(a);
  return b;
}

/** Names every column uniquely and non-empty: blank → `column_3`, repeats → `name_2`. */
export function uniqueHeaderNames(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((h, i) => {
    const base = h.trim() || `column_${i + 1}`;
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    return name;
  });
}
