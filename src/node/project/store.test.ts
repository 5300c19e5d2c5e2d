import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame } from '../../core/frame/frame';
import { updateToSchemaVersion1 } from './migrations/0001-initial';
import { APPLICATION_ID, ProjectStore, SCHEMA_VERSION } from './store';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mb-store-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frame = () => new Frame([
  { name: 'x', kind: 'number', values: Float64Array.from({ length: 70000 }, (_, i) => (i % 7 === 0 ? NaN : i / 3)) },
  { name: 'c', kind: 'category', codes: Int32Array.from({ length: 70000 }, (_, i) => (i % 5) - 1), dictionary: ['a', 'b', 'c', 'd'] },
]);

describe('project store', () => {
  it('round-trips the data across chunks, bit for bit, with the same hash', () => {
    const path = join(dir, 'a.mbproj');
    const s = ProjectStore.create(path, 'A');
    const ds = s.saveDataset(frame(), { fileName: 'a.csv', bytes: 123, importSettings: {}, problems: [], summary: [] });
    s.close();
    const r = ProjectStore.open(path);
    const f = r.loadFrame()!;
    expect(f.rows).toBe(70000);
    const x = f.column('x');
    expect(x.kind === 'number' && Buffer.from(x.values.buffer).equals(Buffer.from(frame().columns[0]!.kind === 'number' ? (frame().columns[0] as { values: Float64Array }).values.buffer : new ArrayBuffer(0)))).toBe(true);
    expect(r.dataset()!.hash).toBe(ds.hash);
    expect(r.getMeta('name')).toBe('A');
    r.close();
  });

  it('is a WAL database with our application_id, schema version and synchronous=FULL', () => {
    const path = join(dir, 'b.mbproj');
    const s = ProjectStore.create(path, 'B');
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(s.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    s.close();
  });

  it('records an edit and its undo entry in one transaction', () => {
    const s = ProjectStore.create(join(dir, 'c.mbproj'), 'C');
    s.edit('set target', { target: 'y' });
    s.edit('set target', { target: 'z' });
    const log = s.db.prepare('SELECT action, before, after FROM undo_log ORDER BY id').all();
    expect(log).toEqual([
      { action: 'set target', before: '{"target":null}', after: '{"target":"y"}' },
      { action: 'set target', before: '{"target":"y"}', after: '{"target":"z"}' },
    ]);
    s.close();
  });

  it('undoes and redoes edits, and the history survives closing and reopening', () => {
    const path = join(dir, 'undo.mbproj');
    let s = ProjectStore.create(path, 'U');
    s.edit('Set target to a', { target: 'a' });
    s.edit('Change settings', { settings: { folds: 3 }, target: 'b' });
    expect(s.undoState()).toEqual({ undo: 'Change settings', redo: null });
    expect(s.undo()).toBe('Change settings');
    expect(s.getMeta('target')).toBe('a');
    expect(s.getMeta('settings')).toBeUndefined();
    s.close();
    s = ProjectStore.open(path);
    expect(s.undoState()).toEqual({ undo: 'Set target to a', redo: 'Change settings' });
    expect(s.undo()).toBe('Set target to a');
    expect(s.getMeta('target')).toBeUndefined();
    expect(s.undo()).toBeNull();
    expect(s.redo()).toBe('Set target to a');
    expect(s.redo()).toBe('Change settings');
    expect(s.getMeta('target')).toBe('b');
    expect(s.getMeta('settings')).toEqual({ folds: 3 });
    expect(s.redo()).toBeNull();
    // A new edit after an undo discards what could be redone.
    s.undo();
    s.edit('Set target to c', { target: 'c' });
    expect(s.undoState()).toEqual({ undo: 'Set target to c', redo: null });
    s.close();
  });

  it('reads a page of rows across a chunk boundary without loading the rest', () => {
    const path = join(dir, 'rows.mbproj');
    const s = ProjectStore.create(path, 'R');
    s.saveDataset(frame(), { fileName: 'a.csv', bytes: 1, importSettings: {}, problems: [], summary: [] });
    const page = s.readRows(65534, 4);
    expect(page.total).toBe(70000);
    expect(page.columns).toEqual(['x', 'c']);
    const expected = (i: number) => [i % 7 === 0 ? null : i / 3, [null, 'a', 'b', 'c', 'd'][i % 5]];
    expect(page.rows).toEqual([65534, 65535, 65536, 65537].map(expected));
    // Rows 65534 (a multiple of 7) and 65535 (code -1) are missing in one column each.
    expect(page.rows[0]![0]).toBeNull();
    expect(page.rows[1]![1]).toBeNull();
    expect(s.readRows(69999, 10).rows).toHaveLength(1);
    expect(s.readRows(80000, 10).rows).toHaveLength(0);
    s.close();
  });

  it('shows dates as ISO text in row pages', () => {
    const s = ProjectStore.create(join(dir, 'dates.mbproj'), 'D');
    s.saveDataset(new Frame([{ name: 'day', kind: 'date', values: Float64Array.from([Date.UTC(2024, 1, 29), NaN]) }]), { fileName: 'd.csv', bytes: 1, importSettings: {}, problems: [], summary: [] });
    expect(s.readRows(0, 2).rows).toEqual([['2024-02-29'], [null]]);
    s.close();
  });

  it('keeps a date column\'s time zone when the project is reopened, and ignores a damaged one', () => {
    const path = join(dir, 'zones.mbproj');
    let s = ProjectStore.create(path, 'Z');
    const at = Date.UTC(2024, 2, 1, 10, 30);
    s.saveDataset(new Frame([
      { name: 'local', kind: 'date', values: Float64Array.from([at]), timezone: '+02:00' },
      { name: 'utc', kind: 'date', values: Float64Array.from([at]), timezone: 'UTC' },
      { name: 'wall', kind: 'date', values: Float64Array.from([at]) },
    ]), { fileName: 'z.csv', bytes: 1, importSettings: {}, problems: [], summary: [] });
    s.close();
    s = ProjectStore.open(path);
    const f = s.loadFrame()!;
    expect(f.columns.map((c) => (c as { timezone?: string }).timezone)).toEqual(['+02:00', 'UTC', undefined]);
    // 10:30 UTC is 12:30 at +02:00, shown as the file wrote it.
    expect(s.readRows(0, 1).rows).toEqual([['2024-03-01T12:30:00+02:00', '2024-03-01T10:30:00Z', '2024-03-01T10:30:00']]);
    expect(s.readRowsAt([0]).rows).toEqual(s.readRows(0, 1).rows);
    s.db.prepare("UPDATE dataset_columns SET timezone = 'Mars/Olympus' WHERE name = 'local'").run();
    s.close();
    s = ProjectStore.open(path);
    expect((s.loadFrame()!.columns[0] as { timezone?: string }).timezone).toBeUndefined();
    s.close();
  });

  it('saves a self-contained copy without touching the original', () => {
    const path = join(dir, 'orig.mbproj');
    const s = ProjectStore.create(path, 'O');
    s.edit('Set target to c', { target: 'c' });
    s.saveCopy(join(dir, 'copy.mbproj'));
    s.edit('Set target to x', { target: 'x' });
    s.close();
    const c = ProjectStore.open(join(dir, 'copy.mbproj'));
    expect(c.getMeta('target')).toBe('c');
    expect(c.getMeta('name')).toBe('O');
    c.close();
  });

  it('upgrades an older project in a copy, keeping the original as a backup', () => {
    const path = join(dir, 'v1.mbproj');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    updateToSchemaVersion1(db);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO meta(key, value) VALUES ('name', '\"Old\"'), ('target', '\"y\"')").run();
    db.prepare("INSERT INTO undo_log(at, action, before, after) VALUES ('t', 'Set target to y', '{\"target\":null}', '{\"target\":\"y\"}')").run();
    db.close();
    const s = ProjectStore.open(path);
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(s.getMeta('name')).toBe('Old');
    expect(s.undo()).toBe('Set target to y');
    s.close();
    const backup = new Database(`${path}.v1.bak`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    backup.close();
  });

  it('refuses files that are not projects, with typed errors', () => {
    const text = join(dir, 'text.mbproj');
    writeFileSync(text, 'hello, this is not a database at all'.repeat(10));
    expect(() => ProjectStore.open(text)).toThrow(expect.objectContaining({ kind: 'corrupt' }));
    const other = join(dir, 'other.mbproj');
    const db = new Database(other);
    db.exec('CREATE TABLE t(x)');
    db.close();
    expect(() => ProjectStore.open(other)).toThrow(expect.objectContaining({ kind: 'corrupt' }));
    expect(() => ProjectStore.open(join(dir, 'missing.mbproj'))).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });

  it('refuses a project from a newer Modelbench', () => {
    const path = join(dir, 'new.mbproj');
    ProjectStore.create(path, 'N').close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => ProjectStore.open(path)).toThrow(expect.objectContaining({ kind: 'too-new', message: expect.stringContaining('made by a newer Modelbench (0.1.0)') }));
    // A version string written by that newer app is named as it is.
    const db2 = new Database(path);
    db2.prepare("UPDATE meta SET value = '\"2.3\"' WHERE key = 'modelbench_version'").run();
    db2.close();
    expect(() => ProjectStore.open(path)).toThrow(expect.objectContaining({ message: expect.stringContaining('made by a newer Modelbench (2.3)') }));
  });

  it('refuses to overwrite an existing file on create', () => {
    const path = join(dir, 'b.mbproj');
    expect(() => ProjectStore.create(path, 'again')).toThrow(expect.objectContaining({ kind: 'bad-input' }));
  });

  it('rejects stored codes outside the dictionary instead of trusting them', () => {
    const path = join(dir, 'bad.mbproj');
    const s = ProjectStore.create(path, 'Bad');
    s.saveDataset(frame(), { fileName: 'a.csv', bytes: 1, importSettings: {}, problems: [], summary: [] });
    s.db.prepare("UPDATE dataset_columns SET dictionary = '[\"a\"]' WHERE name = 'c'").run();
    s.close();
    const r = ProjectStore.open(path);
    expect(() => r.loadFrame()).toThrow(expect.objectContaining({ kind: 'corrupt' }));
    r.close();
  });
});
