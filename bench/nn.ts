/**
 * Neural-network benchmark: epoch time of the default MLP per available tfjs backend (wasm, cpu;
 * tfjs-node / GPU when they load), then the BASELINES.md protocol (5 folds, seed 0) on letters,
 * satellite and telco_churn with the default parameters on the best backend, next to the linear
 * baseline and the acceptance bars (letters acc ≥ 0.93, satellite acc ≥ linear + 4 pt, telco AUC
 * within 0.01 of linear). Prints Markdown; never gates CI.
 *   node bin/run-ts.mjs bench/nn.ts [--datasets letters.csv,...] [--backends wasm,cpu] [--skip-scores]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import '../src/core/models/index';
import { fitOnRows, planTraining, trainWithCV } from '../src/core/evaluate/train';
import { tf } from '../src/core/models/nn/engine';
import type { MlpState } from '../src/core/models/nn/mlp';
import { loadBackend, type CandidateId } from '../src/node/tfjs/loader';
import { baseline, loadDataset } from '../test/helpers/datasets';

const { values } = parseArgs({ options: {
  datasets: { type: 'string', default: 'letters.csv,satellite.csv,telco_churn.csv' },
  backends: { type: 'string', default: 'tfjs-node-gpu,tfjs-node,wasm,cpu' },
  'skip-scores': { type: 'boolean', default: false },
} });
const datasets = String(values.datasets).split(',');
const wanted = String(values.backends).split(',') as CandidateId[];

console.log('## Epoch time of the default MLP (letters.csv, 16,000 training rows)\n');
console.log('| backend | label | epochs timed | median s / epoch | ratio to fastest |');
console.log('|---|---|---|---|---|');
const { frame: letters, spec: lspec, features: lfeat } = await loadDataset('letters.csv');
const rows = Int32Array.from({ length: 16000 }, (_, i) => i);
const times: { id: string; label: string; median: number; n: number }[] = [];
for (const id of wanted) {
  let label: string;
  try {
    label = (await loadBackend({ only: [id] })).label;
  } catch (e) {
    console.log(`| ${id} | not loadable: ${(e as Error).message.replace(/^No tfjs backend could be loaded: /, '')} | | | |`);
    continue;
  }
  // The JavaScript backend is ~10× slower: time fewer epochs there.
  const epochs = id === 'cpu' ? 2 : 6;
  const plan = planTraining(letters, { target: lspec.target, features: lfeat, model: 'nn', folds: 5, seed: 0, params: { max_iter: epochs, patience: 1000 } });
  const stamps: number[] = [];
  let last = performance.now();
  fitOnRows(plan, rows, (p) => {
    if (p.validLoss === undefined) return; // a report from inside an epoch
    const now = performance.now();
    stamps.push((now - last) / 1000);
    last = now;
  });
  const sorted = [...stamps].sort((a, b) => a - b);
  times.push({ id, label, median: sorted[Math.floor(sorted.length / 2)]!, n: stamps.length });
}
const fastest = Math.min(...times.map((t) => t.median));
for (const t of times) console.log(`| ${t.id} | ${t.label} | ${t.n} | ${t.median.toFixed(3)} | ${(t.median / fastest).toFixed(2)} |`);

if (!values['skip-scores']) {
  const best = await loadBackend({ only: wanted });
  console.log(`\n## Scores, 5-fold CV, seed 0, default parameters, on ${best.label}\n`);
  console.log('| dataset | metric | MLP | linear baseline | bar | passes | fit s (5 folds + final, one thread) | epochs of final fit |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const file of datasets) {
    const { frame, spec, features } = await loadDataset(file);
    const metric = spec.task === 'binary' ? 'auc' : spec.task === 'multiclass' ? 'accuracy' : 'rmse';
    const t0 = performance.now();
    const res = trainWithCV(frame, { target: spec.target, features, model: 'nn', folds: 5, seed: 0 });
    const secs = (performance.now() - t0) / 1000;
    const ours = res.metrics[metric]!;
    const lin = baseline(file, metric === 'accuracy' ? 'acc' : metric, 'linear');
    const bar = file === 'letters.csv' ? 0.93 : file === 'satellite.csv' ? lin + 0.04 : metric === 'auc' ? lin - 0.01 : Number.NaN;
    const pass = Number.isNaN(bar) ? '—' : ours >= bar ? 'yes' : 'NO';
    const st = res.fitted.estimator.state as unknown as MlpState;
    console.log(`| ${file} | ${metric} | ${ours.toFixed(4)} | ${lin.toFixed(4)} | ${Number.isNaN(bar) ? '—' : bar.toFixed(4)} | ${pass} | ${secs.toFixed(1)} | ${st.epochs} (best ${st.bestEpoch}) |`);
  }
}
console.log(`\ntfjs ${tf.version_core}, Node ${process.versions.node}`);
