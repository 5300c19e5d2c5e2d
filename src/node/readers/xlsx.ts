/**
 * Excel workbooks (.xlsx, .xlsm) streamed into a columnar Frame. The chosen sheet's XML is
 * inflated and scanned in chunks, and each row's typed cells go into the column builders: numbers
 * stay numbers, cells with a date format become dates, booleans booleans, shared and inline
 * strings are inferred like CSV text. Error cells (#N/A, #DIV/0!) are missing and reported.
 * Formulas are read as their cached results.
 */
import type { FileHandle } from 'node:fs/promises';
import { xlsxSettings, type XlsxSettings } from '../../core/frame/settings';
import { detach } from '../../core/frame/values';
import { AppError } from '../../shared/errors';
import { RowSink, type TypedCell } from './sink';
import { cancelled, displayName, fileSize, openFile, previewOf, Throttle, type Preview, type ReadOptions, type ReadResult } from './source';
import { attr, XmlScanner } from './xml';
import { readEntry, streamEntry, zipEntries, type ZipEntry } from './zip';

export interface SheetInfo {
  name: string;
  hidden: boolean;
}

interface Workbook {
  sheets: (SheetInfo & { path: string })[];
  date1904: boolean;
  sharedStrings: string[];
  dateStyles: boolean[];
  entries: Map<string, ZipEntry>;
}

const utf8 = new TextDecoder('utf-8');

function scanAll(xml: string, tag: (name: string, raw: string, open: boolean, selfClosing: boolean) => void): void {
  new XmlScanner({ tag, text: () => {}, wantText: () => false }).feed(xml);
}

/** Joins a relationship target to the folder of the part that refers to it. */
function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function relsPath(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

async function readRels(fh: FileHandle, entries: Map<string, ZipEntry>, part: string, file: string): Promise<{ id: string; type: string; target: string }[]> {
  const e = entries.get(relsPath(part));
  if (!e) return [];
  const out: { id: string; type: string; target: string }[] = [];
  scanAll(utf8.decode(await readEntry(fh, e, file)), (name, raw, open) => {
    if (open && name === 'Relationship') out.push({ id: attr(raw, 'Id') ?? '', type: attr(raw, 'Type') ?? '', target: attr(raw, 'Target') ?? '' });
  });
  return out;
}

/** Built-in number formats that show dates or times. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a custom format code shows a date or time: d, m, y, h or s outside quotes, escapes and [colour] sections. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, '').replace(/_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

async function openWorkbook(path: string, fh: FileHandle, size: number, file: string, needStrings: boolean): Promise<Workbook> {
  const entries = await zipEntries(fh, size, file);
  const root = await readRels(fh, entries, '', file);
  const wbPath = root.find((r) => r.type.endsWith('/officeDocument'))?.target.replace(/^\//, '') ?? 'xl/workbook.xml';
  const wbEntry = entries.get(wbPath);
  if (!wbEntry) throw new AppError('bad-input', `The file ${file} is not an .xlsx workbook (it has no workbook part).`, { file });
  const rels = await readRels(fh, entries, wbPath, file);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const sheets: Workbook['sheets'] = [];
  let date1904 = false;
  scanAll(utf8.decode(await readEntry(fh, wbEntry, file)), (name, raw, open) => {
    if (!open) return;
    if (name === 'sheet') {
      const rel = byId.get(attr(raw, '*:id') ?? '');
      if (rel && rel.type.endsWith('/worksheet')) sheets.push({ name: attr(raw, 'name') ?? `Sheet${sheets.length + 1}`, hidden: (attr(raw, 'state') ?? 'visible') !== 'visible', path: resolvePart(wbPath, rel.target) });
    } else if (name === 'workbookPr') {
      const v = attr(raw, 'date1904');
      date1904 = v === '1' || v === 'true';
    }
  });
  const stylesRel = rels.find((r) => r.type.endsWith('/styles'));
  const dateStyles: boolean[] = [];
  const stylesEntry = stylesRel && entries.get(resolvePart(wbPath, stylesRel.target));
  if (stylesEntry) {
    const custom = new Map<number, string>();
    let inXfs = false;
    scanAll(utf8.decode(await readEntry(fh, stylesEntry, file)), (name, raw, open, selfClosing) => {
      if (name === 'numFmt' && open) custom.set(Number(attr(raw, 'numFmtId')), attr(raw, 'formatCode') ?? '');
      else if (name === 'cellXfs') inXfs = open && !selfClosing;
      else if (name === 'xf' && open && inXfs) {
        const id = Number(attr(raw, 'numFmtId') ?? 0);
        dateStyles.push(DATE_FORMAT_IDS.has(id) || (custom.has(id) && isDateFormat(custom.get(id)!)));
      }
    });
  }
  const sharedStrings: string[] = [];
  const ssRel = rels.find((r) => r.type.endsWith('/sharedStrings'));
  const ssEntry = ssRel && entries.get(resolvePart(wbPath, ssRel.target));
  if (needStrings && ssEntry) {
    let cur = '';
    let inT = false;
    let phonetic = false;
    const scanner = new XmlScanner({
      tag: (name, _raw, open, selfClosing) => {
        if (name === 'si') {
          if (!open) sharedStrings.push(detach(cur)); // not a slice that keeps a whole decoded chunk alive
          else if (selfClosing) sharedStrings.push('');
          cur = '';
        } else if (name === 'rPh') phonetic = open && !selfClosing;
        else if (name === 't') inT = open && !selfClosing && !phonetic;
      },
      text: (s) => { cur += s; },
      wantText: () => inT,
    });
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of streamEntry(path, fh, ssEntry, file, () => {})) scanner.feed(decoder.decode(chunk, { stream: true }));
    scanner.feed(decoder.decode());
  }
  return { sheets, date1904, sharedStrings, dateStyles, entries };
}

/** Column index (0-based) of a cell reference like `AB12`. */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
  }
  return n - 1;
}

