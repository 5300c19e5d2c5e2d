/** The Import step's work: upload (browser mode), then the import job, with progress and cancel. */
import { AppError } from '../../../../../shared/errors';
import { api, uploadFile } from '../../api';
import type { AppState } from '../../app.svelte';

export type ImportPhase = 'idle' | 'uploading' | 'importing';

export class ImportState {
  readonly #app: AppState;
  phase = $state<ImportPhase>('idle');
  fileName = $state('');
  uploadFraction = $state(0);
  jobId = $state<string | null>(null);
  /** How the last attempt ended, for a one-line note. */
  outcome = $state<'done' | 'cancelled' | 'failed' | null>(null);
  #abort: AbortController | null = null;

  readonly job = $derived.by(() => this.#app.jobs.get(this.jobId));
  readonly fraction = $derived(this.phase === 'uploading' ? this.uploadFraction : (this.job?.fraction ?? 0));
  readonly message = $derived(
    this.phase === 'uploading' ? `Uploading ${this.fileName}` : this.phase === 'importing' ? (this.job?.message ?? 'Starting') : '',
  );

  constructor(app: AppState) {
    this.#app = app;
  }

  reset(): void {
    if (this.phase !== 'idle') return;
    this.outcome = null;
    this.jobId = null;
  }

  async importFile(file: File): Promise<void> {
    if (this.phase !== 'idle') return;
    this.fileName = file.name;
    this.outcome = null;
    this.uploadFraction = 0;
    this.jobId = null;
    this.phase = 'uploading';
    this.#abort = new AbortController();
    try {
      const source = await uploadFile(file, (f) => { this.uploadFraction = f; }, this.#abort.signal);
      if (this.#abort.signal.aborted) throw new AppError('cancelled', 'The import was cancelled.');
      this.phase = 'importing';
      const { jobId } = await api.datasets.import({ source });
      this.jobId = jobId;
      const end = await this.#app.jobs.settled(jobId);
      this.outcome = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed';
      if (end.state === 'failed') this.#app.report(end.error ?? { kind: 'internal', message: end.message });
    } catch (e) {
      this.outcome = e instanceof AppError && e.kind === 'cancelled' ? 'cancelled' : 'failed';
      this.#app.report(e);
    } finally {
      this.phase = 'idle';
      this.#abort = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.phase === 'uploading') {
      this.#abort?.abort();
      return;
    }
    const id = this.jobId;
    if (this.phase === 'importing' && id) await this.#app.attempt(() => api.jobs.cancel({ jobId: id }));
  }
}
