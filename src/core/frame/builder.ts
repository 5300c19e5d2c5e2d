/**
 * Builds one typed column from a stream of cells, chunk by chunk, and infers its kind from all of
 * its values (not a sample).
 *
 * Storage while streaming: numbers go into Float64Array chunks until the column proves not to be
 * numeric, then everything is re-expressed as Int32Array codes into a dictionary of distinct
 * texts. The final kind is decided in `finish()` from the whole column:
 *
 *   number / integer  at least 99 % of the non-missing cells are numbers (one stray cell is also
 *                     forgiven once the column has 20 values). The other cells become missing and
 *                     are reported as bad cells, so a `forty` in an age column does not turn
 *                     10,000 ages into categories. Integers with leading zeros (`02134`) in more
 *                     than 1 % of cells are codes, not numbers.
 *   identifier        an integer column of ≥ 50 rows, no missing, all values different, that is a
 *                     run of consecutive numbers (row numbers) or has an id-like name; or a text
 *                     column with more than 20 values of which ≥ 95 % are distinct (≥ 50 % when
 *                     it has ≥ 1,000 values) and that is not free text.
 *   boolean           99 % of the cells are `true`/`false` (any case).
 *   date              99 % of the cells are dates in one day/month order (see dates.ts).
 *   text              more than 20 distinct values, distinct for ≥ 20 % of the cells, averaging
 *                     ≥ 3 words and ≥ 15 characters: free text, not a category.
 *   category          anything else.
 * A kind the user chose (`kind` option) skips inference; cells that do not fit it are bad cells.
 */
import { MISSING_CODE, type Column } from './frame';
import type { ColumnKind } from './kinds';
import { DEFAULT_MISSING } from './settings';
import { decideDateOrder, type DateOrder, type DateParse, parseDate } from './dates';
import { ABSENT, StringTable } from './table';
import { detach, hasLeadingZero, parseBoolean, parseNumberAs, parsePlainNumber, parsePlainRange, PLAIN_NUMBERS, type NumberFormat } from './values';

/** Cell texts that meant "no value" before import settings existed; kept for callers of `isMissingText`. */
export const MISSING_MARKERS: readonly string[] = DEFAULT_MISSING;
const defaultMissingSet = new Set(MISSING_MARKERS);

/** Parses a plain decimal number (dot decimal, no thousands separators); NaN if it is not one. */
export function parseNumber(text: string): number {
  return parsePlainNumber(text);
}

export function isMissingText(text: string): boolean {
  return defaultMissingSet.has(text.trim());
}

export interface BuilderOptions {
  /** Cell texts that mean "no value", compared after trimming. */
  missing?: readonly string[];
  numbers?: NumberFormat;
  /** Day/month order for numeric dates: 'auto' decides from the column, falling back to `dateFallback`. */
  dateOrder?: 'auto' | DateOrder;
  dateFallback?: DateOrder;
  /** A kind the user chose: no inference, and cells that do not fit are bad cells. */
  kind?: ColumnKind;
  /** Zone of values given with `pushDate` ('UTC', '+02:00'); absent = wall-clock times. */
  timezone?: string;
}

/** A cell that did not fit its column's kind and was made missing. `row` is 0-based among data rows. */
export interface BadCell {
  row: number;
  value: string;
}

/** Facts about a column found while building it, for the import summary and the profile. */
export type ColumnFlag = 'constant' | 'all-missing' | 'mostly-missing' | 'date-order-guessed' | 'leading-zeros';

export interface BuiltColumn {
  column: Column;
  missing: number;
  /** Bad cells in row order, at most `MAX_BAD_CELLS` of them; `badCount` has them all. */
  bad: BadCell[];
  badCount: number;
  /** What the bad cells failed to be. */
  expected?: 'number' | 'integer' | 'date' | 'boolean';
  flags: ColumnFlag[];
}

export const MAX_BAD_CELLS = 1000;
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/** Whether `bad` stray cells among `present` non-missing ones still leave a column of that kind. */
export function fewEnoughBad(bad: number, present: number): boolean {
  return bad <= 0.01 * present || (bad === 1 && present >= 20);
}

const ID_NAME = /(^|[_\s.-])(id|key|uuid|guid|index|rownum|row_?id|row_?number)$|^(id|key|uuid|guid)[_\s.-]/i;
const CAMEL_ID = /[a-z](Id|ID|Key)$/;

const enum Mode { Numbers, Codes }

