/**
 * The step contract (DESIGN.md §5). A step has a stable `kind` and `version`, JSON params, and a
 * `fit` that returns a separate JSON-serialisable state; `transform` uses params + state only and
 * never mutates its input. Each step also writes its own ONNX nodes, so anything the app can
 * apply travels into the exported model.
 */
import type { OnnxGraph } from '../export/onnx/graph';

/** Numbers (NaN = missing). */
export interface NumWork {
  type: 'num';
  values: Float64Array;
  /** Set when the numbers are category codes 0..levels-1 (NaN = missing or unseen), for native-category models. */
  levels?: number;
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
export type WorkColumn = NumWork | CodeWork;
/** Columns by name, in feature order. Never mutated by a step: steps return a new map. */
export type Work = ReadonlyMap<string, WorkColumn>;

export const MISSING = -1;
export const UNSEEN = -2;

/** A column as it flows through the ONNX graph: a [N, width] tensor. */
export interface OnnxColumn {
  value: string;
  type: 'num' | 'code';
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
}

export interface StepDef<P extends Json = Json, S extends Json = Json> {
  readonly kind: string;
  readonly version: number;
  readonly label: string;
  readonly description: string;
  /** Which work columns the step applies to. */
  readonly accepts: 'num' | 'code';
  readonly defaults: P;
  fit(work: Work, columns: readonly string[], params: P, ctx: FitContext): S;
  transform(work: Work, columns: readonly string[], params: P, state: S): Work;
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
