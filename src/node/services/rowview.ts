/**
 * Sorted and filtered views of the data grid: the order of the matching rows, computed from the
 * one or two columns involved (read from the project, not the whole table) and kept for the next
 * pages of the same view.
 */
import type { Column } from '../../core/frame/frame';
import { isNumeric } from '../../core/frame/frame';
import { parseNumber } from '../../core/frame/builder';
import type { RowView } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { ProjectStore } from '../project/store';

/** Milliseconds of an ISO-like date typed in a filter (`2024-03-01`, `2024-03-01 12:30`), or NaN. */
function parseDateText(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}

/** Which rows (0-based) a filter keeps. */
export function filterRows(c: Column, op: NonNullable<RowView['filter']>['op'], value: string): Int32Array {
  const out: number[] = [];
  if (isNumeric(c)) {
    const v = c.values;
    if (op === 'missing' || op === 'present') {
      for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!) === (op === 'missing')) out.push(i);
      return Int32Array.from(out);
    }
    const x = c.kind === 'date' ? parseDateText(value) : parseNumber(value.trim());
    if (Number.isNaN(x)) throw new AppError('bad-input', c.kind === 'date' ? `Type a date like 2024-03-01 to filter ${c.name}.` : `Type a number to filter ${c.name} (found \`${value}\`).`, { column: c.name });
    const test: Record<string, (a: number) => boolean> = {
      eq: (a) => a === x, ne: (a) => a !== x, lt: (a) => a < x, le: (a) => a <= x, gt: (a) => a > x, ge: (a) => a >= x,
      contains: (a) => String(a).includes(value.trim()),
    };
    const f = test[op]!;
    for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]!) && f(v[i]!)) out.push(i);
    return Int32Array.from(out);
  }
  const needle = value.toLowerCase();
  const keep = c.dictionary.map((d) => {
    switch (op) {
      case 'eq': return d === value;
      case 'ne': return d !== value;
      case 'contains': return d.toLowerCase().includes(needle);
      case 'lt': return d < value;
      case 'le': return d <= value;
      case 'gt': return d > value;
      case 'ge': return d >= value;
      default: return false;
    }
  });
  for (let i = 0; i < c.codes.length; i++) {
    const code = c.codes[i]!;
    if (op === 'missing' ? code < 0 : op === 'present' ? code >= 0 : code >= 0 ? keep[code]! : op === 'ne') out.push(i);
  }
  return Int32Array.from(out);
}

/** Sorts row indices by a column: stable, missing values last in either direction. */
export function sortRows(c: Column, rows: Int32Array, descending: boolean): Int32Array {
  const key = new Float64Array(rows.length);
  if (isNumeric(c)) {
    for (let k = 0; k < rows.length; k++) key[k] = c.values[rows[k]!]!;
  } else {
    // Rank each category once; rows then compare numbers.
    const order = c.dictionary.map((_, i) => i).sort((a, b) => (c.dictionary[a]! < c.dictionary[b]! ? -1 : c.dictionary[a]! > c.dictionary[b]! ? 1 : 0));
    const rank = new Float64Array(c.dictionary.length);
    order.forEach((code, r) => { rank[code] = r; });
    for (let k = 0; k < rows.length; k++) { const code = c.codes[rows[k]!]!; key[k] = code < 0 ? Number.NaN : rank[code]!; }
  }
  const idx = Array.from({ length: rows.length }, (_, k) => k);
  const sign = descending ? -1 : 1;
  idx.sort((a, b) => {
    const x = key[a]!;
    const y = key[b]!;
    const nx = Number.isNaN(x);
    const ny = Number.isNaN(y);
    if (nx || ny) return nx && ny ? a - b : nx ? 1 : -1;
    return x === y ? a - b : (x < y ? -1 : 1) * sign;
  });
  return Int32Array.from(idx, (k) => rows[k]!);
}

export class RowViews {
  #cache: { key: string; order: Int32Array } | null = null;

  /** The matching rows in view order, or null for the plain file order. */
  order(store: ProjectStore, view: RowView | undefined): Int32Array | null {
    if (!view || (!view.sort && !view.filter)) return null;
    const ds = store.dataset();
    if (!ds) return null;
    const key = `${ds.hash}\u0000${JSON.stringify(view)}`;
    if (this.#cache?.key === key) return this.#cache.order;
    const column = (name: string) => {
      const f = store.loadSampleFrame(Number.MAX_SAFE_INTEGER, [name]);
      if (!f || !f.frame.has(name)) throw new AppError('bad-input', `There is no column named ${name} in this project's data.`, { column: name });
      return f.frame.column(name);
    };
    let rows = view.filter ? filterRows(column(view.filter.column), view.filter.op, view.filter.value ?? '') : Int32Array.from({ length: ds.rows }, (_, i) => i);
    if (view.sort) rows = sortRows(column(view.sort.column), rows, view.sort.descending ?? false);
    this.#cache = { key, order: rows };
    return rows;
  }
}
