/**
 * A pipeline: the raw feature columns it takes (its input schema, learned from the training
 * rows) and an ordered list of fitted steps that turn them into a numeric feature matrix.
 * Fitting sees only the rows it is given, so cross-validation fits it inside each fold.
 */
import { MISSING_MARKERS } from '../frame/builder';
import { isNumeric, type Column, type Frame } from '../frame/frame';
import type { ColumnKind } from '../frame/kinds';
import { attr, type OnnxGraph } from '../export/onnx/graph';
import './all';
import { getStep } from './registry';
import { MISSING, UNSEEN, type FittedStep, type OnnxColumn, type OnnxEnv, type StepDef, type StepSpec, type Work, type WorkColumn, type WorkSchema } from './types';
import type { Task } from '../frame/kinds';
import { takeWork } from './util';

/**
 * One raw input column: numbers (and dates, as milliseconds since 1970-01-01 UTC) arrive as
 * doubles, categories and free text as strings.
 */
export interface InputColumn {
  name: string;
  kind: ColumnKind;
  type: 'num' | 'code' | 'text';
  /** Categories seen in the training rows, sorted (code columns only). */
  categories?: string[];
}

export interface FittedPipeline {
  formatVersion: 1;
  input: InputColumn[];
  steps: FittedStep[];
  /** Names of the output features, in matrix column order. */
  features: string[];
}

/** Kinds a model uses as features by default; identifiers and free text are left out. */
export function isDefaultFeature(c: Column): boolean {
  return isDefaultFeatureKind(c.kind);
}

export function isDefaultFeatureKind(kind: ColumnKind): boolean {
  return kind === 'number' || kind === 'integer' || kind === 'category' || kind === 'boolean';
}

/** The default preparation for linear models: impute, one-hot, standardize. */
export function defaultLinearSteps(input: readonly InputColumn[]): StepSpec[] {
  return finishingSteps(new Map(input.map((c) => [c.name, c.type])), true);
}

/**
 * The steps that finish a pipeline for a model after the user's own steps: for dense models
 * (linear, kNN, neural nets) missing numbers get the median, categories the most frequent value
 * and one-hot columns, and numbers are standardized; for native models (trees) categories become
 * codes. Computed from the columns as the user's steps leave them. Columns in `unscaled` (word
 * counts, TF-IDF and one-hot columns the user's steps made) are not standardized, as
 * scikit-learn's pipelines leave them: scaling would blow up rare words.
 */
export function finishingSteps(schema: WorkSchema, dense: boolean, unscaled: ReadonlySet<string> = new Set()): StepSpec[] {
  const nums = [...schema].filter(([, t]) => t === 'num').map(([k]) => k);
  const cats = [...schema].filter(([, t]) => t === 'code').map(([k]) => k);
  if (!dense) return cats.length ? [{ kind: 'encode.ordinal', columns: cats, params: {} }] : [];
  const steps: StepSpec[] = [];
  if (nums.length) steps.push({ kind: 'impute.median', columns: nums, params: {} });
  if (cats.length) {
    steps.push({ kind: 'impute.most_frequent', columns: cats, params: {} });
    steps.push({ kind: 'encode.onehot', columns: cats, params: {} });
  }
  const scaled = nums.filter((k) => !unscaled.has(k));
  if (scaled.length) steps.push({ kind: 'scale.standard', columns: scaled, params: {} });
  return steps;
}

/** Learns the input schema (categories present) from the given rows of the frame. */
export function inputSchema(frame: Frame, features: readonly string[], rows?: ArrayLike<number>): InputColumn[] {
  return features.map((name) => {
    const c = frame.column(name);
    if (isNumeric(c)) return { name, kind: c.kind, type: 'num' };
    if (c.kind === 'text') return { name, kind: c.kind, type: 'text' };
    const seen = new Uint8Array(c.dictionary.length);
    const n = rows ? rows.length : c.codes.length;
    for (let i = 0; i < n; i++) {
      const code = c.codes[rows ? rows[i]! : i]!;
      if (code >= 0) seen[code] = 1;
    }
    const categories = c.dictionary.filter((_, i) => seen[i]).sort();
    return { name, kind: c.kind, type: 'code', categories };
  });
}

