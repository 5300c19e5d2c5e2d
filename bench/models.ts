/**
 * Every dataset in ../shared/datasets with the BASELINES.md protocol (5 folds, seed 0, stratified
 * for classes; scores on the concatenated out-of-fold predictions), for the linear family, the
 * random forest and GBDT, next to scikit-learn's / XGBoost's numbers. Prints a Markdown table.
 * Date and text columns get the same preparation as BASELINES.md (Prepare steps, inside each fold).
 *   node bin/run-ts.mjs bench/models.ts [--families linear,forest,gbdt] [--datasets a.csv,b.csv]
 * Fit times are the whole 5-fold CV plus the final fit, on one thread, on this machine.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import '../src/core/models/index';
import { familyAvailable, trainWithCV, type ModelFamily } from '../src/core/evaluate/train';
import { baseline, datasetSpecs, loadDataset, type BaselineModel } from '../test/helpers/datasets';

const { values } = parseArgs({ options: { families: { type: 'string', default: 'linear,forest,gbdt' }, datasets: { type: 'string' } } });
const families = String(values.families).split(',') as ModelFamily[];
const only = values.datasets ? new Set(String(values.datasets).split(',')) : null;
const reference: Record<string, BaselineModel[]> = { linear: ['linear'], forest: ['random forest'], gbdt: ['hist GBDT (sklearn)', 'XGBoost hist'] };

console.log('| dataset | task | metric | family | ours | baseline | difference | fit s (ours) | note |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const spec of datasetSpecs()) {
  if (only && !only.has(spec.file)) continue;
  const { frame, features: plain } = await loadDataset(spec.file);
  // As BASELINES.md does: dates become year, month and weekday; text columns TF-IDF features
  // (5,000 terms for linear models, 500 for trees; words of two or more letters, as scikit-learn's).
  const dates = frame.columns.filter((c) => c.kind === 'date' && c.name !== spec.target).map((c) => c.name);
  const texts = (spec as { text?: string[] }).text ?? [];
  const features = [...plain, ...dates.filter((d) => !plain.includes(d)), ...texts.filter((t) => !plain.includes(t))];
  const prepare = (family: ModelFamily) => [
    ...dates.map((d) => ({ kind: 'date.parts', columns: [d], params: { parts: ['year', 'month', 'weekday'] } })),
    ...texts.map((t) => ({ kind: 'text.counts', columns: [t], params: { output: 'tfidf', maxFeatures: family === 'linear' ? 5000 : 500, minWordLength: 2 } })),
  ];
  const skipped = frame.columns.filter((c) => c.name !== spec.target && !features.includes(c.name)).map((c) => `${c.name} (${c.kind})`);
  const note = skipped.length ? `not used: ${skipped.join(', ')}` : '';
  for (const family of families) {
    if (!familyAvailable(family, spec.task)) {
      console.log(`| ${spec.file} | ${spec.task} | | ${family} | n/a | | | | family not available |`);
      continue;
    }
    const t0 = performance.now();
    let res;
    try {
      res = trainWithCV(frame, { target: spec.target, features, model: family, folds: 5, seed: 0, prepare: prepare(family) });
    } catch (e) {
      console.log(`| ${spec.file} | ${spec.task} | | ${family} | error | | | | ${(e as Error).message} |`);
      continue;
    }
    const secs = (performance.now() - t0) / 1000;
    const metric = spec.task === 'regression' ? 'rmse' : spec.task === 'binary' ? 'auc' : 'accuracy';
    const mdMetric = metric === 'accuracy' ? 'acc' : metric;
    const ours = res.metrics[metric]!;
    const fmt = (v: number) => (metric === 'rmse' ? v.toPrecision(5) : v.toFixed(4));
    if (!reference[family]) {
      // No published reference for this family.
      console.log(`| ${spec.file} | ${spec.task} | ${metric} | ${family} | ${fmt(res.metrics[metric]!)} | — | — | ${secs.toFixed(2)} | ${note} |`);
      continue;
    }
    const refs = reference[family]!.map((m) => baseline(spec.file, mdMetric, m));
    // The better reference: higher for scores, lower for RMSE.
    const ref = metric === 'rmse' ? Math.min(...refs) : Math.max(...refs);
    const diff = metric === 'rmse' ? `${(((ours - ref) / ref) * 100).toFixed(1)} %` : `${((ours - ref) * 100).toFixed(2)} pt`;
    console.log(`| ${spec.file} | ${spec.task} | ${metric} | ${family} | ${fmt(ours)} | ${fmt(ref)} | ${diff} | ${secs.toFixed(2)} | ${note} |`);
  }
}
