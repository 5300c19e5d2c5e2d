/**
 * Guessing how a delimited text file is written, from its first bytes: encoding, line ending,
 * delimiter, quote, title lines to skip, header row, decimal mark and thousands separator.
 * Every guess is a field of CsvSettings that the user can override.
 */
import type { CsvSettings, TextEncoding } from '../../core/frame/settings';
import { parsePlainNumber } from '../../core/frame/values';
import { parseDate } from '../../core/frame/dates';
import { CsvTokenizer } from './tokenizer';

/** Encoding from the byte order mark, else from byte statistics: UTF-16 has zero bytes every other byte; invalid UTF-8 means windows-1252. */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bom: boolean } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (bytes[i] === 0) evenZero++;
      if (bytes[i + 1] === 0) oddZero++;
    }
    const half = n / 2;
    if (oddZero > 0.3 * half && evenZero < 0.05 * half) return { encoding: 'utf-16le', bom: false };
    if (evenZero > 0.3 * half && oddZero < 0.05 * half) return { encoding: 'utf-16be', bom: false };
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'windows-1252', bom: false };
  }
}

export function detectLineEnding(text: string): CsvSettings['lineEnding'] {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lf++;
  lf -= crlf;
  if (lf + crlf === 0) return cr > 0 ? 'cr' : 'lf';
  return crlf >= lf ? 'crlf' : 'lf';
}

interface SampleRow {
  cells: string[];
  line: number;
}

/** Tokenizes up to `maxRows` rows of a text sample (the sample's last, possibly cut, row is dropped unless the sample is the whole file). */
export function sampleRows(text: string, delimiter: string, quote: string, lineEnding: CsvSettings['lineEnding'], maxRows: number, whole: boolean): SampleRow[] {
  const rows: SampleRow[] = [];
  const t = new CsvTokenizer({
    delimiter, quote, newline: lineEnding === 'cr' ? 'cr' : 'lf',
    onRow: (cells, count, line) => {
      if (rows.length < maxRows) rows.push({ cells: cells.slice(0, count), line });
    },
  });
  // Stop feeding once enough rows are in: tokenizing 1 MB per candidate delimiter is wasted work.
  const step = 16384;
  for (let i = 0; i < text.length && rows.length < maxRows; i += step) t.feed(text.slice(i, i + step));
  if (whole && rows.length < maxRows) t.end();
  return rows;
}

const CANDIDATES = ['\t', ';', '|', ','];

