import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitOnRows, planTraining, predictProba, type FittedModel, type TrainRequest } from '../../core/evaluate/train';
import type { Frame } from '../../core/frame/frame';
import { AppError } from '../../shared/errors';
import { dataset, datasetsDir } from '../../../test/helpers/paths';
import { readCsv } from '../readers/csv';
import { isIdColumn, predictFile } from './score';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mb-predict-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The final model of a training run (no cross-validation: only the fitted model matters here). */
function fit(frame: Frame, req: Omit<TrainRequest, 'folds' | 'seed'>): FittedModel {
  const plan = planTraining(frame, { ...req, folds: 2, seed: 0 });
  const final = fitOnRows(plan, null);
  return {
    formatVersion: 1, model: req.model, task: plan.task, target: req.target, classes: plan.classes, positiveClass: plan.task === 'binary' ? plan.classes[1]! : null,
    pipeline: final.pipeline, estimator: { kind: plan.est.kind, version: plan.est.version, params: plan.params, state: final.state },
  };
}

const readOut = (p: string) => Papa.parse<Record<string, string>>(readFileSync(p, 'utf8').trim(), { header: true }).data;

describe('batch prediction: schema check', () => {
  let telco: Frame;
  let model: FittedModel;
  let header: string[];
  let rows: string[][];
  beforeAll(async () => {
    telco = (await readCsv(dataset('telco_churn.csv'))).frame;
    const features = telco.columns.map((c) => c.name).filter((n) => n !== 'churn');
    model = fit(telco, { target: 'churn', features, model: 'linear' });
    const src = Papa.parse<string[]>(readFileSync(dataset('telco_churn.csv'), 'utf8').trim()).data;
    header = src[0]!;
    rows = src.slice(1, 41).map((r) => [...r]);
  });

  it('stops on a missing column with an error naming the file and the column, and leaves no output', async () => {
    const keep = header.map((_, j) => j).filter((j) => header[j] !== 'tenure');
    const input = join(dir, 'no-tenure.csv');
    writeFileSync(input, Papa.unparse([keep.map((j) => header[j]!), ...rows.map((r) => keep.map((j) => r[j]!))]));
    const out = join(dir, 'no-tenure-pred.csv');
    const err = await predictFile({ model, dataPath: input, outPath: out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('bad-input');
    expect((err as AppError).message).toBe('no-tenure.csv has no column `tenure`, which the model needs. Nothing was scored.');
    expect((err as AppError).details).toMatchObject({ file: 'no-tenure.csv', missingColumns: ['tenure'] });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('warns about a new category, text in a number column and out-of-range numbers, with counts and lines, and still scores every row', async () => {
    const r = rows.map((x) => [...x]);
    const col = (n: string) => header.indexOf(n);
    r[2]![col('contract')] = 'Ten years';
    r[7]![col('contract')] = 'Ten years';
    r[9]![col('contract')] = 'Lifetime';
    r[4]![col('total_charges')] = 'abc';
    r[5]![col('monthly_charges')] = 'twelve';
    r[6]![col('tenure')] = '500';
    r[8]![col('tenure')] = '';
    const input = join(dir, 'odd.csv');
    writeFileSync(input, Papa.unparse([header, ...r]));
    const out = join(dir, 'odd-pred.csv');
    const res = await predictFile({ model, dataPath: input, outPath: out, ranges: new Map([['tenure', { min: 0, max: 72 }]]) });
    const rep = res.report;
    expect(rep.missingColumns).toEqual([]);
    expect(rep.rows).toBe(40);
    expect(rep.scored).toBe(40);
    expect(rep.unscored.count).toBe(0);
    const f = (column: string, code: string) => rep.findings.find((x) => x.column === column && x.code === code);
    // Data row i sits on line i + 2 (line 1 is the header).
    expect(f('contract', 'unseen-category')).toMatchObject({ count: 3, examples: [{ line: 4, value: 'Ten years' }, { line: 9, value: 'Ten years' }, { line: 11, value: 'Lifetime' }], values: [{ value: 'Ten years', count: 2 }, { value: 'Lifetime', count: 1 }] });
    expect(f('total_charges', 'not-a-number')).toMatchObject({ count: 1, examples: [{ line: 6, value: 'abc' }] });
    expect(f('monthly_charges', 'not-a-number')).toMatchObject({ count: 1, examples: [{ line: 7, value: 'twelve' }] });
    expect(f('tenure', 'out-of-range')).toMatchObject({ count: 1, examples: [{ line: 8, value: '500' }], range: { min: 0, max: 72 } });
    expect(f('tenure', 'missing')).toMatchObject({ count: 1, examples: [{ line: 10, value: '' }] });

    const pred = readOut(out);
    expect(pred).toHaveLength(40);
    expect(Object.keys(pred[0]!)).toEqual(['prediction', 'probability_No', 'probability_Yes', 'warnings']);
    expect(pred[2]!.warnings).toBe('contract: unseen category `Ten years`');
    expect(pred[4]!.warnings).toBe('total_charges: `abc` is not a number');
    expect(pred[6]!.warnings).toBe('tenure: 500 is outside the training range 0 to 72');
    expect(pred[8]!.warnings).toBe('tenure: missing');
    expect(pred[0]!.warnings).toBe('');
    // Every row has a prediction; odd values score as the app scores them (unseen/missing/text as missing).
    const frame = (await readCsv(input, { settings: { columnKinds: { total_charges: 'number', monthly_charges: 'number' } } })).frame;
    const proba = predictProba(model, frame);
    pred.forEach((row, i) => {
      expect(row.prediction).toBe(Number(row.probability_Yes) > Number(row.probability_No) ? 'Yes' : 'No');
      expect(Number(row.probability_Yes)).toBe(proba[1]![i]!);
    });
  });

  it('reads TSV and JSON lines the same way as CSV', async () => {
    const csv = join(dir, 'same.csv');
    const tsv = join(dir, 'same.tsv');
    const jsonl = join(dir, 'same.jsonl');
    writeFileSync(csv, Papa.unparse([header, ...rows]));
    writeFileSync(tsv, [header, ...rows].map((r) => r.join('\t')).join('\n'));
    const numeric = new Set(['female', 'senior_citizen', 'partner', 'dependents', 'tenure', 'phone_service', 'paperless_billing', 'monthly_charges', 'total_charges']);
    writeFileSync(jsonl, rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, j) => [h, numeric.has(h) ? (r[j] === '' ? null : Number(r[j])) : r[j]])))).join('\n'));
    const outs = [csv, tsv, jsonl].map((p) => `${p}.pred.csv`);
    for (const [i, p] of [csv, tsv, jsonl].entries()) await predictFile({ model, dataPath: p, outPath: outs[i]! });
    const first = readFileSync(outs[0]!, 'utf8');
    expect(first.split('\r\n')).toHaveLength(42);
    expect(readFileSync(outs[1]!, 'utf8')).toBe(first);
    expect(readFileSync(outs[2]!, 'utf8')).toBe(first);
  });

  it('keeps rows that cannot be scored in place, with the reason, and reports them by line', async () => {
    const lines = [header.join(','), ...rows.slice(0, 3).map((r) => Papa.unparse([r]))];
    lines[2] = lines[2] + ',extra,values';
    const input = join(dir, 'wide.csv');
    writeFileSync(input, lines.join('\n'));
    const res = await predictFile({ model, dataPath: input, outPath: join(dir, 'wide-pred.csv') });
    expect(res.report.unscored).toEqual({ count: 1, examples: [{ line: 3, reason: `not scored: expected ${header.length} values, found ${header.length + 2}` }] });
    const pred = readOut(join(dir, 'wide-pred.csv'));
    expect(pred.map((p) => p.prediction === '')).toEqual([false, true, false]);
  });

  it('copies identifier columns to the output', () => {
    for (const n of ['id', 'ID', 'customer_id', 'customerID', 'Order Id', 'row-id']) expect(isIdColumn(n), n).toBe(true);
    for (const n of ['paid', 'valid', 'idle', 'tenure', 'width']) expect(isIdColumn(n), n).toBe(false);
    expect(isIdColumn('account', new Set(['account']))).toBe(true);
  });
});

