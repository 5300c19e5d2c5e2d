/**
 * Batch prediction on a new file, streamed: the file is read in 1 MB pieces (CSV and TSV through
 * the import's tokenizer, JSON lines line by line), its header is checked against the model's
 * input schema first, and rows are scored in chunks and appended to the output CSV as they come.
 * Memory holds one piece of the file and one chunk of rows, whatever the file's size.
 *
 * Output: one row per data row of the input, in order: the identifier columns (see `isIdColumn`),
 * `prediction`, `probability_<class>` per class (classification), and `warnings` (what was odd
 * about that row, in words; for a row that could not be scored, why, with an empty prediction).
 * The file is written as `<out>.partial` and renamed at the end, so a cancelled or failed job
 * never leaves a file that looks complete.
 *
 * Spreadsheets and Parquet files are read whole (their readers are not streamed), then scored in
 * chunks the same way; a project file scores its own stored data.
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { basename } from 'node:path';
import type { FittedModel } from '../../core/evaluate/train';
import { isNumeric, type Frame } from '../../core/frame/frame';
import { DEFAULT_MISSING } from '../../core/frame/settings';
import { PLAIN_NUMBERS, type NumberFormat } from '../../core/frame/values';
import type { PredictReport } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { ProjectStore } from '../project/store';
import { detectCsv } from '../readers/csv';
import { detectEncoding } from '../readers/detect';
import { fileSize, headBytes, streamText } from '../readers/source';
import { detectFormat, readTable } from '../readers/table';
import { CsvTokenizer, UnclosedQuoteError } from '../readers/tokenizer';
import { ChunkScorer, csvField, type TrainingRange } from './check';

export interface PredictProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface PredictFileOptions {
  model: FittedModel;
  dataPath: string;
  /** Name used in messages and the report (uploads are stored under an id). */
  displayName?: string;
  outPath: string;
  /** Training ranges of numeric inputs (see `trainingContext`). */
  ranges?: ReadonlyMap<string, TrainingRange>;
  /** Columns that were identifiers in the training data: copied to the output when present. */
  identifiers?: ReadonlySet<string>;
  onProgress?: (p: PredictProgress) => void;
  signal?: AbortSignal;
  chunkRows?: number;
}

export interface PredictFileResult {
  report: PredictReport;
  rows: number;
  outPath: string;
  fileName: string;
  /** Size of the written predictions file. */
  bytes: number;
  seconds: number;
}

/**
 * Whether a column identifies rows: it was an identifier in the training data, or its name says
 * so (`id`, `customer_id`, `customerID`, `Order Id`, `id-number`). Model inputs never are.
 */
export function isIdColumn(name: string, identifiers: ReadonlySet<string> = new Set()): boolean {
  if (identifiers.has(name)) return true;
  const l = name.trim().toLowerCase();
  return l === 'id' || /[_\-. ]id$/.test(l) || /^id[_\-. ]/.test(l) || /[a-z0-9]I[dD]$/.test(name.trim());
}

/**
 * What the project knows about the training data beyond the model: each numeric input's range
 * (min..max of the imported data, from the column summaries stored at import, so nothing is
 * reloaded) and which columns are identifiers (as imported, or as the user set them).
 */
export function trainingContext(store: ProjectStore, model: FittedModel): { ranges: Map<string, TrainingRange>; identifiers: Set<string> } {
  const summary = store.dataset()?.summary ?? [];
  const decisions = store.getMeta<Record<string, { kind?: string }>>('decisions') ?? {};
  const ranges = new Map<string, TrainingRange>();
  for (const ic of model.pipeline.input) {
    const s = summary.find((c) => c.name === ic.name);
    if (ic.type === 'num' && s && typeof s.min === 'number' && typeof s.max === 'number') ranges.set(ic.name, { min: s.min, max: s.max });
  }
  const identifiers = new Set(summary.filter((c) => (decisions[c.name]?.kind ?? c.kind) === 'identifier').map((c) => c.name));
  return { ranges, identifiers };
}

function cancelledError(): AppError {
  return new AppError('cancelled', 'Scoring was cancelled.');
}

