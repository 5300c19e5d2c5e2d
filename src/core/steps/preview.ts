/**
 * The Prepare step's preview: fits the user's steps on a sample of the rows and shows what the
 * chosen step does — its input columns before and the columns it changes or adds after, for the
 * file's first rows, and the distribution of each affected column on the sample.
 */
import { decideTask, targetClasses } from '../evaluate/train';
import { formatDate, isNumeric, type Frame } from '../frame/frame';
import { createRandom } from '../util/random';
import { applySteps, fitSteps, inputSchema, toWork } from './pipeline';
import { getStep } from './registry';
import type { StepSpec, Work, WorkColumn, WorkType } from './types';

export type PreviewCell = string | number | null;

export interface ColumnDistribution {
  name: string;
  type: WorkType;
  missing: number;
  /** Numbers: equal-width histogram over the sample (text: of the lengths in characters). */
  histogram?: { min: number; max: number; counts: number[] };
  /** Set when the numbers are dates (milliseconds since 1970). */
  date?: boolean;
  /** Set when the histogram is of text lengths. */
  lengths?: boolean;
  /** Categories and text: the most frequent values. */
  top?: { value: string; count: number }[];
}

export interface StepPreview {
  /** Index (into the steps given) of the step previewed. */
  step: number;
  label: string;
  sampleRows: number;
  totalRows: number;
  before: { columns: string[]; rows: PreviewCell[][] };
  after: { columns: string[]; rows: PreviewCell[][] };
  added: string[];
  removed: string[];
  /** Sample rows a training-only filter (outlier removal) leaves out. */
  droppedRows: number;
  distBefore: ColumnDistribution[];
  distAfter: ColumnDistribution[];
  /** The columns after the step, in order, with their types. */
  schema: { name: string; type: WorkType }[];
}

export interface PreviewInput {
  /** The enabled steps in order; the preview shows `focus`. */
  steps: StepSpec[];
  focus: number;
  /** Feature columns (the columns the steps start from). */
  features: string[];
  target: string | null;
  sampleRows?: number;
  firstRows?: number;
  seed?: number;
}

const MAX_COLUMNS = 12;

function cell(c: WorkColumn, i: number): PreviewCell {
  if (c.type === 'num') {
    const v = c.values[i]!;
    if (Number.isNaN(v)) return null;
    return c.date ? formatDate(v) : v;
  }
  const code = c.codes[i]!;
  if (c.type === 'text') return code < 0 ? null : c.dictionary[code] ?? null;
  return code === -1 ? null : code === -2 ? '(new category)' : c.levels[code] ?? null;
}

