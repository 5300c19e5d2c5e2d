/** A quick summary of each column: the numbers the Columns step shows at a glance. */
import { isNumeric, type Column, type Frame } from '../frame/frame';

export interface ColumnSummary {
  name: string;
  kind: Column['kind'];
  missing: number;
  distinct: number;
  top: { value: string; count: number }[];
  min?: number;
  max?: number;
  mean?: number;
}

export function summarizeColumn(c: Column, topN = 5): ColumnSummary {
  if (isNumeric(c)) {
    let missing = 0;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    const seen = new Set<number>();
    for (const v of c.values) {
      if (Number.isNaN(v)) { missing++; continue; }
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      if (seen.size <= 100000) seen.add(v);
    }
    const n = c.values.length - missing;
    return { name: c.name, kind: c.kind, missing, distinct: seen.size, top: [], ...(n > 0 ? { min, max, mean: sum / n } : {}) };
  }
  const counts = new Float64Array(c.dictionary.length);
  let missing = 0;
  for (const code of c.codes) {
    if (code < 0) missing++;
    else counts[code]!++;
  }
  let distinct = 0;
  for (const x of counts) if (x > 0) distinct++;
  const order = [...counts.keys()].filter((i) => counts[i]! > 0).sort((a, b) => counts[b]! - counts[a]! || (c.dictionary[a]! < c.dictionary[b]! ? -1 : 1));
  return { name: c.name, kind: c.kind, missing, distinct, top: order.slice(0, topN).map((i) => ({ value: c.dictionary[i]!, count: counts[i]! })) };
}

export function summarizeFrame(frame: Frame): ColumnSummary[] {
  return frame.columns.map((c) => summarizeColumn(c));
}
