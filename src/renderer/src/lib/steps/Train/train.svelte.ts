/** The Train step's settings and its running job (progress, loss curve, cancel). */
import type { TrainSettings } from '../../../../../shared/dto';
import { api } from '../../api';
import type { AppState } from '../../app.svelte';

export class TrainState {
  readonly #app: AppState;
  folds = $state(5);
  seed = $state(0);
  /** Folds of the run being shown (the form may change afterwards). */
  runFolds = $state(5);
  starting = $state(false);
  cancelling = $state(false);
  jobId = $state<string | null>(null);
  outcome = $state<'done' | 'cancelled' | 'failed' | null>(null);

  readonly job = $derived.by(() => this.#app.jobs.get(this.jobId));
  readonly running = $derived(this.starting || (this.jobId !== null && this.outcome === null));
  readonly losses = $derived.by(() => this.jobId ? (this.#app.jobs.losses[this.jobId] ?? []) : []);
  readonly foldsValid = $derived(Number.isInteger(this.folds) && this.folds >= 2 && this.folds <= 20);
  readonly seedValid = $derived(Number.isInteger(this.seed) && this.seed >= 0 && this.seed <= 2 ** 31 - 1);

  constructor(app: AppState) {
    this.#app = app;
  }

  reset(settings: TrainSettings): void {
    if (this.running) return;
    this.folds = settings.folds;
    this.seed = settings.seed;
    this.outcome = null;
    this.jobId = null;
  }

  /** Follows the project's saved settings (after undo/redo or another window's edit) unless a run is under way. */
  syncSettings(settings: TrainSettings): void {
    if (this.running) return;
    this.folds = settings.folds;
    this.seed = settings.seed;
  }

  async start(): Promise<void> {
    if (this.running || !this.foldsValid || !this.seedValid) return;
    this.starting = true;
    this.runFolds = this.folds;
    this.outcome = null;
    this.jobId = null;
    let jobId: string | undefined;
    try {
      jobId = (await this.#app.attempt(() => api.training.start({ models: ['linear'], folds: this.folds, seed: this.seed })))?.jobId;
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
  }

  async cancel(): Promise<void> {
    const id = this.jobId;
    if (!id || this.outcome !== null || this.cancelling) return;
    this.cancelling = true;
    const r = await this.#app.attempt(() => api.jobs.cancel({ jobId: id }));
    if (!r) this.cancelling = false;
  }
}
