/**
 * The app's state: which screen and step are shown, the open project as the services last
 * reported it, errors waiting to be read, and the per-step states that outlive step changes.
 * Everything shown about a project is rendered from `project` (a `ProjectState`), so reopening a
 * project shows exactly what was saved.
 */
import { tick } from 'svelte';
import type { AppEvent, ProjectState, RecentProject, RunInfo } from '../../../shared/dto';
import { AppError, describeError, type AppErrorData } from '../../../shared/errors';
import { api, connectionStatus, onConnectionChange, type ConnectionStatus } from './api';
import { JobsState } from './jobs.svelte';
import { ImportState } from './steps/Import/import.svelte';
import { TrainState } from './steps/Train/train.svelte';
import { ExportState } from './steps/Export/export.svelte';
import { ColumnsState } from './steps/Columns/columns.svelte';
import { PrepareState } from './steps/Prepare/prepare.svelte';

export type StepId = 'import' | 'columns' | 'prepare' | 'train' | 'evaluate' | 'export';

export interface StepDef {
  id: StepId;
  label: string;
  /** Why the step cannot be opened yet; null when it can. */
  blocked: string | null;
  done: boolean;
}

export interface ErrorNote {
  id: number;
  message: string;
}

let nextErrorId = 1;

export class AppState {
  screen = $state<'start' | 'wizard'>('start');
  step = $state<StepId>('import');
  project = $state.raw<ProjectState | null>(null);
  recent = $state.raw<RecentProject[]>([]);
  errors = $state<ErrorNote[]>([]);
  connection = $state<ConnectionStatus>(connectionStatus());
  /** True while a Start-screen action (create/open) is under way. */
  opening = $state(false);
  /** Set once the first `projects.current` answer has arrived. */
  ready = $state(false);
  /** The run Evaluate shows and Export exports; null means the newest. */
  selectedRunId = $state<number | null>(null);

  /** The chosen run, or the newest when none is chosen (or the chosen one is gone). */
  readonly selectedRun: RunInfo | undefined = $derived.by(() => {
    const runs = this.project?.runs ?? [];
    return runs.find((r) => r.id === this.selectedRunId) ?? runs[runs.length - 1];
  });

  readonly jobs = new JobsState();
  readonly importer = new ImportState(this);
  readonly columns = new ColumnsState(this);
  readonly prep = new PrepareState(this);
  readonly trainer = new TrainState(this);
  readonly exporter = new ExportState(this);

  readonly steps: StepDef[] = $derived.by(() => {
    const p = this.project;
    const hasData = !!p?.dataset;
    const hasTarget = !!p?.target;
    const hasRun = !!p?.runs.length;
    const chosen = this.selectedRun;
    return [
      { id: 'import', label: 'Import', blocked: null, done: hasData },
      { id: 'columns', label: 'Columns', blocked: hasData ? null : 'Import a data file first.', done: hasTarget },
      { id: 'prepare', label: 'Prepare', blocked: hasData ? null : 'Import a data file first.', done: !!p?.prepare?.length },
      { id: 'train', label: 'Train', blocked: hasTarget ? null : 'Choose a target column first.', done: hasRun },
      { id: 'evaluate', label: 'Evaluate', blocked: hasRun ? null : 'Train a model first.', done: hasRun },
      { id: 'export', label: 'Export', blocked: hasRun ? null : 'Train a model first.', done: !!chosen && !!p?.exports.some((e) => e.runId === chosen.id) },
    ];
  });

  constructor() {
    api.onEvent((e) => this.#onEvent(e));
    onConnectionChange((s) => {
      const was = this.connection;
      this.connection = s;
      if (s === 'open' && was !== 'open') void this.#afterReconnect();
    });
  }

  /** First load: what is open on the services' side, and the recent list. */
  async init(): Promise<void> {
    await this.attempt(async () => {
      const [current, recent] = await Promise.all([api.projects.current({}), api.projects.recent({})]);
      this.project = current;
      this.recent = recent;
    });
    this.ready = true;
  }

  #onEvent(e: AppEvent) {
    if (e.type === 'job') {
      this.jobs.handle(e.job);
      return;
    }
    if (e.type === 'command') {
      if (e.command === 'new-project') {
        this.screen = 'start';
        void tick().then(() => document.getElementById('project-name')?.focus());
      } else {
        this.undoOrRedo(e.command);
      }
      return;
    }
    this.#applyProject(e.project);
    if (!e.project && this.screen === 'wizard') this.screen = 'start';
  }