/** Maps a file's column names to the model's inputs; throws naming the file and the missing columns. */
function planColumns(names: readonly string[], model: FittedModel, file: string, identifiers: ReadonlySet<string>, unit: 'line' | 'row') {
  const at = new Map<string, number>();
  names.forEach((n, j) => { const t = n.trim(); if (!at.has(t)) at.set(t, j); });
  const inputs = model.pipeline.input;
  const missing = inputs.filter((ic) => !at.has(ic.name)).map((ic) => ic.name);
  const report: PredictReport = {
    file, unit, inputs: inputs.map((ic) => ({ name: ic.name, type: ic.type })), missingColumns: missing, idColumns: [], ignoredColumns: [],
    findings: [], rows: 0, scored: 0, unscored: { count: 0, examples: [] },
  };
  if (missing.length) {
    const lower = new Map([...at.keys()].map((n) => [n.toLowerCase(), n]));
    const hints = missing.map((m) => lower.get(m.toLowerCase())).filter((x): x is string => !!x);
    const list = missing.map((m) => `\`${m}\``).join(', ');
    throw new AppError('bad-input',
      `${file} has no column${missing.length > 1 ? 's' : ''} ${list}, which the model needs${hints.length ? ` (names must match exactly: the file has ${hints.map((h) => `\`${h}\``).join(', ')})` : ''}. Nothing was scored.`,
      { details: { file, missingColumns: missing, report } });
  }
  const used = new Set(inputs.map((ic) => ic.name));
  const idIdx: number[] = [];
  const seen = new Set<string>();
  names.forEach((n, j) => {
    const t = n.trim();
    if (seen.has(t)) return;
    seen.add(t);
    if (used.has(t) || t === model.target) return;
    if (isIdColumn(t, identifiers)) { idIdx.push(j); report.idColumns.push(t); } else report.ignoredColumns.push(t);
  });
  return { inputIdx: Int32Array.from(inputs, (ic) => at.get(ic.name)!), idIdx, report };
}

