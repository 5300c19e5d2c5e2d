/**
 * Project file at scale (`node bin/run-ts.mjs bench/project.ts [--rows 1000000]`): imports the
 * synthetic file into a project through the services (job process), then times opening it to its
 * first screen (project state + first page of rows, data left on disk), Save As, the profile with
 * correlations, and reports the file size against the CSV's.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { forkJob } from '../src/node/jobs/fork';
import { createAppServices } from '../src/node/services';
import { median, syntheticCsv } from './synthetic';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
const csv = syntheticCsv(rows);

const dir = mkdtempSync(join(tmpdir(), 'mb-bench-project-'));
const services = createAppServices({ dataDir: dir, spawnJob: forkJob });
try {
  const { impl } = services;
  const created = await impl.projects.create({ name: 'Synthetic' });
  let t0 = performance.now();
  // The services process (what the UI talks to) must stay responsive while a job imports.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let pings = 0;
  const ping = setInterval(() => { void impl.projects.current({}).then(() => { pings++; }); }, 50);
  const { jobId } = await impl.datasets.import({ source: { kind: 'path', path: csv } });
  await services.whenDone(jobId);
  clearInterval(ping);
  lag.disable();
  const importS = (performance.now() - t0) / 1000;
  console.log(`services process during the import: event-loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms; ${pings} state requests answered every 50 ms`);
  await impl.projects.close({});
  const csvMB = statSync(csv).size / 1e6;
  const projMB = statSync(created.path).size / 1e6;
  console.log(`rows ${rows.toLocaleString('en-US')}: CSV ${csvMB.toFixed(1)} MB, import into project ${importS.toFixed(2)} s (${(csvMB / importS).toFixed(1)} MB/s)`);
  console.log(`project file ${projMB.toFixed(1)} MB = ${(projMB / csvMB).toFixed(2)} × the CSV`);

  const open: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    const s = await impl.projects.open({ path: created.path });
    await impl.datasets.rows({ offset: 0, limit: 100 });
    await impl.datasets.rows({ offset: rows - 100, limit: 100 });
    open.push(performance.now() - t0);
    if (s.dataset!.rows !== rows) throw new Error('row count mismatch');
    await impl.projects.close({});
  }
  console.log(`open to first screen (state + first and last page of rows): median ${median(open).toFixed(0)} ms (min ${Math.min(...open).toFixed(0)}, max ${Math.max(...open).toFixed(0)}, ${runs} runs)`);

  const save: number[] = [];
  await impl.projects.open({ path: created.path });
  for (let i = 0; i < runs; i++) {
    const dest = join(dir, `copy-${i}.mbproj`);
    t0 = performance.now();
    await impl.projects.saveAs({ path: dest });
    save.push(performance.now() - t0);
  }
  console.log(`Save As (VACUUM INTO + rename + reopen): median ${median(save).toFixed(0)} ms (min ${Math.min(...save).toFixed(0)}, max ${Math.max(...save).toFixed(0)}, ${runs} runs)`);

  // Profile + correlations of every column, in the job process, with progress.
  await impl.datasets.setTarget({ column: 'churned' });
  let progress = 0;
  const off = services.events.onEvent((e) => { if (e.type === 'job' && e.job.kind === 'profile' && e.job.state === 'running') progress++; });
  t0 = performance.now();
  const { jobId: profileJob } = await impl.datasets.profile({});
  await services.whenDone(profileJob);
  off();
  const profiled = (await impl.projects.current({}))!.dataset!.profile as { columns: unknown[]; correlations?: unknown } | null;
  console.log(`profile + correlations of ${rows.toLocaleString('en-US')} rows × ${profiled?.columns.length ?? 0} columns in the job process: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${progress} progress events, correlations ${profiled?.correlations ? 'computed' : 'missing'}`);
  console.log(`peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (the import ran in a job process)`);
} finally {
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
}