function distribution(name: string, c: WorkColumn): ColumnDistribution {
  if (c.type === 'text') {
    // Texts are nearly all different: show how long they are rather than the most frequent ones.
    const values = Float64Array.from(c.codes, (code) => (code < 0 ? Number.NaN : [...c.dictionary[code]!].length));
    const d = distribution(name, { type: 'num', values });
    return { ...d, type: 'text', lengths: true };
  }
  if (c.type === 'num') {
    let min = Infinity;
    let max = -Infinity;
    let missing = 0;
    for (const v of c.values) {
      if (Number.isNaN(v)) { missing++; continue; }
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const bins = 20;
    const counts = new Array<number>(min === Infinity ? 0 : bins).fill(0);
    if (min !== Infinity) {
      const w = (max - min) / bins || 1;
      for (const v of c.values) if (!Number.isNaN(v)) counts[Math.min(bins - 1, Math.floor((v - min) / w))]!++;
    }
    return { name, type: 'num', missing, ...(c.date ? { date: true } : {}), ...(min === Infinity ? {} : { histogram: { min, max, counts } }) };
  }
  const counts = new Map<number, number>();
  let missing = 0;
  for (const code of c.codes) {
    if (code === -1) { missing++; continue; }
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const label = (code: number) => (code === -2 ? '(new category)' : c.levels[code]!);
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10).map(([code, count]) => ({ value: label(code), count }));
  return { name, type: c.type, missing, top };
}

function table(work: Work, columns: string[]): { columns: string[]; rows: PreviewCell[][] } {
  const cols = columns.map((k) => work.get(k)!);
  const first = cols[0];
  const n = first ? (first.type === 'num' ? first.values.length : first.codes.length) : 0;
  return { columns, rows: Array.from({ length: n }, (_, i) => cols.map((c) => cell(c, i))) };
}

/**
 * Previews step `focus`. `frame` holds a sample of the data whose first `firstRows` rows are
 * the file's first rows; `totalRows` is the size of the whole data.
 */
export function previewStep(frame: Frame, totalRows: number, p: PreviewInput): StepPreview {
  const firstRows = Math.min(p.firstRows ?? 20, frame.rows);
  const spec = p.steps[p.focus];
  if (!spec) throw new Error('There is no such step to preview.');
  const def = getStep(spec.kind);
  // The rows the steps are fitted on: a seeded random sample (rows with a missing target left out).
  const r = createRandom(p.seed ?? 0);
  let y: Float64Array | undefined;
  let task;
  let candidates = Array.from({ length: frame.rows }, (_, i) => i);
  if (p.target && frame.has(p.target)) {
    const tcol = frame.column(p.target);
    const tc = targetClasses(frame, p.target);
    const distinct = tc.classes.length;
    task = decideTask(p.target, tcol.kind, distinct);
    const yy = task === 'regression' && isNumeric(tcol) ? tcol.values : Float64Array.from(tc.y, (v) => (v < 0 ? Number.NaN : v));
    candidates = candidates.filter((i) => !Number.isNaN(yy[i]!));
    const size = Math.min(p.sampleRows ?? 5000, candidates.length);
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(r() * (candidates.length - i));
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    }
    candidates = candidates.slice(0, size).sort((a, b) => a - b);
    y = Float64Array.from(candidates, (i) => yy[i]!);
  } else {
    const size = Math.min(p.sampleRows ?? 5000, candidates.length);
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(r() * (candidates.length - i));
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    }
    candidates = candidates.slice(0, size).sort((a, b) => a - b);
  }
  const used = [...new Set([...p.features, ...p.steps.flatMap((s) => s.columns).filter((c) => c !== '*' && frame.has(c) && c !== p.target)])];
  // Categories from every loaded row, so the first rows show their own values, not "new category".
  const input = inputSchema(frame, used);
  const sample = toWork(frame.take(candidates), input);
  const head = toWork(frame.take(Array.from({ length: firstRows }, (_, i) => i)), input);
  const before = fitSteps(sample, p.steps.slice(0, p.focus), p.seed ?? 0, y, task);
  const yFocus = before.kept && y ? Float64Array.from(before.kept, (i) => y[i]!) : y;
  const mid = fitSteps(before.work, [spec], p.seed ?? 0, yFocus, task);
  const fitted = mid.steps[0]!;
  const headBefore = applySteps(head, before.steps);
  const headAfter = applySteps(headBefore, [fitted]);
  const sampleAfter = def.transform(before.work, fitted.columns, fitted.params, fitted.state);
  const added = [...headAfter.keys()].filter((k) => !headBefore.has(k));
  const removed = [...headBefore.keys()].filter((k) => !headAfter.has(k));
  const changed = [...headAfter.keys()].filter((k) => headBefore.has(k) && headBefore.get(k) !== headAfter.get(k));
  const inCols = fitted.columns.slice(0, MAX_COLUMNS);
  const outCols = [...changed, ...added].slice(0, MAX_COLUMNS);
  const dropped = def.dropRows ? def.dropRows(sampleAfter, fitted.columns, fitted.params, fitted.state).reduce((a, b) => a + b, 0) : 0;
  return {
    step: p.focus,
    label: def.label,
    sampleRows: candidates.length,
    totalRows,
    before: table(headBefore, inCols),
    after: table(headAfter, outCols),
    added,
    removed,
    droppedRows: dropped,
    distBefore: inCols.map((k) => distribution(k, before.work.get(k)!)),
    distAfter: outCols.map((k) => distribution(k, sampleAfter.get(k)!)),
    schema: [...headAfter].map(([name, c]) => ({ name, type: c.type })),
  };
}
