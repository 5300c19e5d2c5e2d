/**
 * Delimited text files (CSV, TSV, semicolon and pipe files) streamed into a columnar Frame: the
 * file is read in 1 MB chunks, decoded with a streaming TextDecoder, cut into cells by
 * CsvTokenizer and pushed straight into column builders. Between chunks the event loop runs, so
 * progress, cancel and other work in the process keep going. Memory holds the columns being
 * built, never the file's text.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { csvSettings, DEFAULT_MISSING, type CsvSettings } from '../../core/frame/settings';
import { AppError } from '../../shared/errors';
import { detectDelimiter, detectEncoding, detectHeader, detectLineEnding, detectNumberFormat, detectQuote, detectSkipLines, sampleRows } from './detect';
import { describeProblem } from './problems';
import { RowSink } from './sink';
import { cancelled, displayName, fileSize, headBytes, previewOf, streamText, Throttle, type Preview, type ReadOptions, type ReadResult } from './source';
import { CsvTokenizer, UnclosedQuoteError } from './tokenizer';

export type { ReadOptions, ReadProgress, ReadResult } from './source';

/** Bytes looked at to detect the settings. */
export const DETECT_BYTES = 1 << 20;

export interface CsvReadOptions extends ReadOptions {
  /** Settings to use instead of detected ones; any field left out is detected. */
  settings?: Partial<CsvSettings>;
  /** Stop after this many data rows (previews). */
  maxRows?: number;
}

/** Detects every CSV setting from the first ~1 MB. Fields given in `fixed` are taken as they are and guide the rest. */
export async function detectCsv(path: string, fixed: Partial<CsvSettings> = {}, opts: { displayName?: string } = {}): Promise<CsvSettings> {
  const file = displayName(path, opts);
  const size = await fileSize(path, file);
  const bytes = await headBytes(path, file, Math.min(size, DETECT_BYTES));
  await yieldToLoop();
  return detectCsvBytes(bytes, size <= DETECT_BYTES, fixed);
}

/** Detection on a byte sample; `whole` says whether the sample is the entire file. */
export function detectCsvBytes(bytes: Uint8Array, whole: boolean, fixed: Partial<CsvSettings> = {}): CsvSettings {
  const enc = detectEncoding(bytes);
  const encoding = fixed.encoding ?? enc.encoding;
  const bom = fixed.encoding && fixed.encoding !== enc.encoding ? false : enc.bom;
  const text = new TextDecoder(encoding).decode(bytes, { stream: !whole });
  const lineEnding = fixed.lineEnding ?? detectLineEnding(text);
  const quote = fixed.quote ?? detectQuote(text.slice(0, 65536), fixed.delimiter ?? ',');
  const delimiter = fixed.delimiter ?? detectDelimiter(text, quote, lineEnding, whole);
  const missing = fixed.missing ?? [...DEFAULT_MISSING];
  let rows = sampleRows(text, delimiter, quote, lineEnding, 300, whole);
  const skipLines = fixed.skipLines ?? detectSkipLines(rows);
  rows = rows.filter((r) => r.line > skipLines);
  const header = fixed.header ?? detectHeader(rows, missing);
  const numbers = detectNumberFormat(header ? rows.slice(1) : rows, delimiter);
  return csvSettings({
    encoding, bom, lineEnding, quote, delimiter, skipLines, header, missing,
    decimal: fixed.decimal ?? numbers.decimal,
    thousands: fixed.thousands ?? (fixed.decimal && fixed.decimal !== numbers.decimal ? (fixed.decimal === ',' ? '.' : '') : numbers.thousands),
    dateOrder: fixed.dateOrder ?? 'auto',
    columnKinds: fixed.columnKinds ?? {},
  });
}

function isComplete(s: Partial<CsvSettings>): s is CsvSettings {
  return s.encoding !== undefined && s.delimiter !== undefined && s.quote !== undefined && s.header !== undefined && s.skipLines !== undefined
    && s.lineEnding !== undefined && s.decimal !== undefined && s.thousands !== undefined && s.missing !== undefined && s.dateOrder !== undefined && s.columnKinds !== undefined;
}

/**
 * Reads a delimited text file into a Frame. Rejects with `not-found` when the file cannot be
 * opened, `bad-input` naming file and line when it is unreadable (or, with `onBadRow: 'stop'`, at
 * the first bad row or value, naming the column too), and `cancelled` when the signal aborts.
 */
