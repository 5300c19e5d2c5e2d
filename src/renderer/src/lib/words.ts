/**
 * User-facing wording (DESIGN.md §7: it lives in the renderer, not in core): what column kinds,
 * roles, tasks and metrics are called, and why a column is left out.
 */
import type { ColumnInfo, ColumnKind, ColumnRole, ModelFamily, RunInfo, Task } from '../../../shared/dto';

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
  group: 'Row groups',
  time: 'Time order',
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

/** What training will do for a task and how it is scored, in plain words (Columns step). */
export function taskExplanation(task: Task | null, target: ColumnInfo | undefined): string {
  if (!task || !target) return '';
  if (task === 'binary') {
    const cls = classesOf(target);
    const positive = cls.length === 2 ? cls[1] : 'the second class';
    return `The models estimate, for each row, the chance that ${target.name} is ${positive}. They are compared by ROC AUC: how well they rank those rows first.`;
  }
  if (task === 'multiclass') {
    const cls = classesOf(target);
    const shown = cls.length && cls.length <= 6 ? ` (${cls.slice(0, -1).join(', ')} or ${cls[cls.length - 1]})` : '';
    return `The models pick the most likely of the ${target.distinct} values of ${target.name}${shown} for each row. They are compared by accuracy: the share of rows they get right.`;
  }
  return `The models predict the value of ${target.name} for each row. They are compared by RMSE: the typical size of an error, in ${target.name}'s units.`;
}

export type ValidationKind = 'stratified-kfold' | 'kfold' | 'repeated-kfold' | 'group-kfold' | 'time-split' | 'holdout';

/** The validation choices of the Train step. */
export const validationInfo: Record<ValidationKind, { label: string; help: string }> = {
  'stratified-kfold': { label: 'Stratified k-fold', help: 'Like k-fold, but every part has the same share of each class. The best default for classes.' },
  kfold: { label: 'k-fold', help: 'The rows are split into k parts at random; each part is scored by a model trained on the others.' },
  'repeated-kfold': { label: 'Repeated k-fold', help: 'k-fold several times with different shuffles, then averaged: steadier scores, slower.' },
  'group-kfold': { label: 'Group k-fold by a column', help: 'Rows with the same value in a column (a customer, a patient) stay in the same part, so the model is scored on groups it has not seen.' },
  'time-split': { label: 'Time-ordered split by a column', help: 'Each part is scored by a model trained only on earlier rows, as the model will be used: on the future.' },
  holdout: { label: 'Hold-out', help: 'One split: a share of the rows is set aside and scored once. Quick, but the score varies more.' },
};

export type Family = Exclude<ModelFamily, 'auto'>;

/** The families the Train step offers, in the order they are trained and listed. */
export const FAMILIES: readonly Family[] = ['linear', 'tree', 'forest', 'gbdt', 'knn', 'nb', 'nn'];

/** What each model family is called and what it does, in one plain line. */
export const familyInfo: Record<Family, { label: string; help: string; tasks: readonly Task[] }> = {
  linear: { label: 'Linear', help: 'Fast and easy to explain: each column pushes the prediction up or down by a fixed amount.', tasks: ['binary', 'multiclass', 'regression'] },
  tree: { label: 'Decision tree', help: 'A flowchart of yes/no questions about the columns; easy to read, but often less accurate.', tasks: ['binary', 'multiclass', 'regression'] },
  forest: { label: 'Random forest', help: 'Many decision trees, each on a random part of the data, voting together; robust with no tuning.', tasks: ['binary', 'multiclass', 'regression'] },
  gbdt: { label: 'Gradient-boosted trees', help: 'Small trees added one by one, each fixing the mistakes of the ones before; often the most accurate on tables.', tasks: ['binary', 'multiclass', 'regression'] },
  knn: { label: 'k-nearest neighbours', help: 'Predicts from the most similar rows it has seen; simple, but slow on many rows.', tasks: ['binary', 'multiclass', 'regression'] },
  nb: { label: 'Naive Bayes', help: 'Adds up the evidence of each column as if the columns were unrelated; very fast, a good baseline.', tasks: ['binary', 'multiclass'] },
  nn: { label: 'Neural network', help: 'Layers of weighted sums learned step by step; can find patterns the others miss, but takes minutes and is not part of Auto.', tasks: ['binary', 'multiclass', 'regression'] },
};

export function familyLabel(model: ModelFamily | string): string {
  return (familyInfo as Record<string, { label: string }>)[model]?.label ?? (model === 'nn' ? 'Neural network' : model);
}