describe('batch prediction: streaming', () => {
  it('scores a 200,000-row file in chunks, with output equal to whole-frame predictions, and cancels cleanly', async () => {
    const train = join(dir, 'synthetic-train.csv');
    const big = join(dir, 'synthetic-200k.csv');
    const tool = join(datasetsDir, '../tools/make-synthetic.mjs');
    execFileSync(process.execPath, [tool, '--rows', '5000', '--seed', '7', '--out', train]);
    execFileSync(process.execPath, [tool, '--rows', '200000', '--seed', '8', '--out', big]);
    const tf = (await readCsv(train)).frame;
    const features = ['age', 'income', 'plan', 'region', 'autopay', ...Array.from({ length: 12 }, (_, i) => `score_${i + 1}`)];
    const model = fit(tf, { target: 'churned', features, model: 'linear' });
    const out = join(dir, 'synthetic-pred.csv');
    const progress: number[] = [];
    const res = await predictFile({ model, dataPath: big, outPath: out, identifiers: new Set(['customer_id']), onProgress: (p) => progress.push(p.rows) });
    expect(res.rows).toBe(200_000);
    expect(res.report.idColumns).toEqual(['customer_id']);
    // Rows arrived a piece of the file at a time, not all at the end.
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.filter((r) => r > 0 && r < 200_000).length).toBeGreaterThan(5);

    const frame = (await readCsv(big)).frame;
    const proba = predictProba(model, frame);
    const text = readFileSync(out, 'utf8').split('\r\n');
    expect(text[0]).toBe('customer_id,prediction,probability_no,probability_yes,warnings');
    const check = (i: number) => {
      const cells = Papa.parse<string[]>(text[i + 1]!).data[0]!;
      expect(cells[0]).toBe(frame.cell(i, frame.column('customer_id')));
      expect(Number(cells[2])).toBe(proba[0]![i]!);
      expect(Number(cells[3])).toBe(proba[1]![i]!);
    };
    for (const i of [0, 1, 2, 8191, 8192, 100_000, 199_998, 199_999]) check(i);
    expect(res.report.findings.find((f) => f.column === 'age' && f.code === 'missing')!.count).toBe(countNaN(frame, 'age'));

    // Cancel part-way: the job stops with `cancelled` and no output is left behind.
    const ac = new AbortController();
    const out2 = join(dir, 'cancelled.csv');
    const err = await predictFile({ model, dataPath: big, outPath: out2, signal: ac.signal, onProgress: (p) => { if (p.rows > 20_000) ac.abort(); } }).catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('cancelled');
    expect(existsSync(out2)).toBe(false);
    expect(existsSync(`${out2}.partial`)).toBe(false);
  }, 120_000);
});

function countNaN(frame: Frame, name: string): number {
  const c = frame.column(name);
  let n = 0;
  if ('values' in c) for (const v of c.values) if (Number.isNaN(v)) n++;
  return n;
}