  async #afterReconnect() {
    this.jobs.abandonAll('The connection was lost while this task was running, so its outcome is unknown. The project shows whatever was saved.');
    await this.attempt(async () => {
      const [current, recent] = await Promise.all([api.projects.current({}), api.projects.recent({})]);
      this.project = current;
      this.recent = recent;
      if (!current && this.screen === 'wizard') this.screen = 'start';
    });
  }

  /** Shows an error in the banner (never only in the console). Cancellations are not errors. */
  report(e: unknown): void {
    let message: string;
    if (e instanceof AppError) {
      if (e.kind === 'cancelled') return;
      message = describeError(e.toData());
    } else if (e && typeof e === 'object' && 'kind' in e && 'message' in e) {
      if ((e as AppErrorData).kind === 'cancelled') return;
      message = describeError(e as AppErrorData);
    } else {
      message = e instanceof Error ? e.message : String(e);
    }
    if (this.errors.some((x) => x.message === message)) return;
    this.errors.push({ id: nextErrorId++, message: message || 'Something went wrong.' });
  }

  dismiss(id: number): void {
    this.errors = this.errors.filter((e) => e.id !== id);
  }

  /** Runs an action, reporting any failure; resolves with its value or undefined. */
  async attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      this.report(e);
      return undefined;
    }
  }

  /**
   * Ctrl/Cmd+Z and the Edit menu: in a text field they undo typing, as everywhere; elsewhere they
   * undo the project's last edit.
   */
  undoOrRedo(which: 'undo' | 'redo'): void {
    const el = document.activeElement as HTMLElement | null;
    const typing = !!el && (el.isContentEditable || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type)) || el instanceof HTMLTextAreaElement);
    if (typing) {
      document.execCommand(which);
      return;
    }
    if (which === 'undo') void this.undo();
    else void this.redo();
  }

  /** Shows a new project state; the Train form follows settings changed by undo/redo. */
  #applyProject(p: ProjectState | null): void {
    const before = this.project;
    this.project = p;
    // The form also follows a column newly marked as the row groups or the time order.
    const roles = (x: ProjectState | null) => (x?.dataset?.columns ?? []).filter((c) => c.role === 'group' || c.role === 'time').map((c) => `${c.name}:${c.role}`).join('|');
    if (p && before?.path === p.path && (JSON.stringify(before.settings) !== JSON.stringify(p.settings) || roles(before) !== roles(p))) this.trainer.syncSettings(p.settings);
  }

  async undo(): Promise<void> {
    if (!this.project?.history.undo) return;
    const p = await this.attempt(() => api.projects.undo({}));
    if (p) this.#applyProject(p);
  }

  async redo(): Promise<void> {
    if (!this.project?.history.redo) return;
    const p = await this.attempt(() => api.projects.redo({}));
    if (p) this.#applyProject(p);
  }

  /** Copies the project to `path` and continues in the copy. */
  async saveAs(path: string): Promise<boolean> {
    const p = await this.attempt(() => api.projects.saveAs({ path: path.trim() }));
    if (!p) return false;
    this.project = p;
    void this.refreshRecent();
    return true;
  }

  async refreshRecent(): Promise<void> {
    await this.attempt(async () => { this.recent = await api.projects.recent({}); });
  }

  async createProject(name: string): Promise<void> {
    await this.#enter(() => api.projects.create(name.trim() ? { name: name.trim() } : {}));
  }

  async openProject(path: string): Promise<void> {
    await this.#enter(() => api.projects.open({ path: path.trim() }));
  }

  /** Shows the project already open on the services' side. */
  continueProject(): void {
    if (!this.project) return;
    this.#resetSteps(this.project);
    this.step = this.#bestStep(this.project);
    this.screen = 'wizard';
  }

  async #enter(call: () => Promise<ProjectState>) {
    if (this.opening) return;
    this.opening = true;
    try {
      const p = await this.attempt(call);
      if (!p) return;
      this.project = p;
      this.#resetSteps(p);
      this.step = this.#bestStep(p);
      this.screen = 'wizard';
      void this.refreshRecent();
    } finally {
      this.opening = false;
    }
  }

  /** Back to the Start screen; the project stays open on the services' side. */
  toStart(): void {
    this.screen = 'start';
    void this.refreshRecent();
  }

  /** Chooses the run Evaluate shows and Export exports. */
  selectRun(id: number | null): void {
    this.selectedRunId = id;
  }

  goto(step: StepId): void {
    const def = this.steps.find((s) => s.id === step);
    if (def && !def.blocked) this.step = step;
  }

  #bestStep(p: ProjectState): StepId {
    if (!p.dataset) return 'import';
    if (!p.target) return 'columns';
    if (!p.runs.length) return 'train';
    return 'evaluate';
  }

  #resetSteps(p: ProjectState) {
    this.selectedRunId = null;
    this.importer.reset();
    this.columns.reset();
    this.trainer.reset(p.settings);
    this.exporter.reset();
  }
}
