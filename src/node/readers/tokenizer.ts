/**
 * An incremental RFC 4180 tokenizer: feed it decoded text in chunks of any size and it calls back
 * once per row with the row's cells and the line number the row starts on (quoted values may
 * span lines, so rows and lines differ). Its own loop rather than papaparse's so that every row
 * carries its exact line number, cells go straight to the column builders without a row array
 * per row, and large unquoted stretches are cut with `indexOf` (no per-character loop).
 *
 * Leniency, as spreadsheets write files: a quote in the middle of an unquoted value is a plain
 * character; text after a closing quote is appended to the value (and counted in `strayQuotes`);
 * blank lines are skipped; LF and CRLF both end lines (CR alone when `newline` is 'cr').
 */

export interface TokenizerOptions {
  delimiter: string;
  quote: string;
  newline: 'lf' | 'cr';
  /** Called per row; `cells` is reused, only its first `count` entries belong to this row. */
  onRow?: (cells: string[], count: number, line: number) => void;
  /**
   * Called per row instead of `onRow`, without making a string per cell: cell j is
   * `values[j]` when defined (a quoted value that needed unescaping), else `text.slice(starts[j], ends[j])`.
   * The arrays are reused; `text` is valid only during the call.
   */
  onRanges?: (text: string, starts: Int32Array, ends: Int32Array, values: (string | undefined)[], count: number, line: number) => void;
  /** Longest row accepted, in characters: a quote that never closes would otherwise swallow the file. */
  maxRowChars?: number;
}

/** A quoted value that did not close within `maxRowChars`. */
export class UnclosedQuoteError extends Error {
  readonly line: number;
  constructor(line: number) {
    super(`a quoted value starting on line ${line} is never closed`);
    this.line = line;
  }
}

export class CsvTokenizer {
  /** Line number (1-based) where the next row starts. */
  #line = 1;
  #rest = '';
  readonly #delim: string;
  readonly #d: number;
  readonly #quote: string;
  readonly #q: number;
  readonly #nlChar: string;
  readonly #nl: number;
  readonly #onRow: TokenizerOptions['onRow'];
  readonly #onRanges: TokenizerOptions['onRanges'];
  readonly #maxRow: number;
  readonly #cells: string[] = [];
  #starts: Int32Array = new Int32Array(64);
  #ends: Int32Array = new Int32Array(64);
  readonly #values: (string | undefined)[] = [];
  /** Values with text after their closing quote. */
  strayQuotes = 0;
  /** Line of a quoted value still open at the end of the input, if any. */
  unclosedQuoteLine: number | null = null;

  constructor(o: TokenizerOptions) {
    if (o.delimiter.length !== 1 || o.quote.length !== 1) throw new Error('The delimiter and the quote must be one character each.');
    this.#delim = o.delimiter;
    this.#d = o.delimiter.charCodeAt(0);
    this.#quote = o.quote;
    this.#q = o.quote.charCodeAt(0);
    this.#nlChar = o.newline === 'cr' ? '\r' : '\n';
    this.#nl = this.#nlChar.charCodeAt(0);
    this.#onRow = o.onRow;
    this.#onRanges = o.onRanges;
    if (!o.onRow === !o.onRanges) throw new Error('Give exactly one of onRow and onRanges.');
    this.#maxRow = o.maxRowChars ?? 64 * 1024 * 1024;
  }

  /** The line the next row starts on. */
  get line(): number {
    return this.#line;
  }

  /** Characters held back because their row is not complete yet. */
  get pending(): number {
    return this.#rest.length;
  }

  feed(chunk: string): void {
    this.#run(chunk, false);
  }

  /** Ends the input: the last row may lack a line ending. */
  end(): void {
    this.#run('', true);
  }

