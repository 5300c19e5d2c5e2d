/**
 * Prepare-step preview at scale (`node bin/run-ts.mjs bench/prepare.ts [--rows 1000000]`):
 * imports the synthetic file into a project, adds steps, and times the preview of each through
 * the services — a (warm, already started) job process, as in the app, that reads a few storage chunks, fits the steps on a 5,000-row
 * sample and returns before/after tables and distributions. Target: within a second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { forkJob } from '../src/node/jobs/fork';
import { createAppServices } from '../src/node/services';
import { median, syntheticCsv } from './synthetic';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
const csv = syntheticCsv(rows);

const dir = mkdtempSync(join(tmpdir(), 'mb-bench-prepare-'));
const services = createAppServices({ dataDir: dir, spawnJob: forkJob, warmJobs: true });
try {
  const { impl } = services;
  await impl.projects.create({ name: 'Synthetic' });
  const { jobId } = await impl.datasets.import({ source: { kind: 'path', path: csv } });
  await services.whenDone(jobId);
  await impl.datasets.setTarget({ column: 'churned' });
  const catalog = new Set((await impl.pipeline.catalog({})).map((c) => c.kind));
  const wanted: [string, string[], Record<string, unknown>][] = [
    ['impute.median', ['income'], {}],
    ['scale.log1p', ['income'], {}],
    ['encode.target', ['device_model'], {}],
    ['date.parts', ['signup_date'], {}],
    ['text.counts', ['last_note'], {}],
  ];
  for (const [kind, columns, params] of wanted) {
    if (!catalog.has(kind)) { console.log(`${kind}: not available in this build, skipped`); continue; }
    const state = await impl.pipeline.add({ kind, columns, params: params as never });
    const id = state.prepare.at(-1)!.id;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const { jobId: pj } = await impl.pipeline.preview({ id, sampleRows: 5000 });
      await services.whenDone(pj);
      times.push(performance.now() - t0);
    }
    console.log(`preview ${kind} on ${rows.toLocaleString('en-US')} rows (step ${state.prepare.length}): median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, ${runs} runs)`);
  }
} finally {
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
}
