import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../../../test/helpers/paths';
import type { Column } from '../../core/frame/frame';
import { createClient, createDispatcher, createMemoryTransport } from '../../shared/rpc';
import { forkJob } from '../jobs/fork';
import { createAppServices, type AppServices } from './index';
import { filterRows, sortRows } from './rowview';

const num: Column = { name: 'x', kind: 'number', values: Float64Array.from([3, Number.NaN, 1, 3, 2]) };
const cat: Column = { name: 'c', kind: 'category', codes: Int32Array.from([1, 0, -1, 2, 0]), dictionary: ['pear', 'Apple', 'fig'] };

describe('grid views', () => {
  it('sorts stably with missing values last in both directions', () => {
    const all = Int32Array.from([0, 1, 2, 3, 4]);
    expect(Array.from(sortRows(num, all, false))).toEqual([2, 4, 0, 3, 1]);
    expect(Array.from(sortRows(num, all, true))).toEqual([0, 3, 4, 2, 1]);
    // Categories by their text (code order is not text order), missing last.
    expect(Array.from(sortRows(cat, all, false))).toEqual([0, 3, 1, 4, 2]);
  });

  it('filters numbers, categories, text and missing values', () => {
    expect(Array.from(filterRows(num, 'ge', '2'))).toEqual([0, 3, 4]);
    expect(Array.from(filterRows(num, 'missing', ''))).toEqual([1]);
    expect(Array.from(filterRows(cat, 'eq', 'pear'))).toEqual([1, 4]);
    expect(Array.from(filterRows(cat, 'contains', 'PP'))).toEqual([0]);
    expect(Array.from(filterRows(cat, 'ne', 'pear'))).toEqual([0, 2, 3]);
    expect(() => filterRows(num, 'lt', 'forty')).toThrow(/Type a number to filter x/);
  });
});

describe('sorted and filtered pages through the services', () => {
  let dir: string;
  let services: AppServices;
  let api: ReturnType<typeof createClient>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-rowview-'));
    services = createAppServices({ dataDir: dir, spawnJob: forkJob });
    api = createClient(createMemoryTransport(createDispatcher(services.impl), services.events));
    await api.projects.create({ name: 'Grid' });
    const { jobId } = await api.datasets.import({ source: { kind: 'path', path: dataset('telco_churn.csv') } });
    await services.whenDone(jobId);
  });
  afterAll(async () => {
    await services.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages the rows of a filter in the order of a sort, with their row numbers in the file', async () => {
    const csv = Papa.parse<Record<string, string>>(readFileSync(dataset('telco_churn.csv'), 'utf8').trim(), { header: true }).data;
    const expected = csv.map((r, i) => ({ i: i + 1, tenure: Number(r.tenure), contract: r.contract }))
      .filter((r) => r.contract === 'Two year')
      .sort((a, b) => b.tenure - a.tenure || a.i - b.i);
    const view = { sort: { column: 'tenure', descending: true }, filter: { column: 'contract', op: 'eq' as const, value: 'Two year' } };
    const first = await api.datasets.rows({ offset: 0, limit: 50, view });
    expect(first.total).toBe(expected.length);
    expect(first.rowNumbers).toEqual(expected.slice(0, 50).map((r) => r.i));
    const t = first.columns.indexOf('tenure');
    expect(first.rows.map((r) => r[t])).toEqual(expected.slice(0, 50).map((r) => r.tenure));
    const last = await api.datasets.rows({ offset: expected.length - 10, limit: 50, view });
    expect(last.rowNumbers).toEqual(expected.slice(-10).map((r) => r.i));
    await expect(api.datasets.rows({ offset: 0, limit: 10, view: { filter: { column: 'tenure', op: 'lt', value: 'forty' } } })).rejects.toMatchObject({ kind: 'bad-input', column: 'tenure' });
  });
});
