/** Column roles "group" and "time": stored as decisions, one column each, and they choose the validation. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createDispatcher, createMemoryTransport } from '../../shared/rpc';
import { forkJob } from '../jobs/fork';
import { createAppServices, type AppServices } from './index';

let dir: string;
let services: AppServices;
let api: ReturnType<typeof createClient>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mb-roles-'));
  services = createAppServices({ dataDir: dir, spawnJob: forkJob });
  api = createClient(createMemoryTransport(createDispatcher(services.impl), services.events));
  const lines = ['store,region,day,price,sold'];
  for (let i = 0; i < 240; i++) {
    const price = 5 + ((i * 37) % 11);
    lines.push(`S${i % 12},R${i % 3},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${price},${(price + (i % 5)) % 3 === 0 ? 'yes' : 'no'}`);
  }
  const file = join(dir, 'sales.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  await api.projects.create({ name: 'Sales' });
  const { jobId } = await api.datasets.import({ source: { kind: 'path', path: file } });
  await services.whenDone(jobId);
  await api.datasets.setTarget({ column: 'sold' });
});
afterAll(async () => {
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('group and time roles', () => {
  it('keeps one column per role, refuses a time order by a category, and is undoable', async () => {
    let s = await api.datasets.setColumn({ column: 'store', role: 'group' });
    expect(s.dataset!.columns.find((c) => c.name === 'store')!.role).toBe('group');
    expect(s.history.undo).toBe('Set store as the row groups');
    s = await api.datasets.setColumn({ column: 'region', role: 'group' });
    expect(s.dataset!.columns.filter((c) => c.role === 'group').map((c) => c.name)).toEqual(['region']);
    s = await api.projects.undo({});
    expect(s.dataset!.columns.filter((c) => c.role === 'group').map((c) => c.name)).toEqual(['store']);
    await expect(api.datasets.setColumn({ column: 'region', role: 'time' })).rejects.toMatchObject({ kind: 'bad-input', column: 'region' });
  });

  it('without a validation choice, trains grouped by the group column, then in time order', async () => {
    let { jobId } = await api.training.start({ models: ['linear'], folds: 3, seed: 0 });
    await services.whenDone(jobId);
    let run = (await api.projects.current({}))!.runs.at(-1)!;
    expect(run.validation).toBe('3-fold cross-validation grouped by store');
    await api.datasets.setColumn({ column: 'store', role: null });
    await api.datasets.setColumn({ column: 'day', role: 'time' });
    ({ jobId } = await api.training.start({ models: ['linear'], folds: 3, seed: 0 }));
    await services.whenDone(jobId);
    run = (await api.projects.current({}))!.runs.at(-1)!;
    expect(run.validation).toMatch(/^3 time-ordered folds by day/);
  });
});