/** The estimator within a family, in words ("logistic regression"). */
export function estimatorLabel(kind: string): string {
  const table: Record<string, string> = {
    'logistic.l2': 'logistic regression',
    'logistic.l1': 'logistic regression (L1)',
    'logistic.multinomial': 'multinomial logistic regression',
    ridge: 'ridge regression',
    ols: 'least-squares regression',
    lasso: 'lasso regression',
    elastic_net: 'elastic net regression',
    knn: 'k-nearest neighbours',
    'nb.mixed': 'naive Bayes',
    'tree.cart': 'decision tree (CART)',
    'forest.random': 'random forest',
    'gbdt.hist': 'histogram gradient boosting',
    'nn.mlp': 'multi-layer perceptron',
  };
  return table[kind] ?? kind;
}

/** "Linear (logistic regression)", or just the family when the estimator says nothing more. */
export function modelName(run: Pick<RunInfo, 'model' | 'estimator'>): string {
  const fam = familyLabel(run.model);
  const est = run.estimator ? estimatorLabel(run.estimator) : '';
  return est && est.toLowerCase() !== fam.toLowerCase() ? `${fam} (${est})` : fam;
}

export interface MetricDef {
  label: string;
  help: string;
  higherIsBetter: boolean;
  /** Bounded to 0..1, so a chart can fix its scale. */
  unit?: boolean;
  percent?: boolean;
}

export const metricInfo: Record<string, MetricDef> = {
  accuracy: { label: 'Accuracy', help: 'Share of rows whose class was predicted correctly.', higherIsBetter: true, unit: true, percent: true },
  balanced_accuracy: { label: 'Balanced accuracy', help: 'Accuracy averaged over the classes, so a rare class counts as much as a common one.', higherIsBetter: true, unit: true, percent: true },
  f1_macro: { label: 'Macro F1', help: 'Balance of precision and recall, averaged over the classes: 1 is perfect.', higherIsBetter: true, unit: true },
  precision_macro: { label: 'Macro precision', help: 'Of the rows predicted as a class, the share that really are, averaged over the classes.', higherIsBetter: true, unit: true },
  recall_macro: { label: 'Macro recall', help: 'Of the rows of a class, the share found, averaged over the classes.', higherIsBetter: true, unit: true },
  auc: { label: 'ROC AUC', help: 'How well the model ranks positive rows above negative ones: 0.5 is guessing, 1 is perfect.', higherIsBetter: true, unit: true },
  pr_auc: { label: 'PR AUC', help: 'How precise the model stays as it finds more of the positive rows; matters most when positives are rare.', higherIsBetter: true, unit: true },
  log_loss: { label: 'Log loss', help: 'How confident and correct the predicted probabilities are: lower is better.', higherIsBetter: false },
  brier: { label: 'Brier score', help: 'Average squared gap between the predicted probability and what happened: 0 is perfect, lower is better.', higherIsBetter: false, unit: true },
  mcc: { label: 'MCC', help: 'Agreement between predicted and true classes that stays fair when classes are unbalanced: 0 is guessing, 1 is perfect.', higherIsBetter: true },
  rmse: { label: 'RMSE', help: 'Typical size of an error, in the target\'s units; large misses count extra. Lower is better.', higherIsBetter: false },
  mae: { label: 'MAE', help: 'Average size of an error, in the target\'s units. Lower is better.', higherIsBetter: false },
  r2: { label: 'R²', help: 'Share of the target\'s variation the model explains: 1 is perfect, 0 is no better than always predicting the mean.', higherIsBetter: true },
  mape: { label: 'MAPE', help: 'Average error as a percentage of the true value (rows where it is zero are skipped). Lower is better.', higherIsBetter: false, percent: true },
  median_ae: { label: 'Median error', help: 'Half the errors are smaller than this, in the target\'s units. Lower is better.', higherIsBetter: false },
};

/** The metrics cards of the Evaluate step for a task, most important first. */
export function cardMetrics(task: Task): string[] {
  if (task === 'binary') return ['accuracy', 'auc', 'pr_auc', 'log_loss', 'brier', 'mcc'];
  if (task === 'multiclass') return ['accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss'];
  return ['rmse', 'mae', 'r2', 'mape'];
}

/** The metrics that compare models in a results table. */
export function tableMetrics(task: Task): string[] {
  if (task === 'binary') return ['auc', 'pr_auc', 'accuracy', 'log_loss', 'mcc'];
  if (task === 'multiclass') return ['accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss'];
  return ['rmse', 'mae', 'r2', 'mape'];
}

