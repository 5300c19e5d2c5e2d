/**
 * Where every reader's rows go: column builders, one per column, fed cell by cell. Handles the
 * header row, rows of the wrong width, the map from data rows back to file lines, bad-cell
 * problems and the `onBadRow` policy, so each reader only tokenizes its format.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { ColumnBuilder, uniqueHeaderNames, type BuilderOptions, type ColumnFlag } from '../../core/frame/builder';
import { Frame, type Column } from '../../core/frame/frame';
import type { ColumnKind } from '../../core/frame/kinds';
import type { BadRowPolicy, CommonImportSettings } from '../../core/frame/settings';
import type { NumberFormat } from '../../core/frame/values';
import { AppError } from '../../shared/errors';
import { badValueMessage, problemError, ProblemLog, type ImportProblem, type ProblemGroup } from './problems';

/** A typed cell from a spreadsheet, Parquet or JSON source. Dates come as `{ date: epochMs }`. */
export type TypedCell = string | number | boolean | null | undefined | { date: number };

/** What import learned about one column. */
export interface ColumnReport {
  name: string;
  kind: ColumnKind;
  missing: number;
  /** Cells that did not fit the kind and were made missing. */
  bad: number;
  flags: ColumnFlag[];
  timezone?: string;
}

export interface SinkResult {
  frame: Frame;
  columns: ColumnReport[];
  problems: ImportProblem[];
  problemCount: number;
  problemGroups: ProblemGroup[];
  /** Rows left out (too many values). */
  rowsSkipped: number;
}

export interface SinkOptions extends Pick<CommonImportSettings, 'missing' | 'dateOrder' | 'columnKinds'> {
  file: string;
  header: boolean;
  /** Lines (or sheet rows) before the header or first row to ignore. */
  skipLines: number;
  numbers?: NumberFormat;
  onBadRow: BadRowPolicy;
  /** Stop taking rows after this many data rows (previews). */
  maxRows?: number;
  /** Fixed column names (typed sources); no header row is read then. */
  names?: string[];
  /** Zones of typed date columns, by column index. */
  timezones?: (string | undefined)[];
  /** What to call a line in messages: sheet and Parquet rows are 'row'. */
  lineWord?: 'line' | 'row';
  /** Pad short rows without a problem: spreadsheets leave trailing empty cells out. */
  quietShortRows?: boolean;
}

export class RowSink {
  readonly #o: SinkOptions;
  readonly #log = new ProblemLog();
  #builders: ColumnBuilder[] | null = null;
  #emptyHeader: boolean[] = [];
  #width = 0;
  #rows = 0;
  #skipped = 0;
  // Data row r sits on line r + delta, with delta changing at the rows listed here.
  #bpRows: number[] = [];
  #bpDelta: number[] = [];
  #delta = Number.NaN;
  #headerLine = 0;

  constructor(o: SinkOptions) {
    this.#o = o;
    if (o.names) this.#start(o.names, o.names.length, 0, true);
  }

  get rows(): number {
    return this.#rows;
  }

  /** True once `maxRows` data rows are in. */
  get full(): boolean {
    return this.#o.maxRows !== undefined && this.#rows >= this.#o.maxRows;
  }

  get names(): string[] {
    return this.#builders ? this.#builders.map((b) => b.name) : [];
  }

