/**
 * The Train step's settings (model families, validation, seed) and its running job (progress per
 * family, loss curves, cancel), plus which runs the last job produced.
 */
import type { ValidationChoice } from '../../../../../shared/contract';
import type { RunInfo, Task, TrainSettings } from '../../../../../shared/dto';
import { api } from '../../api';
import type { AppState } from '../../app.svelte';
import { FAMILIES, familyInfo, familyLabel, mainMetric, bestOf, type Family, type ValidationKind } from '../../words';

type TrainArg = Parameters<typeof api.training.start>[0];

const isWhole = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

export class TrainState {
  readonly #app: AppState;
  /** Families ticked in the form (used unless `auto`). */
  models = $state<Family[]>(['linear']);
  /** "Auto: compare every suitable family". */
  auto = $state(false);
  validation = $state<ValidationKind>('stratified-kfold');
  folds = $state(5);
  repeats = $state(3);
  /** Column for group k-fold and time-ordered splits. */
  column = $state('');
  /** Hold-out test share, in percent. */
  holdoutPercent = $state(20);
  seed = $state(0);
  /** Number of rounds (folds) of the run being shown (the form may change afterwards). */
  runFolds = $state(5);
  /** Families the running job was asked for, in order; null for Auto (the services choose). */
  runFamilies = $state<Family[] | null>(null);
  starting = $state(false);
  cancelling = $state(false);
  jobId = $state<string | null>(null);
  outcome = $state<'done' | 'cancelled' | 'failed' | null>(null);
  /** Runs with a larger id than this came from the last job. */
  #baseRunId = $state(0);

