/**
 * Apache Parquet files read with hyparquet (pure JavaScript) one row group and one column at a
 * time, straight into column builders. The file's schema gives the types: integers and floats stay
 * numbers, DATE/TIMESTAMP columns become dates (UTC-adjusted timestamps keep 'UTC'), booleans
 * booleans; only string columns are inferred (categories, identifiers, text, or dates and numbers
 * written as text). Nested columns (lists, structs, maps) become JSON text.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema, type FileMetaData, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetSettings, type ParquetSettings } from '../../core/frame/settings';
import { AppError } from '../../shared/errors';
import { RowSink } from './sink';
import { cancelled, displayName, fileSize, previewOf, Throttle, type Preview, type ReadOptions, type ReadResult } from './source';

type ParquetKind = 'number' | 'date' | 'boolean' | 'string' | 'json';

const parsers = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v / 1000n),
  timestampFromNanoseconds: (v: bigint) => Number(v / 1000000n),
  dateFromDays: (d: number) => d * 86_400_000,
};

function kindOf(el: SchemaElement, leaf: boolean): { kind: ParquetKind; timezone?: string } {
  if (!leaf) return { kind: 'json' };
  const lt = el.logical_type;
  const ct = el.converted_type;
  if (lt?.type === 'TIMESTAMP') return { kind: 'date', ...(lt.isAdjustedToUTC ? { timezone: 'UTC' } : {}) };
  if (lt?.type === 'DATE' || ct === 'DATE') return { kind: 'date' };
  if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || (!ct && el.type === 'INT96')) return { kind: 'date', timezone: 'UTC' };
  if (lt?.type === 'JSON' || ct === 'JSON') return { kind: 'json' };
  if (el.type === 'BOOLEAN') return { kind: 'boolean' };
  if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return { kind: 'number' };
  if (el.type === 'BYTE_ARRAY' || el.type === 'FIXED_LEN_BYTE_ARRAY') return { kind: 'string' };
  return { kind: 'number' };
}

async function open(path: string, file: string): Promise<{ buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>; metadata: FileMetaData }> {
  try {
    const buffer = await asyncBufferFromFile(path);
    return { buffer, metadata: await parquetMetadataAsync(buffer) };
  } catch (e) {
    throw new AppError('bad-input', `The file ${file} is not a readable Parquet file: ${(e as Error).message}.`, { file });
  }
}

export async function detectParquet(path: string, fixed: Partial<ParquetSettings> = {}, opts: { displayName?: string } = {}): Promise<ParquetSettings> {
  const file = displayName(path, opts);
  await fileSize(path, file);
  await open(path, file);
  return parquetSettings(fixed);
}

export interface ParquetReadOptions extends ReadOptions {
  settings?: Partial<ParquetSettings>;
  maxRows?: number;
}

/** Reads a Parquet file into a Frame, row group by row group. Problems name the row (1-based). */
export async function readParquet(path: string, opts: ParquetReadOptions = {}): Promise<ReadResult> {
  const file = displayName(path, opts);
  const totalBytes = await fileSize(path, file);
  const settings = parquetSettings(opts.settings ?? {});
  const { buffer, metadata } = await open(path, file);
  const tree = parquetSchema(metadata);
  const cols = tree.children.map((c) => ({ name: c.element.name, ...kindOf(c.element, c.children.length === 0) }));
  const sink = new RowSink({
    file, header: false, skipLines: 0, missing: settings.missing, dateOrder: settings.dateOrder, columnKinds: settings.columnKinds,
    onBadRow: opts.onBadRow ?? 'skip', lineWord: 'row', names: cols.map((c) => c.name), timezones: cols.map((c) => c.timezone),
  });
  const progress = new Throttle(opts.onProgress);
  let scan;
  try {
    scan = await parquetScan({ file: buffer, metadata, compressors, parsers });
  } catch (e) {
    throw new AppError('bad-input', `The file ${file} is not a readable Parquet file: ${(e as Error).message}.`, { file });
  }
  const limit = opts.maxRows ?? Infinity;
  const totalRows = Number(metadata.num_rows);
  let done = 0;
  for (const range of scan.ranges) {
    if (done >= limit) break;
    const rowEnd = Math.min(range.rowEnd, range.rowStart + (limit - done));
    for (let j = 0; j < cols.length; j++) {
      if (opts.signal?.aborted) throw cancelled();
      let data: ArrayLike<unknown>;
      try {
        data = (await scan.readColumn({ column: cols[j]!.name, rowStart: range.rowStart, rowEnd })) as ArrayLike<unknown>;
      } catch (e) {
        throw new AppError('bad-input', `The file ${file} could not be read at column ${cols[j]!.name}: ${(e as Error).message}.`, { file, column: cols[j]!.name });
      }
      pushColumn(sink, j, cols[j]!.kind, data);
    }
    const n = rowEnd - range.rowStart;
    sink.addRows(n, range.rowStart + 1);
    done += n;
    progress.tick(() => ({ bytes: Math.round((totalBytes * done) / Math.max(1, totalRows)), totalBytes, rows: done }));
  }
  const built = await sink.finish(opts.signal);
  progress.done({ bytes: totalBytes, totalBytes, rows: built.frame.rows });
  return { frame: built.frame, bytes: totalBytes, settings, columns: built.columns, problems: built.problems, problemCount: built.problemCount, problemGroups: built.problemGroups, rowsSkipped: 0 };
}

function pushColumn(sink: RowSink, j: number, kind: ParquetKind, data: ArrayLike<unknown>): void {
  const b = sink.builder(j);
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v === null || v === undefined) b.pushMissing();
    else if (kind === 'date') b.pushDate(typeof v === 'number' ? v : v instanceof Date ? v.getTime() : Number(v));
    else if (kind === 'number') b.pushNumber(typeof v === 'number' ? v : Number(v));
    else if (kind === 'boolean') b.pushBoolean(Boolean(v));
    else if (kind === 'json' || typeof v === 'object') b.push(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));
    else b.push(String(v));
  }
}

export async function previewParquet(path: string, settings?: Partial<ParquetSettings>, rows = 100, opts: { displayName?: string; signal?: AbortSignal } = {}): Promise<Preview> {
  return previewOf(await readParquet(path, { ...opts, ...(settings ? { settings } : {}), maxRows: rows + 1 }), rows);
}
