/**
 * The project file through the UI: edits are saved at once and can be undone and redone with the
 * header buttons and Ctrl+Z / Ctrl+Shift+Z; a page reload (even of the server's whole session)
 * finds the same state and history; Save As continues in the copy. Screenshots go to
 * test-results/e2e-project/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset, repoRoot } from '../helpers/paths';
import { startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;
const stepButton = (name: string) => page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^\\d?\\s*${name}`) });
const target = () => page.getByLabel('Column to predict (target)');
const undo = () => page.getByTestId('undo');
const redo = () => page.getByTestId('redo');

describe('project edits, undo and redo in browser mode', () => {
  beforeAll(async () => {
    h = await startHarness(join(repoRoot, 'test-results', 'e2e-project'));
    page = h.page;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('makes two edits that are saved at once', async () => {
    await page.goto(h.url);
    await page.getByLabel('Project name').fill('Undo e2e');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.locator('input[type=file]').setInputFiles(dataset('telco_churn.csv'));
    await page.getByRole('button', { name: 'Import file', exact: true }).click();
    await page.getByTestId('dataset-summary').waitFor({ timeout: 60_000 });
    expect(await undo().isDisabled()).toBe(true);
    await stepButton('Columns').click();
    await target().selectOption('churn');
    await expect.poll(() => undo().getAttribute('aria-label')).toBe('Undo: Set target to churn');
    await target().selectOption('contract');
    await expect.poll(() => page.getByTestId('task').innerText()).toMatch(/Three classes|3 classes|classes/);
    await expect.poll(() => undo().getAttribute('aria-label')).toBe('Undo: Set target to contract');
    expect(await page.getByTestId('saved').innerText()).toContain('Saved');
    await h.screenshot('two-edits');
  });

  it('undoes with the button and with Ctrl+Z, and redoes with Ctrl+Shift+Z', async () => {
    await undo().click();
    await expect.poll(() => target().inputValue()).toBe('churn');
    expect(await redo().getAttribute('aria-label')).toBe('Redo: Set target to contract');
    // Keyboard shortcuts apply to the project when no text field has focus.
    await page.locator('h2').first().click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => target().inputValue()).toBe('');
    expect(await undo().isDisabled()).toBe(true);
    await h.screenshot('all-undone');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => target().inputValue()).toBe('churn');
    await redo().click();
    await expect.poll(() => target().inputValue()).toBe('contract');
    await undo().click();
    await expect.poll(() => target().inputValue()).toBe('churn');
    await h.screenshot('undo-redo');
  });

  it('finds the same state and history after reloading the page', async () => {
    await page.reload();
    await page.getByRole('button', { name: /^Open Undo e2e/ }).click();
    await stepButton('Columns').click();
    await expect.poll(() => target().inputValue()).toBe('churn');
    expect(await undo().getAttribute('aria-label')).toBe('Undo: Set target to churn');
    expect(await redo().getAttribute('aria-label')).toBe('Redo: Set target to contract');
    await h.screenshot('after-reload');
  });

  it('saves a copy with Save as… and continues in it', async () => {
    await page.getByRole('button', { name: 'Save as…' }).click();
    const path = page.getByLabel('New project file');
    const copy = join(h.tmp, 'Undo e2e copy.mbproj');
    await path.fill(copy);
    await h.screenshot('save-as');
    await page.getByRole('button', { name: 'Save copy' }).click();
    await expect.poll(() => page.locator('.project-name').getAttribute('title')).toBe(copy);
    expect(existsSync(copy)).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: /^Open Undo e2e/ }).count()).toBe(2);
    expect(await page.getByText(copy).count()).toBeGreaterThan(0);
  });

  it('logged no page errors', () => {
    expect(h.pageErrors).toEqual([]);
  });
});