class Output {
  readonly #fd: number;
  readonly tmp: string;
  constructor(readonly path: string) {
    this.tmp = `${path}.partial`;
    try {
      this.#fd = openSync(this.tmp, 'w');
    } catch (e) {
      throw new AppError('bad-input', `The predictions file ${basename(path)} could not be written: ${(e as Error).message}`, { file: path });
    }
  }
  write(s: string): void {
    if (s) writeSync(this.#fd, s);
  }
  finish(): number {
    closeSync(this.#fd);
    renameSync(this.tmp, this.path);
    return statSync(this.path).size;
  }
  abort(): void {
    try { closeSync(this.#fd); } catch { /* already closed */ }
    rmSync(this.tmp, { force: true });
  }
}

/** Scores a file (CSV, TSV, JSON lines, Excel, Parquet, or a project's own data) into `outPath`. */
export async function predictFile(o: PredictFileOptions): Promise<PredictFileResult> {
  const t0 = performance.now();
  const file = o.displayName ?? basename(o.dataPath);
  const totalBytes = await fileSize(o.dataPath, file);
  const ranges = o.ranges ?? new Map();
  const identifiers = o.identifiers ?? new Set();
  let result: { report: PredictReport; scorer: ChunkScorer; out: Output };
  if (o.dataPath.toLowerCase().endsWith('.mbproj')) {
    const store = ProjectStore.open(o.dataPath, { readonly: true, displayName: file });
    let frame: Frame | null;
    try {
      frame = store.loadFrame();
    } finally {
      store.close();
    }
    if (!frame) throw new AppError('bad-input', `${file} has no data to score.`, { file });
    result = await scoreFrame(frame, o, file, totalBytes, ranges, identifiers);
  } else {
    const format = await detectFormat(o.dataPath, { displayName: file });
    if (format === 'csv') result = await scoreCsv(o, file, totalBytes, ranges, identifiers);
    else if (format === 'jsonl') result = await scoreJsonl(o, file, totalBytes, ranges, identifiers);
    else {
      const r = await readTable(o.dataPath, { displayName: file, ...(o.signal ? { signal: o.signal } : {}) });
      result = await scoreFrame(r.frame, o, file, totalBytes, ranges, identifiers);
    }
  }
  const { report, scorer, out } = result;
  let bytes: number;
  try {
    bytes = out.finish();
  } catch (e) {
    out.abort();
    throw new AppError('bad-input', `The predictions file ${basename(o.outPath)} could not be written: ${(e as Error).message}`, { file: o.outPath });
  }
  report.findings = scorer.findings();
  report.rows = scorer.rows;
  report.scored = scorer.scored;
  report.unscored = { count: scorer.unscoredCount, examples: scorer.unscored };
  o.onProgress?.({ rows: scorer.rows, bytes: totalBytes, totalBytes });
  return { report, rows: scorer.rows, outPath: o.outPath, fileName: basename(o.outPath), bytes, seconds: (performance.now() - t0) / 1000 };
}

function startOutput(o: PredictFileOptions, scorer: ChunkScorer, idNames: string[]): Output {
  const out = new Output(o.outPath);
  out.write([...idNames, ...scorer.headerCells(), 'warnings'].map(csvField).join(',') + '\r\n');
  return out;
}

async function scoreCsv(o: PredictFileOptions, file: string, totalBytes: number, ranges: ReadonlyMap<string, TrainingRange>, identifiers: ReadonlySet<string>) {
  const settings = await detectCsv(o.dataPath, {}, { displayName: file });
  if (!settings.header) throw new AppError('bad-input', `${file} has no header row: its first line must name the columns, as the model's inputs are found by name.`, { file, line: settings.skipLines + 1 });
  const numbers: NumberFormat = { decimal: settings.decimal, thousands: settings.thousands };
  const scorer = new ChunkScorer(o.model, { numbers, missing: settings.missing, ranges, ...(o.chunkRows ? { chunkRows: o.chunkRows } : {}) });
  let plan: ReturnType<typeof planColumns> | null = null;
  let out: Output | null = null;
  let width = 0;
  const nIn = scorer.inputs.length;
  const tok = new CsvTokenizer({
    delimiter: settings.delimiter, quote: settings.quote, newline: settings.lineEnding === 'cr' ? 'cr' : 'lf',
    onRanges: (text, starts, ends, values, count, line) => {
      if (line <= settings.skipLines) return;
      const cell = (j: number) => values[j] ?? text.slice(starts[j]!, ends[j]!);
      if (!plan) {
        const names = Array.from({ length: count }, (_, j) => cell(j));
        plan = planColumns(names, o.model, file, identifiers, 'line');
        width = count;
        out = startOutput(o, scorer, plan.report.idColumns);
        return;
      }
      const p = plan;
      let ids = '';
      for (const j of p.idIdx) ids += csvField(j < count ? cell(j).trim() : '') + ',';
      scorer.beginRow(line, ids);
      if (count > width) {
        let extra = false;
        for (let j = width; j < count && !extra; j++) extra = cell(j).trim() !== '';
        if (extra) {
          scorer.reject(`not scored: expected ${width} values, found ${count}`);
          scorer.blankRow();
          scorer.endRow();
          if (scorer.full) out!.write(scorer.flush());
          return;
        }
      }
      for (let k = 0; k < nIn; k++) {
        const j = p.inputIdx[k]!;
        if (j >= count) scorer.missing(k);
        else if (values[j] !== undefined) scorer.text(k, values[j]);
        else scorer.range(k, text, starts[j]!, ends[j]!);
      }
      scorer.endRow();
      if (scorer.full) out!.write(scorer.flush());
    },
  });
  try {
    await streamText(o.dataPath, file, settings.encoding, (text, raw, bytes) => {
      tok.feed(text);
      if (raw) o.onProgress?.({ rows: scorer.rows, bytes, totalBytes });
      else tok.end();
    }, { signal: o.signal, cancelledError });
    if (!plan || !out) throw new AppError('bad-input', `${file} is empty: it has no header row.`, { file, line: 1 });
    (out as Output).write(scorer.flush());
  } catch (e) {
    (out as Output | null)?.abort();
    if (e instanceof UnclosedQuoteError) throw new AppError('bad-input', `${file}, line ${e.line}: a quoted value is never closed (a missing ${settings.quote}?).`, { file, line: e.line });
    throw e;
  }
  return { report: (plan as ReturnType<typeof planColumns>).report, scorer, out: out as Output };
}

async function scoreJsonl(o: PredictFileOptions, file: string, totalBytes: number, ranges: ReadonlyMap<string, TrainingRange>, identifiers: ReadonlySet<string>) {
  const encoding = detectEncoding(await headBytes(o.dataPath, file, 4096)).encoding;
  const scorer = new ChunkScorer(o.model, { numbers: PLAIN_NUMBERS, missing: DEFAULT_MISSING, ranges, ...(o.chunkRows ? { chunkRows: o.chunkRows } : {}) });
  const inputs = o.model.pipeline.input;
  let plan: ReturnType<typeof planColumns> | null = null;
  let out: Output | null = null;
  // Objects wait here until the first piece of the file has named the columns (keys may be left out of a row).
  let pending: { v: Record<string, unknown> | null; line: number }[] = [];
  const keys = new Set<string>();
  const score = (v: Record<string, unknown> | null, line: number) => {
    const p = plan!;
    if (!v) {
      // Kept in the output (empty prediction) so its rows stay aligned with the input's.
      scorer.beginRow(line, ','.repeat(p.report.idColumns.length));
      scorer.reject('not scored: the line is not a JSON object');
      scorer.blankRow();
      scorer.endRow();
      if (scorer.full) out!.write(scorer.flush());
      return;
    }
    let ids = '';
    for (const name of p.report.idColumns) { const x = v[name]; ids += csvField(x === null || x === undefined ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x)) + ','; }
    scorer.beginRow(line, ids);
    for (let k = 0; k < inputs.length; k++) {
      const x = v[inputs[k]!.name];
      if (x === null || x === undefined) scorer.missing(k);
      else if (typeof x === 'number') scorer.number(k, x);
      else if (typeof x === 'string') scorer.text(k, x);
      else scorer.text(k, typeof x === 'object' ? JSON.stringify(x) : String(x));
    }
    scorer.endRow();
    if (scorer.full) out!.write(scorer.flush());
  };
  const startPlan = () => {
    plan = planColumns([...keys], o.model, file, identifiers, 'line');
    out = startOutput(o, scorer, plan.report.idColumns);
    for (const r of pending) score(r.v, r.line);
    pending = [];
  };
  let line = 1;
  let rest = '';
  let bad = 0;
  const take = (text: string, final: boolean) => {
    const s = rest + text;
    let p = 0;
    for (;;) {
      const nl = s.indexOf('\n', p);
      if (nl < 0 && !final) break;
      const raw = s.slice(p, nl < 0 ? s.length : nl).trim();
      if (raw) {
        let v: unknown;
        try { v = JSON.parse(raw); } catch { v = undefined; }
        if (v === null || typeof v !== 'object' || Array.isArray(v)) {
          if (line === 1 && raw.startsWith('[')) throw new AppError('bad-input', `${file} is one JSON array; save it as JSON lines (one object per line) to score it.`, { file });
          bad++;
          if (plan) score(null, line);
          else if (pending.length) pending.push({ v: null, line });
        } else if (plan) score(v as Record<string, unknown>, line);
        else {
          for (const key in v) keys.add(key);
          pending.push({ v: v as Record<string, unknown>, line });
        }
      }
      line++;
      if (nl < 0) break;
      p = nl + 1;
    }
    rest = final ? '' : s.slice(p);
  };
  try {
    await streamText(o.dataPath, file, encoding, (text, raw, bytes) => {
      take(text, raw === null);
      if (!raw) return;
      if (!plan && pending.length) startPlan();
      o.onProgress?.({ rows: scorer.rows, bytes, totalBytes });
    }, { signal: o.signal, cancelledError });
    if (!plan) {
      if (!pending.length) throw new AppError('bad-input', `${file} holds no JSON objects to score${bad ? ` (${bad} lines are not JSON objects)` : ''}.`, { file });
      startPlan();
    }
    (out as unknown as Output).write(scorer.flush());
  } catch (e) {
    (out as Output | null)?.abort();
    throw e;
  }
  return { report: (plan as unknown as ReturnType<typeof planColumns>).report, scorer, out: out as unknown as Output };
}

async function scoreFrame(frame: Frame, o: PredictFileOptions, file: string, totalBytes: number, ranges: ReadonlyMap<string, TrainingRange>, identifiers: ReadonlySet<string>) {
  const scorer = new ChunkScorer(o.model, { numbers: PLAIN_NUMBERS, missing: [], ranges, ...(o.chunkRows ? { chunkRows: o.chunkRows } : {}) });
  const plan = planColumns(frame.columns.map((c) => c.name), o.model, file, identifiers, 'row');
  const out = startOutput(o, scorer, plan.report.idColumns);
  const inputCols = Array.from(plan.inputIdx, (j) => frame.columns[j]!);
  const idCols = plan.idIdx.map((j) => frame.columns[j]!);
  try {
    for (let i = 0; i < frame.rows; i++) {
      let ids = '';
      for (const c of idCols) { const v = frame.cell(i, c); ids += csvField(v === null ? '' : String(v)) + ','; }
      scorer.beginRow(i + 1, ids);
      for (let k = 0; k < inputCols.length; k++) {
        const c = inputCols[k]!;
        if (isNumeric(c)) scorer.number(k, c.values[i]!);
        else {
          const code = c.codes[i]!;
          if (code < 0) scorer.missing(k);
          else scorer.text(k, c.dictionary[code]!);
        }
      }
      scorer.endRow();
      if (scorer.full) {
        out.write(scorer.flush());
        if (o.signal?.aborted) throw cancelledError();
        o.onProgress?.({ rows: scorer.rows, bytes: Math.round((totalBytes * (i + 1)) / frame.rows), totalBytes });
        await yieldToLoop();
      }
    }
    out.write(scorer.flush());
  } catch (e) {
    out.abort();
    throw e;
  }
  return { report: plan.report, scorer, out };
}