  readonly job = $derived.by(() => this.#app.jobs.get(this.jobId));
  readonly running = $derived(this.starting || (this.jobId !== null && this.outcome === null));
  readonly losses = $derived.by(() => (this.jobId ? (this.#app.jobs.losses[this.jobId] ?? []) : []));
  /** Some fold of some family has enough loss points to draw a curve. */
  readonly drawable = $derived.by(() => {
    const counts = new Map<string, number>();
    for (const p of this.losses) {
      const key = `${p.model}/${p.fold}`;
      const n = (counts.get(key) ?? 0) + 1;
      if (n >= 3) return true;
      counts.set(key, n);
    }
    return false;
  });
  readonly task = $derived.by((): Task | null => this.#app.project?.task ?? null);
  readonly classification = $derived(this.task !== 'regression');
  /** Stratified k-fold needs classes; for a number target it means plain k-fold. */
  readonly kind = $derived<ValidationKind>(!this.classification && this.validation === 'stratified-kfold' ? 'kfold' : this.validation);
  readonly usesFolds = $derived(this.kind !== 'holdout');
  readonly usesColumn = $derived(this.kind === 'group-kfold' || this.kind === 'time-split');
  /** The families that would be sent: those ticked that handle the task. */
  readonly chosen = $derived(FAMILIES.filter((f) => this.models.includes(f) && (!this.task || familyInfo[f].tasks.includes(this.task))));
  readonly foldsValid = $derived(!this.usesFolds || isWhole(this.folds, 2, 20));
  readonly repeatsValid = $derived(this.kind !== 'repeated-kfold' || isWhole(this.repeats, 2, 20));
  readonly holdoutValid = $derived(this.kind !== 'holdout' || (typeof this.holdoutPercent === 'number' && this.holdoutPercent >= 5 && this.holdoutPercent <= 50));
  readonly columnValid = $derived(!this.usesColumn || this.column !== '');
  readonly seedValid = $derived(isWhole(this.seed, 0, 2 ** 31 - 1));
  readonly modelsValid = $derived(this.auto || this.chosen.length > 0);
  readonly valid = $derived(this.foldsValid && this.repeatsValid && this.holdoutValid && this.columnValid && this.seedValid && this.modelsValid);

  /** Progress of the running job: which family (n of m) and its name. */
  readonly progress = $derived.by(() => {
    const e = this.job;
    const info = this.jobId ? this.#app.jobs.models[this.jobId] : undefined;
    const d = e?.detail;
    const count = info?.count ?? this.runFamilies?.length ?? 0;
    const index = typeof d?.model === 'number' && Number.isFinite(d.model) ? d.model : count ? 1 : 0;
    const names = Array.from({ length: count }, (_, i) => info?.labels[i + 1] ?? (this.runFamilies?.[i] ? familyLabel(this.runFamilies[i]!) : null));
    const m = e ? /Fold (\d+) of (\d+)/.exec(e.message) : null;
    const fold = m ? { n: Number(m[1]), of: Number(m[2]) } : null;
    const iteration = typeof d?.iteration === 'number' && Number.isFinite(d.iteration) && d.iteration > 0 ? d.iteration : null;
    return { index, count, names, fold, iteration };
  });

  /** Whether the family being trained has shown it reports no loss (k-nearest neighbours, naive Bayes). */
  readonly silent = $derived.by(() => {
    const info = this.jobId ? this.#app.jobs.models[this.jobId] : undefined;
    return !!info && info.silent[this.progress.index] === true;
  });

  /** The runs the last finished job produced (in training order). */
  readonly jobRuns = $derived.by((): RunInfo[] => {
    const runs = this.#app.project?.runs ?? [];
    if (this.outcome === 'done') return runs.filter((r) => r.id > this.#baseRunId);
    return [];
  });

  constructor(app: AppState) {
    this.#app = app;
  }

  reset(settings: TrainSettings): void {
    if (this.running) return;
    this.syncSettings(settings);
    this.outcome = null;
    this.jobId = null;
  }

  /** Follows the project's saved settings (after undo/redo or another window's edit) unless a run is under way. */
  syncSettings(settings: TrainSettings): void {
    if (this.running) return;
    const models = settings.models ?? ['linear'];
    this.auto = models.includes('auto');
    const fams = FAMILIES.filter((f) => models.includes(f));
    if (fams.length || !this.auto) this.models = fams.length ? fams : ['linear'];
    this.folds = settings.folds;
    this.seed = settings.seed;
    const v = settings.validation;
    if (v && (['kfold', 'stratified-kfold', 'repeated-kfold', 'group-kfold', 'time-split', 'holdout'] as string[]).includes(v.kind)) {
      this.validation = v.kind as ValidationKind;
      if (isWhole(v.folds, 2, 20)) this.folds = v.folds;
      if (isWhole(v.repeats, 2, 20)) this.repeats = v.repeats;
      if (v.column) this.column = v.column;
      if (typeof v.fraction === 'number') this.holdoutPercent = Math.round(v.fraction * 100);
    } else if (settings.holdout) {
      this.validation = 'holdout';
      this.holdoutPercent = Math.round(settings.holdout * 100);
    } else {
      // No explicit choice: a column marked as the row groups or the time order decides (as the
      // services do); otherwise stratified for classes, plain k-fold for numbers.
      const cols = this.#app.project?.dataset?.columns ?? [];
      const group = cols.find((c) => c.role === 'group');
      const time = cols.find((c) => c.role === 'time');
      if (group) { this.validation = 'group-kfold'; this.column = group.name; }
      else if (time) { this.validation = 'time-split'; this.column = time.name; }
      else this.validation = 'stratified-kfold';
    }
  }

  toggle(f: Family, on: boolean): void {
    this.models = on ? FAMILIES.filter((x) => x === f || this.models.includes(x)) : this.models.filter((x) => x !== f);
  }

  /** The request for the current form. The services' default (no `validation`) is stratified k-fold. */
  request(): TrainArg {
    const models: (Family | 'auto')[] = this.auto ? ['auto'] : [...this.chosen];
    const base = { models, folds: isWhole(this.folds, 2, 20) ? this.folds : 5, seed: this.seed };
    let validation: ValidationChoice | undefined;
    switch (this.kind) {
      case 'stratified-kfold': validation = undefined; break;
      case 'kfold': validation = this.classification ? { kind: 'kfold', folds: this.folds } : undefined; break;
      case 'repeated-kfold': validation = { kind: 'repeated-kfold', folds: this.folds, repeats: this.repeats }; break;
      case 'group-kfold': validation = { kind: 'group-kfold', folds: this.folds, column: this.column }; break;
      case 'time-split': validation = { kind: 'time-split', folds: this.folds, column: this.column }; break;
      case 'holdout': validation = { kind: 'holdout', fraction: this.holdoutPercent / 100 }; break;
    }
    return validation ? { ...base, validation } : base;
  }

  /** How many rounds the current form trains per family. */
  rounds(): number {
    if (this.kind === 'holdout') return 1;
    if (this.kind === 'repeated-kfold') return this.folds * this.repeats;
    return this.folds;
  }

  async start(): Promise<void> {
    if (this.running || !this.valid) return;
    this.starting = true;
    this.runFolds = this.rounds();
    this.runFamilies = this.auto ? null : [...this.chosen];
    this.outcome = null;
    this.jobId = null;
    this.#baseRunId = Math.max(0, ...(this.#app.project?.runs.map((r) => r.id) ?? []));
    const req = this.request();
    let jobId: string | undefined;
    try {
      jobId = (await this.#app.attempt(() => api.training.start(req)))?.jobId;
      if (jobId) this.jobId = jobId;
    } finally {
      this.starting = false;
    }
    if (!jobId) return;
    const end = await this.#app.jobs.settled(jobId);
    if (this.jobId !== jobId) return;
    this.cancelling = false;
    this.outcome = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed';
    if (end.state === 'failed') this.#app.report(end.error ?? { kind: 'internal', message: end.message });
    if (end.state === 'done') {
      // Evaluate and Export show the best model of this job.
      const runs = this.jobRuns;
      if (runs.length) {
        const key = mainMetric(runs[0]!.task);
        const best = [...bestOf(key, runs.map((r) => r.metrics[key]))][0];
        this.#app.selectRun(runs[best ?? runs.length - 1]!.id);
      }
    }
  }

  async cancel(): Promise<void> {
    const id = this.jobId;
    if (!id || this.outcome !== null || this.cancelling) return;
    this.cancelling = true;
    const r = await this.#app.attempt(() => api.jobs.cancel({ jobId: id }));
    if (!r) this.cancelling = false;
  }
}
