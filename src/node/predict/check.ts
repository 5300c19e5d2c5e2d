/**
 * Checks and scores rows of a new file against a fitted model, a chunk at a time.
 *
 * Cells arrive one by one (text from CSV, typed values from JSON lines or a Frame) for the model's
 * input columns only; each is checked against the pipeline's input schema as it is turned into the
 * pipeline's own terms (numbers as doubles, categories as codes into the training categories), so
 * no Frame — and no kind inference, which could differ from chunk to chunk — is built. Each full
 * chunk goes through the fitted steps and the estimator exactly as `predictProba` does on a whole
 * frame (the steps and estimators are row-wise), then its output rows are returned as CSV text.
 */
import type { FittedModel } from '../../core/evaluate/train';
import '../../core/models/index';
import { getEstimator } from '../../core/models/registry';
import { applySteps, toMatrix, type InputColumn } from '../../core/steps/pipeline';
import { MISSING, UNSEEN, type WorkColumn } from '../../core/steps/types';
import { parseNumberAs, parsePlainNumber, parsePlainRange, type NumberFormat } from '../../core/frame/values';
import { parseDate, type DateOrder } from '../../core/frame/dates';
import type { PredictFinding } from '../../shared/dto';

/** A numeric input's range in the training data. */
export interface TrainingRange {
  min: number;
  max: number;
}

export interface CheckOptions {
  /** Number format of the file being scored. */
  numbers: NumberFormat;
  /** Cell texts that mean "no value" (compared after trimming). */
  missing: readonly string[];
  /** Training ranges of numeric inputs, by column name (inputs without one are not range-checked). */
  ranges: ReadonlyMap<string, TrainingRange>;
  /** Rows per chunk. */
  chunkRows?: number;
  /** How to read an ambiguous numeric date (03/04/2020) in a date input: the training data's order. */
  dateOrder?: DateOrder;
}

const EXAMPLES = 5;
const TRACKED_VALUES = 1000;

class Finding {
  count = 0;
  readonly examples: { line: number; value: string }[] = [];
  values: Map<string, number> | null = null;
  constructor(readonly column: string, readonly code: PredictFinding['code'], readonly range?: TrainingRange) {}
  add(line: number, value: string): void {
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push({ line, value });
    if (this.values) {
      const n = this.values.get(value);
      if (n !== undefined) this.values.set(value, n + 1);
      else if (this.values.size < TRACKED_VALUES) this.values.set(value, 1);
    }
  }
  toJSON(): PredictFinding {
    return {
      column: this.column, code: this.code, count: this.count, examples: this.examples,
      ...(this.range ? { range: { min: this.range.min, max: this.range.max } } : {}),
      ...(this.values ? { values: [...this.values].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([value, count]) => ({ value, count })) } : {}),
    };
  }
}

interface InputState {
  ic: InputColumn;
  num: boolean;
  /** A date input: texts are read as dates (milliseconds). */
  date: boolean;
  /** Free text: codes into a dictionary of this chunk's own texts. */
  text: boolean;
  dict: Map<string, number>;
  dictList: string[];
  range: TrainingRange | undefined;
  /** Exact category → code, then a forgiving lookup (letter case, number spelling). */
  index: Map<string, number>;
  loose: Map<string, number>;
  values: Float64Array;
  codes: Int32Array;
  missing: Finding;
  notNumber: Finding;
  unseen: Finding;
  outOfRange: Finding;
}

