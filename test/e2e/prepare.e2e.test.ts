/**
 * The Prepare step in browser mode on real data: fine_foods_reviews.csv (free text) and
 * chicago_ridership.csv (dates). Steps are added from a suggestion and from the form, previewed
 * (before/after tables and distributions), reordered, undone, turned off and removed; then a
 * model trains with them. Screenshots go to test-results/e2e-prepare/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset, repoRoot } from '../helpers/paths';
import { startHarness, type Harness } from './harness';

const shotsDir = join(repoRoot, 'test-results', 'e2e-prepare');

let h: Harness;
let page: Page;
let pageErrors: string[] = [];
const steps = () => page.getByTestId('prep-step');
const stepKinds = async () => (await steps().all()).length ? steps().evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))) : [];
const afterHeader = () => page.getByTestId('preview-after').locator('thead th').allTextContents();
const beforeHeader = () => page.getByTestId('preview-before').locator('thead th').allTextContents();

async function newProject(name: string, file: string, target: string): Promise<void> {
  await h.newProject(name, dataset(file), target);
  await page.getByRole('button', { name: 'Next: prepare the features' }).click();
  await page.getByRole('heading', { name: 'Prepare' }).waitFor();
}

/** Clicks a step in the list and waits for its preview. */
async function previewStep(i: number): Promise<void> {
  await steps().nth(i).locator('.step-main').click();
  await page.getByTestId('preview-summary').or(page.getByTestId('preview-error')).waitFor({ timeout: 30_000 });
}

