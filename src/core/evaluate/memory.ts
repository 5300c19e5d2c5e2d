/**
 * A conservative estimate of the memory training needs, so the app can refuse plainly before it
 * starts instead of running out of memory halfway.
 */
import type { ColumnKind } from '../frame/kinds';

export interface MemoryColumn {
  kind: ColumnKind;
  distinct: number;
}

/** Width of the prepared matrix: numbers 1 column, categories one per level (at most 100). */
export function preparedWidth(columns: readonly MemoryColumn[]): number {
  return columns.reduce((w, c) => w + (c.kind === 'category' || c.kind === 'boolean' ? Math.min(Math.max(c.distinct, 1), 100) : 1), 0);
}

/**
 * Bytes for training `families` on `rows` rows: the raw data loaded by the job and each worker
 * thread, each thread's prepared matrices (training + held-out copy), and per-family extras
 * (kNN keeps the training matrix in its state; forests keep 200 trees whose size grows with rows).
 */
export function estimateTrainingBytes(rows: number, columns: readonly MemoryColumn[], families: readonly string[], threads: number): number {
  const raw = rows * columns.length * 8;
  const width = preparedWidth(columns);
  const matrix = rows * width * 8;
  const perThread = raw + 2 * matrix;
  let extra = 0;
  if (families.includes('knn')) extra = Math.max(extra, 2 * matrix);
  if (families.includes('forest')) extra = Math.max(extra, rows * 200 * 12);
  if (families.includes('gbdt')) extra = Math.max(extra, rows * width * 2);
  return raw + (threads + 1) * perThread + extra;
}
