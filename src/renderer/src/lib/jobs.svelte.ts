/**
 * Every job event the renderer hears, by job id. A job's first events can arrive before the call
 * that started it has answered with its id, so events are kept for any id and looked up later.
 */
import type { JobEvent } from '../../../shared/dto';

export interface LossPoint {
  fold: number;
  iteration: number;
  loss: number;
}

export class JobsState {
  /** Latest event per job; replaced (never mutated) on each event. */
  byId = $state.raw<Record<string, JobEvent>>({});
  /** Loss curve points per training job, from `JobEvent.detail`. */
  losses = $state.raw<Record<string, LossPoint[]>>({});
  readonly #waiters = new Map<string, ((e: JobEvent) => void)[]>();

  handle(e: JobEvent): void {
    this.byId = { ...this.byId, [e.jobId]: e };
    const d = e.detail;
    // JSON turns NaN into null, so check for finite numbers rather than trusting the type.
    if (e.kind === 'train' && d && Number.isFinite(d.loss) && Number.isFinite(d.fold) && Number.isFinite(d.iteration)) {
      const list = this.losses[e.jobId] ?? [];
      const last = list[list.length - 1];
      if (!last || last.fold !== d.fold || last.iteration !== d.iteration) {
        this.losses = { ...this.losses, [e.jobId]: [...list, { fold: d.fold!, iteration: d.iteration!, loss: d.loss! }] };
      }
    }
    if (e.state !== 'running') {
      const waiters = this.#waiters.get(e.jobId);
      this.#waiters.delete(e.jobId);
      for (const w of waiters ?? []) w(e);
    }
  }

  get(jobId: string | null): JobEvent | null {
    return jobId ? (this.byId[jobId] ?? null) : null;
  }

  /** Resolves with the job's last event (done, failed or cancelled). */
  settled(jobId: string): Promise<JobEvent> {
    const e = this.byId[jobId];
    if (e && e.state !== 'running') return Promise.resolve(e);
    return new Promise((resolve) => {
      const list = this.#waiters.get(jobId) ?? [];
      list.push(resolve);
      this.#waiters.set(jobId, list);
    });
  }

  /** Ends every wait with a failure (the connection was lost, so the outcome is unknown). */
  abandonAll(message: string): void {
    for (const [jobId, waiters] of this.#waiters) {
      const prev = this.byId[jobId];
      const e: JobEvent = { jobId, kind: prev?.kind ?? 'import', state: 'failed', fraction: 0, message, error: { kind: 'internal', message } };
      this.byId = { ...this.byId, [jobId]: e };
      for (const w of waiters) w(e);
    }
    this.#waiters.clear();
  }
}
