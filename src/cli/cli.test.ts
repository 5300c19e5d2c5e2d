import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli';
import { dataset } from '../../test/helpers/paths';

let dir: string;
const run = (...args: string[]) => runCli(dir, ...args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('modelbench CLI', () => {
  it('train --json prints exactly one JSON object with the contract fields, progress on stderr', () => {
    const r = run('train', dataset('telco_churn.csv'), '--target', 'churn', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(out).toMatchObject({ task: 'binary', target: 'churn', rows: 7043 });
    expect(out.models).toHaveLength(1);
    expect(out.models[0].model).toBe('linear');
    expect(Math.abs(out.models[0].metrics.auc - 0.8452)).toBeLessThan(0.01);
    expect(out.models[0].metrics.accuracy).toBeGreaterThan(0.79);
    expect(out.models[0].fit_seconds).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/train: \d+%/);
  });

  it('train --holdout scores one stratified split', () => {
    const r = run('train', dataset('telco_churn.csv'), '--target', 'churn', '--holdout', '0.25', '--seed', '3', '--json', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.validation).toEqual({ kind: 'holdout', fraction: 0.25, seed: 3 });
    expect(out.models[0].fold_metrics).toHaveLength(1);
    expect(out.models[0].metrics.auc).toBeGreaterThan(0.8);
  });

  it('train --out, then predict and export from the project', async () => {
    const project = join(dir, 'churn.mbproj');
    expect(run('train', dataset('telco_churn.csv'), '--target', 'churn', '--out', project, '--json', '--quiet').code).toBe(0);
    expect(existsSync(project)).toBe(true);

    // New data: a few rows, one with blanks and one with a category never seen in training.
    const src = Papa.parse<string[]>(readFileSync(dataset('telco_churn.csv'), 'utf8').trim()).data;
    const header = src[0]!;
    const rows = src.slice(1, 6).map((r) => [...r]);
    rows[1]![header.indexOf('total_charges')] = '';
    rows[2]![header.indexOf('contract')] = 'Ten years';
    const input = join(dir, 'new.csv');
    writeFileSync(input, Papa.unparse([header, ...rows]));
    const out = join(dir, 'pred.csv');
    const p = run('predict', project, input, '--out', out);
    expect(p.code, p.stderr).toBe(0);
    const pred = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8').trim(), { header: true }).data;
    expect(pred).toHaveLength(5);
    expect(Object.keys(pred[0]!)).toEqual(['prediction', 'probability_No', 'probability_Yes', 'warnings']);
    expect(pred[2]!.warnings).toBe('contract: unseen category `Ten years`');
    expect(p.stdout).toMatch(/contract: 1 value is a category the model never saw \(Ten years ×1; first at line 4\)/);
    expect(p.stdout).toMatch(/Wrote 5 predictions to /);
    for (const row of pred) {
      expect(Number(row.probability_No) + Number(row.probability_Yes)).toBeCloseTo(1, 12);
      expect(row.prediction).toBe(Number(row.probability_Yes) > 0.5 ? 'Yes' : 'No');
    }

    const onnx = join(dir, 'churn.onnx');
    const e = run('export', project, '--onnx', onnx, '--json');
    expect(e.code, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).max_abs_diff).toBeLessThanOrEqual(1e-5);
    // The exported file scores the new rows like `predict` did (raw columns in).
    const session = await ort.InferenceSession.create(readFileSync(onnx));
    const meta = JSON.parse(JSON.stringify(session.inputNames));
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of meta as string[]) {
      const j = header.indexOf(name);
      const numeric = ['female', 'senior_citizen', 'partner', 'dependents', 'tenure', 'phone_service', 'paperless_billing', 'monthly_charges', 'total_charges'].includes(name);
      feeds[name] = numeric
        ? new ort.Tensor('float64', Float64Array.from(rows, (r) => (r[j] === '' ? NaN : Number(r[j]))), [rows.length, 1])
        : new ort.Tensor('string', rows.map((r) => r[j]!), [rows.length, 1]);
    }
    const res = await session.run(feeds);
    const probs = res.probabilities!.data as Float32Array;
    pred.forEach((row, i) => expect(Math.abs(probs[i * 2 + 1]! - Number(row.probability_Yes))).toBeLessThan(1e-5));
  });

  it('profile --json describes every column', () => {
    const r = run('profile', dataset('penguins.csv'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows).toBe(344);
    const species = out.columns.find((c: { name: string }) => c.name === 'species');
    expect(species.kind).toBe('category');
    expect(species.top[0]).toEqual({ value: 'Adelie', count: 152 });
  });

  it('bad usage exits 2 with one line and no stack trace', () => {
    for (const args of [['train'], ['train', 'x.csv', '--cv', 'abc', '--target', 'y'], ['frobnicate'], ['train', 'a.csv', '--bogus']]) {
      const r = run(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^modelbench: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
  });

  it('a missing target column exits 2 naming the column', () => {
    const r = run('train', dataset('telco_churn.csv'), '--target', 'nope', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
  });

  it('damaged, foreign and newer project files exit 2 with a plain reason', () => {
    const project = join(dir, 'churn.mbproj');
    const damaged = join(dir, 'damaged.mbproj');
    const bytes = readFileSync(project);
    writeFileSync(damaged, bytes.subarray(0, 50));
    let r = run('export', damaged, '--onnx', join(dir, 'x.onnx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a Modelbench project|damaged/);

    const foreign = join(dir, 'foreign.mbproj');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    r = run('export', foreign, '--onnx', join(dir, 'x.onnx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('another application');

    const newer = join(dir, 'newer.mbproj');
    copyFileSync(project, newer);
    const db2 = new Database(newer);
    db2.pragma('user_version = 999');
    db2.close();
    r = run('export', newer, '--onnx', join(dir, 'x.onnx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('newer Modelbench');
    expect(existsSync(join(dir, 'x.onnx'))).toBe(false);
  });
});

describe('reproducibility', () => {
  it('train → save → reopen in a new process → retrain gives identical predictions', () => {
    const project = join(dir, 'repro.mbproj');
    expect(run('train', dataset('telco_churn.csv'), '--target', 'churn', '--seed', '3', '--out', project, '--json', '--quiet').code).toBe(0);
    // A second process opens the saved project and trains again with the same seed (run 2).
    const again = run('train', project, '--seed', '3', '--json', '--quiet');
    expect(again.code, again.stderr).toBe(0);
    const a = join(dir, 'repro-1.csv');
    const b = join(dir, 'repro-2.csv');
    expect(run('predict', project, dataset('telco_churn.csv'), '--out', a, '--run', '1').code).toBe(0);
    expect(run('predict', project, dataset('telco_churn.csv'), '--out', b, '--run', '2').code).toBe(0);
    const pa = readFileSync(a, 'utf8');
    expect(pa.split('\r\n').length).toBeGreaterThan(7000);
    expect(readFileSync(b, 'utf8')).toBe(pa);
    // A project can stand in for a data file: its own data scores the same.
    const c = join(dir, 'repro-from-project.csv');
    expect(run('predict', project, project, '--out', c, '--run', '1').code).toBe(0);
    expect(readFileSync(c, 'utf8')).toBe(pa);
    const db = new Database(project, { readonly: true });
    const models = db.prepare('SELECT fitted FROM models ORDER BY run_id').all() as { fitted: string }[];
    const metrics = db.prepare('SELECT metrics FROM runs ORDER BY id').all() as { metrics: string }[];
    db.close();
    expect(models).toHaveLength(2);
    expect(models[1]!.fitted).toBe(models[0]!.fitted);
    expect(metrics[1]!.metrics).toBe(metrics[0]!.metrics);
  });
});
