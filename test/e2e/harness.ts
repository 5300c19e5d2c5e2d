/**
 * Shared e2e harness: starts `modelbench serve` on a free port with its own data folder, launches
 * Debian's Chromium through playwright-core, records page errors, and saves numbered screenshots.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { repoRoot } from '../helpers/paths';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  page: Page;
  url: string;
  port: number;
  tmp: string;
  pageErrors: string[];
  serverLog(): string;
  screenshot(name: string): Promise<void>;
  /** Stops the server (SIGTERM), leaving the browser open. */
  stopServer(): Promise<void>;
  close(): Promise<void>;
  /** The button of a wizard step in the side list ("Columns", "Train"...). */
  stepButton(name: string): Locator;
  /**
   * Creates a project named `name`, imports `file` through the Import step (its preview first,
   * then Import file) and, with `target`, chooses it in the Columns step.
   */
  newProject(name: string, file: string, target?: string): Promise<void>;
}

function startServer(dataDir: string, log: { text: string }): Promise<{ child: ChildProcess; url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/modelbench.mjs', 'serve', '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, MODELBENCH_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => reject(new Error(`The server did not print its address within 60 s.\n${log.text}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log.text += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=[a-f0-9]+)/.exec(log.text);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, port: Number(m[2]) });
      }
    });
    child.stderr!.on('data', (c: Buffer) => { log.text += c.toString(); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (code ${code}) before it was ready.\n${log.text}`));
    });
  });
}

/** Starts a server and a browser page; `shotsDir` is emptied first. */
export async function startHarness(shotsDir: string): Promise<Harness> {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html'))) throw new Error('Build the app first: npm run build (out/renderer is missing).');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  rmSync(shotsDir, { recursive: true, force: true });
  mkdirSync(shotsDir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'modelbench-e2e-'));
  const log = { text: '' };
  const { child, url, port } = await startServer(join(tmp, 'data'), log);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true, locale: 'en-US' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console: ${m.text()} (${m.location().url})`); });
  page.on('response', (r) => { if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()}: ${r.url()}`); });
  let shot = 0;
  const stepButton = (name: string) => page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^\\d?\\s*${name}`) });
  const stopServer = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return {
    page, url, port, tmp, pageErrors,
    serverLog: () => log.text,
    async screenshot(name) {
      shot++;
      // A full-page capture while scrolled would show the sticky header mid-page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    stopServer,
    async close() {
      await browser.close();
      await stopServer();
      rmSync(tmp, { recursive: true, force: true });
    },
    stepButton,
    async newProject(name, file, target) {
      await page.goto(url);
      await page.getByLabel('Project name').fill(name);
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.getByRole('heading', { name: 'Import data' }).waitFor();
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByTestId('import-preview').waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Import file', exact: true }).click();
      await page.getByTestId('dataset-summary').waitFor({ timeout: 300_000 });
      if (target === undefined) return;
      await stepButton('Columns').click();
      await page.getByLabel('Column to predict (target)').selectOption(target);
    },
  };
}