  #emit(s: string, count: number, line: number, special: boolean): void {
    const values = this.#values;
    if (this.#onRanges) this.#onRanges(s, this.#starts, this.#ends, values, count, line);
    else {
      const cells = this.#cells;
      for (let j = 0; j < count; j++) cells[j] = values[j] ?? s.slice(this.#starts[j]!, this.#ends[j]!);
      this.#onRow!(cells, count, line);
    }
    if (special) for (let j = 0; j < count; j++) values[j] = undefined;
  }

  #run(chunk: string, final: boolean): void {
    const s = this.#rest.length ? this.#rest + chunk : chunk;
    this.#rest = '';
    const n = s.length;
    const D = this.#d;
    const Q = this.#q;
    const NL = this.#nl;
    let starts = this.#starts;
    let ends = this.#ends;
    const values = this.#values;
    let p = 0;
    let di = -1; // cached next delimiter at or after p (n + 1 when none)
    let eol = -1; // cached next line ending at or after p (n + 1 when none)
    rows: while (p < n) {
      const rowStart = p;
      const line = this.#line;
      let extraLines = 0;
      let count = 0;
      let special = false; // some cell of this row is in `values`
      if (eol < p) {
        eol = s.indexOf(this.#nlChar, p);
        if (eol < 0) eol = n + 1;
      }
      if (eol > n && !final) break;
      for (;;) {
        if (count === starts.length) {
          starts = this.#starts = grow(starts);
          ends = this.#ends = grow(ends);
        }
        if (s.charCodeAt(p) === Q) {
          let from = p + 1;
          let escaped = false;
          let value = '';
          let closed = -1;
          for (;;) {
            const qi = s.indexOf(this.#quote, from);
            if (qi < 0) break;
            if (qi + 1 < n && s.charCodeAt(qi + 1) === Q) {
              value += s.slice(from, qi + 1);
              from = qi + 2;
              escaped = true;
              continue;
            }
            if (qi + 1 >= n && !final) break; // the next chunk may start with a second quote
            if (escaped) value += s.slice(from, qi);
            closed = qi;
            break;
          }
          if (closed < 0) {
            if (!final) {
              if (n - rowStart > this.#maxRow) throw new UnclosedQuoteError(line);
              p = rowStart;
              break rows;
            }
            this.unclosedQuoteLine = line;
            value += s.slice(from);
            extraLines += countChar(value, this.#nlChar);
            values[count] = value;
            special = true;
            count++;
            p = n;
            break;
          }
          const valueStart = p + 1;
          extraLines += countCharIn(s, this.#nl, valueStart, closed);
          p = closed + 1;
          if (eol < p) {
            eol = s.indexOf(this.#nlChar, p);
            if (eol < 0) eol = n + 1;
          }
          let c = p < n ? s.charCodeAt(p) : -1;
          if (c !== D && c !== NL && c !== 13 && c !== -1) {
            if (eol > n && !final) {
              p = rowStart;
              break rows;
            }
            if (di < p) {
              di = s.indexOf(this.#delim, p);
              if (di < 0) di = n + 1;
            }
            let end = di < eol ? di : Math.min(eol, n);
            if (end === eol && NL === 10 && end > p && s.charCodeAt(end - 1) === 13) end--;
            if (!escaped) value = s.slice(valueStart, closed);
            value += s.slice(p, end);
            escaped = true;
            this.strayQuotes++;
            p = end;
            c = p < n ? s.charCodeAt(p) : -1;
          }
          if (escaped) {
            values[count] = value;
            special = true;
          } else {
            starts[count] = valueStart;
            ends[count] = closed;
          }
          count++;
          if (c === D) {
            p++;
            continue;
          }
          if (c === 13 && NL === 10) {
            if (p + 1 >= n && !final) {
              p = rowStart;
              break rows;
            }
            p += s.charCodeAt(p + 1) === 10 ? 2 : 1;
          } else if (c === NL) p++;
          else if (c === 13) p++;
          else p = n;
          break;
        }
        if (di < p) {
          di = s.indexOf(this.#delim, p);
          if (di < 0) di = n + 1;
        }
        if (di < eol) {
          starts[count] = p;
          ends[count++] = di;
          p = di + 1;
          continue;
        }
        if (eol > n && !final) {
          p = rowStart; // the row's line ending is in a later chunk
          break rows;
        }
        let end = eol > n ? n : eol;
        if (NL === 10 && end > p && s.charCodeAt(end - 1) === 13) end--;
        starts[count] = p;
        ends[count++] = end;
        p = eol + 1;
        break;
      }
      this.#line = line + 1 + extraLines;
      if (count === 1 && (special ? isBlank(values[0]!, 0, values[0]!.length) : isBlank(s, starts[0]!, ends[0]!))) {
        if (special) values[0] = undefined;
        continue;
      }
      this.#emit(s, count, line, special);
    }
    values.fill(undefined); // a row cut by the chunk end may have left unescaped values behind
    if (p < n) {
      this.#rest = s.slice(p);
      if (this.#rest.length > this.#maxRow) throw new UnclosedQuoteError(this.#line);
    }
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function countCharIn(s: string, code: number, from: number, to: number): number {
  let k = 0;
  const ch = String.fromCharCode(code);
  for (let i = s.indexOf(ch, from); i >= 0 && i < to; i = s.indexOf(ch, i + 1)) k++;
  return k;
}

function countChar(s: string, ch: string): number {
  let k = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) k++;
  return k;
}

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) > 32) return false;
  return true;
}
