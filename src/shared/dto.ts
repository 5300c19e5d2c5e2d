/**
 * Data transfer objects: every value a service returns or an event carries.
 * All are plain JSON-compatible objects, so they survive structured clone, IPC and WebSocket.
 */
import type { AppErrorData } from './errors';
import type { ColumnKind, Task } from '../core/frame/kinds';
import type { RunCurves } from '../core/evaluate/train';

export type { ColumnKind, Task };

export type ColumnRole = 'feature' | 'target' | 'ignore';
export type ModelFamily = 'linear' | 'tree' | 'forest' | 'gbdt' | 'knn' | 'nb' | 'nn' | 'auto';

/** One column as the Columns step shows it. */
export interface ColumnInfo {
  name: string;
  /** The kind in use: the user's correction, else the inferred one. */
  kind: ColumnKind;
  /** What import inferred. */
  inferredKind: ColumnKind;
  /** Kinds this column may be corrected to. */
  allowedKinds: ColumnKind[];
  role: ColumnRole;
  missing: number;
  distinct: number;
  /** Most frequent values (categories) with counts. */
  top: { value: string; count: number }[];
  min?: number;
  max?: number;
  mean?: number;
}

export interface DatasetInfo {
  /** File name only: projects never store absolute paths. */
  fileName: string;
  rows: number;
  bytes: number;
  /** SHA-256 of the imported columns, hex. */
  hash: string;
  columns: ColumnInfo[];
  importedAt: string;
  /** The settings the file was read with (detected or chosen). */
  importSettings: unknown;
  /** Problems found while reading: how many, and the first ones in plain words. */
  problems: { count: number; first: string[] };
  /** The last profile computed (profile job), or null. */
  profile: unknown;
}

/** What an import would produce, before importing. */
export interface ImportPreview {
  fileName: string;
  settings: unknown;
  columns: { name: string; kind: ColumnKind }[];
  rows: Cell[][];
  problems: string[];
  truncated: boolean;
}

export interface TrainSettings {
  models: ModelFamily[];
  folds: number;
  /** Set for a single hold-out split (test fraction) instead of k-fold. */
  holdout?: number;
  /** Other validation (group k-fold by a column, time split, repeated k-fold...). */
  validation?: { kind: string; folds?: number; repeats?: number; fraction?: number; column?: string };
  seed: number;
}

/** One training run: what was trained, how it was validated, and how it scored. */
export interface RunInfo {
  id: number;
  model: ModelFamily;
  target: string;
  task: Task;
  classes: string[];
  positiveClass: string | null;
  folds: number;
  seed: number;
  /** Scores on the concatenated out-of-fold predictions. */
  metrics: Record<string, number>;
  foldMetrics: Record<string, number>[];
  fitSeconds: number;
  rows: number;
  backend: string;
  createdAt: string;
  /** How it was validated, in words ("stratified 5-fold cross-validation"). */
  validation: string;
  /** The estimator kind within the family (e.g. logistic.l2, ridge, gbdt.hist). */
  estimator: string;
  /** ROC, precision–recall and calibration (two classes) or residuals (numbers) of the held-out predictions. */
  curves: RunCurves | null;
}

export interface ExportInfo {
  id: number;
  runId: number;
  format: 'onnx';
  fileName: string;
  /** Where it was written on this machine (not stored in the project). */
  path?: string;
  bytes: number;
  rowsChecked: number;
  maxAbsDiff: number;
  createdAt: string;
}

export interface ProjectState {
  /** Where the project file is on this machine. */
  path: string;
  name: string;
  dataset: DatasetInfo | null;
  target: string | null;
  task: Task | null;
  /** Why the task was chosen and how to change it (plain words), or null. */
  taskReason: string | null;
  settings: TrainSettings;
  runs: RunInfo[];
  exports: ExportInfo[];
  /** True when every edit is on disk. */
  saved: boolean;
  /** What Undo and Redo would do (labels in plain words), or null. */
  history: { undo: string | null; redo: string | null };
}

export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

export type Cell = string | number | null;

export interface RowsPage {
  columns: string[];
  offset: number;
  total: number;
  rows: Cell[][];
}

export type JobKind = 'import' | 'train' | 'export' | 'predict' | 'profile';
export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

/** Progress and outcome of a long job. `fraction` is 0..1. */
export interface JobEvent {
  jobId: string;
  kind: JobKind;
  state: JobState;
  fraction: number;
  message: string;
  /** Optional numbers a chart can use (iteration, loss, fold...). */
  detail?: Record<string, number>;
  result?: unknown;
  error?: AppErrorData;
}

/** A command from the desktop app's menu, for the renderer to carry out. */
export type MenuCommand = 'new-project' | 'undo' | 'redo';

export type AppEvent =
  | { type: 'job'; job: JobEvent }
  | { type: 'project'; project: ProjectState | null }
  | { type: 'command'; command: MenuCommand };

export interface JobStarted {
  jobId: string;
}