export async function readCsv(path: string, opts: CsvReadOptions = {}): Promise<ReadResult> {
  const file = displayName(path, opts);
  const totalBytes = await fileSize(path, file);
  const given = opts.settings ?? {};
  const settings = isComplete(given) ? csvSettings(given) : await detectCsv(path, given, { displayName: file });
  if (settings.delimiter.length !== 1) throw new AppError('bad-input', `The delimiter must be one character, not \`${settings.delimiter}\`.`, { file });
  if (opts.signal?.aborted) throw cancelled();
  const sink = new RowSink({
    file, header: settings.header, skipLines: settings.skipLines, missing: settings.missing, dateOrder: settings.dateOrder, columnKinds: settings.columnKinds,
    numbers: { decimal: settings.decimal, thousands: settings.thousands }, onBadRow: opts.onBadRow ?? 'skip',
    ...(opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {}),
  });
  const tok = new CsvTokenizer({ delimiter: settings.delimiter, quote: settings.quote, newline: settings.lineEnding === 'cr' ? 'cr' : 'lf', onRanges: (text, starts, ends, values, count, line) => sink.rangeRow(text, starts, ends, values, count, line) });
  const progress = new Throttle(opts.onProgress);
  const checkDecoded = settings.encoding.startsWith('utf');
  let badEncoding = false;
  let tail = new Uint8Array(0);
  let bytes = 0;
  try {
    ({ bytes } = await streamText(path, file, settings.encoding, (text, raw, read) => {
      if (!raw) {
        tok.feed(text);
        tok.end();
        return;
      }
      if (checkDecoded && !badEncoding && text.indexOf('\uFFFD') >= 0 && hasInvalidBytes(text, raw, tail, settings.encoding)) {
        badEncoding = true;
        const at = text.indexOf('\uFFFD');
        sink.problem({ code: 'bad-encoding', line: tok.line + countLines(text, at), message: `some bytes are not valid ${settings.encoding.toUpperCase()} and show as �; try another encoding` });
      }
      if (checkDecoded) tail = Uint8Array.from(raw.subarray(Math.max(0, raw.length - replacementBytes(settings.encoding).length + 1)));
      tok.feed(text);
      if (sink.full) return true;
      progress.tick(() => ({ bytes: read, totalBytes, rows: sink.rows }));
    }, { signal: opts.signal }));
  } catch (e) {
    if (e instanceof UnclosedQuoteError) throw new AppError('bad-input', `${file}, line ${e.line}: a quoted value is never closed (a missing ${settings.quote}?).`, { file, line: e.line });
    throw e;
  }
  if (tok.unclosedQuoteLine !== null) sink.problem({ code: 'unclosed-quote', line: tok.unclosedQuoteLine, message: `a quoted value starting here runs to the end of the file (a missing ${settings.quote}?)` });
  if (tok.strayQuotes > 0) sink.problem({ code: 'stray-quote', message: `${tok.strayQuotes} values have text after their closing quote; it was kept as part of the value` });
  const built = await sink.finish(opts.signal);
  progress.done({ bytes: sink.full ? bytes : totalBytes, totalBytes, rows: built.frame.rows });
  return { frame: built.frame, bytes: totalBytes, settings, columns: built.columns, problems: built.problems, problemCount: built.problemCount, problemGroups: built.problemGroups, rowsSkipped: built.rowsSkipped };
}

/**
 * Whether U+FFFD in decoded text came from invalid bytes rather than from the character itself
 * written in the file: compares the decoded count with the encoded sequences in the bytes (with
 * the previous chunk's last bytes, where a sequence may have started).
 */
function hasInvalidBytes(text: string, bytes: Uint8Array, tail: Uint8Array, encoding: string): boolean {
  let decoded = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) decoded++;
  const seq = replacementBytes(encoding);
  const all = new Uint8Array(tail.length + bytes.length);
  all.set(tail);
  all.set(bytes, tail.length);
  let written = 0;
  for (let i = all.indexOf(seq[0]!); i >= 0; i = all.indexOf(seq[0]!, i + 1)) {
    if (seq.every((b, k) => all[i + k] === b)) written++;
  }
  return decoded > written;
}

function replacementBytes(encoding: string): number[] {
  return encoding === 'utf-8' ? [0xef, 0xbf, 0xbd] : encoding === 'utf-16le' ? [0xfd, 0xff] : [0xff, 0xfd];
}

function countLines(text: string, upTo: number): number {
  let k = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < upTo; i = text.indexOf('\n', i + 1)) k++;
  return k;
}

/** The first `rows` rows with their inferred kinds, quickly (reads only as much of the file as needed). */
export async function previewCsv(path: string, settings?: Partial<CsvSettings>, rows = 100, opts: { displayName?: string; signal?: AbortSignal } = {}): Promise<Preview> {
  const r = await readCsv(path, { ...opts, ...(settings ? { settings } : {}), maxRows: rows + 1 });
  return previewOf(r, rows);
}

export { describeProblem };
