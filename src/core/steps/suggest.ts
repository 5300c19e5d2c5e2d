/**
 * Suggestions for the Prepare step, from the column summaries and (when it has been computed)
 * the profile: each one a sentence in plain words and a step to add with one click.
 */
import type { ColumnKind, Task } from '../frame/kinds';
import type { FrameProfile } from '../profile/profile';
import { allSteps } from './registry';
import type { StepSpec } from './types';

export interface SuggestColumn {
  name: string;
  kind: ColumnKind;
  role: 'target' | 'feature' | 'ignore' | 'group' | 'time';
  missing: number;
  distinct: number;
}

export interface Suggestion {
  /** Stable id (kind + column), so a dismissed suggestion can be remembered. */
  id: string;
  text: string;
  step: StepSpec;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const count = (n: number) => n.toLocaleString('en-US');

export function suggestSteps(opts: { columns: SuggestColumn[]; rows: number; profile?: FrameProfile | null; target: string | null; task: Task | null; existing: StepSpec[] }): Suggestion[] {
  const have = new Set(allSteps().map((s) => s.kind));
  const used = new Set(opts.existing.flatMap((s) => s.columns.map((c) => `${s.kind}:${c}`)));
  const touched = new Set(opts.existing.flatMap((s) => s.columns));
  const out: Suggestion[] = [];
  const add = (kind: string, column: string, text: string, params: StepSpec['params'] = {}) => {
    if (!have.has(kind) || used.has(`${kind}:${column}`)) return;
    out.push({ id: `${kind}:${column}`, text, step: { kind, columns: [column], params } });
  };
  const profiles = new Map((opts.profile?.columns ?? []).map((p) => [p.name, p]));
  for (const c of opts.columns) {
    if (c.role === 'target' || c.name === opts.target) continue;
    const p = profiles.get(c.name);
    const missingShare = opts.rows ? c.missing / opts.rows : 0;
    if (c.kind === 'date' && !touched.has(c.name)) {
      add('date.parts', c.name, `${c.name} is a date: use its year, month and weekday as features?`);
      continue;
    }
    if (c.kind === 'text' && !touched.has(c.name)) {
      add('text.counts', c.name, `${c.name} is free text: turn it into word counts (TF-IDF)?`);
      continue;
    }
    if (c.role !== 'feature') continue;
    if ((c.kind === 'number' || c.kind === 'integer') && missingShare >= 0.05 && missingShare < 0.95) {
      add('impute.indicator', c.name, `${c.name} is missing in ${pct(missingShare)} of rows: add a column that says where it was missing?`);
    }
    if ((c.kind === 'number' || c.kind === 'integer') && p?.numeric) {
      const n = p.numeric;
      if (n.skewness > 2 && n.min >= 0) add('scale.log1p', c.name, `${c.name} is skewed (most values small, a few very large): log-transform it?`);
      else if (Math.abs(n.skewness) > 2) add('scale.yeojohnson', c.name, `${c.name} is skewed: make it more symmetric (Yeo-Johnson)?`);
      const out1 = (n.outliers.iqr.low + n.outliers.iqr.high) / Math.max(1, p.present);
      if (out1 >= 0.01 && Math.abs(n.skewness) <= 2) add('outliers.clip', c.name, `${c.name} has ${count(n.outliers.iqr.low + n.outliers.iqr.high)} extreme values: clip them at the IQR fences?`);
    }
    if ((c.kind === 'category' || c.kind === 'identifier') && c.distinct > 30) {
      if (opts.target && opts.task && opts.task !== 'multiclass') add('encode.target', c.name, `${c.name} has ${count(c.distinct)} levels: replace each by its average ${opts.target} (target encoding)?`);
      else add('encode.frequency', c.name, `${c.name} has ${count(c.distinct)} levels: replace each by how often it occurs?`);
    }
  }
  return out;
}