/** Expresses frame columns in the pipeline's terms: categories coded against the training categories. */
export function toWork(frame: Frame, input: readonly InputColumn[]): Work {
  const work = new Map<string, WorkColumn>();
  for (const ic of input) {
    if (!frame.has(ic.name)) throw new Error(`The data has no column named ${ic.name}.`);
    const c = frame.column(ic.name);
    if (ic.type === 'num') {
      if (!isNumeric(c)) throw new Error(`Column ${ic.name} should hold numbers.`);
      work.set(ic.name, ic.kind === 'date' ? { type: 'num', values: c.values, date: true } : { type: 'num', values: c.values });
      continue;
    }
    if (ic.type === 'text') {
      if (isNumeric(c)) {
        const dictionary: string[] = [];
        const index = new Map<string, number>();
        const codes = Int32Array.from(c.values, (v) => {
          if (Number.isNaN(v)) return MISSING;
          const s = String(v);
          let k = index.get(s);
          if (k === undefined) { k = dictionary.length; dictionary.push(s); index.set(s, k); }
          return k;
        });
        work.set(ic.name, { type: 'text', codes, dictionary });
      } else {
        work.set(ic.name, { type: 'text', codes: c.codes, dictionary: c.dictionary });
      }
      continue;
    }
    const levels = ic.categories ?? [];
    const index = new Map(levels.map((l, i) => [l, i]));
    let codes: Int32Array;
    if (isNumeric(c)) {
      codes = Int32Array.from(c.values, (v) => (Number.isNaN(v) ? MISSING : index.get(String(v)) ?? UNSEEN));
    } else {
      const map = Int32Array.from(c.dictionary, (s) => index.get(s) ?? UNSEEN);
      codes = c.codes.map((code) => (code < 0 ? MISSING : map[code]!));
    }
    work.set(ic.name, { type: 'code', codes, levels });
  }
  return work;
}

/** The result of fitting steps on training rows. */
export interface FitStepsResult {
  steps: FittedStep[];
  work: Work;
  /**
   * Set when a step dropped training rows (outlier removal): the indices, into the rows given,
   * of the rows that remain in `work` (and whose target the model must be fitted on).
   */
  kept?: Int32Array;
}

/** Fits every step in order on the given work table. */
export function fitSteps(work: Work, specs: readonly StepSpec[], seed: number, target?: Float64Array, task?: Task): FitStepsResult {
  const steps: FittedStep[] = [];
  let w = work;
  let y = target;
  let kept: Int32Array | undefined;
  for (const raw of specs) {
    const def = getStep(raw.kind);
    const spec = { ...raw, columns: resolveColumns(def, raw.columns, w) };
    if (spec.columns.length < (def.minColumns ?? 1)) {
      throw new Error(`${def.label} needs ${(def.minColumns ?? 1) > 1 ? `at least ${def.minColumns} columns` : 'a column'} of the right type${raw.columns.length ? ` (${raw.columns.join(', ')})` : ''}.`);
    }
    const params = { ...(def.defaults as object), ...(spec.params as object) };
    def.validate?.(params, spec.columns);
    if (def.needsTarget && !y) throw new Error(`${def.label} needs a target column.`);
    const ctx = y ? { seed, target: y, ...(task ? { task } : {}) } : { seed };
    const state = def.fit(w, spec.columns, params, ctx);
    steps.push({ kind: spec.kind, version: def.version, columns: [...spec.columns], params, state });
    w = def.trainTransform ? def.trainTransform(w, spec.columns, params, state, ctx) : def.transform(w, spec.columns, params, state);
    if (def.dropRows) {
      const drop = def.dropRows(w, spec.columns, params, state);
      let n = 0;
      for (let i = 0; i < drop.length; i++) if (!drop[i]) n++;
      if (n === 0) throw new Error(`${def.label} would leave no training rows.`);
      if (n < drop.length) {
        const rows = new Int32Array(n);
        for (let i = 0, j = 0; i < drop.length; i++) if (!drop[i]) rows[j++] = i;
        w = takeWork(w, rows);
        if (y) y = Float64Array.from(rows, (r) => y![r]!);
        kept = kept ? Int32Array.from(rows, (r) => kept![r]!) : rows;
      }
    }
  }
  return kept ? { steps, work: w, kept } : { steps, work: w };
}

/** True when a work column is of the type a step accepts. */
export function acceptsColumn(def: StepDef, c: WorkColumn): boolean {
  if (def.accepts === 'date') return c.type === 'num' && c.date === true;
  // Dates are numbers too (milliseconds), so number steps accept them.
  return c.type === def.accepts;
}

