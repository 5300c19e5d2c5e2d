/**
 * GBDT benchmark: `node bin/run-ts.mjs bench/gbdt.ts [options] [dataset.csv ...]`.
 *
 * Times the summed fit seconds of 5-fold CV (the app's folds — scikit-learn's StratifiedKFold /
 * KFold, shuffled with seed 0, as BASELINES.md — and native preparation) of 'gbdt.hist' and reports out-of-fold accuracy/AUC/RMSE. Where
 * `/usr/bin/python3 -c 'import xgboost'` works, XGBoost `hist` (2 threads) is timed in the same
 * run on exactly the same rows, features and folds (bench/xgb_time.py), with the same rounds,
 * depth and learning rate: the comparison config is XGBoost's BASELINES.md setting (300 rounds,
 * depth 6, lr 0.1, lambda 1, min_child_weight 1), which gbdt.hist reproduces with
 * max_leaf_nodes 0, max_depth 6, min_samples_leaf 1, min_child_weight 1, l2_regularization 1
 * and early stopping off.
 *
 * Datasets: letters, diamonds, shuttle (shared datasets) and synthetic-1000000 (made with
 * ../shared/tools/make-synthetic.mjs into bench/results/ when missing; each big file is measured
 * once). Options:
 *   --defaults        also time gbdt.hist with its own (scikit-learn-like) defaults, and
 *                     scikit-learn's HistGradientBoosting with its defaults (when importable and
 *                     no categorical feature has more than 255 categories, which it refuses)
 * XGBoost runs with OMP_WAIT_POLICY=PASSIVE: on a shared machine its spinning threads otherwise
 * slow down many times over. Fit times are wall seconds of single runs.
 * Last results (2 shared cores, load 2–4): see the task report; ratios ≤ 1.3× everywhere.
 *   --folds N         folds (default 5); --synthetic-folds N for the synthetic file (default 5)
 *   --rows N          synthetic rows (default 1000000)
 *   --no-python       skip the Python references
 *   --profile-only    only run gbdt.hist (for `node --cpu-prof bin/run-ts.mjs bench/gbdt.ts ...`)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { detectTask, targetClasses } from '../src/core/evaluate/train';
import { accuracy, logLoss, rocAuc } from '../src/core/evaluate/metrics';
import { foldRows, sklearnKFold, sklearnStratifiedKFold } from '../src/core/evaluate/split';
import { isNumeric, type Frame } from '../src/core/frame/frame';
import { gbdtDefaults, gbdtHist, type GbdtParams } from '../src/core/models/gbdt';
import type { Task } from '../src/core/models/types';
import { defaultNativeSteps, fitSteps, applySteps, inputSchema, isDefaultFeature, toMatrix, toWork } from '../src/core/steps/pipeline';
import { readCsv } from '../src/node/readers/csv';
import { datasetSpecs } from '../test/helpers/datasets';
import { dataset, datasetsDir, repoRoot } from '../test/helpers/paths';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    defaults: { type: 'boolean', default: false },
    folds: { type: 'string', default: '5' },
    'synthetic-folds': { type: 'string', default: '5' },
    rows: { type: 'string', default: '1000000' },
    'no-python': { type: 'boolean', default: false },
    'profile-only': { type: 'boolean', default: false },
  },
});

/** gbdt.hist in XGBoost's BASELINES.md configuration. */
const xgbLike: GbdtParams = {
  ...gbdtDefaults,
  max_iter: 300,
  learning_rate: 0.1,
  max_depth: 6,
  max_leaf_nodes: 0,
  min_samples_leaf: 1,
  min_child_weight: 1,
  l2_regularization: 1,
  early_stopping: false,
};
const xgbParams = { n_estimators: 300, max_depth: 6, learning_rate: 0.1 };

const python = '/usr/bin/python3';
const havePython = !values['no-python'] && !values['profile-only'] && spawnSync(python, ['-c', 'import xgboost, sklearn, pandas'], { stdio: 'ignore' }).status === 0;
const outDir = join(repoRoot, 'bench/results');
mkdirSync(outDir, { recursive: true });

interface Case {
  name: string;
  csv: string;
  target: string;
  folds: number;
}

