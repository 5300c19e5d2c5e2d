/**
 * The neural network end to end in browser mode: train it on pima_diabetes.csv through the UI
 * (the run says which TF.js backend trained it), export it as a TensorFlow.js folder from the
 * Export step, then load that folder in Chromium with tfjs (`tf.loadLayersModel` + the exported
 * `predict.js`, fetched through the app's own download routes) and check its predictions equal
 * the app's (scored through "Score a new file") to 1e-5.
 *
 * tfjs is served to a separate test page by `page.route` under /tfjs-test/ (the app's CSP rightly
 * allows no outside scripts); the export's files come from /exports/<id>/<file>.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset, repoRoot } from '../helpers/paths';
import { startHarness, type Harness } from './harness';

const shotsDir = join(repoRoot, 'test-results', 'e2e-tfjs');
const bundles: Record<string, string> = {
  'tf-core.min.js': join(repoRoot, 'node_modules/@tensorflow/tfjs-core/dist/tf-core.min.js'),
  'tf-backend-cpu.min.js': join(repoRoot, 'node_modules/@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.min.js'),
  'tf-layers.min.js': join(repoRoot, 'node_modules/@tensorflow/tfjs-layers/dist/tf-layers.min.js'),
};

let h: Harness;
let page: Page;
const family = (label: string) => page.getByRole('checkbox', { name: new RegExp(`^${label}`) });

/** 120 rows of pima_diabetes without the target, as a new file to score. */
function newData(): { header: string[]; rows: string[][] } {
  const src = Papa.parse<string[]>(readFileSync(dataset('pima_diabetes.csv'), 'utf8').trim()).data;
  const t = src[0]!.indexOf('diabetes');
  const keep = src[0]!.map((_, j) => j).filter((j) => j !== t);
  return { header: keep.map((j) => src[0]![j]!), rows: src.slice(1, 121).map((r) => keep.map((j) => r[j]!)) };
}

describe('the neural network and its TF.js export in the browser', () => {
  beforeAll(async () => {
    h = await startHarness(shotsDir);
    page = h.page;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('trains a neural network on pima_diabetes and says which backend trained it', async () => {
    await h.newProject('NN e2e', dataset('pima_diabetes.csv'), 'diabetes');
    await h.stepButton('Train').click();
    for (const label of ['Linear', 'Decision tree', 'Random forest', 'Gradient-boosted trees', 'k-nearest neighbours', 'Naive Bayes']) {
      if (await family(label).isChecked()) await family(label).uncheck();
    }
    await family('Neural network').check();
    await page.getByLabel('Folds').fill('3');
    await page.getByRole('button', { name: 'Start training' }).click();
    const results = page.getByTestId('results-table');
    await results.waitFor({ timeout: 300_000 });
    expect(await results.innerText()).toMatch(/CPU \(WebAssembly\)|CPU \(JavaScript\)|GPU/);
    // The per-epoch training and validation losses arrived while it trained: the curve is drawn.
    expect(await page.getByTestId('train-live').innerText()).toContain('Dashed lines are the validation loss');
    await h.screenshot('nn-trained');
  });

  let appRows: Record<string, string>[] = [];
  it('exports the TF.js folder from the Export step, checked before it is saved', async () => {
    await h.stepButton('Export').click();
    await page.getByRole('heading', { name: 'Export' }).waitFor();
    await page.getByRole('button', { name: 'Export for TensorFlow.js' }).click();
    const check = page.getByTestId('tfjs-check');
    await check.waitFor({ timeout: 120_000 });
    expect(await check.innerText()).toMatch(/checked with predict\.js on 768 rows, largest difference/);
    const files = await page.getByTestId('tfjs-result').getByRole('link').allTextContents();
    expect(files).toEqual(['model.json', 'weights.bin', 'pipeline.json', 'modelbench.json', 'predict.js']);
    await h.screenshot('tfjs-export');

    // The app's own predictions for new rows, through "Score a new file".
    const { header, rows } = newData();
    const file = join(h.tmp, 'new patients.csv');
    writeFileSync(file, Papa.unparse([header, ...rows]));
    await page.getByLabel('Choose a file to score').setInputFiles(file);
    await page.getByTestId('predict-report').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('predictions-download').click()]);
    const saved = join(h.tmp, 'predictions.csv');
    await download.saveAs(saved);
    appRows = Papa.parse<Record<string, string>>(readFileSync(saved, 'utf8').trim(), { header: true }).data;
    expect(appRows).toHaveLength(120);
  });

  it('loads the export in Chromium with tfjs + predict.js and gets the app\'s predictions', async () => {
    expect(appRows).toHaveLength(120);
    const href = (await page.getByTestId('tfjs-result').getByRole('link', { name: 'model.json' }).getAttribute('href'))!;
    const base = href.slice(0, href.indexOf('model.json'));
    const { header, rows } = newData();
    const objects = rows.map((r) => Object.fromEntries(header.map((k, j) => [k, r[j] === '' ? null : r[j]!])));
    const test = await page.context().newPage();
    await test.route('**/tfjs-test/**', async (route) => {
      const name = new URL(route.request().url()).pathname.slice('/tfjs-test/'.length);
      if (name === 'index.html') {
        const scripts = Object.keys(bundles).map((b) => `<script src="/tfjs-test/${b}"></script>`).join('');
        return route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><title>tfjs</title>${scripts}` });
      }
      const file = bundles[name];
      return file ? route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) }) : route.fulfill({ status: 404 });
    });
    await test.goto(new URL('/tfjs-test/index.html', h.url).href);
    await test.waitForFunction(() => typeof (window as unknown as { tf?: { loadLayersModel?: unknown } }).tf?.loadLayersModel === 'function');
    // Written as a string: the test runner would rewrite a dynamic import() in a function.
    const script = `(async () => {
      const tf = window.tf;
      await tf.setBackend('cpu');
      // predict.js exactly as the app serves it, imported as a module.
      const source = await (await fetch(${JSON.stringify(base)} + 'predict.js')).text();
      const mod = await import(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      const predictor = await mod.load(tf, new URL(${JSON.stringify(base)}, location.href).href);
      const res = await predictor.predict(${JSON.stringify(objects)});
      return { backend: tf.getBackend(), labels: res.labels, probabilities: res.probabilities, classes: res.classes };
    })()`;
    const out = await test.evaluate(script) as { backend: string; labels: string[]; probabilities: number[][]; classes: string[] };
    await test.close();
    expect(out.backend).toBe('cpu');
    expect(out.classes).toEqual(['neg', 'pos']);
    let worst = 0;
    appRows.forEach((r, i) => {
      expect(out.labels[i], `row ${i}`).toBe(r.prediction);
      worst = Math.max(worst, Math.abs(out.probabilities[i]![0]! - Number(r.probability_neg)), Math.abs(out.probabilities[i]![1]! - Number(r.probability_pos)));
    });
    expect(worst).toBeLessThanOrEqual(1e-5);
    console.log(`TF.js export in Chromium (tfjs cpu backend) vs the app on 120 rows: largest probability difference ${worst.toExponential(2)}`);
    expect(h.pageErrors).toEqual([]);
  });
});