export class ColumnBuilder {
  readonly name: string;
  readonly #opts: Required<Omit<BuilderOptions, 'kind' | 'timezone'>> & Pick<BuilderOptions, 'kind' | 'timezone'>;
  readonly #plain: boolean;
  #mode = Mode.Numbers;
  #length = 0;
  // Numbers mode
  #numChunks: Float64Array[] = [];
  #num: Float64Array = new Float64Array(1024);
  #numPos = 0;
  #present = 0;
  #integer = true;
  #dateCells = 0;
  #badRows: number[] = [];
  #badTexts: string[] = [];
  // Codes mode
  #codeChunks: Int32Array[] = [];
  #codes: Int32Array = new Int32Array(0);
  #codePos = 0;
  #dict = new StringTable();
  #dictionary: string[] = [];

  constructor(name: string, opts: BuilderOptions = {}) {
    this.name = name;
    this.#opts = {
      missing: opts.missing ?? MISSING_MARKERS,
      numbers: opts.numbers ?? PLAIN_NUMBERS,
      dateOrder: opts.dateOrder ?? 'auto',
      dateFallback: opts.dateFallback ?? 'mdy',
      kind: opts.kind,
      timezone: opts.timezone,
    };
    this.#plain = this.#opts.numbers.decimal === '.' && this.#opts.numbers.thousands === '';
    for (const m of new Set(['', ...this.#opts.missing])) this.#dict.set(m, MISSING_CODE);
    const k = opts.kind;
    if (k === 'category' || k === 'text' || k === 'identifier' || k === 'boolean' || k === 'date') this.#toCodes();
  }

  get length(): number {
    return this.#length;
  }

  /** Adds one cell's text. */
  push(raw: string): void {
    if (this.#mode === Mode.Numbers) {
      const v = this.#plain ? parsePlainNumber(raw) : parseNumberAs(raw, this.#opts.numbers);
      if (v !== v) {
        this.#pushOdd(raw);
        return;
      }
      if (raw.charCodeAt(0) === 48 && raw.length > 1 && hasLeadingZero(raw)) {
        this.#leadingZero(raw);
        return;
      }
      this.#addNumber(v);
      return;
    }
    this.#pushCode(raw);
  }

  /**
   * Adds the cell `text.slice(from, to)` without making that string when it is a plain number or a
   * value already in the dictionary (most cells of a big file): the CSV reader's fast path.
   */
  pushRange(text: string, from: number, to: number): void {
    if (this.#mode === Mode.Numbers) {
      if (this.#plain) {
        const v = parsePlainRange(text, from, to);
        if (v === v && !(text.charCodeAt(from) === 48 && to - from > 1 && isDigit(text.charCodeAt(from + 1)))) {
          this.#addNumber(v);
          return;
        }
      }
      this.push(text.slice(from, to));
      return;
    }
    let c = this.#dict.getRange(text, from, to);
    if (c === ABSENT) c = this.#newCode(text.slice(from, to));
    this.#pushCodeValue(c);
  }

  /** Adds a number from a typed source (spreadsheet, Parquet, JSON); NaN is missing. */
  pushNumber(v: number): void {
    if (this.#mode === Mode.Codes) {
      if (Number.isNaN(v)) this.#pushCodeValue(MISSING_CODE);
      else this.#pushCode(String(v));
      return;
    }
    if (Number.isNaN(v)) this.#addNaN();
    else this.#addNumber(v);
  }

  /** Adds a date from a typed source as epoch ms; NaN is missing. */
  pushDate(ms: number): void {
    if (this.#mode === Mode.Codes) {
      if (Number.isNaN(ms)) this.#pushCodeValue(MISSING_CODE);
      else this.#pushCode(isoText(ms, this.#opts.timezone));
      return;
    }
    if (Number.isNaN(ms)) {
      this.#addNaN();
      return;
    }
    this.#dateCells++;
    this.#addNumber(ms);
  }

  pushBoolean(b: boolean): void {
    this.push(b ? 'true' : 'false');
  }

  pushMissing(): void {
    if (this.#mode === Mode.Codes) this.#pushCodeValue(MISSING_CODE);
    else this.#addNaN();
  }

  #addNumber(v: number): void {
    if (this.#numPos === this.#num.length) this.#growNumbers();
    this.#num[this.#numPos++] = v;
    this.#length++;
    this.#present++;
    if (this.#integer && v % 1 !== 0) this.#integer = false;
  }

  #addNaN(): void {
    if (this.#numPos === this.#num.length) this.#growNumbers();
    this.#num[this.#numPos++] = Number.NaN;
    this.#length++;
  }

  #growNumbers(): void {
    if (this.#num.length < CHUNK) {
      const b = new Float64Array(Math.min(CHUNK, this.#num.length * 4));
      b.set(this.#num);
      this.#num = b;
      return;
    }
    this.#numChunks.push(this.#num);
    this.#num = new Float64Array(CHUNK);
    this.#numPos = 0;
  }

  /** A cell that is not a plain number: spaces around it, a missing marker, a code with leading zeros, or a bad cell. */
  #pushOdd(raw: string): void {
    const t = raw.trim();
    if (t !== raw && t.length > 0) {
      const v = this.#plain ? parsePlainNumber(t) : parseNumberAs(t, this.#opts.numbers);
      if (v === v) {
        if (hasLeadingZero(t)) this.#leadingZero(raw);
        else this.#addNumber(v);
        return;
      }
    }
    if (this.#dict.get(t) === MISSING_CODE) {
      this.#addNaN();
      return;
    }
    this.#badRows.push(this.#length);
    this.#badTexts.push(detach(t));
    this.#addNaN();
    const bad = this.#badRows.length;
    if (bad > 20 && bad > 0.05 * (this.#present + bad)) this.#toCodes();
  }

  /** A number written with leading zeros: keep every text as written, the column may hold codes like ZIP codes. */
  #leadingZero(raw: string): void {
    this.#toCodes();
    this.#pushCode(raw);
  }

  #pushCode(raw: string): void {
    let c = this.#dict.get(raw);
    if (c === ABSENT) c = this.#newCode(raw);
    this.#pushCodeValue(c);
  }

  #pushCodeValue(c: number): void {
    if (this.#codePos === this.#codes.length) this.#growCodes();
    this.#codes[this.#codePos++] = c;
    this.#length++;
  }

  #growCodes(): void {
    if (this.#codes.length < CHUNK) {
      const b = new Int32Array(Math.min(CHUNK, Math.max(1024, this.#codes.length * 4)));
      b.set(this.#codes);
      this.#codes = b;
      return;
    }
    this.#codeChunks.push(this.#codes);
    this.#codes = new Int32Array(CHUNK);
    this.#codePos = 0;
  }

  /** `raw` was just looked up and is absent from the table. */
  #newCode(raw: string): number {
    const t = raw.trim();
    if (t === raw) {
      const code = this.#dictionary.length;
      const text = detach(t);
      this.#dictionary.push(text);
      this.#dict.insertLast(text, code);
      return code;
    }
    let code = this.#dict.get(t);
    if (code === ABSENT) {
      code = this.#dictionary.length;
      const text = detach(t);
      this.#dictionary.push(text);
      this.#dict.insertLast(text, code);
    }
    this.#dict.set(detach(raw), code);
    return code;
  }

  /** Re-expresses the numbers seen so far as codes of their texts (bad cells keep their own text). */
  #toCodes(): void {
    if (this.#mode === Mode.Codes) return;
    this.#mode = Mode.Codes;
    const n = this.#length;
    const nums = [...this.#numChunks, this.#num.subarray(0, this.#numPos)];
    this.#numChunks = [];
    this.#num = new Float64Array(0);
    this.#length = 0;
    const allDates = this.#dateCells > 0 && this.#dateCells === this.#present;
    let b = 0;
    let row = 0;
    for (const chunk of nums) {
      for (let k = 0; k < chunk.length; k++, row++) {
        const v = chunk[k]!;
        if (v === v) this.#pushCode(allDates ? isoText(v, this.#opts.timezone) : String(v));
        else if (b < this.#badRows.length && this.#badRows[b] === row) this.#pushCode(this.#badTexts[b++]!);
        else this.#pushCodeValue(MISSING_CODE);
      }
    }
    if (this.#length !== n) throw new Error('internal: column length changed while re-coding');
    this.#badRows = [];
    this.#badTexts = [];
  }

  /** Finishes the column and decides its kind. */
  build(): Column {
    return this.finish().column;
  }

  /** Finishes the column: its kind, its data and the cells that did not fit. */
  finish(): BuiltColumn {
    const forced = this.#opts.kind;
    if (this.#mode === Mode.Numbers) {
      const bad = this.#badRows.length;
      const fits = forced === 'number' || forced === 'integer' || fewEnoughBad(bad, this.#present + bad);
      if (fits) return this.#finishNumbers();
      this.#toCodes();
    }
    return this.#finishCodes();
  }

  #numbers(): Float64Array {
    const out = new Float64Array(this.#length);
    let o = 0;
    for (const c of this.#numChunks) {
      out.set(c, o);
      o += c.length;
    }
    out.set(this.#num.subarray(0, this.#numPos), o);
    return out;
  }

  #allCodes(): Int32Array {
    const out = new Int32Array(this.#length);
    let o = 0;
    for (const c of this.#codeChunks) {
      out.set(c, o);
      o += c.length;
    }
    out.set(this.#codes.subarray(0, this.#codePos), o);
    return out;
  }

  #finishNumbers(): BuiltColumn {
    const values = this.#numbers();
    const n = values.length;
    const missing = n - this.#present;
    const bad: BadCell[] = [];
    for (let i = 0; i < Math.min(MAX_BAD_CELLS, this.#badRows.length); i++) bad.push({ row: this.#badRows[i]!, value: this.#badTexts[i]! });
    const badCount = this.#badRows.length;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const flags = baseFlags(n, missing, this.#present > 0 && min === max);
    const forced = this.#opts.kind;
    const isDate = this.#dateCells > 0 && this.#dateCells === this.#present;
    if (isDate) {
      const tz = this.#opts.timezone;
      return { column: { name: this.name, kind: 'date', values, ...(tz ? { timezone: tz } : {}) }, missing, bad, badCount, expected: 'date', flags };
    }
    const expected = forced === 'integer' ? 'integer' : 'number';
    if (forced === 'number' || forced === 'integer') {
      let nonInt = 0;
      if (forced === 'integer') {
        for (let i = 0; i < n; i++) {
          const v = values[i]!;
          if (v === v && v % 1 !== 0) {
            if (bad.length < MAX_BAD_CELLS) bad.push({ row: i, value: String(v) });
            values[i] = Number.NaN;
            nonInt++;
          }
        }
        bad.sort((a, b) => a.row - b.row);
      }
      return { column: { name: this.name, kind: forced, values }, missing: missing + nonInt, bad, badCount: badCount + nonInt, expected, flags };
    }
    if (this.#integer && this.#present > 0 && this.#looksLikeRowId(values, min, max)) {
      return { column: integerIdentifier(this.name, values), missing, bad, badCount, flags };
    }
    const kind = this.#present > 0 && this.#integer ? 'integer' : 'number';
    return { column: { name: this.name, kind, values }, missing, bad, badCount, expected, flags };
  }

  /** Unique integers with no gaps in a run of consecutive values, or with an id-like name: row numbers and keys. */
  #looksLikeRowId(values: Float64Array, min: number, max: number): boolean {
    const n = values.length;
    if (n < 50 || this.#present !== n) return false;
    if (max - min + 1 === n) {
      const seen = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const k = values[i]! - min;
        if (seen[k]) return false;
        seen[k] = 1;
      }
      return true;
    }
    if (!ID_NAME.test(this.name) && !CAMEL_ID.test(this.name)) return false;
    const sorted = Float64Array.from(values).sort();
    for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) return false;
    return true;
  }

  #finishCodes(): BuiltColumn {
    const codes = this.#allCodes();
    const dict = this.#dictionary;
    const counts = new Float64Array(dict.length);
    let missing = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c < 0) missing++;
      else counts[c]!++;
    }
    const present = codes.length - missing;
    const forced = this.#opts.kind;
    const distinct = countPositive(counts);
    const flags = baseFlags(codes.length, missing, distinct === 1);

    if (forced === undefined || forced === 'number' || forced === 'integer') {
      const r = this.#asNumbers(codes, counts, present, forced !== undefined);
      if (r) {
        r.flags.push(...flags.filter((f) => !r.flags.includes(f)));
        return r;
      }
    }
    if (forced === undefined || forced === 'boolean') {
      const r = this.#asBooleans(codes, counts, present, forced === 'boolean', flags);
      if (r) return r;
    }
    if (forced === undefined || forced === 'date') {
      const r = this.#asDates(codes, counts, present, forced === 'date', flags);
      if (r) return r;
    }
    const kind = forced === 'category' || forced === 'text' || forced === 'identifier' ? forced : stringKind(dict, counts, distinct, present);
    return { column: { name: this.name, kind, codes, dictionary: dict }, missing, bad: [], badCount: 0, flags };
  }

  /** The coded column read as numbers, if enough of its cells are numbers (or the user said so). */
  #asNumbers(codes: Int32Array, counts: Float64Array, present: number, forced: boolean): BuiltColumn | null {
    const dict = this.#dictionary;
    if (!forced && !mostlyParse(dict, counts, (t) => !Number.isNaN(this.#plain ? parsePlainNumber(t) : parseNumberAs(t, this.#opts.numbers)))) return null;
    const table = new Float64Array(dict.length);
    let good = 0;
    let zeros = 0;
    let integer = true;
    for (let c = 0; c < dict.length; c++) {
      if (counts[c] === 0) continue;
      const s = dict[c]!;
      const v = this.#plain ? parsePlainNumber(s) : parseNumberAs(s, this.#opts.numbers);
      table[c] = v;
      if (v === v) {
        good += counts[c]!;
        if (hasLeadingZero(s)) zeros += counts[c]!;
        if (v % 1 !== 0) integer = false;
      }
    }
    if (!forced) {
      if (good === 0 || !fewEnoughBad(present - good, present)) return null;
      if (zeros > 0.01 * present) return null;
    }
    const kind = this.#opts.kind === 'integer' ? 'integer' : this.#opts.kind === 'number' ? 'number' : integer ? 'integer' : 'number';
    const values = new Float64Array(codes.length);
    const bad: BadCell[] = [];
    let badCount = 0;
    let missing = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      let v = c < 0 ? Number.NaN : table[c]!;
      if (kind === 'integer' && v % 1 !== 0) v = Number.NaN;
      values[i] = v;
      if (v !== v) {
        missing++;
        if (c >= 0) {
          badCount++;
          if (bad.length < MAX_BAD_CELLS) bad.push({ row: i, value: dict[c]! });
        }
      }
    }
    const flags: ColumnFlag[] = zeros > 0 ? ['leading-zeros'] : [];
    return { column: { name: this.name, kind, values }, missing, bad, badCount, expected: kind, flags };
  }

  #asBooleans(codes: Int32Array, counts: Float64Array, present: number, forced: boolean, flags: ColumnFlag[]): BuiltColumn | null {
    const dict = this.#dictionary;
    if (!forced && !mostlyParse(dict, counts, (t) => parseBoolean(t) !== null)) return null;
    const table = new Int32Array(dict.length).fill(-2);
    const label: [string, number][] = [['', -1], ['', -1]];
    let good = 0;
    for (let c = 0; c < dict.length; c++) {
      if (counts[c] === 0) continue;
      const b = forced ? parseBooleanLoose(dict[c]!) : parseBoolean(dict[c]!);
      if (b === null) continue;
      const k = b ? 1 : 0;
      table[c] = k;
      good += counts[c]!;
      if (counts[c]! > label[k]![1]) label[k] = [dict[c]!, counts[c]!];
    }
    if (!forced && (good === 0 || !fewEnoughBad(present - good, present))) return null;
    const dictionary = [label[0]![0] || counterpart(label[1]![0], false), label[1]![0] || counterpart(label[0]![0], true)];
    const out = new Int32Array(codes.length);
    const bad: BadCell[] = [];
    let badCount = 0;
    let missing = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      const k = c < 0 ? -1 : table[c]!;
      if (k < 0) {
        out[i] = MISSING_CODE;
        missing++;
        if (k === -2) {
          badCount++;
          if (bad.length < MAX_BAD_CELLS) bad.push({ row: i, value: dict[c]! });
        }
      } else out[i] = k;
    }
    return { column: { name: this.name, kind: 'boolean', codes: out, dictionary }, missing, bad, badCount, expected: 'boolean', flags };
  }

  #asDates(codes: Int32Array, counts: Float64Array, present: number, forced: boolean, flags: ColumnFlag[]): BuiltColumn | null {
    const dict = this.#dictionary;
    if (!forced && !mostlyParse(dict, counts, (t) => parseDate(t) !== null)) return null;
    const parses: (DateParse | null)[] = new Array(dict.length);
    let good = 0;
    for (let c = 0; c < dict.length; c++) {
      if (counts[c] === 0) continue;
      const p = parseDate(dict[c]!);
      parses[c] = p;
      if (p) good += counts[c]!;
    }
    if (!forced && !fewEnoughBad(present - good, present)) return null;
    const decision = decideDateOrder(parses.filter((p): p is DateParse => !!p), this.#opts.dateOrder, this.#opts.dateFallback);
    if (!decision && !forced) return null;
    const order = decision?.order ?? this.#opts.dateFallback;
    const table = new Float64Array(dict.length);
    for (let c = 0; c < dict.length; c++) {
      const p = parses[c];
      table[c] = p ? (order === 'dmy' ? p.dmy : p.mdy) ?? Number.NaN : Number.NaN;
    }
    const values = new Float64Array(codes.length);
    const bad: BadCell[] = [];
    let badCount = 0;
    let missing = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      const v = c < 0 ? Number.NaN : table[c]!;
      values[i] = v;
      if (v !== v) {
        missing++;
        if (c >= 0) {
          badCount++;
          if (bad.length < MAX_BAD_CELLS) bad.push({ row: i, value: dict[c]! });
        }
      }
    }
    const f = [...flags];
    if (decision?.orderGuessed) f.push('date-order-guessed');
    const tz = decision?.timezone;
    return { column: { name: this.name, kind: 'date', values, ...(tz ? { timezone: tz } : {}) }, missing, bad, badCount, expected: 'date', flags: f };
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A typed date as text for a coded column: with `Z` only when the source said the values are UTC. */
function isoText(ms: number, timezone: string | undefined): string {
  const iso = new Date(ms).toISOString();
  return timezone ? iso : iso.slice(0, 23);
}

/** Cheap rejection before reading a whole dictionary: most of its first 200 used values must parse. */
function mostlyParse(dict: readonly string[], counts: Float64Array, ok: (s: string) => boolean): boolean {
  let tried = 0;
  let good = 0;
  for (let c = 0; c < dict.length && tried < 200; c++) {
    if (counts[c] === 0) continue;
    tried++;
    if (ok(dict[c]!)) good++;
  }
  return good > 0 && good >= 0.5 * tried;
}

function countPositive(counts: Float64Array): number {
  let d = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) d++;
  return d;
}

function baseFlags(n: number, missing: number, constant: boolean): ColumnFlag[] {
  const flags: ColumnFlag[] = [];
  if (n > 0 && missing === n) flags.push('all-missing');
  else if (n > 0 && missing >= 0.5 * n) flags.push('mostly-missing');
  if (constant && missing < n) flags.push('constant');
  return flags;
}

/** Category, free text or identifier, from the distinct texts and their counts. */
export function stringKind(dict: readonly string[], counts: ArrayLike<number>, distinct: number, present: number): 'category' | 'text' | 'identifier' {
  if (distinct <= 20) return 'category';
  let words = 0;
  let chars = 0;
  let seen = 0;
  for (let c = 0; c < dict.length && seen < 5000; c++) {
    if (!(counts[c]! > 0)) continue;
    const s = dict[c]!;
    seen++;
    chars += s.length;
    words += countWords(s);
  }
  if (distinct >= 0.2 * present && words / seen >= 3 && chars / seen >= 15) return 'text';
  if (distinct >= 0.95 * present || (distinct >= 0.5 * present && present >= 1000)) return 'identifier';
  return 'category';
}

function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = s.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

function integerIdentifier(name: string, values: Float64Array): Column {
  const dictionary: string[] = new Array(values.length);
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    dictionary[i] = String(values[i]);
    codes[i] = i;
  }
  return { name, kind: 'identifier', codes, dictionary };
}

const LOOSE_TRUE = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const LOOSE_FALSE = new Set(['false', 'f', 'no', 'n', '0', 'off']);
function parseBooleanLoose(s: string): boolean | null {
  const l = s.toLowerCase();
  return LOOSE_TRUE.has(l) ? true : LOOSE_FALSE.has(l) ? false : null;
}

/** The other boolean label in the same style, for a column that holds only one of them. */
function counterpart(label: string, wantTrue: boolean): string {
  const word = wantTrue ? 'true' : 'false';
  if (!label) return word;
  if (label === label.toUpperCase()) return word.toUpperCase();
  if (label[0] === label[0]!.toUpperCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/** Names every column uniquely and non-empty: blank → `column_3`, repeats → `name_2`. */
export function uniqueHeaderNames(header: readonly string[]): string[] {
  const seen = new Set<string>();
  const taken = new Set(header.map((h) => h.trim()));
  return header.map((h, i) => {
    let base = h.trim();
    if (!base) {
      base = `column_${i + 1}`;
      for (let k = 2; taken.has(base); k++) base = `column_${i + 1}_${k}`;
    }
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    return name;
  });
}
