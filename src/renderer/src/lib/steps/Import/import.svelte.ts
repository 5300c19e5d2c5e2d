/**
 * The Import step's work: upload (browser mode), then a preview with the detected settings the
 * user may change, then the import job with those settings, with progress and cancel.
 */
import type { ImportSettingsChoice } from '../../../../../shared/contract';
import type { ImportPreview } from '../../../../../shared/dto';
import { AppError } from '../../../../../shared/errors';
import { api, uploadFile, type ImportSource } from '../../api';
import type { AppState } from '../../app.svelte';

export type ImportPhase = 'idle' | 'uploading' | 'importing';

/** The detected settings as the preview reports them (fields depend on the format). */
export interface DetectedSettings {
  format?: 'csv' | 'xlsx' | 'parquet' | 'jsonl';
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  delimiter?: string;
  quote?: '"' | "'";
  header?: boolean;
  skipLines?: number;
  decimal?: '.' | ',';
  thousands?: '' | ',' | '.' | ' ' | "'";
  missing?: string[];
  dateOrder?: 'auto' | 'dmy' | 'mdy';
  sheet?: string;
  sheets?: string[];
}

export type SettingKey = Exclude<keyof ImportSettingsChoice, 'columnKinds' | 'format'>;

export class ImportState {
  readonly #app: AppState;
  phase = $state<ImportPhase>('idle');
  fileName = $state('');
  uploadFraction = $state(0);
  jobId = $state<string | null>(null);
  /** How the last attempt ended, for a one-line note. */
  outcome = $state<'done' | 'cancelled' | 'failed' | null>(null);
  /** A chosen file waiting for its settings to be checked and Import to be pressed. */
  source = $state.raw<ImportSource | null>(null);
  /** The settings the user changed; everything else is detected. */
  overrides = $state.raw<ImportSettingsChoice>({});
  preview = $state.raw<ImportPreview | null>(null);
  previewing = $state(false);
  #previewSeq = 0;
  #abort: AbortController | null = null;

  readonly job = $derived.by(() => this.#app.jobs.get(this.jobId));
  readonly fraction = $derived(this.phase === 'uploading' ? this.uploadFraction : (this.job?.fraction ?? 0));
  readonly message = $derived(
    this.phase === 'uploading' ? `Uploading ${this.fileName}` : this.phase === 'importing' ? (this.job?.message ?? 'Starting') : '',
  );
  readonly detected = $derived((this.preview?.settings ?? {}) as DetectedSettings);

  constructor(app: AppState) {
    this.#app = app;
  }

  reset(): void {
    if (this.phase !== 'idle') return;
    this.outcome = null;
    this.jobId = null;
    this.discard();
  }

  /** Forgets the chosen file without importing it. */
  discard(): void {
    this.#previewSeq++;
    this.source = null;
    this.preview = null;
    this.overrides = {};
    this.previewing = false;
  }

  /** Uploads the file (browser mode) and previews it with detected settings. */
  async chooseFile(file: File): Promise<void> {
    if (this.phase !== 'idle') return;
    this.discard();
    this.fileName = file.name;
    this.outcome = null;
    this.uploadFraction = 0;
    this.jobId = null;
    this.phase = 'uploading';
    this.#abort = new AbortController();
    try {
      const source = await uploadFile(file, (f) => { this.uploadFraction = f; }, this.#abort.signal);
      if (this.#abort.signal.aborted) throw new AppError('cancelled', 'The upload was cancelled.');
      this.source = source;
    } catch (e) {
      this.outcome = e instanceof AppError && e.kind === 'cancelled' ? 'cancelled' : 'failed';
      this.#app.report(e);
    } finally {
      this.phase = 'idle';
      this.#abort = null;
    }
    if (this.source) await this.refreshPreview();
  }

  /** Changes one setting (undefined = back to detected) and refreshes the preview. */
  async set<K extends SettingKey>(key: K, value: ImportSettingsChoice[K] | undefined): Promise<void> {
    const next: ImportSettingsChoice = { ...this.overrides };
    if (value === undefined) delete next[key];
    else next[key] = value;
    // One mark cannot be both the decimal and the thousands separator: the other one gives way.
    const d = this.detected;
    if (key === 'decimal' && value !== undefined && value === (next.thousands ?? d.thousands)) next.thousands = value === '.' ? ',' : '.';
    if (key === 'thousands' && value && value === (next.decimal ?? d.decimal)) next.decimal = value === '.' ? ',' : '.';
    this.overrides = next;
    await this.refreshPreview();
  }

  /** Asks for a fresh preview; only the newest answer is shown. */
  async refreshPreview(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const seq = ++this.#previewSeq;
    this.previewing = true;
    try {
      const p = await api.datasets.preview({ source, settings: this.overrides, rows: 50 });
      if (seq === this.#previewSeq) this.preview = p;
    } catch (e) {
      if (seq === this.#previewSeq) this.#app.report(e);
    } finally {
      if (seq === this.#previewSeq) this.previewing = false;
    }
  }

  /** Imports the chosen file with the chosen settings. */
  async confirm(): Promise<void> {
    const source = this.source;
    if (this.phase !== 'idle' || !source) return;
    this.outcome = null;
    this.jobId = null;
    this.phase = 'importing';
    try {
      const { jobId } = await api.datasets.import({ source, settings: this.overrides });
      this.jobId = jobId;
      const end = await this.#app.jobs.settled(jobId);
      this.outcome = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed';
      if (end.state === 'failed') this.#app.report(end.error ?? { kind: 'internal', message: end.message });
      if (end.state === 'done') this.discard();
    } catch (e) {
      this.outcome = e instanceof AppError && e.kind === 'cancelled' ? 'cancelled' : 'failed';
      this.#app.report(e);
    } finally {
      this.phase = 'idle';
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
