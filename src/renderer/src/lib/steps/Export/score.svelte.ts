/**
 * "Score a new file" in the Export step: upload (browser mode) or name the file (Electron), run
 * the predict job, and keep its schema report and where to download the result.
 */
import type { PredictReport, PredictResult } from '../../../../../shared/dto';
import { AppError } from '../../../../../shared/errors';
import { api, uploadFile } from '../../api';
import type { AppState } from '../../app.svelte';

export type ScorePhase = 'idle' | 'uploading' | 'scoring';

export class ScoreState {
  readonly #app: AppState;
  #abort: AbortController | null = null;
  phase = $state<ScorePhase>('idle');
  fileName = $state('');
  uploadFraction = $state(0);
  jobId = $state<string | null>(null);
  outcome = $state<'done' | 'cancelled' | 'failed' | null>(null);
  result = $state.raw<PredictResult | null>(null);
  /** Why the last attempt failed, in plain words. */
  failure = $state<string | null>(null);
  /** Columns the model needs that the file lacked (the last attempt's failure). */
  missingColumns = $state.raw<string[]>([]);
  /** The run the last attempt was for. */
  runId = $state<number | null>(null);

  readonly job = $derived.by(() => this.#app.jobs.get(this.jobId));
  readonly busy = $derived(this.phase !== 'idle');
  readonly fraction = $derived(this.phase === 'uploading' ? this.uploadFraction : (this.job?.fraction ?? 0));

  constructor(app: AppState) {
    this.#app = app;
  }

  /** Scores a chosen file with a run's model. */
  async score(file: File, runId: number): Promise<void> {
    if (this.busy) return;
    this.fileName = file.name;
    this.runId = runId;
    this.result = null;
    this.failure = null;
    this.missingColumns = [];
    this.outcome = null;
    this.jobId = null;
    this.uploadFraction = 0;
    this.phase = 'uploading';
    this.#abort = new AbortController();
    try {
      const source = await uploadFile(file, (f) => { this.uploadFraction = f; }, this.#abort.signal);
      if (this.#abort.signal.aborted) throw new AppError('cancelled', 'The upload was cancelled.');
      this.phase = 'scoring';
      const { jobId } = await api.exports.predict({ source, runId });
      this.jobId = jobId;
      const end = await this.#app.jobs.settled(jobId);
      if (this.jobId !== jobId) return;
      this.outcome = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed';
      if (end.state === 'done') this.result = end.result as PredictResult;
      else if (end.state === 'failed') this.#fail(end.error ?? { kind: 'internal', message: end.message });
    } catch (e) {
      if (e instanceof AppError && e.kind === 'cancelled') this.outcome = 'cancelled';
      else {
        this.outcome = 'failed';
        this.#fail(e instanceof AppError ? e.toData() : { kind: 'internal', message: String((e as Error)?.message ?? e) });
      }
    } finally {
      this.phase = 'idle';
      this.#abort = null;
    }
  }

  #fail(error: { kind: string; message: string; details?: unknown }): void {
    this.failure = error.message;
    const d = error.details as { missingColumns?: unknown; report?: PredictReport } | undefined;
    if (d && Array.isArray(d.missingColumns)) this.missingColumns = d.missingColumns.map(String);
    // A file that does not fit the model is the user's to fix, said in the step; anything else is a fault.
    if (error.kind !== 'bad-input' && error.kind !== 'not-found') this.#app.report(error);
  }

  async cancel(): Promise<void> {
    if (this.phase === 'uploading') {
      this.#abort?.abort();
      return;
    }
    const id = this.jobId;
    if (id && this.outcome === null) await this.#app.attempt(() => api.jobs.cancel({ jobId: id }));
  }
}
