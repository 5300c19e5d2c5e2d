/**
 * Import settings and the Columns step in browser mode: a semicolon / decimal-comma CSV is
 * detected, previewed, re-read with another decimal mark and imported; then telco_churn.csv's
 * columns are corrected (kind, role, undo), profiled, and the column details, correlation heatmap
 * and missing-values map are shown. Screenshots go to test-results/e2e-columns/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset, repoRoot } from '../helpers/paths';
import { startHarness, type Harness } from './harness';

const shotsDir = join(repoRoot, 'test-results', 'e2e-columns');

let h: Harness;
let page: Page;
let pageErrors: string[] = [];
const screenshot = (name: string) => h.screenshot(name);
const stepButton = (name: string) => page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^\\d?\\s*${name}`) });
/** The kind shown in the preview table's header for column `i`. */
const previewKind = (i: number) => page.getByTestId('import-preview').locator('thead th').nth(i).getByTestId('preview-kind').innerText();

describe('import settings and columns in browser mode', () => {
  beforeAll(async () => {
    h = await startHarness(shotsDir);
    ({ page, pageErrors } = h);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('creates a project', async () => {
    await page.goto(h.url);
    await page.getByLabel('Project name').fill('Columns e2e');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Import data' }).waitFor();
  });

  it('detects a semicolon, decimal-comma CSV and previews it', async () => {
    const lines = ['name;price;when;country'];
    const prices = ['1.234,50', '2,75', '10,00', '3.100,25', '7,5', '0,99', '12,00', '45,10', '8,80', '1.000,00', '5,25', '6,60'];
    prices.forEach((p, i) => lines.push(`${String.fromCharCode(65 + i)};${p};${String(i + 10).padStart(2, '0')}/01/2024;FR`));
    // One row with a value too many: reported as a problem naming its line.
    lines.push('M;9,99;22/01/2024;FR;extra');
    const file = join(h.tmp, 'prices.csv');
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    await page.locator('input[type=file]').setInputFiles(file);
    const settings = page.getByTestId('import-settings');
    await settings.waitFor();
    await page.getByTestId('import-preview').waitFor();
    expect(await page.getByLabel('Delimiter').inputValue()).toBe(';');
    expect(await page.getByLabel('Decimal separator').inputValue()).toBe(',');
    expect(await page.getByLabel('Thousands separator').inputValue()).toBe('.');
    expect(await page.getByLabel('First row names the columns').isChecked()).toBe(true);
    const head = page.getByTestId('import-preview').locator('thead th');
    expect(await head.count()).toBe(4);
    expect(await head.nth(1).innerText()).toContain('price');
    expect(await previewKind(1)).toBe('Number');
    expect(await previewKind(2)).toBe('Date');
    // 1.234,50 reads as 1234.5.
    expect(await page.getByTestId('import-preview').locator('tbody tr').first().locator('td').nth(1).innerText()).toBe('1234.5');
    await screenshot('import-settings');
  });

  it('re-reads the preview when the decimal setting changes', async () => {
    await page.getByLabel('Decimal separator').selectOption('.');
    await expect.poll(() => previewKind(1)).toBe('Category');
    expect(await page.getByLabel('Decimal separator').inputValue()).toBe('.');
    await screenshot('import-settings-decimal-point');
    await page.getByLabel('Decimal separator').selectOption(',');
    await expect.poll(() => previewKind(1)).toBe('Number');
  });

  it('imports with the chosen settings', async () => {
    await page.getByRole('button', { name: 'Import file', exact: true }).click();
    const summary = page.getByTestId('dataset-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.innerText()).toMatch(/12\s+rows × 4\s+columns/);
    const problems = page.getByTestId('import-problems');
    // The problem names its line in the file.
    expect(await problems.innerText()).toMatch(/^1 problem while reading the file:\s+line \d+: expected 4 values, found 5; the row is left out/);
    const grid = page.getByRole('grid');
    const firstRow = grid.locator('[role=row][aria-rowindex="2"]');
    await expect.poll(() => firstRow.locator('[role=gridcell]').nth(1).innerText()).toBe('1234.5');
    expect(await grid.locator('[role=columnheader]').nth(2).innerText()).toContain('Number');
    await screenshot('imported-prices');
  });

  it('profiles the small file and words its warnings', async () => {
    await stepButton('Columns').click();
    await page.getByRole('button', { name: 'Profile the data' }).click();
    await page.getByTestId('profile-status').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Details of country' }).click();
    const details = page.getByTestId('column-details');
    expect(await details.getByTestId('column-warning').allInnerTexts()).toContain('Every row has the same value, so it cannot help.');
    expect(await details.getByTestId('top-values').innerText()).toMatch(/FR\s+12/);
    await screenshot('prices-constant-warning');
    await stepButton('Import').click();
  });

  it('imports telco_churn.csv and corrects columns, undoably', async () => {
    await page.locator('input[type=file]').setInputFiles(dataset('telco_churn.csv'));
    await page.getByRole('button', { name: 'Import file', exact: true }).click();
    await expect.poll(() => page.getByTestId('dataset-summary').innerText(), { timeout: 60_000 }).toMatch(/7,043\s+rows × 20\s+columns/);
    await stepButton('Columns').click();
    await page.getByRole('heading', { name: 'Columns and target' }).waitFor();
    await page.getByLabel('Column to predict (target)').selectOption('churn');
    await expect.poll(() => page.getByTestId('task').innerText()).toBe('Two classes: predicting No / Yes');

    const kind = page.getByLabel('Kind of senior_citizen', { exact: true });
    const inferred = await kind.inputValue();
    expect(inferred).not.toBe('category');
    await kind.selectOption('category');
    const seniorRow = page.getByRole('row', { name: /^senior_citizen / });
    await expect.poll(() => seniorRow.getByTestId('inferred').innerText()).toMatch(/^inferred: /);
    expect(await kind.inputValue()).toBe('category');

    const ignore = page.getByRole('button', { name: 'Ignore total_charges' });
    await ignore.click();
    await expect.poll(() => ignore.getAttribute('aria-pressed')).toBe('true');
    await screenshot('columns-corrected');

    // Undo the last edit: total_charges is used again, senior_citizen stays a category.
    await page.getByTestId('undo').click();
    await expect.poll(() => ignore.getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByRole('button', { name: 'Use total_charges' }).getAttribute('aria-pressed')).toBe('true');
    expect(await kind.inputValue()).toBe('category');
  });

  it('profiles the data and shows a column\'s details', async () => {
    await page.getByRole('button', { name: 'Profile the data' }).click();
    await page.getByTestId('profile-status').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('profile-status').innerText()).toContain('Profiled 7,043 rows × 20 columns');

    await page.getByRole('button', { name: 'Details of tenure' }).click();
    const details = page.getByTestId('column-details');
    await details.waitFor();
    expect(await details.getByRole('img', { name: /Histogram of tenure/ }).count()).toBe(1);
    expect(await details.getByTestId('quantiles').innerText()).toContain('Median');
    expect(await details.getByTestId('outliers').innerText()).toMatch(/Outliers:/);
    // telco_churn.csv is clean: no warning for tenure, and the details say so.
    expect(await details.getByTestId('column-warning').count()).toBe(0);
    expect(await details.innerText()).toContain('No data-quality warnings for this column.');
    // phone_service has a warning, in words.
    await page.getByRole('button', { name: 'Details of phone_service' }).click();
    const phone = page.locator('tr.details-row', { has: page.getByRole('img', { name: /phone_service/ }) }).getByTestId('column-warning');
    await phone.first().waitFor();
    const sentence = await phone.first().innerText();
    expect(sentence).toMatch(/^[A-Z0-9].*[.)]$/);
    expect(sentence).not.toMatch(/Check this column \(/);
    await screenshot('column-details');
  });

  it('shows the association heatmap and the missing-values map', async () => {
    const heatmap = page.getByTestId('heatmap');
    await heatmap.scrollIntoViewIfNeeded();
    expect(await heatmap.locator('.cell').count()).toBeGreaterThan(100);
    await heatmap.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('heatmap-readout').innerText()).toMatch(/ × .*: -?\d\.\d\d/);
    expect(await page.getByTestId('heatmap-table').count()).toBe(1);
    const missing = page.getByTestId('missing-map');
    expect(await missing.innerText()).toContain('total_charges');
    await screenshot('heatmap-missing-map');
  });

  it('shows kinds and mini histograms in the grid header', async () => {
    await stepButton('Import').click();
    const grid = page.getByRole('grid');
    await grid.waitFor();
    expect(await grid.locator('[role=columnheader] svg.spark').count()).toBeGreaterThan(5);
    expect(await grid.locator('[role=columnheader]').nth(3).innerText()).toContain('Category');
    await screenshot('grid-header');
  });

  it('sorts the grid by a column and filters its rows, showing each row\'s number in the file', async () => {
    const grid = page.getByRole('grid');
    const header = (name: string) => grid.locator('[role=columnheader]', { hasText: name }).first();
    const cellsOf = async (col: number) => grid.locator('.body [role=row]').evaluateAll((rows, c) => rows.map((r) => (r.children[c] as HTMLElement).innerText), col);
    await grid.getByRole('button', { name: 'Sort by tenure' }).click();
    await expect.poll(() => header('tenure').getAttribute('aria-sort')).toBe('ascending');
    const tenureCol = (await grid.locator('[role=columnheader]').allTextContents()).findIndex((t) => t.includes('tenure'));
    await expect.poll(async () => (await cellsOf(tenureCol)).slice(0, 3)).toEqual(['0', '0', '0']);
    await grid.getByRole('button', { name: 'Sort by tenure' }).click();
    await expect.poll(() => header('tenure').getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await cellsOf(tenureCol))[0]).toBe('72');
    await page.getByLabel('Filter column').selectOption('contract');
    await page.getByLabel('Condition').selectOption('eq');
    await page.getByLabel('Value').fill('Month-to-month');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(() => page.getByTestId('grid-status').innerText()).toBe('3,875 of 7,043 rows match, sorted by tenure (largest first)');
    const contractCol = (await grid.locator('[role=columnheader]').allTextContents()).findIndex((t) => t.includes('contract'));
    await expect.poll(async () => new Set(await cellsOf(contractCol))).toEqual(new Set(['Month-to-month']));
    // Row numbers are the rows' places in the file, not 1, 2, 3.
    const numbers = (await cellsOf(0)).slice(0, 5);
    expect(numbers).not.toEqual(['1', '2', '3', '4', '5']);
    await screenshot('grid-sorted-filtered');
    await page.getByRole('button', { name: 'Clear filter' }).click();
    await expect.poll(() => page.getByTestId('grid-status').innerText()).toBe('7,043 rows, sorted by tenure (largest first)');
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
