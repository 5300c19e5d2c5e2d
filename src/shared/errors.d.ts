/**
 * Typed errors that cross every boundary (IPC, WebSocket, job process, CLI).
 * A message is plain words for a person; `kind` is what code branches on.
 */
export declare const errorKinds: readonly ["bad-input", "not-found", "cancelled", "corrupt", "too-new", "verification-failed", "forbidden", "busy", "job-crashed", "internal"];
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
export declare class AppError extends Error {
    readonly kind: ErrorKind;
    readonly file?: string;
    readonly line?: number;
    readonly column?: string | number;
    readonly details?: unknown;
    constructor(kind: ErrorKind, message: string, where?: Omit<AppErrorData, 'kind' | 'message'>);
    toData(): AppErrorData;
    static fromData(d: AppErrorData): AppError;
}
/** Converts anything thrown into error data; unknown errors become `internal` with their message. */
export declare function toErrorData(e: unknown): AppErrorData;
/** One line for a person: "file, line 3, column `age`: message". */
export declare function describeError(d: AppErrorData): string;
