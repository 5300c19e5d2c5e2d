/**
 * The vertical slice through the UI in browser mode: create a project, import telco_churn.csv,
 * choose the target, train (5-fold, seed 0), check ROC AUC against BASELINES.md, export ONNX and
 * check the downloaded file with onnxruntime-node, cancel a training run, then reload and reopen
 * the project and find the same data, target, settings and scores. A screenshot of every step
 * goes to test-results/e2e/.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset, repoRoot } from '../helpers/paths';
import { startHarness, type Harness } from './harness';

const shotsDir = join(repoRoot, 'test-results', 'e2e');
/** ROC AUC of logistic regression on telco_churn.csv, 5-fold, from ../shared/datasets/BASELINES.md. */
const BASELINE_AUC = 0.8452;
const PROJECT = 'Telco churn e2e';

let h: Harness;
let page: Page;
let url = '';
let port = 0;
let tmp = '';
let pageErrors: string[] = [];
const screenshot = (name: string) => h.screenshot(name);

/** The step list's button for a step. */
const stepButton = (name: string) => page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^\\d?\\s*${name}`) });

async function readAuc(): Promise<{ text: string; value: number }> {
  const text = (await page.getByTestId('metric-auc').locator('.m-value').innerText()).trim();
  return { text, value: Number.parseFloat(text) };
}

describe('vertical slice in browser mode', () => {
  beforeAll(async () => {
    h = await startHarness(shotsDir);
    ({ page, url, port, tmp, pageErrors } = h);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('refuses requests without the token', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/?token=wrong`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/upload?name=x.csv`, { method: 'POST', body: 'a,b\n1,2\n' })).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/exports/1`)).status).toBe(403);
  });

  it('creates a project from the Start screen', async () => {
    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { name: 'Recent projects' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Projects you create or open will be listed here.').isVisible()).toBe(true);
    await screenshot('start');
    await page.getByLabel('Project name').fill(PROJECT);
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Import data' }).waitFor();
    expect(await page.locator('.project-name').innerText()).toBe(PROJECT);
    expect(await page.getByTestId('saved').innerText()).toContain('Saved');
  });

  it('imports telco_churn.csv and shows it in the grid', async () => {
    await page.locator('input[type=file]').setInputFiles(dataset('telco_churn.csv'));
    await page.getByRole('button', { name: 'Import file', exact: true }).click();
    const summary = page.getByTestId('dataset-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.innerText()).toMatch(/7,043\s+rows × 20\s+columns/);
    const grid = page.getByRole('grid');
    expect(await grid.getAttribute('aria-rowcount')).toBe('7044');
    // First data row loaded: its churn cell says No (the file's first row).
    const firstRow = grid.locator('[role=row][aria-rowindex="2"]');
    await expect.poll(() => firstRow.locator('[role=gridcell]').first().innerText()).toBe('No');
    // Keyboard: Ctrl+End reaches the last row, which is fetched on demand.
    await grid.focus();
    await page.keyboard.press('Control+End');
    const lastRow = grid.locator('[role=row][aria-rowindex="7044"]');
    await lastRow.waitFor();
    await expect.poll(() => lastRow.locator('[role=gridcell]').last().innerText()).not.toBe('Loading');
    // total_charges is missing in the file's data row 489 (aria-rowindex 490): the grid marks it.
    await page.keyboard.press('Control+Home');
    await grid.evaluate((el) => { el.scrollTop = 480 * 32; });
    const gapRow = grid.locator('[role=row][aria-rowindex="490"]');
    await gapRow.waitFor();
    await expect.poll(() => gapRow.locator('[role=gridcell]').last().innerText()).toBe('missing');
    expect(await gapRow.locator('.missing').count()).toBe(1);
    await page.keyboard.press('Control+Home');
    await firstRow.waitFor();
    await screenshot('import');
  });

  it('chooses churn as the target', async () => {
    await stepButton('Columns').click();
    await page.getByRole('heading', { name: 'Columns and target' }).waitFor();
    await page.getByLabel('Column to predict (target)').selectOption('churn');
    await expect.poll(() => page.getByTestId('task').innerText()).toBe('Two classes: predicting No / Yes');
    const row = page.getByRole('row', { name: /^churn / });
    await expect.poll(() => row.innerText()).toContain('Target');
    await screenshot('columns');
  });

  it('trains logistic regression with 5 folds, seed 0', async () => {
    await stepButton('Train').click();
    await page.getByRole('heading', { name: 'Train a model' }).waitFor();
    await page.getByLabel('Folds').fill('5');
    await page.getByLabel('Random seed').fill('0');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText(/Training finished: ROC AUC/).waitFor({ timeout: 120_000 });
    await screenshot('train');
  });

  let auc = { text: '', value: Number.NaN };
  it('shows ROC AUC close to the baseline and how it was validated', async () => {
    await stepButton('Evaluate').click();
    await page.getByRole('heading', { name: 'Evaluate' }).waitFor();
    auc = await readAuc();
    expect(Math.abs(auc.value - BASELINE_AUC)).toBeLessThanOrEqual(0.01);
    expect(await page.getByTestId('validation').innerText()).toContain('stratified 5-fold cross-validation, seed 0, 7,043 rows');
    // One table row per fold plus the all-rows total.
    expect(await page.getByRole('table').getByRole('row').count()).toBe(1 + 5 + 1);
    expect(await page.getByRole('img', { name: /ROC AUC per fold/ }).count()).toBe(1);
    // The held-out predictions' ROC, precision–recall and calibration charts are drawn.
    for (const id of ['curve-roc', 'curve-pr', 'curve-calibration']) await page.getByTestId(id).locator('canvas').waitFor();
    await screenshot('evaluate');
  });

  it('exports ONNX, verified, and the download opens in onnxruntime-node', async () => {
    await stepButton('Export').click();
    await page.getByRole('heading', { name: 'Export' }).waitFor();
    await page.getByRole('button', { name: 'Export ONNX' }).click();
    const check = page.getByTestId('export-check');
    await check.waitFor({ timeout: 120_000 });
    const text = await check.innerText();
    expect(text).toMatch(/Checked with ONNX Runtime on [\d,]+ rows, largest difference/);
    const diff = Number.parseFloat(/largest difference (\S+?)\.?$/.exec(text.trim())![1]!);
    expect(diff).toBeLessThanOrEqual(1e-5);
    await screenshot('export');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download / }).first().click()]);
    const file = join(tmp, 'downloaded.onnx');
    await download.saveAs(file);
    expect(statSync(file).size).toBeGreaterThan(100);
    expect(download.suggestedFilename()).toMatch(/\.onnx$/);
    const session = await ort.InferenceSession.create(file);
    expect(session.inputNames).toEqual(expect.arrayContaining(['contract', 'tenure']));
  });

  it('cancels a training run and stays usable', async () => {
    await stepButton('Train').click();
    // A run long enough to cancel on any machine: 20 folds of a 200-tree random forest.
    await page.getByRole('checkbox', { name: /^Linear/ }).uncheck();
    await page.getByRole('checkbox', { name: /^Random forest/ }).check();
    await page.getByLabel('Folds').fill('20');
    await page.getByRole('button', { name: 'Start training' }).click();
    const cancel = page.getByRole('button', { name: 'Cancel training' });
    await expect.poll(() => cancel.isEnabled(), { timeout: 30_000 }).toBe(true);
    // Live progress: the fold/iteration text and the loss chart update while it runs.
    await page.getByText(/Fold \d+ of 20: iteration \d+/).waitFor({ timeout: 30_000 });
    await screenshot('train-running');
    await cancel.click();
    await page.getByText('Training was cancelled.').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Start training' }).isEnabled()).toBe(true);
    await screenshot('train-cancelled');
    // The results of the finished run are still there.
    await stepButton('Evaluate').click();
    expect((await readAuc()).text).toBe(auc.text);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('reopens the project from the recent list with the same data, target, settings and scores', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Recent projects' }).waitFor();
    const open = page.getByRole('button', { name: `Open ${PROJECT}` });
    await open.waitFor();
    await screenshot('start-recent');
    await open.click();
    await page.getByRole('heading', { name: 'Evaluate' }).waitFor();
    expect((await readAuc()).text).toBe(auc.text);
    await screenshot('reopened-evaluate');

    await stepButton('Import').click();
    expect(await page.getByTestId('dataset-summary').innerText()).toMatch(/7,043\s+rows × 20\s+columns/);
    await stepButton('Columns').click();
    expect(await page.getByLabel('Column to predict (target)').inputValue()).toBe('churn');
    await stepButton('Train').click();
    // The settings of the last start (the cancelled 20-fold run) were saved with the project.
    expect(await page.getByLabel('Folds').inputValue()).toBe('20');
    expect(await page.getByLabel('Random seed').inputValue()).toBe('0');
    await stepButton('Export').click();
    await page.getByTestId('export-check').waitFor();
    await screenshot('reopened-export');
  });

  it('logged no page errors (CSP violations included)', () => {
    expect(pageErrors).toEqual([]);
  });

  it('says so when the connection is lost, and shows failures in a dismissible banner', async () => {
    await h.stopServer();
    await page.getByText('Connection lost — reconnecting.').waitFor({ timeout: 15_000 });
    await stepButton('Train').click();
    await page.getByRole('button', { name: 'Start training' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('not connected');
    await screenshot('connection-lost');
    await alert.getByRole('button', { name: 'Dismiss this message' }).click();
    await expect.poll(() => alert.count()).toBe(0);
  });
});
