import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent, JobEvent, ProjectState } from '../../shared/dto';
import { createClient, createDispatcher, createMemoryTransport } from '../../shared/rpc';
import Database from 'better-sqlite3';
import { dataset, datasetsDir } from '../../../test/helpers/paths';
import { forkJob } from '../jobs/fork';
import { createAppServices, type AppServices } from './index';

let dir: string;
let services: AppServices;
let api: ReturnType<typeof createClient>;
const events: AppEvent[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-services-'));
  services = createAppServices({ dataDir: dir, spawnJob: forkJob });
  api = createClient(createMemoryTransport(createDispatcher(services.impl), services.events));
  api.onEvent((e) => events.push(e));
});
afterAll(async () => {
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function jobEnd(jobId: string): Promise<JobEvent> {
  return new Promise((resolve) => {
    const off = api.onEvent((e) => {
      if (e.type === 'job' && e.job.jobId === jobId && e.job.state !== 'running') {
        off();
        resolve(e.job);
      }
    });
  });
}

describe('the vertical slice through the services', () => {
  let afterTrain: ProjectState;

  it('imports telco_churn in a job process with progress, and types its columns', async () => {
    const created = await api.projects.create({ name: 'Churn' });
    expect(created.dataset).toBeNull();
    const { jobId } = await api.datasets.import({ source: { kind: 'path', path: dataset('telco_churn.csv') } });
    const end = await jobEnd(jobId);
    expect(end.state).toBe('done');
    expect(events.some((e) => e.type === 'job' && e.job.jobId === jobId && e.job.state === 'running')).toBe(true);
    const s = (await api.projects.current({}))!;
    expect(s.dataset!.rows).toBe(7043);
    expect(s.taskReason).toBeNull();
    const kinds = Object.fromEntries(s.dataset!.columns.map((c) => [c.name, c.kind]));
    expect(kinds).toMatchObject({ churn: 'category', tenure: 'integer', contract: 'category', total_charges: 'number' });
    expect(s.dataset!.columns.find((c) => c.name === 'total_charges')!.missing).toBe(11);
    const page = await api.datasets.rows({ offset: 0, limit: 2 });
    expect(page.rows[0]![page.columns.indexOf('payment_method')]).toBe('Electronic check');
  });

  it('rejects a target that is not a column, naming it', async () => {
    await expect(api.datasets.setTarget({ column: 'nope' })).rejects.toMatchObject({ kind: 'bad-input', column: 'nope' });
  });

  it('trains L2 logistic regression with stratified 5-fold CV within 0.01 AUC of the sklearn baseline', async () => {
    const withTarget = await api.datasets.setTarget({ column: 'churn' });
    expect(withTarget.taskReason).toBe('churn has two values, so the model predicts which of the two each row has.');
    // A whole-number column with 73 values is a number target; the reason says how to change that.
    const tenure = await api.datasets.setTarget({ column: 'tenure' });
    expect(tenure.task).toBe('regression');
    expect(tenure.taskReason).toContain('Set its kind to Category');
    await api.datasets.setTarget({ column: 'churn' });
    const { jobId } = await api.training.start({ models: ['linear'], folds: 5, seed: 0 });
    const end = await jobEnd(jobId);
    expect(end.state, end.error?.message).toBe('done');
    await services.whenDone(jobId);
    afterTrain = (await api.projects.current({}))!;
    const run = afterTrain.runs.at(-1)!;
    // BASELINES.md: linear AUC 0.8452, accuracy 0.8038 on the same protocol.
    expect(Math.abs(run.metrics.auc! - 0.8452)).toBeLessThan(0.01);
    expect(Math.abs(run.metrics.accuracy! - 0.8038)).toBeLessThan(0.01);
    expect(run.foldMetrics).toHaveLength(5);
    expect(run.classes).toEqual(['No', 'Yes']);
  });

  it('refuses plainly when training would not fit in memory', async () => {
    // A machine with 1 MB to spare cannot train even the small telco table.
    const small = createAppServices({ dataDir: join(dir, 'small'), spawnJob: forkJob, memoryBudget: () => 1024 * 1024 });
    const sApi = createClient(createMemoryTransport(createDispatcher(small.impl), small.events));
    try {
      await sApi.projects.create({ name: 'Tight' });
      const { jobId } = await sApi.datasets.import({ source: { kind: 'path', path: dataset('telco_churn.csv') } });
      await small.whenDone(jobId);
      await sApi.datasets.setTarget({ column: 'churn' });
      await expect(sApi.training.start({ models: ['linear'] })).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/needs about .* GB of memory, but only about 0\.0 GB is free/) });
    } finally {
      await small.dispose();
    }
  });

  it('trains several families in one job, one run each', async () => {
    const before = (await api.projects.current({}))!.runs.length;
    const { jobId } = await api.training.start({ models: ['linear', 'knn', 'nb'], folds: 3, seed: 0 });
    const end = await jobEnd(jobId);
    expect(end.state, end.error?.message).toBe('done');
    const runs = (await api.projects.current({}))!.runs.slice(before);
    expect(runs.map((r) => r.model)).toEqual(['linear', 'knn', 'nb']);
    expect(runs.map((r) => r.estimator)).toEqual(['logistic.l2', 'knn', 'nb.mixed']);
    for (const r of runs) expect(r.metrics.auc).toBeGreaterThan(0.7);
    expect(runs[0]!.validation).toBe('stratified 3-fold cross-validation');
  });

  it('validates with group k-fold by a column, leaving that column out of the features', async () => {
    const before = (await api.projects.current({}))!.runs.length;
    const { jobId } = await api.training.start({ models: ['linear'], seed: 0, validation: { kind: 'group-kfold', column: 'contract', folds: 3 } });
    const end = await jobEnd(jobId);
    expect(end.state, end.error?.message).toBe('done');
    const run = (await api.projects.current({}))!.runs[before]!;
    expect(run.validation).toContain('contract');
    expect(run.foldMetrics).toHaveLength(3);
    expect(run.folds).toBe(3);
    await expect(api.training.start({ models: ['linear'], validation: { kind: 'group-kfold', column: 'nope' } })).rejects.toMatchObject({ kind: 'bad-input', column: 'nope' });
  });

  it('exports a naive Bayes run as a verified file too', async () => {
    const nb = (await api.projects.current({}))!.runs.find((r) => r.model === 'nb')!;
    const out = join(dir, 'nb.onnx');
    const { jobId } = await api.exports.onnx({ path: out, runId: nb.id });
    const end = await jobEnd(jobId);
    expect(end.state, end.error?.message).toBe('done');
    expect(existsSync(out)).toBe(true);
  });

  it('cancels a training job and leaves the project unchanged', async () => {
    const before = (await api.projects.current({}))!.runs.length;
    const { jobId } = await api.training.start({ models: ['linear'], folds: 10, seed: 1 });
    const ended = jobEnd(jobId);
    expect((await api.jobs.cancel({ jobId })).cancelled).toBe(true);
    expect((await ended).state).toBe('cancelled');
    expect((await api.projects.current({}))!.runs.length).toBe(before);
  });

  it('exports a verified ONNX file that takes the raw columns', async () => {
    const out = join(dir, 'churn.onnx');
    const linear = afterTrain.runs.find((r) => r.model === 'linear')!;
    const { jobId } = await api.exports.onnx({ path: out, runId: linear.id });
    const end = await jobEnd(jobId);
    expect(end.state, end.error?.message).toBe('done');
    await services.whenDone(jobId);
    const session = await ort.InferenceSession.create(readFileSync(out));
    expect([...session.inputNames].sort()).toEqual(afterTrain.dataset!.columns.filter((c) => c.role === 'feature').map((c) => c.name).sort());
    const s = (await api.projects.current({}))!;
    expect(s.exports.at(-1)!.rowsChecked).toBe(7043);
    expect(s.exports.at(-1)!.maxAbsDiff).toBeLessThanOrEqual(1e-5);
  });

  it('undoes and redoes edits, and Save As continues in the copy', async () => {
    const before = (await api.projects.current({}))!;
    // The cancelled 10-fold run above changed the settings: that is the newest edit.
    expect(before.history.undo).toBe('Change training settings');
    await api.datasets.setTarget({ column: 'contract' });
    let s = await api.projects.undo({});
    expect(s.target).toBe('churn');
    expect(s.history).toEqual({ undo: 'Change training settings', redo: 'Set target to contract' });
    s = await api.projects.redo({});
    expect(s.target).toBe('contract');
    s = await api.projects.undo({});
    expect(s.target).toBe('churn');
    const copy = join(dir, 'copy of churn.mbproj');
    const saved = await api.projects.saveAs({ path: copy });
    expect(saved.path).toBe(copy);
    expect(saved.runs).toEqual(s.runs);
    expect(saved.history.redo).toBe('Set target to contract');
    await expect(api.projects.saveAs({ path: copy })).rejects.toMatchObject({ kind: 'bad-input' });
    const page = await api.datasets.rows({ offset: 7040, limit: 10 });
    expect(page.rows).toHaveLength(3);
    expect(page.total).toBe(7043);
  });

  it('previews a file with detected settings, and honours overrides', async () => {
    const csv = join(dir, 'semi.csv');
    writeFileSync(csv, 'name;price;when\r\nA;1.234,50;2024-01-31\r\nB;7,25;2024-02-01\r\n', 'latin1');
    const p = await api.datasets.preview({ source: { kind: 'path', path: csv } });
    expect(p.settings).toMatchObject({ format: 'csv', delimiter: ';', decimal: ',' });
    expect(p.columns.map((c) => c.kind)).toEqual(['category', 'number', 'date']);
    expect(p.rows[0]![1]).toBe(1234.5);
    const asText = await api.datasets.preview({ source: { kind: 'path', path: csv }, settings: { decimal: '.', thousands: '' } });
    expect(asText.columns[1]!.kind).not.toBe('number');
    await expect(api.datasets.preview({ source: { kind: 'path', path: csv }, settings: { delimiter: 'x' as ';' } })).rejects.toMatchObject({ kind: 'bad-input' });
  });

  it('shows the new data after a re-import, never categories cached from the old file', async () => {
    const other = await api.projects.create({ name: 'Reimport' });
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, 'name,v\nA,1\nB,2\nA,3\n');
    writeFileSync(b, 'kind,v,extra\nNo,1,x\nYes,2,y\nNo,3\n');
    for (const file of [a, b]) {
      const { jobId } = await api.datasets.import({ source: { kind: 'path', path: file } });
      expect((await jobEnd(jobId)).state).toBe('done');
      // Reading a page fills the store's caches between the imports.
      await api.datasets.rows({ offset: 0, limit: 3 });
    }
    const page = await api.datasets.rows({ offset: 0, limit: 3 });
    expect(page.columns).toEqual(['kind', 'v', 'extra']);
    expect(page.rows.map((r) => r[0])).toEqual(['No', 'Yes', 'No']);
    // Problems name their line: the third data row (line 4) is short.
    const st = (await api.projects.current({}))!;
    expect(st.dataset!.problems.first.join(' ')).toMatch(/line 4/);
    await api.projects.open({ path: afterTrain.path });
    expect(other.name).toBe('Reimport');
  });

  it('corrects a column kind and ignores a column as undoable decisions used by training', async () => {
    let s = await api.datasets.setColumn({ column: 'senior_citizen', kind: 'category' });
    const col = s.dataset!.columns.find((c) => c.name === 'senior_citizen')!;
    expect(col).toMatchObject({ kind: 'category', inferredKind: 'integer' });
    expect(s.history.undo).toBe('Set kind of senior_citizen to category');
    s = await api.datasets.setColumn({ column: 'total_charges', role: 'ignore' });
    expect(s.dataset!.columns.find((c) => c.name === 'total_charges')!.role).toBe('ignore');
    await expect(api.datasets.setColumn({ column: 'contract', kind: 'date' })).rejects.toMatchObject({ kind: 'bad-input' });
    const before = s.runs.length;
    const { jobId } = await api.training.start({ models: ['linear'], folds: 3, seed: 0 });
    expect((await jobEnd(jobId)).state).toBe('done');
    const run = (await api.projects.current({}))!.runs[before]!;
    expect(run.metrics.auc).toBeGreaterThan(0.8);
    const db = new Database(s.path, { readonly: true });
    const settings = JSON.parse((db.prepare('SELECT settings FROM runs WHERE id = ?').get(run.id) as { settings: string }).settings);
    const fitted = JSON.parse((db.prepare('SELECT fitted FROM models WHERE run_id = ?').get(run.id) as { fitted: string }).fitted);
    db.close();
    expect(settings.features).not.toContain('total_charges');
    // senior_citizen was one-hot encoded as a category: its levels appear as features.
    expect(fitted.pipeline.features).toContain('senior_citizen=1');
    // Undo walks back: the training settings, then the ignore, then the kind correction.
    expect(s.history.undo).toBe('Set total_charges ignored');
    s = (await api.projects.current({}))!;
    expect(s.history.undo).toBe('Change training settings');
    for (const label of ['Change training settings', 'Set total_charges ignored', 'Set kind of senior_citizen to category']) {
      expect(s.history.undo).toBe(label);
      s = await api.projects.undo({});
    }
    expect(s.dataset!.columns.find((c) => c.name === 'senior_citizen')!.kind).toBe('integer');
    expect(s.dataset!.columns.find((c) => c.name === 'total_charges')!.role).toBe('feature');
  });

  it('profiles the data in a job and keeps the profile in the project', async () => {
    const { jobId } = await api.datasets.profile({});
    const end = await jobEnd(jobId);
    expect(end.state, end.error?.message).toBe('done');
    const s = (await api.projects.current({}))!;
    const profile = s.dataset!.profile as { rows: number; columns: { name: string; kind: string }[]; correlations?: unknown };
    expect(profile.rows).toBe(7043);
    expect(profile.columns).toHaveLength(20);
    expect(profile.correlations).toBeTruthy();
  });

  it('keeps no absolute paths inside the project file', async () => {
    const s = (await api.projects.current({}))!;
    const db = new Database(s.path, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    let texts = 0;
    for (const t of tables) {
      for (const row of db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) {
        for (const v of Object.values(row)) {
          if (typeof v !== 'string') continue;
          texts++;
          expect(v).not.toContain(dir);
          expect(v).not.toContain(datasetsDir);
        }
      }
    }
    expect(texts).toBeGreaterThan(20);
    db.close();
  });

  it('reopens the project with the same data, settings and scores', async () => {
    const before = (await api.projects.current({}))!;
    await api.projects.close({});
    expect(await api.projects.current({})).toBeNull();
    const recent = await api.projects.recent({});
    expect(recent[0]!.path).toBe(before.path);
    const reopened = await api.projects.open({ path: before.path });
    expect(reopened).toEqual(before);
  });
});
