/**
 * Every job event the renderer hears, by job id. A job's first events can arrive before the call
 * that started it has answered with its id, so events are kept for any id and looked up later.
 */
import type { JobEvent } from '../../../shared/dto';

export interface LossPoint {
  /** 1-based index of the model family within the job. */
  model: number;
  fold: number;
  iteration: number;
  /** Training loss; NaN when only a validation loss arrived. */
  loss: number;
  /** Validation loss (early stopping), when the estimator reports one. */
  validLoss?: number;
}

/** What a training job has said about the families it trains: how many, and their names so far. */
export interface TrainModels {
  count: number;
  /** Family label by 1-based index, read from the progress messages ("Linear · Fold 2 of 5"). */
  labels: Record<number, string>;
  /** Families (by index) that have reported iterations but no loss. */
  silent: Record<number, boolean>;
}

export class JobsState {
  /** Latest event per job; replaced (never mutated) on each event. */
  byId = $state.raw<Record<string, JobEvent>>({});
  /** Loss curve points per training job, from `JobEvent.detail`. */
  losses = $state.raw<Record<string, LossPoint[]>>({});
  /** Families per training job, from `JobEvent.detail.model/models` and the messages. */
  models = $state.raw<Record<string, TrainModels>>({});
  readonly #waiters = new Map<string, ((e: JobEvent) => void)[]>();

  handle(e: JobEvent): void {
    this.byId = { ...this.byId, [e.jobId]: e };
    const d = e.detail;
    if (e.kind === 'train' && d) this.#trainDetail(e, d);
    if (e.state !== 'running') {
      const waiters = this.#waiters.get(e.jobId);
      this.#waiters.delete(e.jobId);
      for (const w of waiters ?? []) w(e);
    }
  }

  #trainDetail(e: JobEvent, d: Record<string, number>): void {
    // JSON turns NaN into null, so check for finite numbers rather than trusting the type.
    const fin = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    const model = fin(d.model) ? d.model : 1;
    const lossy = fin(d.loss) || fin(d.validLoss);
    if (fin(d.models)) {
      const prev = this.models[e.jobId];
      const label = e.message.includes(' · ') ? e.message.slice(0, e.message.indexOf(' · ')) : null;
      // An iteration without a loss means this family reports none; any loss overrules that.
      const before = prev?.silent[model];
      const silent = lossy ? false : before === undefined && fin(d.iteration) && d.iteration > 0 ? true : before;
      if (!prev || prev.count !== d.models || (label && prev.labels[model] !== label) || silent !== before) {
        const labels = { ...(prev?.labels ?? {}) };
        if (label) labels[model] = label;
        const silentMap = { ...(prev?.silent ?? {}) };
        if (silent !== undefined) silentMap[model] = silent;
        this.models = { ...this.models, [e.jobId]: { count: d.models, labels, silent: silentMap } };
      }
    }
    if (lossy && fin(d.fold) && fin(d.iteration)) {
      const list = this.losses[e.jobId] ?? [];
      const last = list[list.length - 1];
      if (!last || last.model !== model || last.fold !== d.fold || last.iteration !== d.iteration) {
        const point: LossPoint = { model, fold: d.fold, iteration: d.iteration, loss: fin(d.loss) ? d.loss : Number.NaN, ...(fin(d.validLoss) ? { validLoss: d.validLoss } : {}) };
        this.losses = { ...this.losses, [e.jobId]: [...list, point] };
      }
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