/** The candidate delimiter that splits the most rows into the same number (≥ 2) of values; ties go to tab, then `;`, `|`, `,`. */
export function detectDelimiter(text: string, quote: string, lineEnding: CsvSettings['lineEnding'], whole: boolean): string {
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const rows = sampleRows(text, d, quote, lineEnding, 200, whole);
    if (rows.length === 0) continue;
    const m = modalCount(rows);
    if (m < 2) continue;
    const agree = rows.filter((r) => r.cells.length === m).length / rows.length;
    const score = agree + (rows[0]!.cells.length === m ? 0.5 : 0);
    if (score > bestScore + 1e-9) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function modalCount(rows: SampleRow[]): number {
  const freq = new Map<number, number>();
  for (const r of rows) freq.set(r.cells.length, (freq.get(r.cells.length) ?? 0) + 1);
  let m = 0;
  let f = 0;
  for (const [k, v] of freq) if (v > f || (v === f && k > m)) [m, f] = [k, v];
  return m;
}

/** Lines before the table (titles, notes): leading rows with at most half the table's usual count of values. */
export function detectSkipLines(rows: SampleRow[]): number {
  if (rows.length < 3) return 0;
  const m = modalCount(rows);
  if (m < 2) return 0;
  let k = 0;
  // A title has far fewer values than the table (one, usually); a header one name short is still the header.
  while (k < rows.length && k < 20 && rows[k]!.cells.length <= Math.max(1, Math.floor(m / 2))) k++;
  if (k === 0 || k >= rows.length) return 0;
  const after = rows.slice(k, k + 10);
  if (after.filter((r) => r.cells.length === m).length < 0.8 * after.length) return 0;
  return rows[k]!.line - 1;
}

type CellType = 'number' | 'date' | 'boolean' | 'text' | 'missing';

function cellType(s: string, missing: ReadonlySet<string>): CellType {
  const t = s.trim();
  if (missing.has(t)) return 'missing';
  if (!Number.isNaN(parsePlainNumber(t)) || /^[+-]?\d{1,3}([.,' ]\d{3})*([.,]\d+)?$/.test(t)) return 'number';
  const l = t.toLowerCase();
  if (l === 'true' || l === 'false') return 'boolean';
  if (parseDate(t)) return 'date';
  return 'text';
}

/**
 * Whether the first row names the columns. Votes per column: a column whose values are numbers,
 * dates or booleans votes yes when its first cell is not, no when it is; a text column votes no
 * when its first cell also appears among its values. Undecided means yes (most files have one).
 */
export function detectHeader(rows: SampleRow[], missing: readonly string[]): boolean {
  if (rows.length < 2) return true;
  const miss = new Set(missing);
  const first = rows[0]!.cells;
  const body = rows.slice(1);
  let votes = 0;
  for (let j = 0; j < first.length; j++) {
    const types = new Map<CellType, number>();
    const values = new Set<string>();
    let present = 0;
    for (const r of body) {
      const v = r.cells[j];
      if (v === undefined) continue;
      const ty = cellType(v, miss);
      if (ty === 'missing') continue;
      present++;
      types.set(ty, (types.get(ty) ?? 0) + 1);
      values.add(v.trim());
    }
    if (present === 0) continue;
    let major: CellType = 'text';
    for (const [ty, c] of types) if (c >= 0.9 * present) major = ty;
    const head = first[j]!.trim();
    const headType = cellType(head, miss);
    if (major !== 'text') {
      if (headType === major) votes--;
      else if (headType === 'text') votes++;
    } else if (values.has(head) && head !== '') votes--;
  }
  if (votes !== 0) return votes > 0;
  return !first.some((c) => { const ty = cellType(c, miss); return ty === 'number' || ty === 'date'; });
}

/**
 * Decimal mark and thousands separator from the number-like values. Evidence for a decimal comma:
 * `3,14`, `0,5`, `1234,5`; for a dot: `3.14`; `1,234` and `1.234` alone are ambiguous and
 * follow the delimiter (`;` files are usually European).
 */
export function detectNumberFormat(rows: SampleRow[], delimiter: string): Pick<CsvSettings, 'decimal' | 'thousands'> {
  let commaDec = 0;
  let dotDec = 0;
  let ambComma = 0;
  let ambDot = 0;
  let dotGroups = 0;
  let commaGroups = 0;
  let spaceGroups = 0;
  let apoGroups = 0;
  for (const r of rows) {
    for (const raw of r.cells) {
      const s = raw.trim();
      if (s.length === 0 || s.length > 40) continue;
      const c0 = s.charCodeAt(0);
      if (!((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43)) continue;
      let m = /^[+-]?(\d+),(\d+)$/.exec(s);
      if (m) {
        if (m[2]!.length !== 3 || m[1]!.length > 3 || m[1]![0] === '0') commaDec++;
        else ambComma++;
        continue;
      }
      m = /^[+-]?(\d+)\.(\d+)$/.exec(s);
      if (m) {
        if (m[2]!.length !== 3 || m[1]!.length > 3 || m[1]![0] === '0') dotDec++;
        else ambDot++;
        continue;
      }
      if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) {
        dotGroups++;
        if (s.includes(',')) commaDec++;
      } else if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) {
        commaGroups++;
        if (s.includes('.')) dotDec++;
      } else if (/^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$/.test(s)) spaceGroups++;
      else if (/^[+-]?\d{1,3}(['\u2019]\d{3})+([.,]\d+)?$/.test(s)) apoGroups++;
    }
  }
  let decimal: '.' | ',' = '.';
  if (commaDec > dotDec) decimal = ',';
  else if (commaDec === 0 && dotDec === 0 && delimiter !== ',' && (ambComma > 0 || dotGroups > 0) && ambDot === 0 && commaGroups === 0) decimal = ',';
  let thousands: CsvSettings['thousands'] = '';
  if (decimal === ',') thousands = dotGroups > 0 || ambDot > 0 ? '.' : spaceGroups > 0 ? ' ' : apoGroups > 0 ? "'" : '';
  else thousands = commaGroups > 0 || (ambComma > 0 && commaDec === 0) ? ',' : spaceGroups > 0 ? ' ' : apoGroups > 0 ? "'" : '';
  return { decimal, thousands };
}

/** A quote character other than `"` only when values are wrapped in `'` and `"` never appears. */
export function detectQuote(text: string, delimiter: string): '"' | "'" {
  if (text.includes('"')) return '"';
  const d = delimiter === '|' ? '\\|' : delimiter === '\t' ? '\\t' : delimiter;
  const wrapped = text.match(new RegExp(`(^|${d}|\\n)'[^'\\n]*'(?=${d}|\\r?\\n|$)`, 'g'));
  return wrapped && wrapped.length >= 3 ? "'" : '"';
}
