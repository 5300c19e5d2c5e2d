/**
 * Batch prediction and the exported model in a browser: train on telco_churn.csv, export ONNX,
 * score a new file through the Export step (schema report, download), and run the exported file
 * in the browser with onnxruntime-web (WASM), whose predictions must equal the app's to 1e-5.
 *
 * onnxruntime-web is a test-only dependency: its files are served by `page.route` under
 * /ort-test/ to a separate test page (the app's CSP rightly does not allow WebAssembly), which
 * fetches the export through the app's own download route.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset, repoRoot } from '../helpers/paths';
import { startHarness, type Harness } from './harness';

const shotsDir = join(repoRoot, 'test-results', 'e2e-predict');
const ortDir = join(repoRoot, 'node_modules', 'onnxruntime-web', 'dist');
const NUMERIC = ['female', 'senior_citizen', 'partner', 'dependents', 'tenure', 'phone_service', 'paperless_billing', 'monthly_charges', 'total_charges'];

let h: Harness;
let page: Page;
const stepButton = (name: string) => h.stepButton(name);

/** New data: 300 rows of telco with two new categories, text in a number column and a missing value. */
function newData(): { header: string[]; rows: string[][] } {
  const src = Papa.parse<string[]>(readFileSync(dataset('telco_churn.csv'), 'utf8').trim()).data;
  const header = src[0]!;
  const rows = src.slice(1, 301).map((r) => [...r]);
  const col = (n: string) => header.indexOf(n);
  rows[3]![col('contract')] = 'Ten years';
  rows[10]![col('contract')] = 'Ten years';
  rows[20]![col('payment_method')] = 'Cash';
  rows[5]![col('monthly_charges')] = 'abc';
  rows[6]![col('tenure')] = '';
  return { header, rows };
}

