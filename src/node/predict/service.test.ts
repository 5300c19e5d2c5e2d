import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent, PredictResult } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { dataset } from '../../../test/helpers/paths';
import { forkJob } from '../jobs/fork';
import { createAppServices, type AppServices } from '../services';

let dir: string;
let services: AppServices;
let projectDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mb-predict-svc-'));
  services = createAppServices({ dataDir: join(dir, 'data'), spawnJob: forkJob });
  const { impl } = services;
  const p = await impl.projects.create({ name: 'churn', path: join(dir, 'churn.mbproj') });
  projectDir = dir;
  expect(p.path).toBe(join(dir, 'churn.mbproj'));
  await services.whenDone((await impl.datasets.import({ source: { kind: 'path', path: dataset('telco_churn.csv') } })).jobId);
  await impl.datasets.setTarget({ column: 'churn' });
  await services.whenDone((await impl.training.start({ models: ['linear'], folds: 2, seed: 0 })).jobId);
}, 120_000);
afterAll(async () => {
  await services?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('exports.predict through the services and a job process', () => {
  it('scores a file beside the project and offers it for download', async () => {
    const { jobId } = await services.impl.exports.predict({ source: { kind: 'path', path: dataset('telco_churn.csv') } });
    const r = (await services.whenDone(jobId)) as PredictResult;
    expect(r.rows).toBe(7043);
    expect(r.report.scored).toBe(7043);
    expect(r.outPath).toBe(join(projectDir, 'telco_churn - predictions run 1.csv'));
    expect(r.report.findings).toEqual([expect.objectContaining({ column: 'total_charges', code: 'missing', count: 11 })]);
    const d = services.downloads.get(r.downloadId!);
    expect(d).toEqual({ path: r.outPath, name: 'telco_churn - predictions run 1.csv' });
    expect(readFileSync(r.outPath, 'utf8').split('\r\n')[0]).toBe('prediction,probability_No,probability_Yes,warnings');
    // A second file of the same name does not overwrite the first.
    const again = (await services.whenDone((await services.impl.exports.predict({ source: { kind: 'path', path: dataset('telco_churn.csv') } })).jobId)) as PredictResult;
    expect(again.fileName).toBe('telco_churn - predictions run 1 (2).csv');
  }, 60_000);

  it('fails with the missing columns in the error details', async () => {
    const src = readFileSync(dataset('telco_churn.csv'), 'utf8').split('\n').slice(0, 50);
    const header = src[0]!.split(',');
    const drop = [header.indexOf('"tenure"'), header.indexOf('"contract"')];
    const input = join(dir, 'narrow.csv');
    writeFileSync(input, src.map((l) => l.split(',').filter((_, j) => !drop.includes(j)).join(',')).join('\n'));
    const { jobId } = await services.impl.exports.predict({ source: { kind: 'path', path: input }, path: join(dir, 'narrow-pred.csv') });
    const err = (await services.whenDone(jobId).catch((e: unknown) => e)) as AppError;
    expect(err.kind).toBe('bad-input');
    expect(err.message).toBe('narrow.csv has no columns `tenure`, `contract`, which the model needs. Nothing was scored.');
    expect(err.details).toMatchObject({ file: 'narrow.csv', missingColumns: ['tenure', 'contract'] });
    expect(existsSync(join(dir, 'narrow-pred.csv'))).toBe(false);
  }, 60_000);

  it('cancel stops the job part-way and leaves no file behind', async () => {
    // A long file: telco's rows forty times over (280,000 rows).
    const lines = readFileSync(dataset('telco_churn.csv'), 'utf8').trim().split('\n');
    const big = join(dir, 'big.csv');
    writeFileSync(big, [lines[0], ...Array.from({ length: 40 }, () => lines.slice(1)).flat()].join('\n'));
    const out = join(dir, 'big-pred.csv');
    const events: JobEvent[] = [];
    let jobId = '';
    const off = services.events.onEvent((e) => {
      if (e.type !== 'job' || e.job.jobId !== jobId) return;
      events.push(e.job);
      if (e.job.state === 'running' && (e.job.detail?.rows ?? 0) > 0) void services.impl.jobs.cancel({ jobId });
    });
    jobId = (await services.impl.exports.predict({ source: { kind: 'path', path: big }, path: out })).jobId;
    const err = (await services.whenDone(jobId).catch((e: unknown) => e)) as AppError;
    off();
    expect(err.kind).toBe('cancelled');
    const progress = events.filter((e) => e.state === 'running' && e.detail?.rows);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!.detail!.rows).toBeLessThan(280_000);
    expect(progress[0]!.detail!.bytes).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('big-pred'))).toEqual([]);
  }, 60_000);
});
