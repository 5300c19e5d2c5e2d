/** The Export step's running job. The result itself is read from the project's exports. */
import { api } from '../../api';
import type { AppState } from '../../app.svelte';
import { ScoreState } from './score.svelte';

export class ExportState {
  readonly #app: AppState;
  starting = $state(false);
  jobId = $state<string | null>(null);
  outcome = $state<'done' | 'cancelled' | 'failed' | null>(null);
  /** The failure of the last attempt, in plain words, shown beside the button too. */
  failure = $state<string | null>(null);
  /** The services cannot export this kind of model yet: said calmly in the step, not as an error. */
  unavailable = $state<string | null>(null);
  /** The run the last attempt was for. */
  runId = $state<number | null>(null);

  readonly job = $derived.by(() => this.#app.jobs.get(this.jobId));
  readonly running = $derived(this.starting || (this.jobId !== null && this.outcome === null));

  /** "Score a new file": kept here so that it outlives leaving the step. */
  readonly scorer: ScoreState;

  constructor(app: AppState) {
    this.#app = app;
    this.scorer = new ScoreState(app);
  }

  reset(): void {
    if (this.running) return;
    this.jobId = null;
    this.outcome = null;
    this.failure = null;
    this.unavailable = null;
    this.runId = null;
  }

  /** Exports a run (the one chosen in Evaluate). */
  async start(runId: number): Promise<void> {
    if (this.running) return;
    this.starting = true;
    this.outcome = null;
    this.failure = null;
    this.unavailable = null;
    this.runId = runId;
    this.jobId = null;
    let jobId: string | undefined;
    try {
      jobId = (await this.#app.attempt(() => api.exports.onnx({ runId })))?.jobId;
      if (jobId) this.jobId = jobId;
    } finally {
      this.starting = false;
    }
    if (!jobId) return;
    const end = await this.#app.jobs.settled(jobId);
    if (this.jobId !== jobId) return;
    this.outcome = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed';
    if (end.state === 'failed') {
      const message = end.error?.message ?? end.message;
      // "ONNX export of knn models is not available yet." is a limit of this version, not a fault.
      if (end.error?.kind === 'bad-input' && /not available yet/i.test(message)) {
        this.unavailable = message;
        return;
      }
      this.failure = message;
      this.#app.report(end.error ?? { kind: 'internal', message });
    }
  }

  async cancel(): Promise<void> {
    const id = this.jobId;
    if (id && this.outcome === null) await this.#app.attempt(() => api.jobs.cancel({ jobId: id }));
  }

  // ---- TensorFlow.js folder export (neural networks and linear models) ----
  tfjsJobId = $state<string | null>(null);
  tfjsRunning = $state(false);
  tfjsFailure = $state<string | null>(null);
  readonly tfjsJob = $derived.by(() => this.#app.jobs.get(this.tfjsJobId));

  async startTfjs(runId: number): Promise<void> {
    if (this.tfjsRunning) return;
    this.tfjsRunning = true;
    this.tfjsFailure = null;
    try {
      const started = await this.#app.attempt(() => api.exports.tfjs({ runId }));
      if (!started) return;
      this.tfjsJobId = started.jobId;
      const end = await this.#app.jobs.settled(started.jobId);
      if (end.state === 'failed') this.tfjsFailure = end.error?.message ?? end.message;
    } finally {
      this.tfjsRunning = false;
    }
  }

  async cancelTfjs(): Promise<void> {
    const id = this.tfjsJobId;
    if (id && this.tfjsRunning) await this.#app.attempt(() => api.jobs.cancel({ jobId: id }));
  }
}
