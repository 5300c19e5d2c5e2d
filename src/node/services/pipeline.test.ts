/**
 * The Pipeline service end to end through the services: steps added, edited, reordered, turned
 * off, removed and undone as project edits; a preview job on a sample; suggestions; training with
 * the user's steps inside each fold.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepPreview } from '../../core/steps/preview';
import { createClient, createDispatcher, createMemoryTransport } from '../../shared/rpc';
import { forkJob } from '../jobs/fork';
import { ProjectStore } from '../project/store';
import { createAppServices, type AppServices } from './index';
import { readPrepare } from './pipeline';

let dir: string;
let services: AppServices;
let api: ReturnType<typeof createClient>;

function csv(rows: number): string {
  const lines = ['income,city,age,signup,note,bought'];
  let seed = 7;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < rows; i++) {
    const income = r() < 0.1 ? '' : Math.round(Math.exp(9 + 1.2 * r() * r() * 4));
    const city = ['Oslo', 'Lyon', 'Porto', 'Turin'][Math.floor(r() * 4)];
    const age = 18 + Math.floor(r() * 60);
    const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
    const note = ['great value', 'too expensive', 'ok', 'would buy again', 'not for me'][Math.floor(r() * 5)];
    const bought = (Number(income || 20000) > 30000 ? 0.7 : 0.3) > r() ? 'yes' : 'no';
    lines.push(`${income},${city},${age},2024-03-${day},${note} ${i},${bought}`);
  }
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mb-pipeline-'));
  services = createAppServices({ dataDir: dir, spawnJob: forkJob });
  api = createClient(createMemoryTransport(createDispatcher(services.impl), services.events));
  const file = join(dir, 'shop.csv');
  writeFileSync(file, csv(600));
  await api.projects.create({ name: 'Shop' });
  const { jobId } = await api.datasets.import({ source: { kind: 'path', path: file } });
  await services.whenDone(jobId);
  await api.datasets.setTarget({ column: 'bought' });
});
afterAll(async () => {
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Pipeline service', () => {
  it('lists every step kind with a label, group and params for the menus', async () => {
    const cat = await api.pipeline.catalog({});
    const median = cat.find((c) => c.kind === 'impute.median')!;
    expect(median).toMatchObject({ group: 'impute', accepts: 'num', needsTarget: false });
    expect(cat.find((c) => c.kind === 'encode.onehot')!.params.map((p) => p.name)).toContain('maxLevels');
  });

  it('adds, edits, turns off, reorders and removes steps as undoable edits', async () => {
    let s = await api.pipeline.add({ kind: 'impute.median', columns: ['income'] });
    expect(s.prepare.map((p) => p.kind)).toEqual(['impute.median']);
    expect(s.history.undo).toBe('Add Fill missing numbers with the median');
    s = await api.pipeline.add({ kind: 'encode.onehot', columns: ['city'], params: { maxLevels: 2 } });
    const [median, onehot] = s.prepare;
    s = await api.pipeline.move({ id: onehot!.id, to: 0 });
    expect(s.prepare.map((p) => p.id)).toEqual([onehot!.id, median!.id]);
    s = await api.pipeline.update({ id: median!.id, enabled: false });
    expect(s.prepare[1]!.enabled).toBe(false);
    s = await api.projects.undo({});
    expect(s.prepare[1]!.enabled).toBe(true);
    s = await api.pipeline.remove({ id: onehot!.id });
    expect(s.prepare.map((p) => p.kind)).toEqual(['impute.median']);
    s = await api.projects.undo({});
    expect(s.prepare.map((p) => p.id)).toEqual([onehot!.id, median!.id]);
    s = await api.projects.redo({});
    expect(s.prepare.map((p) => p.id)).toEqual([median!.id]);
  });

  it('refuses a step on a column of the wrong type, or on the target, in plain words', async () => {
    await expect(api.pipeline.add({ kind: 'impute.median', columns: ['city'] })).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/works on number columns, and city holds category values/) });
    await expect(api.pipeline.add({ kind: 'encode.onehot', columns: ['bought'] })).rejects.toMatchObject({ message: expect.stringMatching(/column to predict/) });
    await expect(api.pipeline.add({ kind: 'no.such', columns: ['age'] })).rejects.toMatchObject({ kind: 'bad-input' });
  });

  it('previews a step on a sample in a job: before and after for the first rows, and distributions', async () => {
    const s = (await api.projects.current({}))!;
    const id = s.prepare.find((p) => p.kind === 'impute.median')!.id;
    const { jobId } = await api.pipeline.preview({ id });
    const p = (await services.whenDone(jobId)) as StepPreview;
    expect(p.label).toBe('Fill missing numbers with the median');
    expect(p.totalRows).toBe(600);
    expect(p.before.columns).toEqual(['income']);
    expect(p.after.columns).toEqual(['income']);
    const i = p.before.rows.findIndex((r) => r[0] === null);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(typeof p.after.rows[i]![0]).toBe('number');
    expect(p.distBefore[0]!.missing).toBeGreaterThan(0);
    expect(p.distAfter[0]!.missing).toBe(0);
  });

  it('trains with the steps inside each fold, recording them in the run', async () => {
    await api.pipeline.add({ kind: 'encode.onehot', columns: ['city'], params: { maxLevels: 2 } });
    const { jobId } = await api.training.start({ models: ['linear'], folds: 3, seed: 0 });
    await services.whenDone(jobId);
    const s = (await api.projects.current({}))!;
    expect(s.runs.at(-1)!.metrics.auc).toBeGreaterThan(0.55);
  });

  it('ignores malformed steps in an untrusted project file', () => {
    const store = ProjectStore.create(join(dir, 'tampered.mbproj'), 'T');
    try {
      store.setMeta('prepare', [
        { id: 'a1', kind: 'impute.median', columns: ['x'], params: {}, enabled: true },
        { id: 'BAD ID', kind: 'impute.median', columns: ['x'], params: {}, enabled: true },
        { id: 'b2', kind: 'evil.kind', columns: ['x'], params: {}, enabled: true },
        { id: 'c3', kind: 'impute.median', columns: [1], params: {}, enabled: true },
        { id: 'd4', kind: 'impute.median', columns: ['x'], params: [], enabled: true },
        null, 'text',
      ]);
      expect(readPrepare(store).map((s) => s.id)).toEqual(['a1']);
      store.setMeta('prepare', { not: 'a list' });
      expect(readPrepare(store)).toEqual([]);
    } finally {
      store.close();
    }
  });
});
