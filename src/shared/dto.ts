/**
 * Data transfer objects: every value a service returns or an event carries.
 * All are plain JSON-compatible objects, so they survive structured clone, IPC and WebSocket.
 */
import type { AppErrorData } from './errors';
import type { ColumnKind, Task } from '../core/frame/kinds';
import type { RunCurves } from '../core/evaluate/train';

export type { ColumnKind, Task };

/** What a column is for: the target, a feature, left out, the groups rows belong to (group k-fold), or their time order (time split). */
export type ColumnRole = 'feature' | 'target' | 'ignore' | 'group' | 'time';
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
  /** 'onnx': one file; 'tfjs': a folder (model.json, weights.bin, pipeline.json, modelbench.json, predict.js). */
  format: 'onnx' | 'tfjs';
  fileName: string;
  /** The files of a folder export (tfjs). */
  files?: string[];
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
  /** The user's preparation steps (the Prepare step), in order. */
  prepare: PrepStep[];
}

/** One preparation step as the user arranged it. */
export interface PrepStep {
  /** Stable id within the project. */
  id: string;
  kind: string;
  /** The columns it applies to; ['*'] = every column of the type it accepts at that point. */
  columns: string[];
  params: Record<string, unknown>;
  enabled: boolean;
}

/** A step kind the user can add, for menus and forms. */
export interface StepCatalogEntry {
  kind: string;
  label: string;
  description: string;
  group: string;
  accepts: 'num' | 'code' | 'text' | 'date';
  minColumns: number;
  needsTarget: boolean;
  defaults: Record<string, unknown>;
  params: { name: string; label: string; type: string; choices?: readonly string[]; min?: number; max?: number; help?: string }[];
}

export interface StepSuggestion {
  id: string;
  text: string;
  step: { kind: string; columns: string[]; params: Record<string, unknown> };
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
  /** Rows in the view (all rows, or those matching the filter). */
  total: number;
  rows: Cell[][];
  /** With a sort or filter: each row's number in the file (1 = first data row). */
  rowNumbers?: number[];
}

/** How the data grid shows the rows: sorted by a column, filtered by a condition on one. */
export interface RowView {
  sort?: { column: string; descending?: boolean };
  filter?: { column: string; op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'contains' | 'missing' | 'present'; value?: string };
}

/** One kind of trouble a batch-prediction file has in one column, with how often and where. */
export interface PredictFinding {
  column: string;
  /**
   * missing: empty or a missing marker (the model fills it in); not-a-number: text in a number
   * column (scored as missing); unseen-category: a category the model never saw (scored like a
   * missing one); out-of-range: a number outside the training data's min..max (scored as given).
   */
  code: 'missing' | 'not-a-number' | 'unseen-category' | 'out-of-range';
  count: number;
  /** The first few, in file order: line in the file (or data row, see `PredictReport.unit`) and the value. */
  examples: { line: number; value: string }[];
  /** out-of-range: the training data's range. */
  range?: { min: number; max: number };
  /** unseen-category: the most frequent unseen values with counts (at most 10). */
  values?: { value: string; count: number }[];
}

/** What checking and scoring a new file against a model's input schema found. */
export interface PredictReport {
  /** The scored file's name. */
  file: string;
  /** 'line' for text files (CSV, TSV, JSON lines); 'row' for data rows (projects, spreadsheets). */
  unit: 'line' | 'row';
  /** Columns the model needs, with their types ('num' = numbers or dates, 'code' = categories, 'text' = free text). */
  inputs: { name: string; type: 'num' | 'code' | 'text' }[];
  /** Needed columns the file lacks; non-empty only in a failed job's error details. */
  missingColumns: string[];
  /** Columns of the file copied to the output to tell the rows apart. */
  idColumns: string[];
  /** Columns of the file the model does not use. */
  ignoredColumns: string[];
  findings: PredictFinding[];
  rows: number;
  scored: number;
  /** Rows written without a prediction, and why (the first few). */
  unscored: { count: number; examples: { line: number; reason: string }[] };
}

/** One raw input column of a fitted model, as its ONNX export takes it. */
export interface ModelInput {
  name: string;
  /** 'num': double (dates as milliseconds); 'code' (categories) and 'text': string. */
  type: 'num' | 'code' | 'text';
  kind: ColumnKind;
  /** A category seen in training (code inputs), for examples. */
  example?: string;
}

/** The result of a predict job. `downloadId` is set when the services keep the file for download. */
export interface PredictResult {
  report: PredictReport;
  rows: number;
  outPath: string;
  fileName: string;
  bytes: number;
  seconds: number;
  downloadId?: string;
}

export type JobKind = 'import' | 'train' | 'export' | 'export-tfjs' | 'predict' | 'profile' | 'preview';
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