/**
 * The columns a step applies to: `['*']` means every column of the type it accepts at that point
 * of the pipeline (e.g. feature selection over everything the steps before it produced). Named
 * columns must exist and have the right type.
 */
export function resolveColumns(def: StepDef, columns: readonly string[], work: Work): string[] {
  if (columns.length === 1 && columns[0] === '*') return [...work].filter(([, c]) => acceptsColumn(def, c)).map(([k]) => k);
  for (const name of columns) {
    const c = work.get(name);
    if (!c) throw new Error(`${def.label}: there is no column ${name} at this point of the preparation (an earlier step may have removed or renamed it).`);
    if (!acceptsColumn(def, c)) throw new Error(`${def.label} works on ${ACCEPT_WORDS[def.accepts]}, and ${name} is ${c.type === 'num' ? 'numbers' : c.type === 'code' ? 'a category' : 'text'} at this point.`);
  }
  return [...columns];
}

const ACCEPT_WORDS: Record<StepDef['accepts'], string> = { num: 'number columns', code: 'category columns', text: 'text columns', date: 'date columns' };

export function applySteps(work: Work, steps: readonly FittedStep[]): Work {
  let w = work;
  for (const s of steps) w = getStep(s.kind).transform(w, s.columns, s.params, s.state);
  return w;
}

/** The default preparation for native models (trees): categories become integer codes, missing stays NaN. */
export function defaultNativeSteps(input: readonly InputColumn[]): StepSpec[] {
  const cats = input.filter((c) => c.type === 'code').map((c) => c.name);
  return cats.length ? [{ kind: 'encode.ordinal', columns: cats, params: {} }] : [];
}

/** Fits a pipeline on the given rows (all rows when omitted). */
export function fitPipeline(frame: Frame, features: readonly string[], specs: (input: InputColumn[]) => StepSpec[], seed: number): FittedPipeline {
  const input = inputSchema(frame, features);
  const { steps, work } = fitSteps(toWork(frame, input), specs(input), seed);
  return { formatVersion: 1, input, steps, features: [...work.keys()] };
}

/** Row-major feature matrix from a fully numeric work table. */
export function toMatrix(work: Work): { x: Float64Array; rows: number; cols: number; names: string[]; categorical: number[] } {
  const names = [...work.keys()];
  const cols = names.length;
  const first = work.values().next().value as WorkColumn | undefined;
  const rows = first ? (first.type === 'num' ? first.values.length : first.codes.length) : 0;
  const x = new Float64Array(rows * cols);
  const categorical = names.map((n) => { const c = work.get(n)!; return c.type === 'num' ? c.levels ?? 0 : 0; });
  names.forEach((name, j) => {
    const c = work.get(name)!;
    if (c.type === 'text') throw new Error(`Column ${name} is free text; add a text step (word counts, TF-IDF or length) or set the column to ignore.`);
    if (c.type !== 'num') throw new Error(`Column ${name} is still a category after preparation; add an encoding step.`);
    for (let i = 0; i < rows; i++) x[i * cols + j] = c.values[i]!;
  });
  return { x, rows, cols, names, categorical };
}

/** Applies a fitted pipeline to a frame and returns the feature matrix. */
export function transformPipeline(p: FittedPipeline, frame: Frame): ReturnType<typeof toMatrix> {
  const m = toMatrix(applySteps(toWork(frame, p.input), p.steps));
  if (m.names.join('\u0000') !== p.features.join('\u0000')) throw new Error('The prepared features differ from the fitted ones.');
  return m;
}

/**
 * Adds the pipeline to an ONNX graph: one graph input per raw column (double [N,1] with NaN as
 * missing, or string [N,1] with a blank or a missing marker as missing), then every step's nodes,
 * then a Concat into one double [N, features] tensor, whose name is returned.
 */