const cases: Case[] = [];
const wanted = positionals.length ? positionals : ['letters.csv', 'diamonds.csv', 'shuttle.csv', 'synthetic'];
for (const w of wanted) {
  if (w === 'synthetic') {
    const rows = Number(values.rows);
    const csv = join(outDir, `synthetic-${rows}.csv`);
    if (!existsSync(csv)) {
      console.log(`making ${csv} ...`);
      execFileSync(process.execPath, [join(datasetsDir, '../tools/make-synthetic.mjs'), '--rows', String(rows), '--out', csv]);
    }
    cases.push({ name: `synthetic-${rows}`, csv, target: 'churned', folds: Number(values['synthetic-folds']) });
  } else {
    const spec = datasetSpecs().find((s) => s.file === w);
    if (!spec) throw new Error(`${w} is not in datasets.json`);
    cases.push({ name: w.replace(/\.csv$/, ''), csv: dataset(w), target: spec.target, folds: Number(values.folds) });
  }
}

interface Prepared {
  data: Frame;
  task: Task;
  k: number;
  y: Float64Array;
  keep: number[];
  fold: Int32Array;
  features: string[];
}

function prepare(frame: Frame, c: Case): Prepared {
  const features = frame.columns.filter((col) => col.name !== c.target && isDefaultFeature(col)).map((col) => col.name);
  const task = detectTask(frame, c.target);
  const tc = targetClasses(frame, c.target);
  const keep = [...tc.y.keys()].filter((i) => tc.y[i]! >= 0);
  const data = keep.length === frame.rows ? frame : frame.take(keep);
  const targetCol = frame.column(c.target);
  const classification = task !== 'regression';
  const y = classification ? Float64Array.from(keep, (i) => tc.y[i]!) : Float64Array.from(keep, (i) => (isNumeric(targetCol) ? targetCol.values[i]! : Number.NaN));
  const k = classification ? tc.classes.length : 1;
  // trainWithCV's folds: exactly scikit-learn's StratifiedKFold / KFold (shuffled, seed 0).
  const fold = classification ? sklearnStratifiedKFold(Int32Array.from(y), c.folds, 0) : sklearnKFold(y.length, c.folds, 0);
  return { data, task, k, y, keep, fold, features };
}

function scores(task: Task, k: number, y: Float64Array, pred: Float64Array): Record<string, number> {
  const n = y.length;
  if (task === 'regression') {
    let se = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i]! / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      se += (pred[i]! - y[i]!) ** 2;
      ss += (y[i]! - mean) ** 2;
    }
    return { rmse: Math.sqrt(se / n), r2: 1 - se / ss };
  }
  if (task === 'binary') {
    const p1 = Float64Array.from({ length: n }, (_, i) => pred[2 * i + 1]!);
    return { accuracy: accuracy(y, p1), auc: rocAuc(y, p1), log_loss: logLoss(y, p1) };
  }
  let hit = 0;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (pred[i * k + c]! > pred[i * k + best]!) best = c;
    if (best === y[i]) hit++;
    ll -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, pred[i * k + y[i]!]!)));
  }
  return { accuracy: hit / n, log_loss: ll / n };
}

/** k-fold CV of gbdt.hist: summed fit seconds (estimator fit only) and out-of-fold scores. */
function cvGbdt(pr: Prepared, params: GbdtParams): { fitS: number; metrics: Record<string, number>; rounds: number[] } {
  const { data, task, k, y, fold } = pr;
  const folds = fold.reduce((a, b) => Math.max(a, b), 0) + 1;
  const oof = new Float64Array(data.rows * k);
  let fitS = 0;
  const rounds: number[] = [];
  for (let f = 0; f < folds; f++) {
    const { train, test } = foldRows(fold, f);
    const part = data.take(train);
    const input = inputSchema(part, pr.features);
    const fitted = fitSteps(toWork(part, input), defaultNativeSteps(input), 0);
    const m = toMatrix(fitted.work);
    const yy = Float64Array.from(train, (r) => y[r]!);
    const t0 = performance.now();
    const state = gbdtHist.fit({ ...m, task, y: yy, nClasses: task === 'regression' ? 0 : k }, params, { seed: 0 });
    fitS += (performance.now() - t0) / 1000;
    rounds.push(state.rounds);
    const mt = toMatrix(applySteps(toWork(data.take(test), input), fitted.steps));
    const p = gbdtHist.predict(state, params, mt);
    const flat = 'proba' in p ? p.proba : p.value;
    test.forEach((r, i) => {
      for (let c = 0; c < k; c++) oof[r * k + c] = flat[i * k + c]!;
    });
  }
  return { fitS, metrics: scores(task, k, y, oof), rounds };
}

