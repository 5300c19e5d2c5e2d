/**
 * The estimator contract (DESIGN.md §5), shared by every model family.
 *
 * An estimator has a stable `kind` and `version`, JSON `params`, and a `fit` that returns a
 * separate JSON-serialisable fitted `state` (nothing learned hides in params). `predict` uses
 * params + state only, never mutates its input, and is deterministic. Fitting is deterministic
 * under `ctx.seed`.
 */
import type { Task } from '../frame/kinds';
import type { Json } from '../steps/types';

export type { Json, Task };

/**
 * A row-major feature matrix. NaN marks a missing value. For estimators with `input: 'native'`,
 * a column listed in `categorical` holds category codes 0..levels-1 (NaN = missing; codes ≥ levels
 * can appear at predict time for categories unseen in training and must be handled like missing
 * or by a documented rule). For `input: 'dense'` estimators the pipeline guarantees: no NaN, no
 * categorical columns (one-hot encoded, scaled).
 */
export interface Matrix {
  x: Float64Array;
  rows: number;
  cols: number;
  /** Number of levels per column; 0 (or absent) = numeric. */
  categorical?: readonly number[];
  /** Feature names, for explanations and messages. */
  names?: readonly string[];
}

export interface TrainData extends Matrix {
  task: Task;
  /** Classification: class index 0..nClasses-1 (as float). Regression: the value. No NaN. */
  y: Float64Array;
  /** Classification only: number of classes (≥ 2). */
  nClasses: number;
  /** Optional per-row weights (default 1). */
  weights?: Float64Array;
}

export interface FitProgress {
  /** Iteration, tree, epoch... (1-based). */
  iteration: number;
  /** Total iterations when known. */
  total?: number;
  /** Training loss when the estimator tracks one. */
  loss?: number;
  /** Validation loss (early stopping), when tracked. */
  validLoss?: number;
}

export interface FitContext {
  seed: number;
  /** Called at most every iteration. May throw to cancel; fit must let it propagate. */
  onProgress?: (p: FitProgress) => void;
}

/**
 * Predictions. Classification: `proba` is rows × nClasses row-major, each row summing to 1.
 * Regression: `value` has one number per row.
 */
export type Prediction = { proba: Float64Array; nClasses: number } | { value: Float64Array };

export interface EstimatorDef<P extends Json = Json, S extends Json = Json> {
  readonly kind: string;
  readonly version: number;
  /** The family the CLI's `--model` names. */
  readonly family: 'linear' | 'tree' | 'forest' | 'gbdt' | 'knn' | 'nb' | 'nn';
  readonly label: string;
  readonly description: string;
  readonly tasks: readonly Task[];
  /** 'dense': needs imputed, encoded, scaled numbers. 'native': handles NaN and categorical codes itself. */
  readonly input: 'dense' | 'native';
  readonly defaults: P;
  fit(data: TrainData, params: P, ctx: FitContext): S;
  predict(state: S, params: P, x: Matrix): Prediction;
}
