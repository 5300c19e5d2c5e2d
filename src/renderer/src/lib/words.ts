/**
 * User-facing wording (DESIGN.md §7: it lives in the renderer, not in core): what column kinds,
 * roles, tasks and metrics are called, and why a column is left out.
 */
import type { ColumnInfo, ColumnKind, ColumnRole, Task } from '../../../shared/dto';

export const kindLabel: Record<ColumnKind, string> = {
  number: 'Number',
  integer: 'Whole number',
  boolean: 'Yes / no',
  category: 'Category',
  date: 'Date',
  text: 'Text',
  identifier: 'Identifier',
};

export const roleLabel: Record<ColumnRole, string> = {
  feature: 'Used',
  target: 'Target',
  ignore: 'Ignored',
};

/** Why a column the model leaves out is left out. */
export function ignoreReason(c: ColumnInfo): string {
  switch (c.kind) {
    case 'identifier': return 'Looks like an ID (a different value in almost every row), so it cannot help predict new rows.';
    case 'text': return 'Free text is not used by this model.';
    case 'date': return 'Dates are not used by this model yet.';
    default: return 'Not used by this model.';
  }
}

/** The target's classes in the order the model uses (sorted, as the services sort them). */
export function classesOf(c: ColumnInfo | undefined): string[] {
  if (!c) return [];
  if (c.top.length) return c.top.map((t) => t.value).sort();
  if (c.distinct === 2 && c.min !== undefined && c.max !== undefined) return [String(c.min), String(c.max)];
  return [];
}

/** "Two classes: predicting No / Yes". */
export function taskSentence(task: Task | null, target: ColumnInfo | undefined): string {
  if (!task || !target) return '';
  if (task === 'binary') {
    const cls = classesOf(target);
    return cls.length === 2 ? `Two classes: predicting ${cls[0]} / ${cls[1]}` : 'Two classes';
  }
  if (task === 'multiclass') return `${target.distinct} classes: predicting one of several categories`;
  return 'A number: predicting a quantity';
}

export const metricInfo: Record<string, { label: string; help: string; higherIsBetter: boolean }> = {
  accuracy: { label: 'Accuracy', help: 'Share of rows whose class was predicted correctly.', higherIsBetter: true },
  auc: { label: 'ROC AUC', help: 'How well the model ranks positive rows above negative ones: 0.5 is guessing, 1 is perfect.', higherIsBetter: true },
  log_loss: { label: 'Log loss', help: 'How confident and correct the predicted probabilities are: lower is better.', higherIsBetter: false },
};

export const metricOrder = ['accuracy', 'auc', 'log_loss'] as const;

export function fmtMetric(key: string, v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (key === 'accuracy') return `${(v * 100).toFixed(1)}%`;
  return v.toFixed(4);
}

/** A keyboard shortcut as this platform writes it: "Ctrl+Z" or "⌘Z". */
export function shortcut(keys: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return mac ? `⌘${keys.replace('Shift+', '⇧')}` : `Ctrl+${keys}`;
}
