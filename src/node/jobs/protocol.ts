/** Messages between the services and a job process. One job per process. */
import type { AppErrorData } from '../../shared/errors';
import type { ColumnKind, JobKind } from '../../shared/dto';

export interface ImportArgs {
  projectPath: string;
  sourcePath: string;
  displayName: string;
  /** The user's overrides of detected import settings. */
  settings?: Record<string, unknown>;
}
export interface ProfileArgs {
  projectPath: string;
  target: string | null;
  /** The user's kind corrections. */
  kinds: Record<string, ColumnKind>;
}
export interface TrainArgs {
  projectPath: string;
  target: string;
  features: string[];
  /** Families to train, in order; each becomes one run. */
  models: string[];
  folds: number;
  holdout?: number;
  validation?: { kind: string; folds?: number; repeats?: number; fraction?: number; column?: string };
  seed: number;
  /** Worker threads to use (default: the machine's cores); tests set it. */
  threads?: number;
  /** The user's enabled preparation steps, fitted inside each fold before the model's own. */
  prepare?: { kind: string; columns: string[]; params: unknown }[];
  /** The user's kind corrections, applied to the data before training. */
  kinds?: Record<string, ColumnKind>;
}
export interface ExportArgs {
  projectPath: string;
  runId: number;
  outPath: string;
  producerVersion: string;
  maxRows: number;
}
export interface PredictArgs {
  projectPath: string;
  runId: number;
  dataPath: string;
  /** The name to use for the data file in messages (uploads are stored under an id). */
  displayName?: string;
  outPath: string;
}

export interface PreviewArgs {
  projectPath: string;
  kinds: Record<string, ColumnKind>;
  target: string | null;
  features: string[];
  steps: { kind: string; columns: string[]; params: unknown }[];
  focus: number;
  sampleRows: number;
}

export interface ExportTfjsArgs {
  projectPath: string;
  runId: number;
  /** The folder to write (created; replaced only if it is an earlier TF.js export). */
  outDir: string;
  producerVersion: string;
  maxRows: number;
}

export interface JobArgs {
  import: ImportArgs;
  train: TrainArgs;
  export: ExportArgs;
  'export-tfjs': ExportTfjsArgs;
  predict: PredictArgs;
  profile: ProfileArgs;
  preview: PreviewArgs;
}

export type ToJob = { type: 'start'; jobId: string; kind: JobKind; args: JobArgs[JobKind] };

export type FromJob =
  | { type: 'progress'; jobId: string; fraction: number; message: string; detail?: Record<string, number> }
  | { type: 'done'; jobId: string; result: unknown }
  | { type: 'error'; jobId: string; error: AppErrorData };
