/**
 * The step contract (DESIGN.md §5). A step has a stable `kind` and `version`, JSON params, and a
 * `fit` that returns a separate JSON-serialisable state; `transform` uses params + state only and
 * never mutates its input. Each step also writes its own ONNX nodes, so anything the app can
 * apply travels into the exported model.
 */
import type { OnnxGraph } from '../export/onnx/graph';
import type { Task } from '../frame/kinds';

/** Numbers (NaN = missing). */
export interface NumWork {
  type: 'num';
  values: Float64Array;
  /** Set when the numbers are category codes 0..levels-1 (NaN = missing or unseen), for native-category models. */
  levels?: number;
  /** Set when the numbers are dates: milliseconds since 1970-01-01T00:00Z (wall-clock dates read as UTC). */
  date?: true;
}
/**
 * Category codes into `levels` (the categories seen in training): -1 = missing,
 * -2 = a category never seen in training.
 */
export interface CodeWork {
  type: 'code';
  codes: Int32Array;
  levels: readonly string[];
}
/**
 * Free text: codes into the column's own dictionary (-1 = missing). Unlike categories, the
 * dictionary is whatever the rows at hand hold (new texts at predict time are normal).
 */
export interface TextWork {
  type: 'text';
  codes: Int32Array;
  dictionary: readonly string[];
}
export type WorkColumn = NumWork | CodeWork | TextWork;
export type WorkType = WorkColumn['type'];
/** Columns by name, in feature order. Never mutated by a step: steps return a new map. */
export type Work = ReadonlyMap<string, WorkColumn>;

export const MISSING = -1;
export const UNSEEN = -2;

/** A column as it flows through the ONNX graph: a [N, width] tensor. */
export interface OnnxColumn {
  value: string;
  /** num: double [N, width]; code: int64 [N, 1] (-1 missing, -2 unseen); text: string [N, 1] (raw). */
  type: WorkType;
  width: number;
}
export type OnnxEnv = Map<string, OnnxColumn>;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface FitContext {
  seed: number;
  /**
   * The training rows' target (class index or value), for target-dependent steps such as target
   * encoding. Only the rows being fitted: under cross-validation, the fold's training rows.
   */
  target?: Float64Array;
  /** The task the target belongs to (with `target`). */
  task?: Task;
}

/** The names and types of the columns of a work table, in order. */
export type WorkSchema = ReadonlyMap<string, WorkType>;

/** Groups for the step menu. */
export type StepGroup = 'impute' | 'scale' | 'encode' | 'bin' | 'date' | 'text' | 'interact' | 'outliers' | 'select' | 'compute';

/** One parameter as the UI edits it. */
export interface ParamInfo {
  name: string;
  label: string;
  type: 'number' | 'integer' | 'boolean' | 'choice' | 'string' | 'strings' | 'numbers';
  choices?: readonly string[];
  min?: number;
  max?: number;
  help?: string;
}

export interface StepDef<P extends Json = Json, S extends Json = Json> {
  readonly kind: string;
  readonly version: number;
  readonly label: string;
  readonly description: string;
  readonly group: StepGroup;
  /** Which work columns the step applies to ('date' = numbers flagged as dates). */
  readonly accepts: 'num' | 'code' | 'text' | 'date';
  /** Minimum number of columns it needs (interactions need 2). Default 1. */
  readonly minColumns?: number;
  /** True when fit uses the target (target encoding, supervised selection). */
  readonly needsTarget?: boolean;
  readonly defaults: P;
  /** The editable params, for the UI. */
  readonly paramsInfo: readonly ParamInfo[];
  /** Throws a plain-words Error when params are invalid (before fit). */
  validate?(params: P, columns: readonly string[]): void;
  fit(work: Work, columns: readonly string[], params: P, ctx: FitContext): S;
  transform(work: Work, columns: readonly string[], params: P, state: S): Work;
  /** The columns after the step, from the columns before it (must equal what `transform` gives). */
  schema(input: WorkSchema, columns: readonly string[], params: P, state: S): WorkSchema;
  /**
   * Training only: how the rows the step was just fitted on are transformed, when that differs
   * from `transform` (target encoding gives training rows out-of-fold values so the model does
   * not learn from their own targets). Defaults to `transform`.
   */
  trainTransform?(work: Work, columns: readonly string[], params: P, state: S, ctx: FitContext): Work;
  /**
   * Training only: rows to leave out of the rest of the fit (1 = drop), e.g. outlier removal.
   * Never applied when scoring.
   */
  dropRows?(work: Work, columns: readonly string[], params: P, state: S): Uint8Array;
  /** Adds this step's nodes; replaces the env entries of the columns it changes. */
  onnx(g: OnnxGraph, env: OnnxEnv, columns: readonly string[], params: P, state: S): void;
}

/** A step as stored in a pipeline: what to run, on which columns. */
export interface StepSpec {
  kind: string;
  columns: string[];
  params: Json;
}

/** A fitted step: the spec plus what fit learned. */
export interface FittedStep extends StepSpec {
  version: number;
  state: Json;
}
