/**
 * `npm run bench`: times the vertical slice's stages and prints medians (never gates CI).
 *   import  — streaming CSV → columnar Frame (telco_churn, and a synthetic file of --rows rows)
 *   train   — pipeline + L2 logistic regression, stratified 5-fold CV + final fit (telco_churn)
 *   export  — ONNX build + onnxruntime-node verification on every row (telco_churn)
 * Also prints peak RSS. Options: --rows N (synthetic size, default 200000), --runs N (default 5).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { trainWithCV } from '../src/core/evaluate/train';
import { modelToOnnx } from '../src/core/export/model-onnx';
import { isDefaultFeature } from '../src/core/steps/pipeline';
import { verifyOnnx } from '../src/node/onnx/verify';
import { readCsv } from '../src/node/readers/csv';
import { dataset, datasetsDir, repoRoot } from '../test/helpers/paths';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const rows = Number(values.rows);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
async function time<T>(label: string, fn: () => Promise<T> | T, extra?: (t: number, r: T) => string): Promise<T> {
  const ts: number[] = [];
  let r!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    r = await fn();
    ts.push(performance.now() - t0);
  }
  const m = median(ts);
  console.log(`${label.padEnd(44)} median ${(m / 1000).toFixed(3)} s  (min ${(Math.min(...ts) / 1000).toFixed(3)}, max ${(Math.max(...ts) / 1000).toFixed(3)}, ${runs} runs)${extra ? '  ' + extra(m, r) : ''}`);
  return r;
}

console.log(`Modelbench bench — node ${process.versions.node}, ${process.platform}/${process.arch}`);
const telco = dataset('telco_churn.csv');
const { frame } = await time('import telco_churn.csv (7,043 rows)', () => readCsv(telco));

const outDir = join(repoRoot, 'bench/results');
mkdirSync(outDir, { recursive: true });
const synth = join(outDir, `synthetic-${rows}.csv`);
if (!existsSync(synth)) execFileSync(process.execPath, [join(datasetsDir, '../tools/make-synthetic.mjs'), '--rows', String(rows), '--out', synth]);
const mb = statSync(synth).size / 1e6;
await time(`import synthetic (${rows.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB)`, () => readCsv(synth), (t) => `${(mb / (t / 1000)).toFixed(1)} MB/s`);

const features = frame.columns.filter((c) => c.name !== 'churn' && isDefaultFeature(c)).map((c) => c.name);
const r = await time('train linear, 5-fold CV + final fit (telco)', () => trainWithCV(frame, { target: 'churn', features, model: 'linear', folds: 5, seed: 0 }),
  (_t, res) => `AUC ${res.metrics.auc!.toFixed(4)} (sklearn baseline 0.8452, fit 0.22 s)`);
const bytes = await time('ONNX build (telco model)', () => modelToOnnx(r.fitted, { producerVersion: 'bench', dataHash: '', metrics: r.metrics }), (_t, b) => `${b.length} bytes`);
await time('ONNX verify with onnxruntime-node (7,043 rows)', () => verifyOnnx(bytes, r.fitted, frame), (_t, v) => `max |Δp| ${v.maxAbsDiff.toExponential(2)}`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