function runPython(c: Case, pr: Prepared, models: { name: string; params: Record<string, unknown> }[]): { name: string; fit_s: number; metrics: Record<string, number> }[] {
  const input = inputSchema(pr.data, pr.features);
  const spec = {
    csv: c.csv,
    keep: pr.keep.length === pr.data.rows && pr.keep.every((r, i) => r === i) ? null : pr.keep,
    features: input.map((ic) => ({ name: ic.name, type: ic.type === 'code' ? 'cat' : 'num' })),
    task: pr.task,
    nClasses: pr.k,
    y: Array.from(pr.y),
    folds: Array.from(pr.fold),
    models,
    threads: 2,
  };
  const file = join(outDir, `${c.name}.spec.json`);
  writeFileSync(file, JSON.stringify(spec));
  // Passive OpenMP waiting: with active spinning (the default) XGBoost's 2 threads slow down many
  // times over as soon as another process competes for the cores (measured 3 s → 90 s on diamonds).
  const r = spawnSync(python, [join(repoRoot, 'bench/xgb_time.py'), file], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } });
  if (r.status !== 0) throw new Error(`xgb_time.py failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

const fmt = (m: Record<string, number>) =>
  Object.entries(m)
    .filter(([k]) => k !== 'log_loss')
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(', ');
const headline = (task: Task, m: Record<string, number>) => (task === 'regression' ? m.rmse! : task === 'binary' ? m.auc! : m.accuracy!);

console.log(`gbdt.hist bench — node ${process.versions.node}, ${process.platform}/${process.arch}; Python references: ${havePython ? 'yes' : 'no'}`);
for (const c of cases) {
  const t0 = performance.now();
  const { frame } = await readCsv(c.csv);
  const pr = prepare(frame, c);
  console.log(`\n${c.name}: ${pr.data.rows} rows, ${pr.features.length} features, ${pr.task}${pr.task === 'regression' ? '' : ` (${pr.k} classes)`}, ${c.folds}-fold CV (read ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const ours = cvGbdt(pr, xgbLike);
  console.log(`  gbdt.hist  (300 rounds, depth 6, lr 0.1)   fit ${ours.fitS.toFixed(2)} s   ${fmt(ours.metrics)}`);
  let oursDefault: ReturnType<typeof cvGbdt> | null = null;
  if (values.defaults) {
    oursDefault = cvGbdt(pr, gbdtDefaults);
    console.log(`  gbdt.hist  (defaults)                      fit ${oursDefault.fitS.toFixed(2)} s   ${fmt(oursDefault.metrics)}   rounds ${oursDefault.rounds.join('/')}`);
  }
  if (!havePython) continue;
  const models: { name: string; params: Record<string, unknown> }[] = [{ name: 'xgb', params: xgbParams }];
  // scikit-learn refuses categorical features with more categories than max_bins (255).
  const sklearnCan = inputSchema(pr.data, pr.features).every((ic) => (ic.categories?.length ?? 0) <= 255);
  if (values.defaults && sklearnCan) models.push({ name: 'hgb', params: {} });
  for (const r of runPython(c, pr, models)) {
    const mine = r.name === 'xgb' ? ours : oursDefault!;
    const d = headline(pr.task, mine.metrics) - headline(pr.task, r.metrics);
    const dText = pr.task === 'regression' ? `RMSE ${((100 * d) / headline(pr.task, r.metrics)).toFixed(2)} %` : `${(100 * d).toFixed(2)} points`;
    const label = r.name === 'xgb' ? 'XGBoost hist (2 threads, same config)' : 'sklearn HGB (defaults)';
    console.log(`  ${label.padEnd(41)} fit ${r.fit_s.toFixed(2)} s   ${fmt(r.metrics)}   → time ratio ${(mine.fitS / r.fit_s).toFixed(2)}×, Δ ${dText}`);
  }
}
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