describe('the Prepare step in browser mode', () => {
  beforeAll(async () => {
    h = await startHarness(shotsDir);
    ({ page, pageErrors } = h);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('suggests word counts for the reviews and previews them', async () => {
    await newProject('Reviews', 'fine_foods_reviews.csv', 'score');
    const suggestion = page.getByTestId('suggestions').locator('li', { hasText: 'review is free text' });
    await suggestion.waitFor({ timeout: 30_000 });
    await suggestion.getByRole('button', { name: 'Add' }).click();
    await expect.poll(stepKinds).toEqual(['text.counts']);
    // Adding selects the step and previews it: the text column before, word columns after.
    await page.getByTestId('preview-after').waitFor({ timeout: 30_000 });
    expect(await beforeHeader()).toEqual(['review']);
    const after = await afterHeader();
    expect(after.length).toBeGreaterThan(5);
    expect(after.every((c) => c.startsWith('review:'))).toBe(true);
    expect(await page.getByTestId('preview-summary').innerText()).toMatch(/sample of [\d,]+ of 4,000 rows/);
    await h.screenshot('reviews-word-counts');
  });

  it('adds a step from the form, shows why it fails where it is, and fixes it by moving it up', async () => {
    await page.getByLabel('Step', { exact: true }).selectOption('text.length');
    await page.getByTestId('step-form').getByRole('checkbox', { name: /^review/ }).check();
    await page.getByTestId('step-form').getByRole('checkbox', { name: 'Keep the text column' }).check();
    await page.getByRole('button', { name: 'Add step' }).click();
    await expect.poll(stepKinds).toEqual(['text.counts', 'text.length']);
    // After the word counts the text column is gone, so the length step has nothing to measure.
    await page.getByTestId('preview-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('preview-error').innerText()).toMatch(/no column review at this point/);
    await h.screenshot('reviews-length-error');
    await page.getByRole('button', { name: 'Move Text length up' }).click();
    await expect.poll(stepKinds).toEqual(['text.length', 'text.counts']);
    await previewStep(0);
    await expect.poll(afterHeader).toEqual(['review_chars', 'review_words']);
    const rows = await page.getByTestId('preview-after').locator('tbody tr').count();
    expect(rows).toBe(20);
    await h.screenshot('reviews-length-preview');
  });

  it('undoes the move, turns a step off, removes it, and undoes the removal', async () => {
    await page.getByTestId('undo').click();
    await expect.poll(stepKinds).toEqual(['text.counts', 'text.length']);
    await page.getByTestId('redo').click();
    await expect.poll(stepKinds).toEqual(['text.length', 'text.counts']);
    await steps().nth(1).getByRole('checkbox').uncheck();
    await expect.poll(() => steps().nth(1).getAttribute('class')).toContain('off');
    await page.getByRole('button', { name: 'Remove Word counts (bag of words)' }).click();
    await expect.poll(stepKinds).toEqual(['text.length']);
    await page.getByTestId('undo').click();
    await expect.poll(stepKinds).toEqual(['text.length', 'text.counts']);
    expect(await steps().nth(1).getByRole('checkbox').isChecked()).toBe(false);
    await steps().nth(1).getByRole('checkbox').check();
    await expect.poll(() => steps().nth(1).getByRole('checkbox').isChecked()).toBe(true);
  });

  it('edits the word counts to keep fewer words', async () => {
    await steps().nth(1).getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Most frequent words kept').fill('150');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await previewStep(1);
    await expect.poll(async () => (await afterHeader()).length).toBe(12);
    expect(await page.getByTestId('preview-summary').innerText()).toMatch(/Adds 150 columns/);
    await h.screenshot('reviews-150-words');
  });

  it('trains a model with the text steps inside each fold', async () => {
    await page.getByRole('button', { name: 'Continue to Train' }).click();
    await page.getByRole('heading', { name: 'Train a model' }).waitFor();
    await page.getByRole('button', { name: 'Start training' }).click();
    const results = page.getByTestId('results-table');
    await results.waitFor({ timeout: 180_000 });
    await h.screenshot('reviews-trained');
    expect(pageErrors).toEqual([]);
  });

  it('suggests date parts for chicago_ridership and previews them with distributions', async () => {
    await newProject('Ridership', 'chicago_ridership.csv', 'ridership');
    const suggestion = page.getByTestId('suggestions').locator('li', { hasText: 'date is a date' });
    await suggestion.waitFor({ timeout: 30_000 });
    await suggestion.getByRole('button', { name: 'Add' }).click();
    await page.getByTestId('preview-after').waitFor({ timeout: 30_000 });
    expect(await beforeHeader()).toEqual(['date']);
    expect(await afterHeader()).toEqual(['date_year', 'date_month', 'date_day', 'date_weekday']);
    // The first row of the file is 2001-01-22, a Monday (weekday 0).
    const first = await page.getByTestId('preview-after').locator('tbody tr').first().locator('td').allInnerTexts();
    expect(first).toEqual(['2001', '1', '22', '0']);
    expect(await page.getByTestId('preview').locator('figure').count()).toBeGreaterThanOrEqual(2);
    await h.screenshot('ridership-date-parts');
  });

  it('edits the step to add the quarter, adds a cyclical encoding, reorders it, and removes it', async () => {
    await steps().nth(0).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('group', { name: 'Parts' }).getByRole('checkbox', { name: 'quarter' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(afterHeader).toEqual(['date_year', 'date_quarter', 'date_month', 'date_day', 'date_weekday']);
    await page.getByLabel('Step', { exact: true }).selectOption('date.cyclical');
    await page.getByTestId('step-form').getByRole('checkbox', { name: /^date/ }).check();
    await page.getByRole('button', { name: 'Add step' }).click();
    await expect.poll(stepKinds).toEqual(['date.parts', 'date.cyclical']);
    // date.parts removed the date column, so the cyclical step explains it cannot run there.
    await page.getByTestId('preview-error').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Move Date as a cycle (sin/cos) up' }).click();
    await expect.poll(stepKinds).toEqual(['date.cyclical', 'date.parts']);
    await previewStep(0);
    expect(await afterHeader()).toEqual(['date_month_sin', 'date_month_cos']);
    await h.screenshot('ridership-cyclical');
    await page.getByRole('button', { name: 'Remove Date as a cycle (sin/cos)' }).click();
    await expect.poll(stepKinds).toEqual(['date.parts']);
    expect(pageErrors).toEqual([]);
  });
});
