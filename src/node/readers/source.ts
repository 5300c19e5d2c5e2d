/**
 * What every reader shares: options (progress, cancel, bad-row policy), the result shape, and
 * reading a file in chunks with progress and cancel between chunks.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Frame } from '../../core/frame/frame';
import type { BadRowPolicy, ImportSettings } from '../../core/frame/settings';
import { AppError } from '../../shared/errors';
import type { ImportProblem, ProblemGroup } from './problems';
import type { ColumnReport } from './sink';

export interface ReadProgress {
  /** Bytes of the file read so far. */
  bytes: number;
  totalBytes: number;
  /** Data rows read so far. */
  rows: number;
}

export interface ReadOptions {
  /** Called at most every 100 ms, and once at the end. */
  onProgress?: (p: ReadProgress) => void;
  signal?: AbortSignal;
  /** 'skip' (default): report bad rows and values and go on; 'stop': reject at the first with a `bad-input` AppError naming file, line and column. */
  onBadRow?: BadRowPolicy;
  /** Name to use in messages (defaults to the file's base name). */
  displayName?: string;
}

export interface ReadResult {
  frame: Frame;
  /** Size of the file in bytes. */
  bytes: number;
  /** The settings the file was read with (detected, then overridden by the caller). */
  settings: ImportSettings;
  /** What import learned about each column. */
  columns: ColumnReport[];
  /** The first problems in line order (at most 1,000); `problemCount` counts them all. */
  problems: ImportProblem[];
  problemCount: number;
  problemGroups: ProblemGroup[];
  rowsSkipped: number;
}

/** A short live preview for the Import step: the first rows as display values and their inferred kinds. */
export interface Preview {
  settings: ImportSettings;
  columns: ColumnReport[];
  rows: (string | number | null)[][];
  problems: ImportProblem[];
  /** True when the file has more rows than shown. */
  truncated: boolean;
}

export const CHUNK_BYTES = 1 << 20;

export function displayName(path: string, opts: { displayName?: string }): string {
  return opts.displayName ?? basename(path);
}

export async function fileSize(path: string, file: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
    return s.size;
  } catch {
    throw new AppError('not-found', `The file ${file} could not be found or read.`, { file });
  }
}

export async function openFile(path: string, file: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch {
    throw new AppError('not-found', `The file ${file} could not be found or read.`, { file });
  }
}

/** The first `n` bytes of a file (fewer when it is shorter). */
export async function headBytes(path: string, file: string, n: number): Promise<Uint8Array> {
  const fh = await openFile(path, file);
  try {
    const buf = Buffer.alloc(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await fh.read(buf, got, n - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

export function cancelled(): AppError {
  return new AppError('cancelled', 'The import was cancelled.');
}

/**
 * Reads a text file in CHUNK_BYTES pieces, decoded as it streams (bytes split across pieces are
 * handled by the decoder). `onText` gets each piece, its raw bytes and the bytes read so far, and
 * returns true to stop early; unless stopped, it is called once more with the decoder's last
 * text and `raw` null. The signal is checked before every piece; the file is always closed.
 */
export async function streamText(
  path: string, file: string, encoding: string,
  onText: (text: string, raw: Uint8Array | null, bytes: number) => boolean | void,
  opts: { signal?: AbortSignal | undefined; cancelledError?: () => Error } = {},
): Promise<{ bytes: number; stopped: boolean }> {
  const decoder = new TextDecoder(encoding);
  const fh = await openFile(path, file);
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let bytes = 0;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw (opts.cancelledError ?? cancelled)();
      const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      const raw = buf.subarray(0, bytesRead);
      if (onText(decoder.decode(raw, { stream: true }), raw, bytes)) return { bytes, stopped: true };
    }
    onText(decoder.decode(), null, bytes);
    return { bytes, stopped: false };
  } finally {
    await fh.close().catch(() => {});
  }
}

/** Calls `onProgress` at most every `ms` milliseconds, plus a final call. */
export class Throttle {
  #last = 0;
  readonly #ms: number;
  readonly #fn: ((p: ReadProgress) => void) | undefined;
  constructor(fn: ((p: ReadProgress) => void) | undefined, ms = 100) {
    this.#fn = fn;
    this.#ms = ms;
  }
  tick(p: () => ReadProgress): void {
    if (!this.#fn) return;
    const now = Date.now();
    if (now - this.#last < this.#ms) return;
    this.#last = now;
    this.#fn(p());
  }
  done(p: ReadProgress): void {
    this.#fn?.(p);
  }
}

/** A Preview from a (row-limited) read: display values of the first `rows` rows. */
export function previewOf(r: ReadResult, rows: number): Preview {
  return { settings: r.settings, columns: r.columns, rows: displayRows(r.frame, rows), problems: r.problems, truncated: r.frame.rows > rows };
}

export function displayRows(frame: Frame, rows: number): (string | number | null)[][] {
  const n = Math.min(rows, frame.rows);
  const out: (string | number | null)[][] = [];
  for (let i = 0; i < n; i++) out.push(frame.columns.map((c) => frame.cell(i, c)));
  return out;
}

