/**
 * The service contract: one zod schema per method argument (always one object), and the
 * result type of each method. Every front door (Electron IPC, WebSocket, CLI, tests) validates
 * arguments against these schemas before a service sees them.
 */
import { z } from 'zod';
import type {
  ExportInfo, ImportPreview, JobStarted, ModelInput, ProjectState, RecentProject, RowsPage, StepCatalogEntry, StepSuggestion,
} from './dto';
import type { MethodName, ServiceName } from './methods';

const projectPath = z.string().min(1).max(4096).refine((p) => p.toLowerCase().endsWith('.mbproj'), {
  message: 'A project file name must end in .mbproj',
});
const columnName = z.string().min(1).max(1000);
const folds = z.number().int().min(2).max(20).optional();
const validationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('kfold'), folds }),
  z.strictObject({ kind: z.literal('stratified-kfold'), folds }),
  z.strictObject({ kind: z.literal('repeated-kfold'), folds, repeats: z.number().int().min(2).max(20).optional() }),
  z.strictObject({ kind: z.literal('group-kfold'), folds, column: columnName }),
  z.strictObject({ kind: z.literal('time-split'), folds, fraction: z.number().gt(0).lt(1).optional(), column: columnName }),
  z.strictObject({ kind: z.literal('holdout'), fraction: z.number().gt(0).lt(1).optional() }),
]);
export type ValidationChoice = z.infer<typeof validationSchema>;
const columnKind = z.enum(['number', 'integer', 'boolean', 'category', 'date', 'text', 'identifier']);
/** Import settings the user may override; anything left out is detected from the file. */
const importSettings = z.strictObject({
  format: z.enum(['csv', 'xlsx', 'parquet', 'jsonl']).optional(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  quote: z.enum(['"', "'"]).optional(),
  header: z.boolean().optional(),
  skipLines: z.number().int().min(0).max(1000).optional(),
  decimal: z.enum(['.', ',']).optional(),
  thousands: z.enum(['', ',', '.', ' ', "'"]).optional(),
  missing: z.array(z.string().max(50)).max(50).optional(),
  dateOrder: z.enum(['auto', 'dmy', 'mdy']).optional(),
  sheet: z.string().max(200).optional(),
  columnKinds: z.record(columnName, columnKind).optional(),
  /** Rows or values that do not fit: 'skip' = import the rest and list every problem; 'stop' = fail at the first. */
  onBadRow: z.enum(['skip', 'stop']).optional(),
});
export type ImportSettingsChoice = z.infer<typeof importSettings>;
const source = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.strictObject({ kind: z.literal('upload'), uploadId: z.string().regex(/^[a-f0-9]{32}$/) }),
]);

/** Step params: small plain JSON (validated again by the step itself before fitting). */
const stepParams = z.record(z.string().max(100), z.json()).refine((v) => JSON.stringify(v).length <= 100_000, { message: 'Step settings are too large.' });
const stepColumns = z.array(columnName).min(1).max(5000);
const stepId = z.string().regex(/^[a-z0-9]{1,32}$/);