/** The one metric that picks the best model of a comparison. */
export function mainMetric(task: Task): string {
  return task === 'binary' ? 'auc' : task === 'multiclass' ? 'accuracy' : 'rmse';
}

/** Which of `values` are best (ties share it); empty when none is a number. */
export function bestOf(key: string, values: (number | undefined)[]): Set<number> {
  const higher = metricInfo[key]?.higherIsBetter ?? true;
  let best: number | null = null;
  for (const v of values) if (v !== undefined && Number.isFinite(v) && (best === null || (higher ? v > best : v < best))) best = v;
  const out = new Set<number>();
  if (best === null) return out;
  values.forEach((v, i) => { if (v !== undefined && Number.isFinite(v) && Math.abs(v - best!) <= 1e-12 * Math.max(1, Math.abs(best!))) out.add(i); });
  return out;
}

export function fmtMetric(key: string, v: number | undefined): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '—';
  const info = metricInfo[key];
  if (info?.percent) return `${(v * 100).toFixed(1)}%`;
  if (key === 'rmse' || key === 'mae' || key === 'median_ae') {
    const abs = Math.abs(v);
    const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 3 : 4;
    return new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  }
  return v.toFixed(4);
}

/** A keyboard shortcut as this platform writes it: "Ctrl+Z" or "⌘Z". */
export function shortcut(keys: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return mac ? `⌘${keys.replace('Shift+', '⇧')}` : `Ctrl+${keys}`;
}

/** A profile warning as the profile job reports it: a code and its numbers. */
export interface WarningData {
  code: string;
  data: Record<string, number | string>;
}

const pct = (v: unknown) => {
  const x = Number(v) * 100;
  return `${x < 1 && x > 0 ? x.toFixed(1) : Math.round(x)}%`;
};

/** What each association measure is called. */
export const measureLabel: Record<string, string> = {
  pearson: 'Pearson correlation',
  spearman: 'Spearman rank correlation',
  'cramers-v': 'Cramér’s V',
  'correlation-ratio': 'correlation ratio (η)',
  gini: 'Gini (2·AUC − 1)',
};

/** A data-quality warning of the profile in one plain sentence. */
export function warningSentence(w: WarningData): string {
  const d = w.data ?? {};
  switch (w.code) {
    case 'constant': return 'Every row has the same value, so it cannot help.';
    case 'all-missing': return 'Every value is missing, so it cannot help.';
    case 'mostly-missing': return `Mostly missing: ${pct(d.fraction)} of the rows have no value.`;
    case 'missing': return `${pct(d.fraction)} of the rows have no value; the model fills them in.`;
    case 'high-cardinality': return `Has ${fmtCount(d.distinct)} different values: too many categories to learn much from each.`;
    case 'identifier-like': return 'Almost every row has a different value, like an ID: it cannot help predict new rows.';
    case 'skewed': return `Lopsided: most values are bunched at one end, with a long tail (skewness ${Number(d.skewness).toFixed(1)}).`;
    case 'outliers': return `${fmtCount(d.count)} ${Number(d.count) === 1 ? 'value lies' : 'values lie'} far outside the rest (${pct(d.fraction)} of rows): check for typing or unit errors.`;
    case 'many-zeros': return `${pct(d.fraction)} of the values are zero: check that zero does not stand for “unknown”.`;
    case 'disguised-missing': return `The value ${String(d.value)} appears ${fmtCount(d.count)} times at the edge of the range: it may stand for “unknown”.`;
    case 'dominant-value': return `One value, ${String(d.value)}, holds ${pct(d.fraction)} of the rows, so the column says little.`;
    case 'target-leak': return `Suspiciously predictive of the target${d.level === 'high' ? ' on its own' : ''}: check it is not recorded after the outcome (${measureLabel[String(d.measure)] ?? String(d.measure)} ${Number(d.value).toFixed(2)}).`;
    default: return `Check this column (${w.code}).`;
  }
}

/** How serious a warning is, for its badge. */
export function warningLevel(code: string): 'high' | 'medium' | 'low' {
  if (code === 'target-leak' || code === 'constant' || code === 'all-missing' || code === 'identifier-like') return 'high';
  if (code === 'mostly-missing' || code === 'disguised-missing' || code === 'outliers' || code === 'dominant-value') return 'medium';
  return 'low';
}

function fmtCount(v: unknown): string {
  return new Intl.NumberFormat().format(Number(v));
}
