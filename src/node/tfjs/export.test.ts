/**
 * The TF.js export, end to end: trained models (neural networks with batch norm and dropout,
 * linear models) are written with `writeTfjsExport`, then a fresh Node process loads each folder
 * with tfjs-layers' `loadLayersModel` and runs the exported predict.js on raw rows; its
 * predictions must match the app's to 1e-5 (relative for numbers). The MLP's ONNX nodes are
 * checked the same way with ONNX Runtime.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictProba, trainWithCV, type FittedModel, type ModelFamily } from '../../core/evaluate/train';
import { nnEmitter } from '../../core/export/nn-onnx';
import { encodeModel, OnnxGraph } from '../../core/export/onnx/graph';
import type { Frame } from '../../core/frame/frame';
import type { Json } from '../../core/models/types';
import { pipelineToOnnx } from '../../core/steps/pipeline';
import { loadDataset } from '../../../test/helpers/datasets';
import { onnxFeeds } from '../onnx/verify';
import { rawRows, writeTfjsExport } from './export';

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'mb-tfjs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nnParams = { hidden: [24, 12], max_iter: 12, batch_size: 64, batch_norm: true, dropout: 0.2 };

interface Case { name: string; file: string; family: ModelFamily; params?: Json; rows?: number; model?: FittedModel; frame?: Frame }
const cases: Case[] = [
  { name: 'nn-binary', file: 'telco_churn.csv', family: 'nn', params: nnParams, rows: 1500 },
  { name: 'nn-multiclass', file: 'penguins.csv', family: 'nn', params: { ...nnParams, activation: 'tanh' } },
  { name: 'nn-regression', file: 'concrete.csv', family: 'nn', params: { ...nnParams, batch_norm: false, activation: 'elu' } },
  { name: 'linear-binary', file: 'telco_churn.csv', family: 'linear', rows: 1500 },
  { name: 'linear-multiclass', file: 'penguins.csv', family: 'linear' },
  { name: 'linear-regression', file: 'concrete.csv', family: 'linear' },
];

/** Loads each export in a fresh Node process with tfjs-layers + predict.js; returns their outputs. */
const CHILD = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [root, jobsFile] = process.argv.slice(2);
const require = createRequire(join(root, 'package.json'));
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const layers = require('@tensorflow/tfjs-layers');
await tf.setBackend('cpu');
const fileHandler = (dir) => ({
  async load() {
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const buf = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
    return { modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy, weightSpecs: json.weightsManifest[0].weights, weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) };
  },
});
const out = [];
for (const job of JSON.parse(readFileSync(jobsFile, 'utf8'))) {
  const model = await layers.loadLayersModel(fileHandler(job.dir));
  const { predict } = await import(pathToFileURL(join(job.dir, 'predict.js')).href);
  const read = (f) => JSON.parse(readFileSync(join(job.dir, f), 'utf8'));
  out.push({ layers: model.layers.map((l) => l.getClassName()), result: await predict(job.rows, { tf, model, pipeline: read('pipeline.json'), meta: read('modelbench.json') }) });
}
process.stdout.write(JSON.stringify(out));
`;

beforeAll(async () => {
  for (const c of cases) {
    const { frame: full, spec, features } = await loadDataset(c.file);
    const frame = c.rows ? full.take(Int32Array.from({ length: c.rows }, (_, i) => i)) : full;
    const res = trainWithCV(frame, { target: spec.target, features, model: c.family, folds: 2, holdout: 0.3, seed: 1, ...(c.params ? { params: c.params } : {}) });
    c.model = res.fitted;
    c.frame = frame;
  }
}, 300_000);

describe('TensorFlow.js export', () => {
  it('writes checked folders that a fresh Node process loads with loadLayersModel and predict.js, matching the app to 1e-5', async () => {
    const jobs = [];
    for (const c of cases) {
      const out = join(dir, c.name);
      const w = await writeTfjsExport(out, c.model!, { producerVersion: 'test' }, c.frame!);
      expect(w.check?.ok, c.name).toBe(true);
      expect(w.files.map((f) => f.name).sort()).toEqual(['model.json', 'modelbench.json', 'pipeline.json', 'predict.js', 'weights.bin']);
      jobs.push({ dir: out, rows: rawRows(c.frame!, c.model!.pipeline.input.map((i) => i.name)) });
    }
    writeFileSync(join(dir, 'child.mjs'), CHILD);
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs));
    const stdout = execFileSync(process.execPath, [join(dir, 'child.mjs'), root, join(dir, 'jobs.json')], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    const outputs = JSON.parse(stdout) as { layers: string[]; result: { probabilities?: number[][]; labels?: string[]; values?: number[] } }[];
    cases.forEach((c, k) => {
      const { layers, result } = outputs[k]!;
      const app = predictProba(c.model!, c.frame!);
      const n = c.frame!.rows;
      if (c.family === 'nn') expect(layers, c.name).toContain('Dropout');
      if (c.name === 'nn-binary') expect(layers).toEqual(['Dense', 'BatchNormalization', 'Activation', 'Dropout', 'Dense', 'BatchNormalization', 'Activation', 'Dropout', 'Dense']);
      let worst = 0;
      if (c.model!.task === 'regression') {
        expect(result.values, c.name).toHaveLength(n);
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(result.values![i]! - app[0]![i]!) / Math.max(1, Math.abs(app[0]![i]!)));
      } else {
        expect(result.probabilities, c.name).toHaveLength(n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < app.length; j++) worst = Math.max(worst, Math.abs(result.probabilities![i]![j]! - app[j]![i]!));
          const appBest = app.reduce((b, col, j) => (col[i]! > app[b]![i]! ? j : b), 0);
          // Labels agree unless the two best probabilities are within float rounding.
          if (result.labels![i] !== c.model!.classes[appBest]) expect(Math.abs(result.probabilities![i]![appBest]! - Math.max(...result.probabilities![i]!))).toBeLessThan(1e-6);
        }
      }
      expect(worst, c.name).toBeLessThan(1e-5);
    });
  }, 120_000);

  it('predict.js refuses a preparation step it does not know, naming it', async () => {
    const c = cases[0]!;
    const out = join(dir, 'unknown-step');
    await writeTfjsExport(out, c.model!, { producerVersion: 'test' }, null);
    const pipeline = JSON.parse(readFileSync(join(out, 'pipeline.json'), 'utf8'));
    pipeline.steps.push({ kind: 'encode.target', columns: ['contract'], params: {}, state: {}, version: 1 });
    const mod = await import(pathToFileURL(join(out, 'predict.js')).href);
    const rows = rawRows(c.frame!.take(Int32Array.from([0, 1])), c.model!.pipeline.input.map((i) => i.name));
    expect(() => mod.prepare(rows, pipeline, { missingMarkers: [''] })).toThrow(/cannot apply the preparation step "encode\.target".*impute\.median/);
    // A raw number column given text is reported with its row.
    const bad = rows.map((r: Record<string, unknown>) => ({ ...r }));
    const numCol = c.model!.pipeline.input.find((i) => i.type === 'num')!.name;
    bad[1]![numCol] = 'lots';
    expect(() => mod.prepare(bad, c.model!.pipeline, { missingMarkers: [''] })).toThrow(`Column "${numCol}" should hold numbers, but row 2 has "lots".`);
  });

  it('refuses to overwrite a folder that is not an earlier export', async () => {
    const out = join(dir, 'occupied');
    rmSync(out, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    await expect(writeTfjsExport(out, cases[0]!.model!, { producerVersion: 'test' }, null)).rejects.toThrow(/already holds other files/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('the MLP\'s ONNX nodes (batch norm folded) give the app\'s predictions in ONNX Runtime', async () => {
    for (const c of cases.filter((x) => x.family === 'nn')) {
      const model = c.model!;
      const g = new OnnxGraph('nn');
      const out = nnEmitter(g, pipelineToOnnx(g, model.pipeline), model);
      if ('probs' in out) g.output(out.probs, 'probabilities', 'double', ['N', model.classes.length]);
      else g.output(out.value, 'value', 'double', ['N', 1]);
      const bytes = encodeModel({ graph: g, opsets: { '': 17, 'ai.onnx.ml': 3 }, producerName: 'test', producerVersion: '0', docString: '', metadata: {} });
      const session = await ort.InferenceSession.create(bytes);
      const res = await session.run(onnxFeeds(model, c.frame!));
      const got = (res.probabilities ?? res.value)!.data as Float64Array;
      const app = predictProba(model, c.frame!);
      const k = app.length;
      let worst = 0;
      for (let i = 0; i < c.frame!.rows; i++) for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(got[i * k + j]! - app[j]![i]!) / (model.task === 'regression' ? Math.max(1, Math.abs(app[j]![i]!)) : 1));
      expect(worst, c.name).toBeLessThan(1e-5);
    }
  });
});