export const contract = {
  projects: {
    /** Creates an empty project. Without a path it goes in the projects folder. */
    create: z.strictObject({ name: z.string().min(1).max(200).optional(), path: projectPath.optional() }),
    /** Opens a project file, checking it first (it is untrusted input). */
    open: z.strictObject({ path: projectPath }),
    current: z.strictObject({}),
    recent: z.strictObject({}),
    close: z.strictObject({}),
    /** Writes a copy of the open project to `path` and continues working in the copy. */
    saveAs: z.strictObject({ path: projectPath }),
    undo: z.strictObject({}),
    redo: z.strictObject({}),
  },
  datasets: {
    /** Starts importing a file into the open project. `uploadId` is from browser mode's upload. */
    import: z.strictObject({ source, settings: importSettings.optional() }),
    /** The detected settings and the first rows as they would be imported (bounded, quick). */
    preview: z.strictObject({ source, settings: importSettings.optional(), rows: z.number().int().min(1).max(500).default(100) }),
    /** Corrects a column's kind or sets its role; an undoable edit. `null` returns to the default. */
    setColumn: z.strictObject({ column: columnName, kind: columnKind.nullable().optional(), role: z.enum(['feature', 'ignore', 'group', 'time']).nullable().optional() }),
    /** Profiles every column (and correlations) in a job; the result is kept in the project. */
    profile: z.strictObject({}),
    /** A page of rows, optionally sorted by a column and filtered by a condition on one. */
    rows: z.strictObject({
      offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000),
      view: z.strictObject({
        sort: z.strictObject({ column: columnName, descending: z.boolean().optional() }).optional(),
        filter: z.strictObject({ column: columnName, op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'missing', 'present']), value: z.string().max(1000).optional() }).optional(),
      }).optional(),
    }),
    setTarget: z.strictObject({ column: columnName }),
  },
  pipeline: {
    /** The step kinds the user can add, with their labels, groups and editable params. */
    catalog: z.strictObject({}),
    /** Adds a step (at the end, or at `index`); an undoable edit. Columns it uses become features. */
    add: z.strictObject({ kind: z.string().min(1).max(100), columns: stepColumns, params: stepParams.optional(), index: z.number().int().min(0).max(1000).optional() }),
    /** Changes a step's columns, params or whether it is on; an undoable edit. */
    update: z.strictObject({ id: stepId, columns: stepColumns.optional(), params: stepParams.optional(), enabled: z.boolean().optional() }),
    remove: z.strictObject({ id: stepId }),
    /** Moves a step to position `to` (0-based); an undoable edit. */
    move: z.strictObject({ id: stepId, to: z.number().int().min(0).max(1000) }),
    /** Fits the steps up to `id` on a sample in a job and returns its before/after (job result). */
    preview: z.strictObject({ id: stepId, sampleRows: z.number().int().min(100).max(100_000).default(5000) }),
    /** Steps worth adding, from the columns and their profile, in plain words. */
    suggest: z.strictObject({}),
  },
  training: {
    start: z.strictObject({
      /** Model families to train and compare; 'auto' means every family that handles the task. */
      models: z.array(z.enum(['linear', 'tree', 'forest', 'gbdt', 'knn', 'nb', 'nn', 'auto'])).min(1).max(8).default(['linear']),
      folds: z.number().int().min(2).max(20).default(5),
      /** A single stratified train/test split with this test fraction, instead of k-fold. */
      holdout: z.number().gt(0).lt(1).optional(),
      /** Any other validation; overrides folds/holdout. The seed is the one above. */
      validation: validationSchema.optional(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    }),
  },
  exports: {
    /** Exports the newest run's fitted pipeline to ONNX after verifying it with onnxruntime. */
    onnx: z.strictObject({ runId: z.number().int().min(1).optional(), path: z.string().min(1).max(4096).optional() }),
    /** Exports a neural network or linear run as a TensorFlow.js folder, checked before it is saved. */
    tfjs: z.strictObject({ runId: z.number().int().min(1).optional(), path: z.string().min(1).max(4096).optional() }),
    /**
     * Scores a new file with a run's model (the newest when `runId` is left out), streamed. The
     * job's `done` event carries a `PredictResult` (schema report, counts, `downloadId` for
     * browser mode's `/predictions/:id`); a file lacking needed columns fails it with `bad-input`
     * whose details hold the report. Without `path` the CSV goes beside the project file.
     */
    predict: z.strictObject({ source, runId: z.number().int().min(1).optional(), path: z.string().min(1).max(4096).optional() }),
    /** The raw input columns a run's model takes (names, types), e.g. to show how to call its ONNX export. */
    inputs: z.strictObject({ runId: z.number().int().min(1) }),
  },
  jobs: {
    cancel: z.strictObject({ jobId: z.string().min(1).max(100) }),
  },
} satisfies { [S in ServiceName]: { [M in MethodName<S>]: z.ZodType } };

export type Contract = typeof contract;
type SchemaOf<S extends ServiceName, M> = M extends keyof Contract[S] ? (Contract[S][M] extends z.ZodType ? Contract[S][M] : never) : never;
export type ArgOf<S extends ServiceName, M> = z.input<SchemaOf<S, M>>;
export type ParsedArgOf<S extends ServiceName, M> = z.output<SchemaOf<S, M>>;
type ResultOf<S extends ServiceName, M> = M extends keyof Results[S] ? Results[S][M] : never;

/** What each method resolves to. */
export interface Results {
  projects: { create: ProjectState; open: ProjectState; current: ProjectState | null; recent: RecentProject[]; close: null; saveAs: ProjectState; undo: ProjectState; redo: ProjectState };
  datasets: { import: JobStarted; preview: ImportPreview; setColumn: ProjectState; profile: JobStarted; rows: RowsPage; setTarget: ProjectState };
  pipeline: { catalog: StepCatalogEntry[]; add: ProjectState; update: ProjectState; remove: ProjectState; move: ProjectState; preview: JobStarted; suggest: StepSuggestion[] };
  training: { start: JobStarted };
  exports: { onnx: JobStarted; tfjs: JobStarted; predict: JobStarted; inputs: { inputs: ModelInput[] } };
  jobs: { cancel: { cancelled: boolean } };
}

/** The API a front end calls: arguments as the caller writes them (defaults optional). */
export type Api = {
  [S in ServiceName]: { [M in MethodName<S>]: (arg: ArgOf<S, M>) => Promise<ResultOf<S, M>> };
};

/** What a service implementation provides: arguments already validated and defaulted. */
export type ServiceImpl = {
  [S in ServiceName]: { [M in MethodName<S>]: (arg: ParsedArgOf<S, M>) => Promise<ResultOf<S, M>> };
};

export type { ExportInfo };
