/**
 * JSON lines (one object per line; .jsonl, .ndjson) streamed into a columnar Frame. Keys become
 * columns in order of first appearance (rows without a key are missing there); numbers, booleans
 * and null keep their JSON types, strings are inferred like CSV text (dates, categories, text),
 * nested objects and arrays become JSON text. A line that is not a JSON object is skipped and
 * reported. A file holding one JSON array of objects is read too, whole (up to 256 MB).
 */
import { readFile } from 'node:fs/promises';
import { jsonlSettings, type JsonlSettings } from '../../core/frame/settings';
import { AppError } from '../../shared/errors';
import { detectEncoding } from './detect';
import { RowSink, type TypedCell } from './sink';
import { displayName, fileSize, headBytes, previewOf, streamText, Throttle, type Preview, type ReadOptions, type ReadResult } from './source';

export async function detectJsonl(path: string, fixed: Partial<JsonlSettings> = {}, opts: { displayName?: string } = {}): Promise<JsonlSettings> {
  const file = displayName(path, opts);
  await fileSize(path, file);
  const head = await headBytes(path, file, 65536);
  return jsonlSettings({ ...fixed, encoding: fixed.encoding ?? detectEncoding(head).encoding });
}

export interface JsonlReadOptions extends ReadOptions {
  settings?: Partial<JsonlSettings>;
  maxRows?: number;
}

const MAX_WHOLE_JSON = 256 * 1024 * 1024;

class ObjectRows {
  readonly #sink: RowSink;
  readonly #index = new Map<string, number>();
  #cells: TypedCell[] = [];

  constructor(sink: RowSink) {
    this.#sink = sink;
  }

  add(value: unknown, line: number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.#sink.problem({ code: 'bad-json', line, message: 'the line is not a JSON object; it is left out' });
      return;
    }
    const cells = this.#cells;
    cells.fill(undefined);
    for (const key in value as Record<string, unknown>) {
      let j = this.#index.get(key);
      if (j === undefined) {
        j = this.#sink.addColumn(key);
        this.#index.set(key, j);
        cells.push(undefined);
      }
      const v = (value as Record<string, unknown>)[key];
      cells[j] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === undefined ? null : JSON.stringify(v);
    }
    this.#sink.typedRow(cells, cells.length, line);
  }
}

/** Reads a JSON-lines file into a Frame; problems name the line. */
export async function readJsonl(path: string, opts: JsonlReadOptions = {}): Promise<ReadResult> {
  const file = displayName(path, opts);
  const totalBytes = await fileSize(path, file);
  const settings = opts.settings?.encoding ? jsonlSettings(opts.settings) : await detectJsonl(path, opts.settings ?? {}, { displayName: file });
  const sink = new RowSink({
    file, header: false, skipLines: 0, missing: settings.missing, dateOrder: settings.dateOrder, columnKinds: settings.columnKinds,
    onBadRow: opts.onBadRow ?? 'skip', names: [], ...(opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {}),
  });
  const rows = new ObjectRows(sink);
  const progress = new Throttle(opts.onProgress);
  let line = 1;
  let rest = '';
  let first = true;
  const take = (text: string, final: boolean) => {
    let s = rest + text;
    if (first) {
      const t = s.trimStart();
      if (t.length === 0 && !final) return;
      first = false;
      if (t.startsWith('[')) throw new WholeArray();
    }
    let p = 0;
    for (;;) {
      const nl = s.indexOf('\n', p);
      if (nl < 0 && !final) break;
      const end = nl < 0 ? s.length : nl;
      const raw = s.slice(p, end).trim();
      if (raw) {
        let v: unknown;
        try {
          v = JSON.parse(raw);
        } catch (e) {
          sink.problem({ code: 'bad-json', line, message: `the line is not valid JSON (${(e as Error).message}); it is left out` });
          v = undefined;
        }
        if (v !== undefined) rows.add(v, line);
        if (sink.full) return;
      }
      line++;
      if (nl < 0) break;
      p = nl + 1;
    }
    s = s.slice(p);
    rest = final ? '' : s;
  };
  try {
    await streamText(path, file, settings.encoding, (text, raw, bytes) => {
      take(text, raw === null);
      if (!raw) return;
      if (sink.full) return true;
      progress.tick(() => ({ bytes, totalBytes, rows: sink.rows }));
    }, { signal: opts.signal });
  } catch (e) {
    if (!(e instanceof WholeArray)) throw e;
    return readWholeArray(path, file, totalBytes, settings, opts);
  }
  const built = await sink.finish(opts.signal);
  progress.done({ bytes: totalBytes, totalBytes, rows: built.frame.rows });
  return { frame: built.frame, bytes: totalBytes, settings, columns: built.columns, problems: built.problems, problemCount: built.problemCount, problemGroups: built.problemGroups, rowsSkipped: 0 };
}

class WholeArray extends Error {}

async function readWholeArray(path: string, file: string, totalBytes: number, settings: JsonlSettings, opts: JsonlReadOptions): Promise<ReadResult> {
  if (totalBytes > MAX_WHOLE_JSON) throw new AppError('bad-input', `${file} is one large JSON array; save it as JSON lines (one object per line) to import files over 256 MB.`, { file });
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder(settings.encoding).decode(await readFile(path)));
  } catch (e) {
    throw new AppError('bad-input', `${file} is not valid JSON: ${(e as Error).message}.`, { file });
  }
  if (!Array.isArray(data)) throw new AppError('bad-input', `${file} does not hold a list of records.`, { file });
  const sink = new RowSink({
    file, header: false, skipLines: 0, missing: settings.missing, dateOrder: settings.dateOrder, columnKinds: settings.columnKinds,
    onBadRow: opts.onBadRow ?? 'skip', lineWord: 'row', names: [], ...(opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {}),
  });
  const rows = new ObjectRows(sink);
  data.forEach((v, i) => { if (!sink.full) rows.add(v, i + 1); });
  const built = await sink.finish(opts.signal);
  opts.onProgress?.({ bytes: totalBytes, totalBytes, rows: built.frame.rows });
  return { frame: built.frame, bytes: totalBytes, settings, columns: built.columns, problems: built.problems, problemCount: built.problemCount, problemGroups: built.problemGroups, rowsSkipped: 0 };
}

export async function previewJsonl(path: string, settings?: Partial<JsonlSettings>, rows = 100, opts: { displayName?: string; signal?: AbortSignal } = {}): Promise<Preview> {
  return previewOf(await readJsonl(path, { ...opts, ...(settings ? { settings } : {}), maxRows: rows + 1 }), rows);
}
