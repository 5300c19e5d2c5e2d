/**
 * The user's corrections of inferred column kinds, applied when data is used (training,
 * profiling) — the stored raw data never changes. Conversions that need no information the data
 * does not hold: numbers ↔ categories, anything → identifier or text (which models leave out).
 */
import { parseNumber } from './builder';
import { Frame, isCoded, isNumberKind, type Column } from './frame';
import type { ColumnKind } from './kinds';

/** Kinds a column of this stored kind may be corrected to. */
export function allowedKinds(kind: ColumnKind): ColumnKind[] {
  switch (kind) {
    case 'number':
    case 'integer':
      return ['number', 'integer', 'category', 'identifier'];
    case 'category':
    case 'boolean':
    case 'identifier':
    case 'text':
      return ['category', 'boolean', 'identifier', 'text', 'number'];
    case 'date':
      return ['date', 'identifier'];
  }
}

function convert(c: Column, kind: ColumnKind): Column {
  if (c.kind === kind) return c;
  if (isNumberKind(c)) {
    if (kind === 'number' || kind === 'integer') return { name: c.name, kind, values: c.values };
    // Numbers as categories: each distinct value (as written by String) becomes a level.
    const index = new Map<string, number>();
    const dictionary: string[] = [];
    const codes = Int32Array.from(c.values, (v) => {
      if (Number.isNaN(v)) return -1;
      const s = String(v);
      let code = index.get(s);
      if (code === undefined) {
        code = dictionary.length;
        index.set(s, code);
        dictionary.push(s);
      }
      return code;
    });
    return { name: c.name, kind: kind === 'identifier' ? 'identifier' : 'category', codes, dictionary };
  }
  if (isCoded(c)) {
    if (kind === 'number' || kind === 'integer') {
      // Categories read as numbers; values that are not numbers become missing.
      const parsed = c.dictionary.map((s) => parseNumber(s.trim()));
      return { name: c.name, kind: 'number', values: Float64Array.from(c.codes, (code) => (code < 0 ? Number.NaN : parsed[code]!)) };
    }
    if (kind === 'category' || kind === 'boolean' || kind === 'identifier' || kind === 'text') return { ...c, kind };
  }
  if (c.kind === 'date' && kind === 'identifier') return { ...c, kind: 'date' };
  throw new Error(`Column ${c.name} cannot be used as ${kind}.`);
}

/** A frame with the corrected kinds; columns without a correction are shared, not copied. */
export function applyKindOverrides(frame: Frame, kinds: Readonly<Record<string, ColumnKind>>): Frame {
  if (!Object.keys(kinds).length) return frame;
  return new Frame(frame.columns.map((c) => (kinds[c.name] ? convert(c, kinds[c.name]!) : c)));
}
