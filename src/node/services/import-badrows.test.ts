/** The user's choice for rows that do not fit, through the import job: list them and go on, or stop. */
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
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mb-badrows-'));
  services = createAppServices({ dataDir: dir, spawnJob: forkJob });
  api = createClient(createMemoryTransport(createDispatcher(services.impl), services.events));
  file = join(dir, 'people.csv');
  // Line 4 has a value too many; line 6 says "forty" in a number column.
  const more = Array.from({ length: 40 }, (_, i) => `P${i},${20 + i},${['Oslo', 'Lyon', 'Rome'][i % 3]}`);
  writeFileSync(file, ['name,age,city', 'Ann,31,Oslo', 'Bo,45,Lyon', 'Cy,28,Rome,extra', 'Di,52,Oslo', 'Ed,forty,Lyon', 'Fa,39,Rome', ...more].join('\n') + '\n');
  await api.projects.create({ name: 'People' });
});
afterAll(async () => {
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('rows with problems at import', () => {
  it('"stop" fails at the first problem, naming file and line, and leaves the project without data', async () => {
    const { jobId } = await api.datasets.import({ source: { kind: 'path', path: file }, settings: { onBadRow: 'stop' } });
    await expect(services.whenDone(jobId)).rejects.toMatchObject({ kind: 'bad-input', line: 4, message: expect.stringContaining('line 4') });
    expect((await api.projects.current({}))!.dataset).toBeNull();
  });

  it('"skip" (the default) imports the rest and lists each problem by line and column', async () => {
    const { jobId } = await api.datasets.import({ source: { kind: 'path', path: file } });
    await services.whenDone(jobId);
    const ds = (await api.projects.current({}))!.dataset!;
    expect(ds.rows).toBe(45);
    expect(ds.columns.find((c) => c.name === 'age')!.kind).toBe('integer');
    expect(ds.problems.count).toBe(2);
    expect(ds.problems.first.join('\n')).toMatch(/line 4/);
    expect(ds.problems.first.join('\n')).toMatch(/line 6, column `age`.*forty/);
  });
});
