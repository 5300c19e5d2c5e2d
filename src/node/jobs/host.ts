/**
 * Runs jobs in their own processes and turns their messages into `JobEvent`s. A crash or
 * out-of-memory in a job fails that job with a plain message; the caller survives.
 * Cancel kills the process at once (every write a job makes is transactional or atomic).
 */
import { randomUUID } from 'node:crypto';
import type { JobEvent, JobKind } from '../../shared/dto';
import { AppError, toErrorData, type AppErrorData } from '../../shared/errors';
import type { JobChannel, JobSpawner } from './channel';
import type { FromJob, JobArgs } from './protocol';

interface Running {
  channel: JobChannel;
  cancelled: boolean;
  kind: JobKind;
}

export class JobHost {
  readonly #spawn: JobSpawner;
  readonly #running = new Map<string, Running>();
  readonly #listeners = new Set<(e: JobEvent) => void>();
  /**
   * With `warm`, one job process is kept started and idle, so the next job (a preview the user
   * waits for) does not pay for a process start; a new spare starts as each one is used.
   */
  readonly #warm: boolean;
  #spare: { channel: JobChannel; alive: boolean } | null = null;
  #disposed = false;

  constructor(spawn: JobSpawner, opts: { warm?: boolean } = {}) {
    this.#spawn = spawn;
    this.#warm = opts.warm ?? false;
    if (this.#warm) this.#startSpare();
  }

  #startSpare(): void {
    if (this.#disposed) return;
    const spare = { channel: this.#spawn(), alive: true };
    spare.channel.onExit(() => { spare.alive = false; });
    this.#spare = spare;
  }

  /** A job process: the warm spare when it is alive, else a new one. */
  #channel(): JobChannel {
    const spare = this.#spare;
    this.#spare = null;
    const channel = spare?.alive ? spare.channel : this.#spawn();
    if (this.#warm) setImmediate(() => this.#startSpare());
    return channel;
  }

  onEvent(l: (e: JobEvent) => void): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  #emit(e: JobEvent): void {
    for (const l of this.#listeners) l(e);
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /**
   * Starts a job; `done` resolves with its result or rejects with an AppError (kind `cancelled`
   * on cancel). `apply` runs on success before the `done` event is emitted, so listeners see
   * the applied state; if it throws, the job fails with that error.
   */
  start<K extends JobKind>(kind: K, args: JobArgs[K], apply: (result: unknown) => void = () => {}): { jobId: string; done: Promise<unknown> } {
    const jobId = randomUUID();
    const channel = this.#channel();
    const run: Running = { channel, cancelled: false, kind };
    this.#running.set(jobId, run);
    const done = new Promise<unknown>((resolve, reject) => {
      let finished = false;
      const finish = (state: 'done' | 'failed' | 'cancelled', payload: { result?: unknown; error?: AppErrorData }) => {
        if (finished) return;
        finished = true;
        this.#running.delete(jobId);
        if (state === 'done') {
          try {
            apply(payload.result);
          } catch (e) {
            state = 'failed';
            payload = { error: toErrorData(e) };
          }
        }
        const message = state === 'done' ? 'Done' : state === 'cancelled' ? 'Cancelled' : payload.error!.message;
        this.#emit({ jobId, kind, state, fraction: state === 'done' ? 1 : 0, message, ...payload });
        if (state === 'done') resolve(payload.result);
        else reject(AppError.fromData(payload.error!));
      };
      channel.onMessage((m) => {
        const msg = m as FromJob;
        if (run.cancelled || !msg || msg.jobId !== jobId) return;
        if (msg.type === 'progress') this.#emit({ jobId, kind, state: 'running', fraction: msg.fraction, message: msg.message, ...(msg.detail ? { detail: msg.detail } : {}) });
        else if (msg.type === 'done') finish('done', { result: msg.result });
        else if (msg.type === 'error') finish(msg.error.kind === 'cancelled' ? 'cancelled' : 'failed', { error: msg.error });
      });
      channel.onExit((code) => {
        if (run.cancelled) finish('cancelled', { error: { kind: 'cancelled', message: `The ${kind} was cancelled.` } });
        else finish('failed', { error: { kind: 'job-crashed', message: `The ${kind} stopped unexpectedly (exit code ${code ?? 'killed'}), possibly out of memory. Your project is unchanged.` } });
      });
    });
    done.catch(() => {});
    this.#emit({ jobId, kind, state: 'running', fraction: 0, message: 'Starting' });
    channel.postMessage({ type: 'start', jobId, kind, args });
    return { jobId, done };
  }

  /** Stops a job at once. Returns false when no such job is running. */
  cancel(jobId: string): boolean {
    const run = this.#running.get(jobId);
    if (!run) return false;
    run.cancelled = true;
    run.channel.kill();
    return true;
  }

  dispose(): void {
    this.#disposed = true;
    for (const id of [...this.#running.keys()]) this.cancel(id);
    this.#spare?.channel.kill();
    this.#spare = null;
  }
}
