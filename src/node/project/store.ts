/**
 * The project file: one SQLite database (better-sqlite3) holding the imported data, decisions,
 * runs, fitted models and exports. Opening treats the file as untrusted: it must carry our
 * application_id, a schema version we know, and pass `PRAGMA quick_check`; nothing in it is
 * executed. Durability: WAL with synchronous=FULL, TRUNCATE checkpoint on close so a closed
 * file is self-contained.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Frame, formatDate, isNumeric, type Column } from '../../core/frame/frame';
import type { ColumnKind } from '../../core/frame/kinds';
import { AppError } from '../../shared/errors';
import { APP_VERSION } from '../../shared/version';
import type { ColumnSummary } from '../../core/profile/summary';
import { updateToSchemaVersion1 } from './migrations/0001-initial';
import { updateToSchemaVersion2 } from './migrations/0002-undo-and-summaries';
import { updateToSchemaVersion3 } from './migrations/0003-date-timezones';

/** 'MBPJ' */
export const APPLICATION_ID = 0x4d42504a;
export const SCHEMA_VERSION = 3;
const migrations: ((db: Database.Database) => void)[] = [updateToSchemaVersion1, updateToSchemaVersion2, updateToSchemaVersion3];
/** Refuse absurd sizes before allocating anything for them (the file is untrusted). */
export const LIMITS = { fileBytes: 256 * 1024 ** 3, rows: 2 ** 31 - 1, columns: 100_000 };
const CHUNK_ROWS = 65536;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export interface UndoState {
  /** Label of the edit Undo would revert, or null. */
  undo: string | null;
  redo: string | null;
}

export interface StoredDataset {
  id: number;
  fileName: string;
  rows: number;
  bytes: number;
  hash: string;
  importedAt: string;
  importSettings: unknown;
  problems: unknown;
  summary: ColumnSummary[];
}

export interface StoredRun {
  id: number;
  createdAt: string;
  model: string;
  target: string;
  task: string;
  settings: unknown;
  seed: number;
  folds: number;
  metrics: Record<string, number>;
  foldMetrics: Record<string, number>[];
  info: Record<string, unknown>;
  durationS: number;
  backend: string;
  versions: Record<string, string>;
}

export interface StoredExport {
  id: number;
  runId: number;
  format: string;
  fileName: string;
  bytes: number;
  rowsChecked: number;
  maxAbsDiff: number;
  createdAt: string;
}

/** Reads the first bytes to tell "not a SQLite file" from "damaged" before SQLite sees it. */
function checkHeader(path: string, name: string): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    if (n < 100 || buf.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
      throw new AppError('corrupt', `${name} is not a Modelbench project (it is not a database file, or it is damaged).`, { file: name });
    }
    if (buf.readUInt32BE(68) !== APPLICATION_ID) {
      throw new AppError('corrupt', `${name} is a database made by another application, not a Modelbench project.`, { file: name });
    }
  } finally {
    closeSync(fd);
  }
}

export class ProjectStore {
  readonly db: Database.Database;
  readonly path: string;

