/**
 * Streams a CSV/TSV file into a columnar Frame with papaparse: the file is read in chunks and
 * each row's cells go straight into typed column builders, never into row objects.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { ColumnBuilder, uniqueHeaderNames } from '../../core/frame/builder';
import { Frame } from '../../core/frame/frame';
import { AppError } from '../../shared/errors';

export interface ReadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface RowProblem {
  line: number;
  message: string;
}

export interface CsvResult {
  frame: Frame;
  bytes: number;
  problems: RowProblem[];
}

export interface ReadOptions {
  onProgress?: (p: ReadProgress) => void;
  signal?: AbortSignal;
  /** Name to use in messages (defaults to the file's base name). */
  displayName?: string;
}

/** Reads a delimited text file. Rejects with `bad-input` naming the file and line on unreadable input, `cancelled` on abort. */
export function readCsv(path: string, opts: ReadOptions = {}): Promise<CsvResult> {
  const file = opts.displayName ?? basename(path);
  let totalBytes: number;
  try {
    totalBytes = statSync(path).size;
  } catch {
    return Promise.reject(new AppError('not-found', `The file ${file} could not be found or read.`, { file }));
  }
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path);
    let bytes = 0;
    let builders: ColumnBuilder[] | null = null;
    let row = 0; // data rows so far
    const problems: RowProblem[] = [];
    let lastReport = 0;
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      stream.destroy();
      reject(e);
    };
    opts.signal?.addEventListener('abort', () => fail(new AppError('cancelled', 'The import was cancelled.')), { once: true });
    stream.on('data', (chunk) => {
      bytes += chunk.length;
    });
    stream.on('error', (e) => fail(new AppError('bad-input', `The file ${file} could not be read: ${e.message}`, { file })));
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: 'greedy' } as Papa.ParseConfig);
    parser.on('data', (cells: string[]) => {
      if (settled) return;
      if (!builders) {
        if (cells.length > 0 && cells[0]!.charCodeAt(0) === 0xfeff) cells[0] = cells[0]!.slice(1);
        builders = uniqueHeaderNames(cells).map((n) => new ColumnBuilder(n));
        return;
      }
      row++;
      const width = builders.length;
      if (cells.length !== width && problems.length < 1000) {
        problems.push({ line: row + 1, message: `expected ${width} values, found ${cells.length}` });
      }
      for (let j = 0; j < width; j++) builders[j]!.push(j < cells.length ? cells[j]! : '');
      if (opts.onProgress && row - lastReport >= 5000) {
        lastReport = row;
        opts.onProgress({ bytes, totalBytes, rows: row });
      }
    });
    parser.on('error', (e: Error) => fail(new AppError('bad-input', `The file ${file} is not readable as CSV: ${e.message}`, { file })));
    parser.on('end', () => {
      if (settled) return;
      if (!builders) return fail(new AppError('bad-input', `The file ${file} is empty: it has no header row.`, { file, line: 1 }));
      if (row === 0) return fail(new AppError('bad-input', `The file ${file} has a header but no data rows.`, { file, line: 2 }));
      settled = true;
      opts.onProgress?.({ bytes: totalBytes, totalBytes, rows: row });
      resolve({ frame: new Frame(builders.map((b) => b.build())), bytes: totalBytes, problems });
    });
    stream.pipe(parser);
  });
}
