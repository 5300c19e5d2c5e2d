/**
 * Untrusted project files: ≥ 1,000 damaged variants of a real project (bit flips, truncation,
 * swapped and zeroed pages, a foreign SQLite file, a newer format) must each open correctly or
 * fail with a typed error — never crash, hang or throw something untyped. MB_FUZZ_RUNS sets the
 * count (default 1,200).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame } from '../../core/frame/frame';
import { createRandom } from '../../core/util/random';
import { AppError } from '../../shared/errors';
import { ProjectStore } from './store';

const runs = Number(process.env.MB_FUZZ_RUNS ?? 1200);
let dir: string;
let original: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-fuzz-'));
  const path = join(dir, 'base.mbproj');
  const s = ProjectStore.create(path, 'Fuzz');
  const n = 3000;
  s.saveDataset(new Frame([
    { name: 'x', kind: 'number', values: Float64Array.from({ length: n }, (_, i) => i * 0.5) },
    { name: 'c', kind: 'category', codes: Int32Array.from({ length: n }, (_, i) => (i % 4) - 1), dictionary: ['a', 'b', 'c'] },
  ]), { fileName: 'f.csv', bytes: 1, importSettings: { format: 'csv' }, problems: [], summary: [{ name: 'x', kind: 'number', missing: 0, distinct: n, top: [] }] });
  s.edit('Set target to c', { target: 'c' });
  const run = s.addRun({ createdAt: 't', model: 'linear', target: 'c', task: 'multiclass', settings: {}, seed: 0, folds: 5, metrics: { accuracy: 0.5 }, foldMetrics: [], info: {}, durationS: 1, backend: 'cpu', versions: {} }, { formatVersion: 1, weights: [1, 2, 3] });
  s.addExport({ runId: run, format: 'onnx', fileName: 'm.onnx', bytes: 1, rowsChecked: 1, maxAbsDiff: 0, createdAt: 't' });
  s.close();
  original = readFileSync(path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything the app reads from a project when opening and using it. */
function useProject(path: string): void {
  const s = ProjectStore.open(path);
  try {
    s.getMeta('name');
    s.getMeta('target');
    s.undoState();
    const ds = s.dataset();
    if (ds) {
      s.readRows(0, 50);
      s.loadFrame();
    }
    for (const r of s.runs()) s.fittedModel(r.id);
    s.exports();
  } finally {
    s.close();
  }
}

const allowed = new Set(['corrupt', 'too-new', 'not-found', 'bad-input']);

function mutate(random: () => number, kind: number): Buffer {
  const b = Buffer.from(original);
  const page = 4096;
  const pages = Math.floor(b.length / page);
  const rint = (n: number) => Math.floor(random() * n);
  switch (kind) {
    case 0: { // bit flips anywhere
      const flips = 1 + rint(20);
      for (let i = 0; i < flips; i++) { const at = rint(b.length); b[at] = b[at]! ^ (1 << rint(8)); }
      return b;
    }
    case 1: // truncation
      return b.subarray(0, rint(b.length));
    case 2: { // swap two pages
      const p = rint(pages), q = rint(pages);
      const tmp = Buffer.from(b.subarray(p * page, (p + 1) * page));
      b.copy(b, p * page, q * page, (q + 1) * page);
      tmp.copy(b, q * page);
      return b;
    }
    case 3: { // zero a page
      const p = rint(pages);
      b.fill(0, p * page, (p + 1) * page);
      return b;
    }
    default: { // random bytes over a stretch
      const at = rint(b.length);
      for (let i = at; i < Math.min(b.length, at + 1 + rint(64)); i++) b[i] = rint(256);
      return b;
    }
  }
}

describe('opening damaged project files', () => {
  it(`gives a typed error or a working project for ${runs} mutated files`, () => {
    const random = createRandom(7);
    const path = join(dir, 'mutant.mbproj');
    const outcomes: Record<string, number> = {};
    let slowest = 0;
    for (let i = 0; i < runs; i++) {
      for (const ext of ['', '-wal', '-shm']) rmSync(path + ext, { force: true });
      writeFileSync(path, mutate(random, i % 5));
      const t0 = performance.now();
      try {
        useProject(path);
        outcomes.ok = (outcomes.ok ?? 0) + 1;
      } catch (e) {
        if (!(e instanceof AppError) || !allowed.has(e.kind)) throw new Error(`mutant ${i} (kind ${i % 5}) threw an untyped error: ${String(e)}`);
        outcomes[e.kind] = (outcomes[e.kind] ?? 0) + 1;
      }
      slowest = Math.max(slowest, performance.now() - t0);
    }
    console.log('fuzz outcomes', outcomes, `slowest ${slowest.toFixed(0)} ms`);
    expect(outcomes.corrupt).toBeGreaterThan(runs / 4);
    // No hang: every file was decided quickly.
    expect(slowest).toBeLessThan(5000);
  }, 300_000);

  it('refuses a valid SQLite file of another application', () => {
    const path = join(dir, 'foreign.mbproj');
    const db = new Database(path);
    db.exec('CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES (\'hello\')');
    db.close();
    expect(() => useProject(path)).toThrow(expect.objectContaining({ kind: 'corrupt', message: expect.stringContaining('another application') }));
  });

  it('refuses a newer format with the version in plain words, without changing the file', () => {
    const path = join(dir, 'newer.mbproj');
    writeFileSync(path, original);
    const db = new Database(path);
    db.pragma('user_version = 42');
    db.close();
    const before = readFileSync(path);
    expect(() => useProject(path)).toThrow(expect.objectContaining({ kind: 'too-new', message: expect.stringContaining('made by a newer Modelbench (0.1.0)') }));
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}.v42.bak`)).toBe(false);
  });
});
