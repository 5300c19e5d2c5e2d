/**
 * CSV import at scale against pandas (`node bin/run-ts.mjs bench/import.ts [--rows 5000000]`):
 * writes the synthetic file with ../shared/tools/make-synthetic.mjs (5,000,000 rows ≈ 950 MB),
 * then reads it, each in a fresh process, with Modelbench's streaming reader (type inference
 * into the columnar Frame) and, where python3-pandas is installed, with `pandas.read_csv`; prints
 * both times, both peak RSS and the ratios. Target: time ≤ pandas, peak RSS ≤ ½ of pandas'.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../test/helpers/paths';
import { syntheticCsv } from './synthetic';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '5000000' }, child: { type: 'string' } } });

if (values.child) {
  // The measured process: read the file into a Frame, report time and peak memory.
  const { readCsv } = await import('../src/node/readers/csv');
  const t0 = performance.now();
  const r = await readCsv(values.child);
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds, rows: r.frame.rows, columns: r.frame.columns.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
} else {
  const rows = Number(values.rows);
  const csv = syntheticCsv(rows);
  const mb = statSync(csv).size / 1e6;
  console.log(`file: ${rows.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB`);
  const ours = JSON.parse(execFileSync(process.execPath, [join(repoRoot, 'bin/run-ts.mjs'), join(repoRoot, 'bench/import.ts'), '--child', csv], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop()!) as { seconds: number; rows: number; columns: number; maxRssMB: number };
  console.log(`Modelbench reader: ${ours.seconds.toFixed(2)} s (${(mb / ours.seconds).toFixed(1)} MB/s), peak RSS ${ours.maxRssMB.toFixed(0)} MB, ${ours.rows.toLocaleString('en-US')} rows × ${ours.columns} typed columns`);
  const py = [
    'import json, resource, sys, time',
    'import pandas',
    't = time.perf_counter()',
    'df = pandas.read_csv(sys.argv[1])',
    's = time.perf_counter() - t',
    'print(json.dumps({"seconds": s, "rows": len(df), "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "version": pandas.__version__}))',
  ].join('\n');
  const p = spawnSync('/usr/bin/python3', ['-c', py, csv], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (p.status !== 0) {
    console.log(`pandas: not measured (${p.error ? '/usr/bin/python3 is not available' : p.stderr.trim().split('\n').pop()}); install python3-pandas to compare.`);
  } else {
    const pd = JSON.parse(p.stdout.trim().split('\n').pop()!) as { seconds: number; rows: number; maxRssMB: number; version: string };
    console.log(`pandas ${pd.version} read_csv: ${pd.seconds.toFixed(2)} s (${(mb / pd.seconds).toFixed(1)} MB/s), peak RSS ${pd.maxRssMB.toFixed(0)} MB, ${pd.rows.toLocaleString('en-US')} rows`);
    console.log(`ratio (Modelbench / pandas): time ${(ours.seconds / pd.seconds).toFixed(2)}×, peak RSS ${(ours.maxRssMB / pd.maxRssMB).toFixed(2)}× (targets: ≤ 1, ≤ 0.5)`);
  }
}