function looseKey(s: string): string {
  const n = parsePlainNumber(s);
  return Number.isNaN(n) ? s.toLowerCase() : String(n);
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(s: string): string {
  if (s === '') return s;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${s.replace(/"/g, '""')}"`;
  }
  const c0 = s.charCodeAt(0);
  const cl = s.charCodeAt(s.length - 1);
  return c0 === 32 || cl === 32 ? `"${s}"` : s;
}

/**
 * Receives rows (`beginRow`, then `text`/`number`/`missing` per input, then `endRow`) and scores
 * them in chunks. `flush()` scores what is buffered and returns the output CSV lines (CRLF-ended).
 */
export class ChunkScorer {
  readonly model: FittedModel;
  readonly inputs: InputState[];
  readonly #missing: Set<string>;
  readonly #numbers: NumberFormat;
  readonly #plain: boolean;
  readonly #dateOrder: DateOrder;
  readonly chunkRows: number;
  #n = 0;
  #line = 0;
  #lines: Int32Array;
  #ids: string[];
  #warn: string[];
  /** Rows not to score (their reason is in #warn). */
  #skip: Uint8Array;
  rows = 0;
  scored = 0;
  unscoredCount = 0;
  readonly unscored: { line: number; reason: string }[] = [];

  constructor(model: FittedModel, opts: CheckOptions) {
    this.model = model;
    this.#missing = new Set(opts.missing);
    this.#numbers = opts.numbers;
    this.#plain = opts.numbers.decimal === '.' && opts.numbers.thousands === '';
    this.chunkRows = opts.chunkRows ?? 8192;
    const n = this.chunkRows;
    this.#lines = new Int32Array(n);
    this.#ids = new Array<string>(n).fill('');
    this.#warn = new Array<string>(n).fill('');
    this.#skip = new Uint8Array(n);
    this.#dateOrder = opts.dateOrder ?? 'mdy';
    this.inputs = model.pipeline.input.map((ic) => {
      const num = ic.type === 'num';
      const index = new Map((ic.categories ?? []).map((c, i) => [c, i]));
      const loose = new Map<string, number>();
      (ic.categories ?? []).forEach((c, i) => { const k = looseKey(c); if (!loose.has(k)) loose.set(k, i); });
      const range = num ? opts.ranges.get(ic.name) : undefined;
      const unseen = new Finding(ic.name, 'unseen-category');
      unseen.values = new Map();
      return {
        ic, num, range, index, loose, date: num && ic.kind === 'date', text: ic.type === 'text', dict: new Map(), dictList: [],
        values: num ? new Float64Array(n) : new Float64Array(0),
        codes: num ? new Int32Array(0) : new Int32Array(n),
        missing: new Finding(ic.name, 'missing'), notNumber: new Finding(ic.name, 'not-a-number'),
        unseen, outOfRange: new Finding(ic.name, 'out-of-range', range),
      };
    });
  }

  /** Rows buffered and not scored yet. */
  get pending(): number {
    return this.#n;
  }

  get full(): boolean {
    return this.#n >= this.chunkRows;
  }

  /** Starts a row at `line`; `ids` is its identifier cells as CSV text (already quoted). */
  beginRow(line: number, ids: string): void {
    const r = this.#n;
    this.#line = line;
    this.#lines[r] = line;
    this.#ids[r] = ids;
    this.#warn[r] = '';
    this.#skip[r] = 0;
  }

  #note(text: string): void {
    const r = this.#n;
    this.#warn[r] = this.#warn[r] ? `${this.#warn[r]}; ${text}` : text;
  }

  /** Marks the current row as not scorable. */
  reject(reason: string): void {
    this.#skip[this.#n] = 1;
    this.#note(reason);
  }

  /** Fills every input of a rejected row with missing values, without counting or noting them. */
  blankRow(): void {
    for (const s of this.inputs) {
      if (s.num) s.values[this.#n] = Number.NaN;
      else s.codes[this.#n] = MISSING;
    }
  }

  missing(k: number): void {
    const s = this.inputs[k]!;
    s.missing.add(this.#line, '');
    this.#note(`${s.ic.name}: missing`);
    if (s.num) s.values[this.#n] = Number.NaN;
    else s.codes[this.#n] = MISSING;
  }

  /** A numeric value (already a number); NaN is missing. */
  number(k: number, v: number): void {
    const s = this.inputs[k]!;
    if (Number.isNaN(v)) return this.missing(k);
    if (!s.num) return this.text(k, String(v));
    this.#setNumber(s, v, '');
  }

  #setNumber(s: InputState, v: number, raw: string): void {
    s.values[this.#n] = v;
    const rg = s.range;
    if (rg && (v < rg.min || v > rg.max)) {
      const shown = raw || String(v);
      s.outOfRange.add(this.#line, shown);
      this.#note(`${s.ic.name}: ${shown} is outside the training range ${rg.min} to ${rg.max}`);
    }
  }

  /** Cell `text.slice(from, to)` of input k, untrimmed. */
  range(k: number, text: string, from: number, to: number): void {
    const s = this.inputs[k]!;
    if (s.num && this.#plain && !s.date) {
      const v = parsePlainRange(text, from, to);
      if (!Number.isNaN(v)) return this.#setNumber(s, v, '');
    }
    this.text(k, text.slice(from, to));
  }

  /** A text cell of input k, untrimmed. */
  text(k: number, cell: string): void {
    const s = this.inputs[k]!;
    const t = cell.trim();
    if (t === '' || this.#missing.has(t)) return this.missing(k);
    if (s.text) {
      let code = s.dict.get(t);
      if (code === undefined) { code = s.dictList.length; s.dictList.push(t); s.dict.set(t, code); }
      s.codes[this.#n] = code;
      return;
    }
    if (s.date) {
      const d = parseDate(t);
      const v = d ? (this.#dateOrder === 'dmy' ? d.dmy ?? d.mdy : d.mdy ?? d.dmy) : null;
      if (v === null) {
        s.notNumber.add(this.#line, t);
        s.values[this.#n] = Number.NaN;
        this.#note(`${s.ic.name}: \`${t}\` is not a date`);
        return;
      }
      return this.#setNumber(s, v, t);
    }
    if (s.num) {
      const v = this.#plain ? parsePlainNumber(t) : parseNumberAs(t, this.#numbers);
      if (Number.isNaN(v)) {
        s.notNumber.add(this.#line, t);
        s.values[this.#n] = Number.NaN;
        this.#note(`${s.ic.name}: \`${t}\` is not a number`);
        return;
      }
      return this.#setNumber(s, v, t);
    }
    let code = s.index.get(t);
    if (code === undefined) code = s.loose.get(looseKey(t));
    if (code === undefined) {
      s.unseen.add(this.#line, t);
      s.codes[this.#n] = UNSEEN;
      this.#note(`${s.ic.name}: unseen category \`${t}\``);
      return;
    }
    s.codes[this.#n] = code;
  }

  endRow(): void {
    this.#n++;
    this.rows++;
  }

  /** Scores the buffered rows; returns their output lines. */
  flush(): string {
    const n = this.#n;
    if (n === 0) return '';
    const m = this.model;
    const work = new Map<string, WorkColumn>();
    for (const s of this.inputs) {
      if (s.date) work.set(s.ic.name, { type: 'num', values: s.values.slice(0, n), date: true });
      else if (s.num) work.set(s.ic.name, { type: 'num', values: s.values.slice(0, n) });
      else if (s.text) {
        work.set(s.ic.name, { type: 'text', codes: s.codes.slice(0, n), dictionary: s.dictList });
        s.dict = new Map();
        s.dictList = [];
      } else work.set(s.ic.name, { type: 'code', codes: s.codes.slice(0, n), levels: s.ic.categories ?? [] });
    }
    const est = getEstimator(m.estimator.kind);
    const p = est.predict(m.estimator.state, m.estimator.params, toMatrix(applySteps(work, m.pipeline.steps)));
    const out: string[] = [];
    const classes = m.classes;
    const k = 'proba' in p ? p.nClasses : 1;
    const empty = ','.repeat(k);
    for (let i = 0; i < n; i++) {
      let cells: string;
      let ok = this.#skip[i] === 0;
      if (ok) {
        if ('proba' in p) {
          let best = 0;
          const base = i * k;
          let probs = '';
          for (let c = 0; c < k; c++) {
            const v = p.proba[base + c]!;
            if (!Number.isFinite(v)) ok = false;
            if (v > p.proba[base + best]!) best = c;
            probs += ',' + String(v);
          }
          cells = csvField(classes[best]!) + probs;
        } else {
          const v = p.value[i]!;
          ok = Number.isFinite(v);
          cells = String(v);
        }
        if (!ok) {
          this.#warn[i] = this.#warn[i] ? `${this.#warn[i]}; not scored: the model gave no number` : 'not scored: the model gave no number';
        }
      }
      if (!ok) {
        cells = 'proba' in p ? empty : '';
        this.unscoredCount++;
        if (this.unscored.length < EXAMPLES) this.unscored.push({ line: this.#lines[i]!, reason: this.#warn[i]! });
      } else this.scored++;
      out.push(`${this.#ids[i]}${cells!},${csvField(this.#warn[i]!)}\r\n`);
    }
    this.#n = 0;
    return out.join('');
  }

  /** Every finding with a count, in input order. */
  findings(): PredictFinding[] {
    const out: PredictFinding[] = [];
    for (const s of this.inputs) for (const f of [s.notNumber, s.unseen, s.outOfRange, s.missing]) if (f.count > 0) out.push(f.toJSON());
    return out;
  }

  /** The output header (without the identifier columns' names, which the caller prepends). */
  headerCells(): string[] {
    const m = this.model;
    return m.task === 'regression' ? ['prediction'] : ['prediction', ...m.classes.map((c) => `probability_${c}`)];
  }
}