  /** Adds a problem that is not about one cell (a quote, an encoding, a JSON line). */
  problem(p: Omit<ImportProblem, 'file'>): void {
    const full: ImportProblem = { file: this.#o.file, ...p, ...(this.#o.lineWord === 'row' && p.line !== undefined ? { unit: 'row' as const } : {}) };
    if (this.#o.onBadRow === 'stop') throw problemError(full);
    this.#log.add(full);
  }

  #builderOptions(name: string): BuilderOptions {
    const o = this.#o;
    const kind = o.columnKinds[name];
    return {
      missing: o.missing,
      ...(o.numbers ? { numbers: o.numbers } : {}),
      dateOrder: o.dateOrder,
      dateFallback: o.numbers?.decimal === ',' ? 'dmy' : 'mdy',
      ...(kind ? { kind } : {}),
    };
  }

  #start(cells: readonly string[], count: number, line: number, fixed = false): void {
    const raw = cells.slice(0, count).map((c) => c.trim());
    let names: string[];
    if (fixed || this.#o.header) {
      names = uniqueHeaderNames(raw);
      this.#headerLine = line;
      raw.forEach((h, j) => {
        if (h !== names[j] && !fixed) {
          this.#log.add({ code: 'renamed-column', file: this.#o.file, line, ...(this.#o.lineWord === 'row' ? { unit: 'row' as const } : {}), column: names[j]!, value: h,
            message: h === '' ? `column ${j + 1} has no name, so it is called \`${names[j]}\`` : `the name \`${h}\` is used more than once, so this one is called \`${names[j]}\`` });
        }
      });
    } else names = raw.map((_, j) => `column_${j + 1}`);
    this.#emptyHeader = raw.map((h) => h === '' && !fixed);
    this.#width = names.length;
    this.#builders = names.map((n, j) => {
      const opts = this.#builderOptions(n);
      const tz = this.#o.timezones?.[j];
      return new ColumnBuilder(n, tz ? { ...opts, timezone: tz } : opts);
    });
  }

  #mapLine(line: number): void {
    const r = this.#rows;
    if (line - r !== this.#delta) {
      this.#delta = line - r;
      this.#bpRows.push(r);
      this.#bpDelta.push(this.#delta);
    }
  }

  /** The file line of data row `r` (0-based). */
  lineOf(r: number): number {
    let lo = 0;
    let hi = this.#bpRows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#bpRows[mid]! <= r) lo = mid;
      else hi = mid - 1;
    }
    return r + (this.#bpDelta[lo] ?? this.#headerLine + 1);
  }

  /** Whether a row of the wrong width is kept (short rows are padded, long rows skipped unless the extras are empty). */
  #fitWidth(count: number, cells: readonly unknown[], line: number): boolean {
    const w = this.#width;
    if (count < w) {
      if (this.#o.quietShortRows) return true;
      this.problem({ code: 'too-few-values', line, found: count, wanted: w, message: `expected ${w} values, found ${count}; the missing ones are left empty` });
      return true;
    }
    for (let j = w; j < count; j++) {
      const v = cells[j];
      if (v !== null && v !== undefined && String(v).trim() !== '') {
        if (this.#rows === 0 && this.#o.header) {
          // The header names fewer columns than the first row fills: the header lacks names, not the rows values.
          for (let k = w; k < count; k++) {
            const name = this.names[this.addColumn('')]!;
            this.#log.add({ code: 'renamed-column', file: this.#o.file, line: this.#headerLine, column: name, message: `the header names ${w} columns but rows have ${count} values; column ${k + 1} is called \`${name}\`` });
          }
          return true;
        }
        this.problem({ code: 'too-many-values', line, found: count, wanted: w, message: `expected ${w} values, found ${count}; the row is left out` });
        this.#skipped++;
        return false;
      }
    }
    return true;
  }

  /** One row of text cells (CSV). `cells` may be reused by the caller after this returns. */
  textRow(cells: readonly string[], count: number, line: number): void {
    if (line <= this.#o.skipLines || this.full) return;
    let b = this.#builders;
    if (!b) {
      this.#start(cells, count, line);
      if (this.#o.header) return;
      b = this.#builders!;
    }
    if (count !== this.#width && !this.#fitWidth(count, cells, line)) return;
    const w = this.#width;
    b = this.#builders!;
    this.#mapLine(line);
    this.#rows++;
    if (count >= w) for (let j = 0; j < w; j++) b[j]!.push(cells[j]!);
    else for (let j = 0; j < w; j++) b[j]!.push(j < count ? cells[j]! : '');
  }

  /** One row of CSV cells given as ranges of `text` (see CsvTokenizer `onRanges`): no string per cell. */
  rangeRow(text: string, starts: Int32Array, ends: Int32Array, values: readonly (string | undefined)[], count: number, line: number): void {
    if (line <= this.#o.skipLines || this.full) return;
    const w = this.#width;
    if (!this.#builders || count !== w) {
      const cells: string[] = [];
      for (let j = 0; j < count; j++) cells.push(values[j] ?? text.slice(starts[j]!, ends[j]!));
      this.textRow(cells, count, line);
      return;
    }
    this.#mapLine(line);
    this.#rows++;
    const b = this.#builders;
    for (let j = 0; j < w; j++) {
      const v = values[j];
      if (v === undefined) b[j]!.pushRange(text, starts[j]!, ends[j]!);
      else b[j]!.push(v);
    }
  }

  /** One row of typed cells (spreadsheets, JSON). */
  typedRow(cells: readonly TypedCell[], count: number, line: number): void {
    if (line <= this.#o.skipLines || this.full) return;
    if (!this.#builders) {
      const texts = cells.slice(0, count).map((c) => (c === null || c === undefined ? '' : typeof c === 'object' ? new Date(c.date).toISOString().slice(0, 10) : String(c)));
      this.#start(texts, count, line);
      if (this.#o.header) return;
    }
    if (count !== this.#width && !this.#fitWidth(count, cells, line)) return;
    const w = this.#width;
    this.#mapLine(line);
    this.#rows++;
    const b = this.#builders!;
    for (let j = 0; j < w; j++) pushTyped(b[j]!, j < count ? cells[j] : null);
  }

  /** Adds a column that appears only now (JSON keys): earlier rows are missing in it. Returns its index. */
  addColumn(key: string): number {
    const j = this.#width;
    const taken = new Set(this.names);
    let name = key.trim() || `column_${j + 1}`;
    for (let k = 2; taken.has(name); k++) name = `${key.trim() || `column_${j + 1}`}_${k}`;
    const b = new ColumnBuilder(name, this.#builderOptions(name));
    for (let r = 0; r < this.#rows; r++) b.pushMissing();
    this.#builders!.push(b);
    this.#emptyHeader.push(false);
    this.#width++;
    return j;
  }

  /** One column's slice of values for rows [start, start + values.length) — columnar sources. */
  builder(j: number): ColumnBuilder {
    return this.#builders![j]!;
  }

  /** Counts rows added column by column through `builder()`. */
  addRows(n: number, firstLine: number): void {
    this.#mapLine(firstLine);
    this.#rows += n;
  }

  /** Builds the frame; yields to the event loop between columns. */
  async finish(signal?: AbortSignal): Promise<SinkResult> {
    const o = this.#o;
    if (!this.#builders) throw new AppError('bad-input', `The file ${o.file} is empty: it has no ${o.header ? 'header row' : 'rows'}.`, { file: o.file, line: 1 });
    if (this.#builders.length === 0) throw new AppError('bad-input', `The file ${o.file} holds no columns.`, { file: o.file });
    if (this.#rows === 0 && !o.names) throw new AppError('bad-input', `The file ${o.file} has a header but no data rows.`, { file: o.file, line: this.#headerLine + 1 });
    const columns: Column[] = [];
    const reports: ColumnReport[] = [];
    const badProblems: ImportProblem[] = [];
    for (let j = 0; j < this.#builders.length; j++) {
      if (signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
      if (j > 0 && this.#rows > 50_000) await yieldToLoop();
      const built = this.#builders[j]!.finish();
      this.#builders[j] = new ColumnBuilder(built.column.name); // let the streaming buffers go
      const c = built.column;
      if (this.#emptyHeader[j] && built.flags.includes('all-missing')) continue; // a trailing delimiter, not a column
      columns.push(c);
      reports.push({ name: c.name, kind: c.kind, missing: built.missing, bad: built.badCount, flags: built.flags, ...('timezone' in c && c.timezone ? { timezone: c.timezone } : {}) });
      if (built.badCount > 0) {
        const expected = built.expected ?? 'number';
        for (const b of built.bad) {
          badProblems.push({ code: 'bad-value', file: o.file, line: this.lineOf(b.row), ...(o.lineWord === 'row' ? { unit: 'row' as const } : {}), column: c.name, value: b.value, expected, message: badValueMessage(expected, b.value) });
        }
        const extra = built.badCount - built.bad.length;
        if (extra > 0) this.#log.add({ code: 'bad-value', file: o.file, column: c.name, expected, message: `${extra} more values that are not ${expected === 'integer' ? 'whole numbers' : expected + 's'}` }, extra);
      }
    }
    if (badProblems.length) {
      badProblems.sort((a, b) => a.line! - b.line!);
      if (o.onBadRow === 'stop') throw problemError(badProblems[0]!);
      for (const p of badProblems) this.#log.add(p);
    }
    return { frame: new Frame(columns), columns: reports, problems: this.#log.list(), problemCount: this.#log.count, problemGroups: this.#log.groups(), rowsSkipped: this.#skipped };
  }
}

export function pushTyped(b: ColumnBuilder, v: TypedCell): void {
  if (v === null || v === undefined) b.pushMissing();
  else if (typeof v === 'string') b.push(v);
  else if (typeof v === 'number') b.pushNumber(v);
  else if (typeof v === 'boolean') b.pushBoolean(v);
  else b.pushDate(v.date);
}