describe('batch prediction and ONNX in the browser', () => {
  beforeAll(async () => {
    h = await startHarness(shotsDir);
    page = h.page;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('trains logistic regression on telco_churn and exports ONNX with usage snippets', async () => {
    await h.newProject('Predict e2e', dataset('telco_churn.csv'), 'churn');
    await expect.poll(() => page.getByTestId('task').innerText()).toBe('Two classes: predicting No / Yes');
    await stepButton('Train').click();
    await page.getByLabel('Folds').fill('3');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText(/Training finished: ROC AUC/).waitFor({ timeout: 120_000 });
    await stepButton('Export').click();
    await page.getByRole('heading', { name: 'Export' }).waitFor();
    await page.getByRole('button', { name: 'Export ONNX' }).click();
    await page.getByTestId('export-check').waitFor({ timeout: 120_000 });

    // "How to use this file": real input names and types in each language.
    const snippet = page.getByTestId('snippet');
    await snippet.waitFor();
    const py = await snippet.innerText();
    expect(py).toContain('for name in ["female", "senior_citizen", "partner", "dependents", "tenure", "phone_service", "paperless_billing", "monthly_charges", "total_charges"]:  # numbers: float64');
    expect(py).toMatch(/session = ort\.InferenceSession\("Predict e2e - run 1\.onnx"\)/);
    expect(py).toContain('classes = ["No", "Yes"]');
    await page.getByRole('tab', { name: 'C#' }).click();
    expect(await snippet.innerText()).toContain('NamedOnnxValue.CreateFromTensor("contract", new DenseTensor<string>(new string[] { "Month-to-month" }, new[] { n, 1 })),');
    await page.getByRole('tab', { name: 'JavaScript' }).click();
    expect(await snippet.innerText()).toContain(`"tenure": new ort.Tensor('float64', Float64Array.from([0]), [n, 1]),`);
    await h.screenshot('export-usage');
  });

  it('refuses a file without a needed column, naming it', async () => {
    const { header, rows } = newData();
    const keep = header.map((_, j) => j).filter((j) => header[j] !== 'tenure');
    const file = join(h.tmp, 'no-tenure.csv');
    writeFileSync(file, Papa.unparse([keep.map((j) => header[j]!), ...rows.map((r) => keep.map((j) => r[j]!))]));
    await page.getByLabel('Choose a file to score').setInputFiles(file);
    const err = page.getByTestId('score-error');
    await err.waitFor({ timeout: 60_000 });
    const text = await err.innerText();
    expect(text).toContain('no-tenure.csv could not be scored.');
    expect(text).toContain('no-tenure.csv has no column `tenure`, which the model needs.');
    expect(text).toMatch(/The model needs this column, named exactly so:\s*tenure/);
    // Said in the step, not as an error banner as well.
    expect(await page.getByRole('alert').count()).toBe(1);
    await h.screenshot('score-missing-column');
  });

  let appRows: Record<string, string>[] = [];
  it('scores a new file through the Export step: warnings with counts, predictions for every row, download', async () => {
    const { header, rows } = newData();
    const file = join(h.tmp, 'new customers.csv');
    writeFileSync(file, Papa.unparse([header, ...rows]));
    await page.getByLabel('Choose a file to score').setInputFiles(file);
    const report = page.getByTestId('predict-report');
    await report.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('predict-summary').innerText()).toMatch(/^300 rows scored from new customers\.csv in /);
    const count = async (column: string, code: string) => page.locator(`tr[data-column="${column}"][data-code="${code}"]`).getByTestId('finding-count').innerText();
    expect(await count('contract', 'unseen-category')).toBe('2');
    expect(await count('payment_method', 'unseen-category')).toBe('1');
    expect(await count('monthly_charges', 'not-a-number')).toBe('1');
    expect(await count('tenure', 'missing')).toBe('1');
    expect(await page.locator('tr[data-column="contract"]').innerText()).toContain('Ten years (2)');
    expect(await page.locator('tr[data-column="monthly_charges"]').innerText()).toContain('line 7: abc');
    await h.screenshot('score-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('predictions-download').click()]);
    expect(download.suggestedFilename()).toBe('new customers - predictions run 1.csv');
    const saved = join(h.tmp, 'predictions.csv');
    await download.saveAs(saved);
    appRows = Papa.parse<Record<string, string>>(readFileSync(saved, 'utf8').trim(), { header: true }).data;
    expect(appRows).toHaveLength(300);
    expect(Object.keys(appRows[0]!)).toEqual(['prediction', 'probability_No', 'probability_Yes', 'warnings']);
    expect(appRows[3]!.warnings).toBe('contract: unseen category `Ten years`');
    expect(appRows[5]!.warnings).toBe('monthly_charges: `abc` is not a number');
    for (const r of appRows) expect(r.prediction).toMatch(/^(Yes|No)$/);
    expect(h.pageErrors).toEqual([]);
  });

  it('runs the exported file in the browser with onnxruntime-web and gets the app\'s predictions', async () => {
    expect(appRows).toHaveLength(300);
    const { header, rows } = newData();
    const feeds: Record<string, { type: 'float64' | 'string'; data: (number | string | null)[] }> = {};
    for (const [j, name] of header.entries()) {
      if (name === 'churn') continue;
      feeds[name] = NUMERIC.includes(name)
        ? { type: 'float64', data: rows.map((r) => { const v = r[j]!.trim() === '' ? Number.NaN : Number(r[j]); return Number.isNaN(v) ? null : v; }) }
        : { type: 'string', data: rows.map((r) => r[j]!) };
    }
    const ctx = page.context();
    const test = await ctx.newPage();
    await test.route('**/ort-test/**', async (route) => {
      const name = new URL(route.request().url()).pathname.slice('/ort-test/'.length);
      if (name === 'index.html') {
        return route.fulfill({
          status: 200, contentType: 'text/html',
          body: "<!doctype html><title>ort</title><script type=module>import * as ort from '/ort-test/ort.wasm.min.mjs'; window.ort = ort;</script>",
        });
      }
      if (!/^[\w.-]+$/.test(name)) return route.fulfill({ status: 404 });
      const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      return route.fulfill({ status: 200, contentType: type, body: readFileSync(join(ortDir, name)) });
    });
    await test.goto(new URL('/ort-test/index.html', h.url).href);
    await test.waitForFunction(() => 'ort' in window);
    const exportId = Number(/\/exports\/(\d+)/.exec((await page.getByRole('link', { name: /^Download .*\.onnx$/ }).first().getAttribute('href'))!)![1]);
    const token = new URL(h.url).searchParams.get('token')!;
    const out = await test.evaluate(async ({ feeds, exportId, token }) => {
      const ort = (window as unknown as { ort: typeof import('onnxruntime-web') }).ort;
      ort.env.wasm.wasmPaths = '/ort-test/';
      ort.env.wasm.numThreads = 1;
      // The export exactly as the app serves it for download.
      const bytes = new Uint8Array(await (await fetch(`/exports/${exportId}?token=${token}`)).arrayBuffer());
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      const input: Record<string, InstanceType<typeof ort.Tensor>> = {};
      for (const name of session.inputNames) {
        const f = feeds[name]!;
        input[name] = f.type === 'float64'
          ? new ort.Tensor('float64', Float64Array.from(f.data, (v) => (v === null ? Number.NaN : Number(v))), [f.data.length, 1])
          : new ort.Tensor('string', f.data.map(String), [f.data.length, 1]);
      }
      const res = await session.run(input);
      return { inputs: session.inputNames, labels: Array.from(res.label!.data as string[]), probs: Array.from(res.probabilities!.data as Float32Array) };
    }, { feeds, exportId, token });
    await test.close();
    expect(out.inputs).toHaveLength(19);
    expect(out.labels).toHaveLength(300);
    let worst = 0;
    appRows.forEach((r, i) => {
      expect(out.labels[i], `row ${i}`).toBe(r.prediction);
      worst = Math.max(worst, Math.abs(out.probs[i * 2]! - Number(r.probability_No)), Math.abs(out.probs[i * 2 + 1]! - Number(r.probability_Yes)));
    });
    expect(worst).toBeLessThanOrEqual(1e-5);
    console.log(`onnxruntime-web in Chromium vs the app on 300 rows: largest probability difference ${worst.toExponential(2)}`);
  });
});
