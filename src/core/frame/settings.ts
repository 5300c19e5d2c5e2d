/**
 * Import settings: every choice a reader makes about a file, as one JSON object. Detection fills
 * it in; the user can override any field; the project keeps it with the imported data so a
 * re-import reads the file the same way.
 */
import type { ColumnKind } from './kinds';

export type ImportFormat = 'csv' | 'xlsx' | 'parquet' | 'jsonl';

/** Text encodings the text readers decode (WHATWG names). Latin-1 files read as windows-1252, its superset. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** What to do with a row or value that does not fit: keep going and report it, or stop at the first one. */
export type BadRowPolicy = 'skip' | 'stop';

/** Settings every format shares. */
export interface CommonImportSettings {
  /** Cell texts that mean "no value", compared after trimming surrounding spaces. */
  missing: string[];
  /**
   * How to read all-numeric day/month dates like 03/04/2020. 'auto' decides from the whole
   * column (a first part above 12 means day first, a second part above 12 means month first) and
   * falls back to month first, or day first when the file uses a decimal comma.
   */
  dateOrder: 'auto' | 'dmy' | 'mdy';
  /** Kinds the user chose for some columns (by column name), used instead of the inferred ones. */
  columnKinds: Record<string, ColumnKind>;
}

/** Delimited text: CSV, TSV and the like. */
export interface CsvSettings extends CommonImportSettings {
  format: 'csv';
  encoding: TextEncoding;
  /** Whether the file starts with a byte order mark (detected; the decoder skips it). */
  bom: boolean;
  /** The one character between values: ',', ';', '\t', '|' or any other. */
  delimiter: string;
  /** The character that quotes values holding delimiters or line breaks; a doubled quote inside is one quote. */
  quote: '"' | "'";
  /** Whether the first (non-skipped) row holds the column names. */
  header: boolean;
  /** Lines to ignore before the header or first row (titles, notes). */
  skipLines: number;
  /** Line ending seen in the file. Reading accepts LF and CRLF either way; 'cr' (old Mac) must be set to be read. */
  lineEnding: 'lf' | 'crlf' | 'cr';
  /** Decimal mark of numbers. */
  decimal: '.' | ',';
  /** Thousands separator inside numbers ('' = none). Only digits grouped by three are accepted. */
  thousands: '' | ',' | '.' | ' ' | "'";
}

/** Excel workbooks (.xlsx). */
export interface XlsxSettings extends CommonImportSettings {
  format: 'xlsx';
  /** The sheet to read. */
  sheet: string;
  /** Every sheet in the workbook, in order (detected; for the sheet picker). */
  sheets: string[];
  header: boolean;
  /** Rows to ignore before the header or first row. */
  skipLines: number;
}

/** Apache Parquet files: types come from the file's schema, only strings are inferred. */
export interface ParquetSettings extends CommonImportSettings {
  format: 'parquet';
}

/** JSON lines: one JSON object per line; keys become columns in order of first appearance. */
export interface JsonlSettings extends CommonImportSettings {
  format: 'jsonl';
  encoding: TextEncoding;
}

export type ImportSettings = CsvSettings | XlsxSettings | ParquetSettings | JsonlSettings;

/** Missing markers used unless the user changes them. `None` is not one: it is often a real category. */
export const DEFAULT_MISSING: readonly string[] = ['', 'NA', 'N/A', 'n/a', 'na', '#N/A', '<NA>', 'null', 'NULL', 'Null', 'NaN', 'nan', '?', '-'];

function common(p: Partial<CommonImportSettings>): CommonImportSettings {
  return { missing: p.missing ? [...p.missing] : [...DEFAULT_MISSING], dateOrder: p.dateOrder ?? 'auto', columnKinds: { ...(p.columnKinds ?? {}) } };
}

/** CSV settings with every field filled: given fields win over the defaults (UTF-8, comma, header, dot decimal). */
export function csvSettings(p: Partial<CsvSettings> = {}): CsvSettings {
  return {
    format: 'csv',
    encoding: p.encoding ?? 'utf-8',
    bom: p.bom ?? false,
    delimiter: p.delimiter ?? ',',
    quote: p.quote ?? '"',
    header: p.header ?? true,
    skipLines: p.skipLines ?? 0,
    lineEnding: p.lineEnding ?? 'lf',
    decimal: p.decimal ?? '.',
    thousands: p.thousands ?? '',
    ...common(p),
  };
}

export function xlsxSettings(p: Partial<XlsxSettings> = {}): XlsxSettings {
  return { format: 'xlsx', sheet: p.sheet ?? '', sheets: [...(p.sheets ?? [])], header: p.header ?? true, skipLines: p.skipLines ?? 0, ...common(p) };
}

export function parquetSettings(p: Partial<ParquetSettings> = {}): ParquetSettings {
  return { format: 'parquet', ...common(p) };
}

export function jsonlSettings(p: Partial<JsonlSettings> = {}): JsonlSettings {
  return { format: 'jsonl', encoding: p.encoding ?? 'utf-8', ...common(p) };
}