const DAY_MS = 86_400_000;
/** Excel serial day number → epoch ms (1900 system with its phantom 29 February 1900, or 1904 system). */
export function excelSerialToMs(serial: number, date1904: boolean): number {
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  return Math.round((days - 25569) * DAY_MS);
}

interface SheetScan {
  onRow: (cells: TypedCell[], count: number, rowNumber: number) => boolean | void;
  onError: (rowNumber: number, col: number, value: string) => void;
  onCompressed?: (bytes: number) => void;
  signal?: AbortSignal;
}

/** Streams one sheet's rows as typed cells; `onRow` returning false stops early. */
async function scanSheet(path: string, fh: FileHandle, wb: Workbook, sheet: Workbook['sheets'][number], file: string, o: SheetScan): Promise<void> {
  const entry = wb.entries.get(sheet.path);
  if (!entry) throw new AppError('bad-input', `The sheet ${sheet.name} of ${file} is missing from the workbook.`, { file });
  const cells: TypedCell[] = [];
  let count = 0;
  let rowNumber = 0;
  let col = 0;
  let type = 'n';
  let style = 0;
  let text = '';
  let inV = false;
  let inT = false;
  let inIs = false;
  let phonetic = false;
  let stop = false;
  const { sharedStrings, dateStyles, date1904 } = wb;
  const finishCell = () => {
    let v: TypedCell = null;
    switch (type) {
      case 's': {
        const k = Number(text);
        v = text === '' ? null : sharedStrings[k] ?? null;
        break;
      }
      case 'inlineStr': case 'str': v = text; break;
      case 'b': v = text === '' ? null : text === '1' || text.toLowerCase() === 'true'; break;
      case 'e': if (text) o.onError(rowNumber, col, text); v = null; break;
      case 'd': {
        // ISO 8601 text; without a zone it is wall-clock time, stored as if UTC like every date here.
        const ms = Date.parse(!text.includes('T') || /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : text + 'Z');
        v = text === '' ? null : Number.isNaN(ms) ? text : { date: ms };
        break;
      }
      default: {
        if (text === '') break;
        const x = Number(text);
        v = Number.isNaN(x) ? text : dateStyles[style] ? { date: excelSerialToMs(x, date1904) } : x;
      }
    }
    while (count < col) cells[count++] = null;
    cells[col] = v;
    if (col >= count) count = col + 1;
  };
  const scanner = new XmlScanner({
    tag: (name, raw, open, selfClosing) => {
      switch (name) {
        case 'row':
          if (open) {
            const r = attr(raw, 'r');
            rowNumber = r ? Number(r) : rowNumber + 1;
            count = 0;
            col = -1;
          }
          if (!open || selfClosing) {
            if (count > 0 && o.onRow(cells, count, rowNumber) === false) stop = true;
            count = 0;
          }
          break;
        case 'c':
          if (open) {
            const ref = attr(raw, 'r');
            col = ref ? columnIndex(ref) : col + 1;
            type = attr(raw, 't') ?? 'n';
            style = Number(attr(raw, 's') ?? 0);
            text = '';
          } else finishCell();
          break;
        case 'v': inV = open && !selfClosing; break;
        case 'is': inIs = open && !selfClosing; break;
        case 'rPh': phonetic = open && !selfClosing; break;
        case 't': inT = inIs && open && !selfClosing && !phonetic; break;
      }
    },
    text: (s) => { text += s; },
    wantText: () => inV || inT,
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of streamEntry(path, fh, entry, file, o.onCompressed ?? (() => {}))) {
    if (o.signal?.aborted) throw cancelled();
    scanner.feed(decoder.decode(chunk, { stream: true }));
    if (stop) return;
  }
  scanner.feed(decoder.decode());
}

function pickSheet(wb: Workbook, name: string | undefined, file: string): Workbook['sheets'][number] {
  if (wb.sheets.length === 0) throw new AppError('bad-input', `The workbook ${file} has no sheets.`, { file });
  if (!name) return wb.sheets.find((s) => !s.hidden) ?? wb.sheets[0]!;
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new AppError('bad-input', `The workbook ${file} has no sheet named ${name}; its sheets are ${wb.sheets.map((x) => x.name).join(', ')}.`, { file });
  return s;
}

/** The sheets of a workbook, in order, with whether each is hidden. */
export async function listSheets(path: string, opts: { displayName?: string } = {}): Promise<SheetInfo[]> {
  const file = displayName(path, opts);
  const size = await fileSize(path, file);
  const fh = await openFile(path, file);
  try {
    const wb = await openWorkbook(path, fh, size, file, false);
    return wb.sheets.map(({ name, hidden }) => ({ name, hidden }));
  } finally {
    await fh.close();
  }
}

/**
 * Whether the first row holds names: every filled cell of it is text, and some column has a
 * non-text value below or a name not repeated below.
 */
function headerFromRows(rows: TypedCell[][]): boolean {
  if (rows.length < 2) return true;
  const first = rows[0]!;
  if (first.some((c) => c !== null && c !== undefined && typeof c !== 'string')) return false;
  const rest = rows.slice(1);
  return first.some((h, j) => typeof h === 'string' && rest.some((r) => r[j] !== null && r[j] !== undefined && typeof r[j] !== 'string'))
    || first.some((h, j) => typeof h === 'string' && !rest.some((r) => r[j] === h));
}

/** Sheet list, default sheet and header row, from the workbook and the sheet's first rows. */
export async function detectXlsx(path: string, fixed: Partial<XlsxSettings> = {}, opts: { displayName?: string } = {}): Promise<XlsxSettings> {
  const file = displayName(path, opts);
  const size = await fileSize(path, file);
  const fh = await openFile(path, file);
  try {
    const wb = await openWorkbook(path, fh, size, file, fixed.header === undefined);
    const sheet = pickSheet(wb, fixed.sheet, file);
    let header = fixed.header;
    if (header === undefined) {
      const rows: TypedCell[][] = [];
      const skip = fixed.skipLines ?? 0;
      await scanSheet(path, fh, wb, sheet, file, {
        onRow: (cells, count, r) => {
          if (r > skip) rows.push(cells.slice(0, count));
          return rows.length < 30;
        },
        onError: () => {},
      });
      header = headerFromRows(rows);
    }
    return xlsxSettings({ ...fixed, sheets: wb.sheets.map((s) => s.name), sheet: sheet.name, header });
  } finally {
    await fh.close();
  }
}

export interface XlsxReadOptions extends ReadOptions {
  settings?: Partial<XlsxSettings>;
  maxRows?: number;
}

/** Reads one sheet of a workbook into a Frame; problems name the sheet row and column. */
export async function readXlsx(path: string, opts: XlsxReadOptions = {}): Promise<ReadResult> {
  const file = displayName(path, opts);
  const totalBytes = await fileSize(path, file);
  const settings = opts.settings?.sheet && opts.settings.header !== undefined && opts.settings.sheets
    ? xlsxSettings(opts.settings) : await detectXlsx(path, opts.settings ?? {}, { displayName: file });
  const fh = await openFile(path, file);
  const progress = new Throttle(opts.onProgress);
  try {
    const wb = await openWorkbook(path, fh, totalBytes, file, true);
    const sheet = pickSheet(wb, settings.sheet, file);
    const sink = new RowSink({
      file, header: settings.header, skipLines: settings.skipLines, missing: settings.missing, dateOrder: settings.dateOrder, columnKinds: settings.columnKinds,
      onBadRow: opts.onBadRow ?? 'skip', lineWord: 'row', quietShortRows: true, ...(opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {}),
    });
    let bytes = 0;
    await scanSheet(path, fh, wb, sheet, file, {
      signal: opts.signal,
      onRow: (cells, count, r) => {
        sink.typedRow(cells, count, r);
        progress.tick(() => ({ bytes, totalBytes, rows: sink.rows }));
        return !sink.full;
      },
      onError: (r, col, value) => sink.problem({ code: 'cell-error', line: r, ...(sink.names[col] ? { column: sink.names[col] } : {}), value, message: `the cell holds the error ${value}; it is left empty` }),
      onCompressed: (b) => { bytes = b; },
    });
    const built = await sink.finish(opts.signal);
    progress.done({ bytes: totalBytes, totalBytes, rows: built.frame.rows });
    return { frame: built.frame, bytes: totalBytes, settings: { ...settings, sheet: sheet.name }, columns: built.columns, problems: built.problems, problemCount: built.problemCount, problemGroups: built.problemGroups, rowsSkipped: built.rowsSkipped };
  } finally {
    await fh.close();
  }
}

export async function previewXlsx(path: string, settings?: Partial<XlsxSettings>, rows = 100, opts: { displayName?: string; signal?: AbortSignal } = {}): Promise<Preview> {
  return previewOf(await readXlsx(path, { ...opts, ...(settings ? { settings } : {}), maxRows: rows + 1 }), rows);
}