  private constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
  }

  /** Creates a new project file; refuses to overwrite an existing one. */
  static create(path: string, name: string): ProjectStore {
    if (existsSync(path)) throw new AppError('bad-input', `A file already exists at ${path}.`, { file: path });
    const db = new Database(path);
    try {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      ProjectStore.configure(db);
      ProjectStore.migrate(db, 0);
      const store = new ProjectStore(db, path);
      const now = new Date().toISOString();
      store.setMeta('name', name);
      store.setMeta('created_at', now);
      store.setMeta('modelbench_version', APP_VERSION);
      return store;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Opens an existing project after checking it is one of ours and undamaged. */
  static open(path: string, opts: { readonly?: boolean; displayName?: string } = {}): ProjectStore {
    const name = opts.displayName ?? path.split(/[\\/]/).pop()!;
    if (!existsSync(path) || !statSync(path).isFile()) throw new AppError('not-found', `The project ${name} could not be found.`, { file: name });
    if (statSync(path).size > LIMITS.fileBytes) throw new AppError('bad-input', `${name} is larger than Modelbench opens (${LIMITS.fileBytes / 1024 ** 3} GiB).`, { file: name });
    checkHeader(path, name);
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: true });
    } catch (e) {
      throw new AppError('corrupt', `${name} could not be opened as a project: ${(e as Error).message}`, { file: name });
    }
    try {
      const appId = db.pragma('application_id', { simple: true });
      if (appId !== APPLICATION_ID) throw new AppError('corrupt', `${name} is not a Modelbench project.`, { file: name });
      const version = Number(db.pragma('user_version', { simple: true }));
      if (version > SCHEMA_VERSION) {
        let by = '';
        try {
          const row = db.prepare("SELECT value FROM meta WHERE key = 'modelbench_version'").get() as { value: string } | undefined;
          const v = row ? (JSON.parse(row.value) as unknown) : null;
          if (typeof v === 'string' && /^[0-9][0-9A-Za-z.+-]{0,30}$/.test(v)) by = v;
        } catch { /* unreadable: say the format instead */ }
        throw new AppError('too-new', `${name} was made by a newer Modelbench (${by || `project format ${version}`}); this is Modelbench ${APP_VERSION}, which reads project formats up to ${SCHEMA_VERSION}. Update Modelbench to open it.`, { file: name });
      }
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new AppError('corrupt', `${name} is damaged (${String(check)}).`, { file: name });
      if (version < 1) throw new AppError('corrupt', `${name} has no project data (format ${version}).`, { file: name });
      if (version < SCHEMA_VERSION) {
        if (opts.readonly) throw new AppError('bad-input', `${name} uses an older project format; open it in Modelbench once to upgrade it.`, { file: name });
        db.close();
        ProjectStore.upgradeInCopy(path, version);
        return ProjectStore.open(path, opts);
      }
      if (!opts.readonly) ProjectStore.configure(db);
      const store = new ProjectStore(db, path);
      // The newest Modelbench that wrote the file, so an older one can name it when refusing.
      if (!opts.readonly) store.setMeta('modelbench_version', APP_VERSION);
      return store;
    } catch (e) {
      db.close();
      if (e instanceof AppError) throw e;
      throw new AppError('corrupt', `${name} is damaged and cannot be opened: ${(e as Error).message}`, { file: name });
    }
  }

  /**
   * Upgrades an older project without ever touching the original until the upgraded copy is
   * complete: copy (VACUUM INTO), migrate the copy, keep the original as `<file>.v<N>.bak`, then
   * move the copy into place.
   */
  private static upgradeInCopy(path: string, from: number): void {
    const tmp = `${path}.upgrading`;
    rmSync(tmp, { force: true });
    const src = new Database(path, { readonly: true, fileMustExist: true });
    try {
      src.prepare('VACUUM INTO ?').run(tmp);
    } finally {
      src.close();
    }
    const copy = new Database(tmp);
    try {
      ProjectStore.configure(copy);
      ProjectStore.migrate(copy, from);
      copy.pragma('wal_checkpoint(TRUNCATE)');
      copy.pragma('journal_mode = DELETE');
    } catch (e) {
      copy.close();
      rmSync(tmp, { force: true });
      throw e;
    }
    copy.close();
    renameSync(path, `${path}.v${from}.bak`);
    renameSync(tmp, path);
  }

  private static configure(db: Database.Database): void {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    db.pragma('trusted_schema = OFF');
  }

  private static migrate(db: Database.Database, from: number): void {
    for (let v = from; v < SCHEMA_VERSION; v++) {
      db.transaction(() => {
        migrations[v]!(db);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** Writes everything to the main file (TRUNCATE checkpoint) and closes. */
  close(): void {
    if (!this.db.open) return;
    if (!this.db.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  /**
   * Runs a read of untrusted content: SQLite corruption errors and malformed JSON become a
   * typed `corrupt` error instead of escaping as crashes.
   */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof AppError) throw e;
      const code = (e as { code?: string }).code ?? '';
      if (e instanceof SyntaxError || e instanceof RangeError || e instanceof TypeError || code.startsWith('SQLITE_')) {
        throw new AppError('corrupt', `This project file is damaged (${(e as Error).message}).`, { file: this.path.split(/[\\/]/).pop() });
      }
      throw e;
    }
  }

  getMeta<T = unknown>(key: string): T | undefined {
    return this.guard(() => {
      const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as T) : undefined;
    });
  }

  setMeta(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  #applyValues(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) {
      if (v === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(k);
      else this.setMeta(k, v);
    }
  }

  /**
   * One user edit: the changes and their undo record in a single transaction (so a crash leaves
   * either the state before or after it). A new edit discards what could be redone.
   */
  edit(action: string, changes: Record<string, unknown>): void {
    this.db.transaction(() => {
      const before: Record<string, unknown> = {};
      for (const k of Object.keys(changes)) before[k] = this.getMeta(k) ?? null;
      this.#applyValues(changes);
      this.db.prepare('DELETE FROM undo_log WHERE undone = 1').run();
      this.db.prepare('INSERT INTO undo_log(at, action, before, after) VALUES (?, ?, ?, ?)').run(new Date().toISOString(), action, JSON.stringify(before), JSON.stringify(changes));
    })();
  }

  /** Reverts the newest edit not yet undone; returns its label, or null when there is none. */
  undo(): string | null {
    return this.guard(() => this.db.transaction(() => {
      const row = this.db.prepare('SELECT id, action, before FROM undo_log WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as { id: number; action: string; before: string } | undefined;
      if (!row) return null;
      this.#applyValues(JSON.parse(row.before) as Record<string, unknown>);
      this.db.prepare('UPDATE undo_log SET undone = 1 WHERE id = ?').run(row.id);
      return row.action;
    })());
  }

  /** Re-applies the oldest undone edit; returns its label, or null. */
  redo(): string | null {
    return this.guard(() => this.db.transaction(() => {
      const row = this.db.prepare('SELECT id, action, after FROM undo_log WHERE undone = 1 ORDER BY id ASC LIMIT 1').get() as { id: number; action: string; after: string } | undefined;
      if (!row) return null;
      this.#applyValues(JSON.parse(row.after) as Record<string, unknown>);
      this.db.prepare('UPDATE undo_log SET undone = 0 WHERE id = ?').run(row.id);
      return row.action;
    })());
  }

  undoState(): UndoState {
    const u = this.db.prepare('SELECT action FROM undo_log WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as { action: string } | undefined;
    const r = this.db.prepare('SELECT action FROM undo_log WHERE undone = 1 ORDER BY id ASC LIMIT 1').get() as { action: string } | undefined;
    return { undo: u?.action ?? null, redo: r?.action ?? null };
  }

  /** Forgets all undo history (when the data it refers to is replaced). */
  clearUndo(): void {
    this.db.prepare('DELETE FROM undo_log').run();
  }

  /**
   * Writes a complete, self-contained copy to `dest` (VACUUM INTO a temporary file, then rename,
   * so `dest` is never half written). The open project is unchanged.
   */
  saveCopy(dest: string): void {
    const tmp = `${dest}.saving-${process.pid}`;
    rmSync(tmp, { force: true });
    try {
      this.db.prepare('VACUUM INTO ?').run(tmp);
      renameSync(tmp, dest);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new AppError('bad-input', `The project could not be saved as ${dest.split(/[\\/]/).pop()}: ${(e as Error).message}`, { file: dest });
    }
  }

  /** Replaces the project's data (the raw columns, immutable afterwards) in one transaction. */
  saveDataset(frame: Frame, info: { fileName: string; bytes: number; importSettings: unknown; problems: unknown; summary: ColumnSummary[] }): StoredDataset {
    const hash = frameHash(frame);
    const importedAt = new Date().toISOString();
    const id = this.db.transaction(() => {
      this.db.prepare('DELETE FROM datasets').run();
      const r = this.db.prepare('INSERT INTO datasets(file_name, rows, bytes, hash, imported_at, import_settings, problems, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(info.fileName, frame.rows, info.bytes, hash, importedAt, JSON.stringify(info.importSettings), JSON.stringify(info.problems), JSON.stringify(info.summary));
      const datasetId = Number(r.lastInsertRowid);
      const insCol = this.db.prepare('INSERT INTO dataset_columns(dataset_id, position, name, kind, storage, dictionary, timezone) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const insChunk = this.db.prepare('INSERT INTO dataset_chunks(dataset_id, position, chunk, data) VALUES (?, ?, ?, ?)');
      frame.columns.forEach((c, pos) => {
        const numeric = isNumeric(c);
        insCol.run(datasetId, pos, c.name, c.kind, numeric ? 'f64' : 'i32', numeric ? null : JSON.stringify(c.dictionary), validTimezone((c as { timezone?: string }).timezone) ?? null);
        const arr = numeric ? c.values : c.codes;
        for (let k = 0, start = 0; start < frame.rows; k++, start += CHUNK_ROWS) {
          const part = arr.subarray(start, Math.min(frame.rows, start + CHUNK_ROWS));
          insChunk.run(datasetId, pos, k, Buffer.from(part.buffer, part.byteOffset, part.byteLength));
        }
      });
      this.db.prepare('DELETE FROM column_decisions').run();
      // New data: decisions about the old data (target, undo history) no longer apply.
      this.db.prepare("DELETE FROM meta WHERE key IN ('target', 'decisions', 'profile')").run();
      this.db.prepare('DELETE FROM undo_log').run();
      return datasetId;
    })();
    this.#dictionaries.clear();
    return { id, fileName: info.fileName, rows: frame.rows, bytes: info.bytes, hash, importedAt, importSettings: info.importSettings, problems: info.problems, summary: info.summary };
  }

  dataset(): StoredDataset | null {
    return this.guard(() => {
      const r = this.db.prepare('SELECT * FROM datasets ORDER BY id DESC LIMIT 1').get() as Record<string, unknown> | undefined;
      if (!r) return null;
      const rows = Number(r.rows);
      if (!Number.isInteger(rows) || rows < 0 || rows > LIMITS.rows) throw new AppError('corrupt', 'The stored row count is damaged.');
      const summary = JSON.parse(String(r.summary)) as unknown;
      if (!Array.isArray(summary)) throw new AppError('corrupt', 'The stored column summaries are damaged.');
      return {
        id: Number(r.id), fileName: String(r.file_name), rows, bytes: Number(r.bytes), hash: String(r.hash),
        importedAt: String(r.imported_at), importSettings: JSON.parse(String(r.import_settings)), problems: JSON.parse(String(r.problems)),
        summary: summary as ColumnSummary[],
      };
    });
  }

  /**
   * Parsed dictionaries by the data's content hash and column position: another connection (the
   * import job) may replace the data, and row ids are reused after a delete.
   */
  readonly #dictionaries = new Map<string, string[]>();

  /** The column list, without the dictionaries (an identifier's can be megabytes; see #dictionary). */
  #columns(datasetId: number): { position: number; name: string; kind: string; storage: string; timezone: string | null }[] {
    const cols = this.db.prepare('SELECT position, name, kind, storage, timezone FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(datasetId) as { position: number; name: string; kind: string; storage: string; timezone: string | null }[];
    if (cols.length > LIMITS.columns) throw new AppError('corrupt', 'The stored column list is damaged.');
    return cols;
  }

  #dictionary(ds: StoredDataset, c: { position: number; name: string }): string[] {
    const key = `${ds.hash}:${c.position}`;
    let d = this.#dictionaries.get(key);
    if (!d) {
      const row = this.db.prepare('SELECT dictionary FROM dataset_columns WHERE dataset_id = ? AND position = ?').get(ds.id, c.position) as { dictionary: string | null } | undefined;
      const parsed = JSON.parse(row?.dictionary ?? '[]') as unknown;
      if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string')) throw new AppError('corrupt', `The categories of column ${c.name} are damaged.`);
      d = parsed as string[];
      this.#dictionaries.set(key, d);
    }
    return d;
  }

  /**
   * Reads rows [offset, offset + limit) of every column, touching only the chunks that hold them,
   * so a page of a million-row project costs no more than a page of a small one.
   */
  readRows(offset: number, limit: number): { columns: string[]; total: number; rows: (string | number | null)[][] } {
    return this.guard(() => {
      const ds = this.dataset();
      if (!ds) return { columns: [], total: 0, rows: [] };
      const cols = this.#columns(ds.id);
      const end = Math.min(ds.rows, offset + limit);
      const n = Math.max(0, end - offset);
      const rows: (string | number | null)[][] = Array.from({ length: n }, () => new Array(cols.length));
      if (n === 0) return { columns: cols.map((c) => c.name), total: ds.rows, rows };
      const first = Math.floor(offset / CHUNK_ROWS);
      const last = Math.floor((end - 1) / CHUNK_ROWS);
      const chunks = this.db.prepare('SELECT chunk, data FROM dataset_chunks WHERE dataset_id = ? AND position = ? AND chunk BETWEEN ? AND ? ORDER BY chunk');
      cols.forEach((c, j) => {
        const f64 = c.storage === 'f64';
        const isDate = c.kind === 'date';
        const dict = f64 ? null : this.#dictionary(ds, c);
        for (const ch of chunks.iterate(ds.id, c.position, first, last) as Iterable<{ chunk: number; data: Buffer }>) {
          const bytesPer = f64 ? 8 : 4;
          if (ch.data.length % bytesPer !== 0) throw new AppError('corrupt', `The stored data of column ${c.name} is damaged.`);
          const copy = new Uint8Array(ch.data);
          const arr = f64 ? new Float64Array(copy.buffer) : new Int32Array(copy.buffer);
          const base = ch.chunk * CHUNK_ROWS;
          for (let i = Math.max(offset, base); i < Math.min(end, base + arr.length); i++) {
            const v = arr[i - base]!;
            rows[i - offset]![j] = f64 ? (Number.isNaN(v) ? null : isDate ? formatDate(v, validTimezone(c.timezone)) : v) : v < 0 ? null : dict![v] ?? null;
          }
        }
      });
      return { columns: cols.map((c) => c.name), total: ds.rows, rows };
    });
  }

  /**
   * A sample for previews: the rows of a few whole storage chunks spread through the data (the
   * first, one in the middle and the last), so a million-row project costs a few chunks to read.
   * The rows come in file order; `firstRows` of them are the file's first rows.
   */
  loadSampleFrame(maxChunks = 3, only?: readonly string[]): { frame: Frame; total: number } | null {
    return this.guard(() => {
      const ds = this.dataset();
      if (!ds) return null;
      const nChunks = Math.ceil(ds.rows / CHUNK_ROWS);
      const picks = [...new Set(maxChunks >= nChunks ? Array.from({ length: nChunks }, (_, i) => i)
        : Array.from({ length: maxChunks }, (_, i) => Math.round((i * (nChunks - 1)) / Math.max(1, maxChunks - 1))))].sort((a, b) => a - b);
      const sizeOf = (ch: number) => Math.min(CHUNK_ROWS, ds.rows - ch * CHUNK_ROWS);
      const rows = picks.reduce((a, ch) => a + sizeOf(ch), 0);
      const get = this.db.prepare('SELECT data FROM dataset_chunks WHERE dataset_id = ? AND position = ? AND chunk = ?');
      // Only the columns asked for: an identifier's dictionary can hold a million strings.
      const wanted = only ? new Set(only) : null;
      const columns: Column[] = this.#columns(ds.id).filter((c) => !wanted || wanted.has(c.name)).map((c) => {
        if (c.storage !== 'f64' && c.storage !== 'i32') throw new AppError('corrupt', `The storage of column ${c.name} is damaged.`);
        const bytesPer = c.storage === 'f64' ? 8 : 4;
        const view = new Uint8Array(rows * bytesPer);
        let offset = 0;
        for (const ch of picks) {
          const r = get.get(ds.id, c.position, ch) as { data: Buffer } | undefined;
          if (!r || r.data.length !== sizeOf(ch) * bytesPer) throw new AppError('corrupt', `The stored data of column ${c.name} is damaged.`);
          view.set(r.data, offset);
          offset += r.data.length;
        }
        if (c.storage === 'f64') return f64Column(c, new Float64Array(view.buffer));
        const dictionary = this.#dictionary(ds, c);
        const codes = new Int32Array(view.buffer);
        for (const code of codes) if (code < -1 || code >= dictionary.length) throw new AppError('corrupt', `The stored data of column ${c.name} is damaged.`);
        return { name: c.name, kind: c.kind as ColumnKind as 'category', codes, dictionary: dictionary as string[] };
      });
      return { frame: new Frame(columns), total: ds.rows };
    });
  }

  /**
   * Display cells of the given rows (0-based, in the order given), touching only the storage
   * chunks that hold them: a sorted or filtered page of a million-row project stays cheap.
   */
  readRowsAt(indices: ArrayLike<number>): { columns: string[]; rows: (string | number | null)[][] } {
    return this.guard(() => {
      const ds = this.dataset();
      if (!ds) return { columns: [], rows: [] };
      const cols = this.#columns(ds.id);
      const n = indices.length;
      const rows: (string | number | null)[][] = Array.from({ length: n }, () => new Array(cols.length));
      const byChunk = new Map<number, number[]>();
      for (let k = 0; k < n; k++) {
        const i = indices[k]!;
        if (!Number.isInteger(i) || i < 0 || i >= ds.rows) throw new AppError('bad-input', `Row ${i + 1} is outside the data.`);
        const ch = Math.floor(i / CHUNK_ROWS);
        const list = byChunk.get(ch);
        if (list) list.push(k);
        else byChunk.set(ch, [k]);
      }
      const get = this.db.prepare('SELECT data FROM dataset_chunks WHERE dataset_id = ? AND position = ? AND chunk = ?');
      cols.forEach((c, j) => {
        const f64 = c.storage === 'f64';
        const isDate = c.kind === 'date';
        const dict = f64 ? null : this.#dictionary(ds, c);
        for (const [ch, ks] of byChunk) {
          const r = get.get(ds.id, c.position, ch) as { data: Buffer } | undefined;
          const bytesPer = f64 ? 8 : 4;
          if (!r || r.data.length % bytesPer !== 0) throw new AppError('corrupt', `The stored data of column ${c.name} is damaged.`);
          const copy = new Uint8Array(r.data);
          const arr = f64 ? new Float64Array(copy.buffer) : new Int32Array(copy.buffer);
          const base = ch * CHUNK_ROWS;
          for (const k of ks) {
            const v = arr[indices[k]! - base];
            if (v === undefined) throw new AppError('corrupt', `The stored data of column ${c.name} is incomplete.`);
            rows[k]![j] = f64 ? (Number.isNaN(v) ? null : isDate ? formatDate(v, validTimezone(c.timezone)) : v) : v < 0 ? null : dict![v] ?? null;
          }
        }
      });
      return { columns: cols.map((c) => c.name), rows };
    });
  }

  /** Loads the stored columns; validates shapes, since the file is untrusted. */
  loadFrame(): Frame | null {
    return this.guard(() => this.#loadFrame());
  }

  #loadFrame(): Frame | null {
    const ds = this.dataset();
    if (!ds) return null;
    const cols = this.#columns(ds.id);
    const chunks = this.db.prepare('SELECT chunk, data FROM dataset_chunks WHERE dataset_id = ? AND position = ? ORDER BY chunk');
    const stored = this.db.prepare('SELECT SUM(length(data)) AS n FROM dataset_chunks WHERE dataset_id = ? AND position = ?');
    const columns: Column[] = cols.map((c) => {
      if (c.storage !== 'f64' && c.storage !== 'i32') throw new AppError('corrupt', `The storage of column ${c.name} is damaged.`);
      const bytesPer = c.storage === 'f64' ? 8 : 4;
      // Check the stored size before allocating: a damaged row count must not ask for gigabytes.
      const have = Number((stored.get(ds.id, c.position) as { n: number | null }).n ?? 0);
      if (have !== ds.rows * bytesPer) throw new AppError('corrupt', `The stored data of column ${c.name} does not match the row count.`);
      const buf = new ArrayBuffer(ds.rows * bytesPer);
      const view = new Uint8Array(buf);
      let offset = 0;
      for (const ch of chunks.iterate(ds.id, c.position) as Iterable<{ chunk: number; data: Buffer }>) {
        if (offset + ch.data.length > view.length) throw new AppError('corrupt', `The stored data of column ${c.name} is longer than expected.`);
        view.set(ch.data, offset);
        offset += ch.data.length;
      }
      if (offset !== view.length) throw new AppError('corrupt', `The stored data of column ${c.name} is incomplete.`);
      if (c.storage === 'f64') return f64Column(c, new Float64Array(buf));
      const dictionary = this.#dictionary(ds, c);
      const codes = new Int32Array(buf);
      for (const code of codes) if (code < -1 || code >= dictionary.length) throw new AppError('corrupt', `The stored data of column ${c.name} is damaged.`);
      return { name: c.name, kind: c.kind as ColumnKind as 'category', codes, dictionary: dictionary as string[] };
    });
    try {
      return new Frame(columns);
    } catch (e) {
      throw new AppError('corrupt', `The stored columns are inconsistent: ${(e as Error).message}`);
    }
  }

  addRun(run: Omit<StoredRun, 'id'>, fitted: unknown): number {
    return this.db.transaction(() => {
      const r = this.db.prepare(`INSERT INTO runs(created_at, model, target, task, settings, seed, folds, metrics, fold_metrics, info, duration_s, backend, versions)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(run.createdAt, run.model, run.target, run.task, JSON.stringify(run.settings), run.seed, run.folds,
        JSON.stringify(run.metrics), JSON.stringify(run.foldMetrics), JSON.stringify(run.info), run.durationS, run.backend, JSON.stringify(run.versions));
      const id = Number(r.lastInsertRowid);
      this.db.prepare('INSERT INTO models(run_id, fitted) VALUES (?, ?)').run(id, JSON.stringify(fitted));
      return id;
    })();
  }

  runs(): StoredRun[] {
    return this.guard(() => (this.db.prepare('SELECT * FROM runs ORDER BY id').all() as Record<string, unknown>[]).map((r) => ({
      id: Number(r.id), createdAt: String(r.created_at), model: String(r.model), target: String(r.target), task: String(r.task),
      settings: JSON.parse(String(r.settings)), seed: Number(r.seed), folds: Number(r.folds), metrics: JSON.parse(String(r.metrics)),
      foldMetrics: JSON.parse(String(r.fold_metrics)), info: JSON.parse(String(r.info)), durationS: Number(r.duration_s),
      backend: String(r.backend), versions: JSON.parse(String(r.versions)),
    })));
  }

  fittedModel(runId: number): unknown {
    return this.guard(() => {
      const r = this.db.prepare('SELECT fitted FROM models WHERE run_id = ?').get(runId) as { fitted: string } | undefined;
      if (!r) throw new AppError('not-found', `Run ${runId} has no fitted model in this project.`);
      return JSON.parse(r.fitted) as unknown;
    });
  }

  addExport(e: Omit<StoredExport, 'id'>): number {
    const r = this.db.prepare('INSERT INTO exports(run_id, format, file_name, bytes, rows_checked, max_abs_diff, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.runId, e.format, e.fileName, e.bytes, e.rowsChecked, e.maxAbsDiff, e.createdAt);
    return Number(r.lastInsertRowid);
  }

  exports(): StoredExport[] {
    return this.guard(() => (this.db.prepare('SELECT * FROM exports ORDER BY id').all() as Record<string, unknown>[]).map((r) => ({
      id: Number(r.id), runId: Number(r.run_id), format: String(r.format), fileName: String(r.file_name), bytes: Number(r.bytes),
      rowsChecked: Number(r.rows_checked), maxAbsDiff: Number(r.max_abs_diff), createdAt: String(r.created_at),
    })));
  }
}

/** SHA-256 over column names, kinds, dictionaries and values: equal data, equal hash. */
export function frameHash(frame: Frame): string {
  const h = createHash('sha256');
  for (const c of frame.columns) {
    h.update(JSON.stringify([c.name, c.kind]));
    if (isNumeric(c)) h.update(new Uint8Array(c.values.buffer, c.values.byteOffset, c.values.byteLength));
    else {
      h.update(JSON.stringify(c.dictionary));
      h.update(new Uint8Array(c.codes.buffer, c.codes.byteOffset, c.codes.byteLength));
    }
  }
  return h.digest('hex');
}

/** A stored time zone, checked (the file is untrusted): 'UTC', 'mixed' or a fixed offset; else none. */
function validTimezone(tz: string | null | undefined): string | undefined {
  return tz === 'UTC' || tz === 'mixed' || (typeof tz === 'string' && /^[+-]\d{2}:\d{2}$/.test(tz)) ? tz : undefined;
}

/** A stored f64 column: numbers, or dates with their time zone. */
function f64Column(c: { name: string; kind: string; timezone: string | null }, values: Float64Array): Column {
  if (c.kind !== 'date') return { name: c.name, kind: c.kind as 'number', values };
  const timezone = validTimezone(c.timezone);
  return timezone ? { name: c.name, kind: 'date', values, timezone } : { name: c.name, kind: 'date', values };
}
