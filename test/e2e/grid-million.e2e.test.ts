/**
 * A million rows in browser mode: the synthetic file (1,000,000 rows, about 190 MB, from
 * ../shared/tools/make-synthetic.mjs) is uploaded and imported with progress, and the virtual
 * grid reaches any row: its last row by keyboard, the middle by scrolling, with cells loaded
 * from the project a page at a time. Frame times while scrolling are printed (speed targets live
 * in benchmarks, not in tests). Screenshots go to test-results/e2e-grid/.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetsDir, repoRoot } from '../helpers/paths';
import { startHarness, type Harness } from './harness';

const shotsDir = join(repoRoot, 'test-results', 'e2e-grid');
const ROWS = 1_000_000;

let h: Harness;
let page: Page;

describe('a million-row table in the grid', () => {
  beforeAll(async () => {
    h = await startHarness(shotsDir);
    page = h.page;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('imports the 1,000,000-row synthetic file through the Import step', async () => {
    const file = join(h.tmp, 'synthetic-1m.csv');
    execFileSync(process.execPath, [join(datasetsDir, '../tools/make-synthetic.mjs'), '--rows', String(ROWS), '--out', file]);
    await h.newProject('Million', file);
    expect(await page.getByTestId('dataset-summary').innerText()).toMatch(/1,000,000\s+rows × 22\s+columns/);
  }, 420_000);

  it('reaches the last row by keyboard and the middle by scrolling, loading cells as it goes', async () => {
    const grid = page.getByRole('grid');
    await grid.focus();
    await page.keyboard.press('Control+End');
    const rowNumbers = () => grid.locator('.body [role=row] [role=rowheader]').allInnerTexts();
    await expect.poll(async () => (await rowNumbers()).includes('1,000,000'), { timeout: 20_000 }).toBe(true);
    // The last row's customer id is the file's last one (ids count from C000000000).
    const lastRow = grid.locator('.body [role=row]', { has: page.locator('[role=rowheader]', { hasText: /^1,000,000$/ }) });
    await expect.poll(() => lastRow.locator('[role=gridcell]').first().innerText(), { timeout: 20_000 }).toBe('C000999999');
    await h.screenshot('last-row');

    // Scroll through the middle in steps, timing frames in the page while it scrolls.
    const frames = await page.evaluate(async () => {
      const el = document.querySelector('[role=grid]') as HTMLElement;
      const times: number[] = [];
      let last = performance.now();
      const max = el.scrollHeight - el.clientHeight;
      for (let i = 0; i <= 60; i++) {
        el.scrollTop = (max * i) / 120 + max / 4;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      times.sort((a, b) => a - b);
      return { median: times[times.length >> 1]!, p95: times[Math.floor(times.length * 0.95)]!, max: times[times.length - 1]! };
    });
    console.log(`grid scroll over 1,000,000 rows, 61 jumps: frame time median ${frames.median.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms`);
    // Wherever it stopped, the visible rows load (no row stays "Loading").
    await expect.poll(() => grid.locator('.body .loading').count(), { timeout: 20_000 }).toBe(0);
    const shown = (await rowNumbers()).map((t) => Number(t.replace(/,/g, '')));
    expect(Math.min(...shown)).toBeGreaterThan(400_000);
    expect(Math.max(...shown)).toBeLessThan(800_000);
    await h.screenshot('middle');
    expect(h.pageErrors).toEqual([]);
  });
});
