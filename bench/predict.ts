/**
 * Batch prediction at scale (`node bin/run-ts.mjs bench/predict.ts [--rows 1000000] [--train 100000] [--whole]`):
 * makes the synthetic file (../shared/tools/make-synthetic.mjs), imports its first `--train` rows
 * into a project through the services, trains logistic regression, then scores the whole file
 *   1. in the app, streamed (the predict job's code, `predictFile`), and
 *   2. with onnxruntime-node on the model's ONNX export (`modelToOnnx`), fed in batches from the
 *      CSV read into columns by the app's reader,
 * each in its own process so that its peak RSS is its own. `--whole` adds the old way (read the
 * whole file into a Frame, then predict) for comparison. Prints rows/s and peak RSS; never gates.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import type { FittedModel } from '../src/core/evaluate/train';
import { predictProba } from '../src/core/evaluate/train';
import { modelToOnnx } from '../src/core/export/model-onnx';
import { isNumeric } from '../src/core/frame/frame';
import { forkJob } from '../src/node/jobs/fork';
import { predictFile, trainingContext } from '../src/node/predict/score';
import { ProjectStore } from '../src/node/project/store';
import { readCsv } from '../src/node/readers/csv';
import { createAppServices } from '../src/node/services';
import { datasetsDir, repoRoot } from '../test/helpers/paths';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' }, train: { type: 'string', default: '100000' }, whole: { type: 'boolean', default: false },
    // Internal: one measurement in a child process.
    mode: { type: 'string' }, project: { type: 'string' }, run: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, onnx: { type: 'string' },
  },
});

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const loadModel = (project: string, runId: number) => {
  const store = ProjectStore.open(project, { readonly: true });
  try {
    const model = store.fittedModel(runId) as FittedModel;
    return { model, ctx: trainingContext(store, model) };
  } finally {
    store.close();
  }
};

async function child(mode: string): Promise<void> {
  const { model, ctx } = loadModel(values.project!, Number(values.run));
  const data = values.data!;
  const t0 = performance.now();
  let rows = 0;
  const extra: Record<string, number> = {};
  if (mode === 'app') {
    const r = await predictFile({ model, dataPath: data, outPath: values.out!, ranges: ctx.ranges, identifiers: ctx.identifiers });
    rows = r.rows;
  } else if (mode === 'whole') {
    const frame = (await readCsv(data)).frame;
    predictProba(model, frame);
    rows = frame.rows;
  } else {
    const session = await ort.InferenceSession.create(readFileSync(values.onnx!));
    const tp = performance.now();
    const frame = (await readCsv(data)).frame;
    extra.parseS = (performance.now() - tp) / 1000;
    const ts = performance.now();
    const batch = 65_536;
    for (let start = 0; start < frame.rows; start += batch) {
      const n = Math.min(batch, frame.rows - start);
      const feeds: Record<string, ort.Tensor> = {};
      for (const ic of model.pipeline.input) {
        const c = frame.column(ic.name);
        if (ic.type === 'num') {
          feeds[ic.name] = new ort.Tensor('float64', isNumeric(c) ? c.values.slice(start, start + n) : new Float64Array(n).fill(Number.NaN), [n, 1]);
        } else {
          const strs = new Array<string>(n);
          for (let i = 0; i < n; i++) { const v = frame.cell(start + i, c); strs[i] = v === null ? '' : String(v); }
          feeds[ic.name] = new ort.Tensor('string', strs, [n, 1]);
        }
      }
      await session.run(feeds);
    }
    extra.scoreS = (performance.now() - ts) / 1000;
    rows = frame.rows;
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ rows, seconds, maxRssKb: process.resourceUsage().maxRSS, ...extra }) + '\n');
}

async function main(): Promise<void> {
  const rows = Number(values.rows);
  const trainRows = Math.min(rows, Number(values.train));
  const outDir = join(repoRoot, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const tool = join(datasetsDir, '../tools/make-synthetic.mjs');
  const csv = join(outDir, `synthetic-${rows}.csv`);
  if (!existsSync(csv)) execFileSync(process.execPath, [tool, '--rows', String(rows), '--out', csv]);
  // The generator is a stream under one seed: its first `trainRows` rows are this file.
  const sample = join(outDir, `synthetic-${trainRows}.csv`);
  if (!existsSync(sample)) execFileSync(process.execPath, [tool, '--rows', String(trainRows), '--out', sample]);
  const dir = mkdtempSync(join(tmpdir(), 'mb-bench-predict-'));
  const services = createAppServices({ dataDir: dir, spawnJob: forkJob });
  try {
    const { impl } = services;
    const project = (await impl.projects.create({ name: 'Predict bench' })).path;
    await services.whenDone((await impl.datasets.import({ source: { kind: 'path', path: sample } })).jobId);
    await impl.datasets.setTarget({ column: 'churned' });
    // 2,000 device models would make 2,000 one-hot columns for the linear model: leave them out.
    await impl.datasets.setColumn({ column: 'device_model', role: 'ignore' });
    let t0 = performance.now();
    await services.whenDone((await impl.training.start({ models: ['linear'], folds: 5, holdout: 0.2, seed: 0 })).jobId);
    const state = (await impl.projects.current({}))!;
    const run = state.runs.at(-1)!;
    console.log(`trained ${run.estimator} on ${trainRows.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (AUC ${run.metrics.auc?.toFixed(4)}; default features, device_model ignored)`);
    await impl.projects.close({});

    const { model } = loadModel(project, run.id);
    const onnx = join(dir, 'model.onnx');
    writeFileSync(onnx, modelToOnnx(model, { producerVersion: 'bench', dataHash: '', metrics: {} }));
    const csvMB = statSync(csv).size / 1e6;
    console.log(`scoring ${rows.toLocaleString('en-US')} rows (${csvMB.toFixed(0)} MB CSV), each way in its own process:`);
    const measure = (mode: string) => {
      t0 = performance.now();
      const out = execFileSync(process.execPath, [join(repoRoot, 'bin/run-ts.mjs'), 'bench/predict.ts', '--mode', mode, '--project', project, '--run', String(run.id), '--data', csv, '--out', join(dir, `pred-${mode}.csv`), '--onnx', onnx], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 20 });
      return { ...(JSON.parse(out.trim().split('\n').at(-1)!) as { rows: number; seconds: number; maxRssKb: number; parseS?: number; scoreS?: number }), wall: (performance.now() - t0) / 1000 };
    };
    const app = measure('app');
    if (app.rows !== rows) throw new Error(`scored ${app.rows} rows, expected ${rows}`);
    console.log(`  app, streamed (predict job):         ${Math.round(app.rows / app.seconds).toLocaleString('en-US')} rows/s (${app.seconds.toFixed(1)} s, ${(csvMB / app.seconds).toFixed(1)} MB/s), peak RSS ${mb(app.maxRssKb)}; output ${(statSync(join(dir, 'pred-app.csv')).size / 1e6).toFixed(0)} MB`);
    const o = measure('onnx');
    console.log(`  onnxruntime-node (+ app CSV reader):  ${Math.round(o.rows / o.seconds).toLocaleString('en-US')} rows/s end to end (${o.seconds.toFixed(1)} s: read ${o.parseS!.toFixed(1)} s, score ${o.scoreS!.toFixed(1)} s = ${Math.round(o.rows / o.scoreS!).toLocaleString('en-US')} rows/s scoring alone), peak RSS ${mb(o.maxRssKb)}`);
    if (values.whole) {
      const w = measure('whole');
      console.log(`  app, whole file as one Frame:         ${Math.round(w.rows / w.seconds).toLocaleString('en-US')} rows/s (${w.seconds.toFixed(1)} s), peak RSS ${mb(w.maxRssKb)}`);
    }
    console.log(`  ratio app streamed / onnxruntime end to end: ${(o.seconds / app.seconds).toFixed(2)}×`);
  } finally {
    await services.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.mode) await child(values.mode);
else await main();
