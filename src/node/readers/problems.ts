/**
 * Problems found while importing: each names the file, the line (or sheet row) and the column, so
 * nothing is dropped or blanked silently. The first `MAX_PROBLEMS` are kept in detail, in line
 * order; `count` has them all.
 */
import { AppError } from '../../shared/errors';

export type ProblemCode =
  | 'too-few-values' // a row has fewer values than the header: the rest are missing
  | 'too-many-values' // a row has more (non-empty) values than the header: the row is skipped
  | 'bad-value' // a value does not fit its column's kind: it is made missing
  | 'unclosed-quote' // a quoted value runs to the end of the file
  | 'stray-quote' // text after a closing quote was kept as part of the value
  | 'bad-encoding' // bytes that are not valid in the chosen encoding (shown as �)
  | 'renamed-column' // an empty or repeated column name was replaced
  | 'bad-json' // a JSON line could not be parsed or is not an object: the line is skipped
  | 'cell-error'; // a spreadsheet error value (#N/A, #DIV/0!): made missing

export interface ImportProblem {
  code: ProblemCode;
  file: string;
  /** 1-based line of a text file, or row number of a sheet or Parquet file (then `unit` is 'row'). */
  line?: number;
  unit?: 'row';
  column?: string;
  /** The offending value, as written. */
  value?: string;
  /** What a bad value should have been: 'number', 'integer', 'date' or 'boolean'. */
  expected?: string;
  /** Values found and expected in a ragged row. */
  found?: number;
  wanted?: number;
  /** Plain words without the location; `describeProblem` adds it. */
  message: string;
}

export const MAX_PROBLEMS = 1000;

const EXPECTED_WORDS: Record<string, string> = { number: 'a number', integer: 'a whole number', date: 'a date', boolean: 'true or false' };

export function badValueMessage(expected: string, value: string): string {
  return `expected ${EXPECTED_WORDS[expected] ?? expected}, found \`${value.length > 60 ? value.slice(0, 57) + '...' : value}\``;
}

/** One line for a person: "line 1042, column `age`: expected a number, found `forty`". */
export function describeProblem(p: ImportProblem): string {
  const where: string[] = [];
  if (p.line !== undefined) where.push(`${p.unit ?? 'line'} ${p.line}`);
  if (p.column !== undefined) where.push(`column \`${p.column}\``);
  return where.length ? `${where.join(', ')}: ${p.message}` : p.message;
}

/** The error a read with `onBadRow: 'stop'` rejects with. */
export function problemError(p: ImportProblem): AppError {
  return new AppError('bad-input', `${p.file}${p.line !== undefined ? `, ${p.unit ?? 'line'} ${p.line}` : ''}${p.column !== undefined ? `, column \`${p.column}\`` : ''}: ${p.message}`, {
    file: p.file, ...(p.line !== undefined ? { line: p.line } : {}), ...(p.column !== undefined ? { column: p.column } : {}), details: p,
  });
}

/** Problems per column and code, for a short summary. */
export interface ProblemGroup {
  code: ProblemCode;
  column?: string;
  count: number;
  firstLine?: number;
}

export class ProblemLog {
  readonly #list: ImportProblem[] = [];
  readonly #groups = new Map<string, ProblemGroup>();
  count = 0;

  add(p: ImportProblem, times = 1): void {
    this.count += times;
    const key = `${p.code}\u0000${p.column ?? ''}`;
    const g = this.#groups.get(key);
    if (g) {
      g.count += times;
      if (p.line !== undefined && (g.firstLine === undefined || p.line < g.firstLine)) g.firstLine = p.line;
    } else this.#groups.set(key, { code: p.code, ...(p.column !== undefined ? { column: p.column } : {}), count: times, ...(p.line !== undefined ? { firstLine: p.line } : {}) });
    if (this.#list.length < MAX_PROBLEMS * 2) this.#list.push(p);
    if (this.#list.length >= MAX_PROBLEMS * 2) this.#trim();
  }

  #trim(): void {
    this.#list.sort(byLine);
    this.#list.length = Math.min(this.#list.length, MAX_PROBLEMS);
  }

  /** The first `MAX_PROBLEMS` problems by line. */
  list(): ImportProblem[] {
    this.#trim();
    return [...this.#list];
  }

  groups(): ProblemGroup[] {
    return [...this.#groups.values()].sort((a, b) => b.count - a.count);
  }
}

function byLine(a: ImportProblem, b: ImportProblem): number {
  return (a.line ?? 0) - (b.line ?? 0);
}
