/** The Columns step's work: kind and role corrections (undoable edits) and the profile job. */
import type { FrameProfile } from '../../../../../core/profile/profile';
import type { ColumnKind } from '../../../../../shared/dto';
import { api } from '../../api';
import type { AppState } from '../../app.svelte';

export class ColumnsState {
  readonly #app: AppState;
  /** The profile job under way, if any. */
  jobId = $state<string | null>(null);
  running = $state(false);
  /** Column whose change is being saved, so its controls wait. */
  saving = $state<string | null>(null);

  readonly job = $derived.by(() => this.#app.jobs.get(this.jobId));
  readonly profile = $derived.by(() => (this.#app.project?.dataset?.profile ?? null) as FrameProfile | null);

  constructor(app: AppState) {
    this.#app = app;
  }

  reset(): void {
    if (!this.running) this.jobId = null;
  }

  async setKind(column: string, kind: ColumnKind | null): Promise<void> {
    await this.#set(column, { kind });
  }

  async setRole(column: string, role: 'feature' | 'ignore' | 'group' | 'time' | null): Promise<void> {
    await this.#set(column, { role });
  }

  async #set(column: string, change: { kind?: ColumnKind | null; role?: 'feature' | 'ignore' | 'group' | 'time' | null }) {
    this.saving = column;
    try {
      const p = await this.#app.attempt(() => api.datasets.setColumn({ column, ...change }));
      if (p) this.#app.project = p;
    } finally {
      this.saving = null;
    }
  }

  async runProfile(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const started = await this.#app.attempt(() => api.datasets.profile({}));
      if (!started) return;
      this.jobId = started.jobId;
      const end = await this.#app.jobs.settled(started.jobId);
      if (end.state === 'failed') this.#app.report(end.error ?? { kind: 'internal', message: end.message });
    } finally {
      this.running = false;
    }
  }

  async cancel(): Promise<void> {
    const id = this.jobId;
    if (this.running && id) await this.#app.attempt(() => api.jobs.cancel({ jobId: id }));
  }
}
