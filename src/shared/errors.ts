/**
 * Typed errors that cross every boundary (IPC, WebSocket, job process, CLI).
 * A message is plain words for a person; `kind` is what code branches on.
 */
export const errorKinds = [
  'bad-input', // the user's file or arguments are wrong; say where
  'not-found',
  'cancelled',
  'corrupt', // a project file is damaged or not ours
  'too-new', // a project file made by a newer Modelbench
  'verification-failed', // an export did not match in-app predictions
  'forbidden',
  'busy',
  'job-crashed',
  'internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

/** The structured-clone-safe form of an error. `line` and `column` are 1-based. */
export interface AppErrorData {
  kind: ErrorKind;
  message: string;
  file?: string;
  line?: number;
  column?: string | number;
  details?: unknown;
}

/** An error with a kind and, where known, the place in the user's file it concerns. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly file?: string;
  readonly line?: number;
  readonly column?: string | number;
  readonly details?: unknown;

  constructor(kind: ErrorKind, message: string, where: Omit<AppErrorData, 'kind' | 'message'> = {}) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.details = where.details;
  }

  toData(): AppErrorData {
    const d: AppErrorData = { kind: this.kind, message: this.message };
    if (this.file !== undefined) d.file = this.file;
    if (this.line !== undefined) d.line = this.line;
    if (this.column !== undefined) d.column = this.column;
    if (this.details !== undefined) d.details = this.details;
    return d;
  }

  static fromData(d: AppErrorData): AppError {
    return new AppError(d.kind, d.message, d);
  }
}

/** Converts anything thrown into error data; unknown errors become `internal` with their message. */
export function toErrorData(e: unknown): AppErrorData {
  if (e instanceof AppError) return e.toData();
  if (e && typeof e === 'object' && 'kind' in e && 'message' in e && typeof (e as AppErrorData).message === 'string' && (errorKinds as readonly string[]).includes(String((e as AppErrorData).kind))) {
    return new AppError((e as AppErrorData).kind, (e as AppErrorData).message, e as AppErrorData).toData();
  }
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message: message || 'Something went wrong.' };
}

/** One line for a person: "file, line 3, column `age`: message". */
export function describeError(d: AppErrorData): string {
  const where: string[] = [];
  if (d.file) where.push(d.file);
  if (d.line !== undefined) where.push(`line ${d.line}`);
  if (d.column !== undefined) where.push(typeof d.column === 'number' ? `column ${d.column}` : `column \`${d.column}\``);
  return where.length ? `${where.join(', ')}: ${d.message}` : d.message;
}
