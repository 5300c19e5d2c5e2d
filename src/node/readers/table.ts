/**
 * One entry point for every tabular file: picks the reader from the file's first bytes (ZIP →
 * .xlsx, `PAR1` → Parquet, `{` or `[` → JSON lines, else delimited text), falling back to the
 * extension, or from `settings.format` when the caller gives it.
 */
import { extname } from 'node:path';
import type { CsvSettings, ImportFormat, ImportSettings, JsonlSettings, ParquetSettings, XlsxSettings } from '../../core/frame/settings';
import { AppError } from '../../shared/errors';
import { detectCsv, previewCsv, readCsv } from './csv';
import { detectEncoding } from './detect';
import { detectJsonl, previewJsonl, readJsonl } from './jsonl';
import { detectParquet, previewParquet, readParquet } from './parquet';
import { displayName, fileSize, headBytes, type Preview, type ReadOptions, type ReadResult } from './source';
import { detectXlsx, previewXlsx, readXlsx } from './xlsx';

export type { Preview, ReadOptions, ReadProgress, ReadResult } from './source';

/** Import settings with any fields given; `format` picks the reader. */
export type PartialSettings = Partial<CsvSettings> | Partial<XlsxSettings> | Partial<ParquetSettings> | Partial<JsonlSettings>;

/** The format of a file from its first bytes, then its extension. */
export async function detectFormat(path: string, opts: { displayName?: string } = {}): Promise<ImportFormat> {
  const file = displayName(path, opts);
  await fileSize(path, file);
  const head = await headBytes(path, file, 4096);
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  if (head.length >= 8 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new AppError('bad-input', `${file} is an old Excel (.xls) workbook: save it as .xlsx or CSV first.`, { file });
  }
  // Uploads are stored without an extension: the name the user gave tells it.
  const ext = extname(opts.displayName ?? path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  const { encoding } = detectEncoding(head);
  const text = new TextDecoder(encoding).decode(head, { stream: true }).replace(/^\ufeff/, '').trimStart();
  if (text.startsWith('{') && /^\{\s*"/.test(text)) return 'jsonl';
  return 'csv';
}

function formatOf(settings: PartialSettings | undefined): ImportFormat | undefined {
  return settings && 'format' in settings ? settings.format : undefined;
}

/** Every setting of the file, detected (fields given in `fixed` are kept). */
export async function detectTable(path: string, fixed: PartialSettings = {}, opts: { displayName?: string } = {}): Promise<ImportSettings> {
  const format = formatOf(fixed) ?? (await detectFormat(path, opts));
  switch (format) {
    case 'xlsx': return detectXlsx(path, fixed as Partial<XlsxSettings>, opts);
    case 'parquet': return detectParquet(path, fixed as Partial<ParquetSettings>, opts);
    case 'jsonl': return detectJsonl(path, fixed as Partial<JsonlSettings>, opts);
    default: return detectCsv(path, fixed as Partial<CsvSettings>, opts);
  }
}

export interface TableReadOptions extends ReadOptions {
  settings?: PartialSettings;
  /** Stop after this many data rows. */
  maxRows?: number;
}

/** Reads any supported file into a Frame, with the same progress, cancel and problem reporting for every format. */
export async function readTable(path: string, opts: TableReadOptions = {}): Promise<ReadResult> {
  const format = formatOf(opts.settings) ?? (await detectFormat(path, opts));
  switch (format) {
    case 'xlsx': return readXlsx(path, opts as Parameters<typeof readXlsx>[1]);
    case 'parquet': return readParquet(path, opts as Parameters<typeof readParquet>[1]);
    case 'jsonl': return readJsonl(path, opts as Parameters<typeof readJsonl>[1]);
    default: return readCsv(path, opts as Parameters<typeof readCsv>[1]);
  }
}

/** The first `rows` rows and their inferred kinds, for the Import step's live preview. */
export async function previewTable(path: string, settings: PartialSettings = {}, rows = 100, opts: { displayName?: string; signal?: AbortSignal } = {}): Promise<Preview> {
  const format = formatOf(settings) ?? (await detectFormat(path, opts));
  switch (format) {
    case 'xlsx': return previewXlsx(path, settings as Partial<XlsxSettings>, rows, opts);
    case 'parquet': return previewParquet(path, settings as Partial<ParquetSettings>, rows, opts);
    case 'jsonl': return previewJsonl(path, settings as Partial<JsonlSettings>, rows, opts);
    default: return previewCsv(path, settings as Partial<CsvSettings>, rows, opts);
  }
}
