/** Small helpers shared by the step implementations. */
import type { CodeWork, NumWork, TextWork, Work, WorkColumn, WorkSchema, WorkType } from './types';

export function numColumn(work: Work, name: string): NumWork {
  const c = work.get(name);
  if (!c || c.type !== 'num') throw new Error(`Column ${name} is not numeric here.`);
  return c;
}

export function codeColumn(work: Work, name: string): CodeWork {
  const c = work.get(name);
  if (!c || c.type !== 'code') throw new Error(`Column ${name} is not a category here.`);
  return c;
}

export function textColumn(work: Work, name: string): TextWork {
  const c = work.get(name);
  if (!c || c.type !== 'text') throw new Error(`Column ${name} is not text here.`);
  return c;
}

/** Number of rows of a work table. */
export function workRows(work: Work): number {
  const first = work.values().next().value as WorkColumn | undefined;
  if (!first) return 0;
  return first.type === 'num' ? first.values.length : first.codes.length;
}

/** A copy of `work` with some columns replaced in place (same position). */
export function replace(work: Work, updates: [string, WorkColumn][]): Work {
  const out = new Map(work);
  for (const [k, v] of updates) out.set(k, v);
  return out;
}

/** The schema of a work table. */
export function schemaOf(work: Work): WorkSchema {
  return new Map([...work].map(([k, c]) => [k, c.type]));
}

/** Schema of an in-place step that leaves names and types as they are. */
export function sameSchema(input: WorkSchema): WorkSchema {
  return input;
}

/** Schema of a step that turns each of `columns` into a number column in place. */
export function numbersInPlace(input: WorkSchema, columns: readonly string[]): WorkSchema {
  const out = new Map(input);
  for (const c of columns) out.set(c, 'num');
  return out;
}

/**
 * Schema of a step that removes `columns` (when `remove`) and appends `added` at the end, in
 * order — the same order `Map.delete` + `Map.set` give in `transform` and in the ONNX env.
 */
export function appendSchema(input: WorkSchema, remove: readonly string[], added: readonly (readonly [string, WorkType])[]): WorkSchema {
  const out = new Map(input);
  for (const c of remove) out.delete(c);
  for (const [k, t] of added) out.set(k, t);
  return out;
}

/** Picks the rows (by index) of every column of a work table. */
export function takeWork(work: Work, rows: ArrayLike<number>): Work {
  const n = rows.length;
  const out = new Map<string, WorkColumn>();
  for (const [k, c] of work) {
    if (c.type === 'num') {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!]!;
      out.set(k, { ...c, values });
    } else {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]!]!;
      out.set(k, { ...c, codes });
    }
  }
  return out;
}

/** Sorted non-missing values. */
export function sortedPresent(values: Float64Array): Float64Array {
  return Float64Array.from(values.filter((x) => !Number.isNaN(x))).sort();
}

/** Linear-interpolated quantile (numpy's default) of sorted values; NaN when empty. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Mean and population standard deviation (1 when 0 or undefined), ignoring missing values. */
export function meanScale(values: Float64Array): { mean: number; scale: number } {
  let n = 0;
  let m = 0;
  let m2 = 0;
  for (const x of values) {
    if (Number.isNaN(x)) continue;
    n++;
    const d = x - m;
    m += d / n;
    m2 += d * (x - m);
  }
  const sd = n > 0 ? Math.sqrt(m2 / n) : 0;
  // scikit-learn's _handle_zeros_in_scale: a (near-)constant column is left unscaled.
  return { mean: m, scale: sd > 10 * Number.EPSILON ? sd : 1 };
}

/** Median of the non-missing values; 0 when there are none. */
export function median(values: Float64Array): number {
  const v = Float64Array.from(values.filter((x) => !Number.isNaN(x))).sort();
  if (v.length === 0) return 0;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