export function pipelineToOnnx(g: OnnxGraph, p: FittedPipeline): string {
  const env = new PipelineEnv(g);
  for (const ic of p.input) {
    if (ic.type === 'num') {
      env.set(ic.name, { value: g.input(ic.name, 'double', ['N', 1]), type: 'num', width: 1 });
      continue;
    }
    if (ic.type === 'text') {
      env.set(ic.name, { value: g.input(ic.name, 'string', ['N', 1]), type: 'text', width: 1 });
      continue;
    }
    const cats = ic.categories ?? [];
    const markers = MISSING_MARKERS.filter((m) => !cats.includes(m));
    const raw = g.input(ic.name, 'string', ['N', 1]);
    const code = g.op('LabelEncoder', [raw], {
      keys_strings: attr.strings([...cats, ...markers]),
      values_int64s: attr.ints([...cats.map((_, i) => i), ...markers.map(() => MISSING)]),
      default_int64: attr.int(UNSEEN),
    }, 'ai.onnx.ml');
    env.set(ic.name, { value: code, type: 'code', width: 1 });
  }
  let schema: WorkSchema = new Map(p.input.map((c) => [c.name, c.type]));
  env.names = entryNames(env, schema);
  for (const s of p.steps) {
    const def = getStep(s.kind);
    def.onnx(g, env, s.columns, s.params, s.state);
    schema = def.schema(schema, s.columns, s.params, s.state);
    env.names = entryNames(env, schema);
  }
  const parts = [...env.values()];
  for (const part of parts) if (part.type !== 'num') throw new Error(`A ${part.type === 'text' ? 'text' : 'category'} column reached the model without an encoding step.`);
  const width = parts.reduce((a, c) => a + c.width, 0);
  if (width !== p.features.length) throw new Error(`ONNX features (${width}) differ from the fitted ones (${p.features.length}).`);
  return parts.length === 1 ? parts[0]!.value : g.op('Concat', parts.map((c) => c.value), { axis: attr.int(1) });
}

/**
 * Which work columns each ONNX env entry holds: entries are in work-column order and an entry of
 * width k holds the next k columns of the schema.
 */
function entryNames(env: OnnxEnv, schema: WorkSchema): Map<string, string[]> {
  const cols = [...schema.keys()];
  const out = new Map<string, string[]>();
  let i = 0;
  for (const [key, e] of env) {
    out.set(key, cols.slice(i, i + e.width));
    i += e.width;
  }
  if (i !== cols.length) throw new Error(`The exported steps give ${i} columns where the app has ${cols.length}.`);
  return out;
}

/**
 * The ONNX env while a pipeline is exported. A step may emit one entry for a block of columns (a
 * one-hot or word-count block of width k); a later step that asks for one column of such a block
 * by name (`get`/`has`) gets it: the block is split, in place, into one entry per column (a Gather
 * on axis 1 each). Steps that work on positions (feature selection) never ask, so blocks stay whole.
 */
class PipelineEnv extends Map<string, OnnxColumn> {
  /** The work columns each entry holds, updated after every step. */
  names = new Map<string, string[]>();
  readonly #g: OnnxGraph;

  constructor(g: OnnxGraph) {
    super();
    this.#g = g;
  }

  override get(key: string): OnnxColumn | undefined {
    return super.get(key) ?? (this.#split(key) ? super.get(key) : undefined);
  }

  override has(key: string): boolean {
    return super.has(key) || this.#split(key);
  }

  #split(name: string): boolean {
    const block = [...this.names].find(([key, held]) => key !== name && held.includes(name) && super.has(key));
    if (!block) return false;
    const [blockKey, held] = block;
    const entries = [...super.entries()];
    this.clear();
    for (const [key, e] of entries) {
      if (key !== blockKey) { super.set(key, e); continue; }
      // A block of one column (a one-hot with a single level) is just renamed.
      if (e.width === 1) { super.set(held[0]!, e); continue; }
      held.forEach((n, j) => {
        const index = this.#g.constant(`${n}_index`, { elem: 'int64', dims: [1], values: [j] });
        super.set(n, { value: this.#g.op('Gather', [e.value, index], { axis: attr.int(1) }), type: e.type, width: 1 });
      });
    }
    this.names.delete(blockKey);
    held.forEach((n) => this.names.set(n, [n]));
    return true;
  }
}

/** Columns that text and encoding steps added (new names): left unscaled by the finishing steps. */
export function addedByEncoders(input: WorkSchema, steps: readonly FittedStep[]): Set<string> {
  const out = new Set<string>();
  let schema = input;
  for (const s of steps) {
    const def = getStep(s.kind);
    const next = def.schema(schema, s.columns, s.params, s.state);
    if (def.group === 'text' || def.group === 'encode') for (const k of next.keys()) if (!schema.has(k)) out.add(k);
    for (const k of [...out]) if (!next.has(k)) out.delete(k);
    schema = next;
  }
  return out;
}
