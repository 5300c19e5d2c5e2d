import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame } from '../../core/frame/frame';
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
    const ds = s.saveDataset(frame(), { fileName: 'a.csv', bytes: 123, importSettings: {}, problems: [] });
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
    s.edit('set target', 'target', 'y');
    s.edit('set target', 'target', 'z');
    const log = s.db.prepare('SELECT action, before, after FROM undo_log ORDER BY id').all();
    expect(log).toEqual([
      { action: 'set target', before: '{"target":null}', after: '{"target":"y"}' },
      { action: 'set target', before: '{"target":"y"}', after: '{"target":"z"}' },
    ]);
    s.close();
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
    expect(() => ProjectStore.open(path)).toThrow(expect.objectContaining({ kind: 'too-new', message: expect.stringContaining('newer Modelbench') }));
  });

  it('refuses to overwrite an existing file on create', () => {
    const path = join(dir, 'b.mbproj');
    expect(() => ProjectStore.create(path, 'again')).toThrow(expect.objectContaining({ kind: 'bad-input' }));
  });

  it('rejects stored codes outside the dictionary instead of trusting them', () => {
    const path = join(dir, 'bad.mbproj');
    const s = ProjectStore.create(path, 'Bad');
    s.saveDataset(frame(), { fileName: 'a.csv', bytes: 1, importSettings: {}, problems: [] });
    s.db.prepare("UPDATE dataset_columns SET dictionary = '[\"a\"]' WHERE name = 'c'").run();
    s.close();
    const r = ProjectStore.open(path);
    expect(() => r.loadFrame()).toThrow(expect.objectContaining({ kind: 'corrupt' }));
    r.close();
  });
});
