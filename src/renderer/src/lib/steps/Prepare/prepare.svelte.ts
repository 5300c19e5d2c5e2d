/**
 * The Prepare step's work: the step catalog, suggestions, the steps as undoable project edits,
 * and the preview job of the selected step.
 */
import type { StepPreview } from '../../../../../core/steps/preview';
import type { PrepStep, StepCatalogEntry, StepSuggestion } from '../../../../../shared/dto';
import { describeError } from '../../../../../shared/errors';
import { api } from '../../api';
import type { AppState } from '../../app.svelte';

export class PrepareState {
  readonly #app: AppState;
  catalog = $state.raw<StepCatalogEntry[]>([]);
  suggestions = $state.raw<StepSuggestion[]>([]);
  /** Suggestions the user dismissed (by id), for this session. */
  dismissed = $state<string[]>([]);
  /** The step whose preview is shown. */
  selected = $state<string | null>(null);
  preview = $state.raw<StepPreview | null>(null);
  previewError = $state<string | null>(null);
  previewJob = $state<string | null>(null);
  busy = $state(false);
  #token = 0;

  get steps(): PrepStep[] {
    return this.#app.project?.prepare ?? [];
  }

  constructor(app: AppState) {
    this.#app = app;
  }

  entry(kind: string): StepCatalogEntry | undefined {
    return this.catalog.find((c) => c.kind === kind);
  }

  async load(): Promise<void> {
    if (!this.catalog.length) {
      const c = await this.#app.attempt(() => api.pipeline.catalog({}));
      if (c) this.catalog = c;
    }
    await this.refreshSuggestions();
  }

  async refreshSuggestions(): Promise<void> {
    const s = await this.#app.attempt(() => api.pipeline.suggest({}));
    if (s) this.suggestions = s;
  }

  async #edit(fn: () => Promise<import('../../../../../shared/dto').ProjectState>): Promise<boolean> {
    this.busy = true;
    try {
      const p = await this.#app.attempt(fn);
      if (!p) return false;
      this.#app.project = p;
      void this.refreshSuggestions();
      return true;
    } finally {
      this.busy = false;
    }
  }

  async add(kind: string, columns: string[], params: Record<string, unknown>): Promise<boolean> {
    const before = new Set(this.steps.map((s) => s.id));
    const ok = await this.#edit(() => api.pipeline.add({ kind, columns, params: params as never }));
    const added = this.steps.find((s) => !before.has(s.id));
    if (ok && added) void this.select(added.id);
    return ok;
  }

  async update(id: string, change: { columns?: string[]; params?: Record<string, unknown>; enabled?: boolean }): Promise<boolean> {
    const ok = await this.#edit(() => api.pipeline.update({ id, ...change } as never));
    if (ok && this.selected === id) void this.select(id);
    return ok;
  }

  async remove(id: string): Promise<void> {
    if (await this.#edit(() => api.pipeline.remove({ id })) && this.selected === id) {
      this.selected = null;
      this.preview = null;
      this.previewError = null;
    }
  }

  async move(id: string, to: number): Promise<void> {
    if (to < 0 || to >= this.steps.length) return;
    if (await this.#edit(() => api.pipeline.move({ id, to })) && this.selected) void this.select(this.selected);
  }

  /** Selects a step and computes its preview in a job; a newer request supersedes an older one. */
  async select(id: string): Promise<void> {
    this.selected = id;
    const token = ++this.#token;
    this.previewError = null;
    const started = await this.#app.attempt(() => api.pipeline.preview({ id }));
    if (!started || token !== this.#token) return;
    this.previewJob = started.jobId;
    const end = await this.#app.jobs.settled(started.jobId);
    if (token !== this.#token) return;
    this.previewJob = null;
    if (end.state === 'done') {
      this.preview = end.result as StepPreview;
    } else {
      this.preview = null;
      this.previewError = end.error ? describeError(end.error) : end.message;
    }
  }

  /** After undo/redo the selected step may be gone, or its preview stale. */
  resync(): void {
    if (this.selected && !this.steps.some((s) => s.id === this.selected)) {
      this.selected = null;
      this.preview = null;
      this.previewError = null;
    }
  }
}
