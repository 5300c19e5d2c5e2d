/**
 * Every exportable estimator kind × every task it handles: train with the default pipeline on
 * small real data (with blanks added to a number and a category column), export, and check the
 * file with onnxruntime-node against the app on every training row and on rows with a missing
 * number, a missing category, an unseen category and nothing known at all. Then the ONNX checker
 * (python3-onnx, full check) reads every file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../test/helpers/datasets';
import { trainWithCV, type FittedModel } from '../../core/evaluate/train';
import { modelToOnnx, onnxExportable } from '../../core/export/model-onnx';
import { isNumeric, type Column, type Frame as FrameT } from '../../core/frame/frame';
import { Frame } from '../../core/frame/frame';
import type { Task } from '../../core/frame/kinds';
import { allEstimators } from '../../core/models/registry';
import type { Json } from '../../core/models/types';
import { verifyOnnx, type VerifyResult } from './verify';

interface Data { frame: FrameT; target: string; features: string[]; num: string; cat: string }

/** Blanks in one number and one category column (rows chosen by index, deterministic). */
function withBlanks(frame: FrameT, num: string, cat: string): FrameT {
  return new Frame(frame.columns.map((c): Column => {
    if (c.name === num && isNumeric(c)) return { ...c, values: c.values.map((v, i) => (i % 13 === 3 ? Number.NaN : v)) };
    if (c.name === cat && !isNumeric(c)) return { ...c, codes: c.codes.map((v, i) => (i % 17 === 5 ? -1 : v)) };
    return c;
  }));
}

/** Four rows of `d`: a missing number, a missing category, an unseen category, nothing known. */
function oddRows(d: Data): FrameT {
  const base = d.frame.take([0, 1, 2, 3]);
  return new Frame(base.columns.map((c): Column => {
    if (!d.features.includes(c.name)) return c;
    if (isNumeric(c)) return { ...c, values: c.values.map((v, i) => (i === 0 || i === 3 ? Number.NaN : v)) };
    const dictionary = [...c.dictionary, 'a category never seen in training'];
    return { ...c, dictionary, codes: c.codes.map((v, i) => (i === 3 || (i === 1 && c.name === d.cat) ? -1 : i === 2 && c.name === d.cat ? dictionary.length - 1 : v)) };
  }));
}

const data = new Map<Task, Data>();

beforeAll(async () => {
  const credit = await loadDataset('credit.csv');
  const every8 = credit.frame.take(Int32Array.from({ length: Math.floor(credit.frame.rows / 8) }, (_, i) => i * 8));
  data.set('binary', { frame: withBlanks(every8, 'Income', 'Job'), target: credit.spec.target, features: credit.features, num: 'Income', cat: 'Job' });
  const penguins = await loadDataset('penguins.csv');
  data.set('multiclass', { frame: withBlanks(penguins.frame, 'bill_length_mm', 'island'), target: penguins.spec.target, features: penguins.features, num: 'bill_length_mm', cat: 'island' });
  const ames = await loadDataset('ames_housing.csv');
  const every5 = ames.frame.take(Int32Array.from({ length: Math.floor(ames.frame.rows / 5) }, (_, i) => i * 5));
  const features = ['Neighborhood', 'Overall_Cond', 'Lot_Frontage', 'Lot_Area', 'Year_Built', 'Gr_Liv_Area', 'Total_Bsmt_SF', 'Central_Air'];
  data.set('regression', { frame: withBlanks(every5, 'Lot_Frontage', 'Neighborhood'), target: ames.spec.target, features, num: 'Lot_Frontage', cat: 'Neighborhood' });
}, 30_000);

/** The families whose every kind must export. */
const EXPORTED_FAMILIES: readonly FittedModel['model'][] = ['linear', 'tree', 'forest', 'gbdt', 'knn', 'nb', 'nn'];

interface Case { name: string; kind: string; family: FittedModel['model']; task: Task; params?: Json }

const cases: Case[] = [];
for (const est of allEstimators()) {
  if (!onnxExportable(est.kind)) continue;
  for (const task of est.tasks) {
    // The network trains for a few epochs only: the export, not the fit, is under test.
    cases.push({ name: `${est.kind} ${task}`, kind: est.kind, family: est.family, task, ...(est.family === 'nn' ? { params: { max_iter: 15 } } : {}) });
    // Distance weights have their own tie rule (only neighbours at distance 0 count).
    if (est.kind === 'knn') cases.push({ name: `knn (distance weights) ${task}`, kind: est.kind, family: est.family, task, params: { weights: 'distance' } });
  }
}

const exported = new Map<string, Uint8Array>();
const measured: { model: string; rows: number; maxAbsDiff: number; maxScaledDiff: number; odd: number }[] = [];

afterAll(() => {
  if (measured.length) console.table(measured.map((m) => ({ ...m, maxAbsDiff: m.maxAbsDiff.toExponential(2), maxScaledDiff: m.maxScaledDiff.toExponential(2), odd: m.odd.toExponential(2) })));
});

describe('ONNX export of every model family', () => {
  it('covers every registered estimator of the exported families', () => {
    const missing = allEstimators().filter((e) => !onnxExportable(e.kind));
    const other = missing.filter((e) => !EXPORTED_FAMILIES.includes(e.family));
    if (other.length) console.warn(`No ONNX export yet for ${other.map((e) => e.kind).join(', ')} (family outside ${EXPORTED_FAMILIES.join(', ')}); not part of this matrix.`);
    expect(missing.filter((e) => EXPORTED_FAMILIES.includes(e.family)).map((e) => e.kind)).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('$name matches the app, blanks and unseen categories included', async (c) => {
    const d = data.get(c.task)!;
    const r = trainWithCV(d.frame, { target: d.target, features: d.features, model: c.family, estimator: c.kind, ...(c.params ? { params: c.params } : {}), folds: 2, seed: 0 });
    expect(r.task).toBe(c.task);
    const bytes = modelToOnnx(r.fitted, { producerVersion: 'test', dataHash: 'h', metrics: r.metrics });
    exported.set(c.name, bytes);
    const all: VerifyResult = await verifyOnnx(bytes, r.fitted, d.frame);
    const odd = await verifyOnnx(bytes, r.fitted, oddRows(d));
    measured.push({ model: c.name, rows: all.rows, maxAbsDiff: all.maxAbsDiff, maxScaledDiff: all.maxScaledDiff, odd: odd.maxScaledDiff });
    expect(all.worst, `worst rows of ${c.name}`).toBeDefined();
    expect(all.ok, JSON.stringify(all.worst)).toBe(true);
    expect(all.labelMismatches).toBe(0);
    expect(odd.ok, JSON.stringify(odd.worst)).toBe(true);
  }, 30_000);

  it('refuses a tampered regression model, naming the worst rows', async () => {
    const d = data.get('regression')!;
    const r = trainWithCV(d.frame, { target: d.target, features: d.features, model: 'linear', folds: 2, seed: 0 });
    const tampered = structuredClone(r.fitted);
    (tampered.estimator.state as { intercept: number }).intercept += 10;
    const v = await verifyOnnx(modelToOnnx(tampered, { producerVersion: 'test', dataHash: 'h', metrics: {} }), r.fitted, d.frame);
    expect(v.ok).toBe(false);
    expect(v.worst[0]!.diff).toBeCloseTo(10, 6);
    expect(v.maxScaledDiff).toBeGreaterThan(1e-5);
  });
});

function pythonOnnx(): string | null {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' });
  if (r.error) return `/usr/bin/python3 is not available (${r.error.message})`;
  return r.status === 0 ? null : `python3 cannot import onnx: ${r.stderr.trim().split('\n').at(-1)}`;
}

const noChecker = pythonOnnx();
if (noChecker) console.warn(`Skipping the ONNX checker test: ${noChecker}. Install python3-onnx to run it.`);

describe('ONNX checker (python3-onnx, full_check)', () => {
  it.skipIf(noChecker !== null)('accepts every exported file', () => {
    expect(exported.size).toBe(cases.length);
    const dir = mkdtempSync(join(tmpdir(), 'mb-onnx-'));
    try {
      const files = [...exported].map(([name, bytes], i) => {
        const file = join(dir, `${i}.onnx`);
        writeFileSync(file, bytes);
        return { name, file };
      });
      const script = [
        'import onnx, sys, json',
        'out = {}',
        'for f in sys.argv[1:]:',
        '    try:',
        '        onnx.checker.check_model(onnx.load(f), full_check=True)',
        '        out[f] = "ok"',
        '    except Exception as e:',
        '        out[f] = str(e)[:500]',
        'print(json.dumps(out))',
      ].join('\n');
      const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...files.map((f) => f.file)], { encoding: 'utf8' })) as Record<string, string>;
      const failures = files.filter((f) => out[f.file] !== 'ok').map((f) => `${f.name}: ${out[f.file]}`);
      expect(failures).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The next double above x (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] = i[0]! + (x > 0 ? 1n : -1n);
  return b[0]!;
}

/**
 * Rows of `frame` (copies of row 0) whose value of a split's numeric feature sits exactly on the
 * threshold, one double above it, and on the threshold rounded to float32: where a float32
 * threshold would send a value the wrong way.
 */
function thresholdRows(frame: FrameT, model: FittedModel, max = 150): FrameT {
  const s = model.estimator.state as { trees?: { feature: number[]; threshold: number[]; left: number[] }[]; tree?: { feature: number[]; threshold: number[]; left: number[] }; levels: number[] };
  const trees = s.trees ?? [s.tree!];
  const numeric = new Set(model.pipeline.input.filter((c) => c.type === 'num').map((c) => c.name));
  const edits: { col: string; value: number }[] = [];
  for (const t of trees) {
    for (let i = 0; i < t.feature.length && edits.length < max; i++) {
      const f = t.feature[i]!;
      if (t.left[i]! < 0 || f < 0 || (s.levels[f] ?? 0) > 0) continue;
      const col = model.pipeline.features[f]!;
      const th = t.threshold[i]!;
      if (!numeric.has(col) || !Number.isFinite(th) || Math.abs(th) > 1e300) continue;
      for (const value of [th, nextUp(th), Math.fround(th)]) edits.push({ col, value });
    }
  }
  const base = frame.take(new Int32Array(edits.length));
  return new Frame(base.columns.map((c): Column => {
    if (!isNumeric(c)) return c;
    const values = Float64Array.from(c.values);
    edits.forEach((e, r) => { if (e.col === c.name) values[r] = e.value; });
    return { ...c, values };
  }));
}

/** How many numeric split thresholds of the model's first trees float32 cannot hold exactly. */
function thresholdsOff(model: FittedModel, max = 50): number {
  const s = model.estimator.state as { trees?: { feature: number[]; threshold: number[]; left: number[] }[]; tree?: { feature: number[]; threshold: number[]; left: number[] }; levels: number[] };
  let n = 0;
  let seen = 0;
  for (const t of s.trees ?? [s.tree!]) {
    t.feature.forEach((f, i) => {
      if (t.left[i]! < 0 || (s.levels[f] ?? 0) > 0 || seen >= max) return;
      seen++;
      if (Math.fround(t.threshold[i]!) !== t.threshold[i]) n++;
    });
  }
  return n;
}

/** Few distinct values, many duplicate rows: exact distance and vote ties everywhere. */
function tieFrame(n: number, task: Task): FrameT {
  const a = Float64Array.from({ length: n }, (_, i) => (i % 23 === 4 ? Number.NaN : [0.1, 0.35, 0.7][i % 3]!));
  const b = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 3) % 2);
  const c = Int32Array.from({ length: n }, (_, i) => (i % 19 === 7 ? -1 : Math.floor(i / 6) % 3));
  const noise = (i: number) => ((i * 7919) % 11) / 11;
  const z = (i: number) => 3 * (a[i]! || 0) + b[i]! - (c[i] === 1 ? 1 : 0) + noise(i);
  const y: Column = task === 'regression'
    ? { name: 'y', kind: 'number', values: Float64Array.from({ length: n }, (_, i) => 1000.5 * z(i)) }
    : { name: 'y', kind: 'category', codes: Int32Array.from({ length: n }, (_, i) => (task === 'binary' ? Number(z(i) > 1.5) : Math.min(2, Math.floor(z(i))) < 0 ? 0 : Math.min(2, Math.floor(z(i))))), dictionary: ['p', 'q', 'r'].slice(0, task === 'binary' ? 2 : 3) };
  return new Frame([
    { name: 'a', kind: 'integer', values: a },
    { name: 'b', kind: 'integer', values: b },
    { name: 'c', kind: 'category', codes: c, dictionary: ['x', 'y', 'z'] },
    y,
  ]);
}

describe('ONNX export edge cases', () => {
  it.each(['tree.cart', 'forest.random', 'gbdt.hist'])('%s routes values on and next to every threshold as the app does', async (kind) => {
    let inexact = 0;
    for (const task of ['binary', 'multiclass', 'regression'] as const) {
      const d = data.get(task)!;
      const family = kind === 'tree.cart' ? 'tree' : kind === 'forest.random' ? 'forest' : 'gbdt';
      const r = trainWithCV(d.frame, { target: d.target, features: d.features, model: family, estimator: kind, params: kind === 'forest.random' ? { n_estimators: 20 } : {}, folds: 2, seed: 1 });
      const rows = thresholdRows(d.frame, r.fitted);
      expect(rows.rows).toBeGreaterThan(30);
      inexact += thresholdsOff(r.fitted);
      const v = await verifyOnnx(modelToOnnx(r.fitted, { producerVersion: 'test', dataHash: 'h', metrics: {} }), r.fitted, rows);
      expect(v.ok, `${kind} ${task}: ${JSON.stringify(v.worst)}`).toBe(true);
    }
    // Penguin measurements have decimals: their midpoints are not float32 numbers, so a float32
    // threshold would have sent some of these rows the other way.
    expect(inexact).toBeGreaterThan(0);
  }, 30_000);

  it('exports GBDT category sets and ordinal-coded categories (more levels than bins) exactly', async () => {
    const d = data.get('regression')!;
    for (const params of [{}, { max_bins: 8 }] as Record<string, number>[]) {
      const r = trainWithCV(d.frame, { target: d.target, features: d.features, model: 'gbdt', params, folds: 2, seed: 0 });
      const s = r.fitted.estimator.state as { levels: number[]; ordinal: number[]; trees: { feature: number[]; left: number[] }[] };
      const splitsOn = (pred: (j: number) => boolean) => s.trees.reduce((n, t) => n + t.feature.filter((f, i) => t.left[i]! >= 0 && pred(f)).length, 0);
      const sets = splitsOn((j) => s.levels[j]! > 0 && !s.ordinal[j]);
      const ordinal = splitsOn((j) => s.levels[j]! > 0 && s.ordinal[j] === 1);
      if (params['max_bins']) expect(ordinal).toBeGreaterThan(0);
      else expect(sets).toBeGreaterThan(0);
      const bytes = modelToOnnx(r.fitted, { producerVersion: 'test', dataHash: 'h', metrics: {} });
      for (const frame of [d.frame, oddRows(d)]) {
        const v = await verifyOnnx(bytes, r.fitted, frame);
        expect(v.ok, JSON.stringify(v.worst)).toBe(true);
      }
    }
  }, 30_000);

  it.each(['binary', 'multiclass', 'regression'] as const)('exports a GBDT without trees as its base score (%s)', async (task) => {
    const d = data.get(task)!;
    const r = trainWithCV(d.frame, { target: d.target, features: d.features, model: 'gbdt', params: { max_iter: 1 }, folds: 2, seed: 0 });
    const bare = structuredClone(r.fitted);
    Object.assign(bare.estimator.state as object, { trees: [], rounds: 0 });
    const v = await verifyOnnx(modelToOnnx(bare, { producerVersion: 'test', dataHash: 'h', metrics: {} }), bare, oddRows(d));
    expect(v.ok, JSON.stringify(v.worst)).toBe(true);
  });

  it.each(['binary', 'multiclass', 'regression'] as const)('keeps the app\'s neighbours and votes on data full of exact ties (%s)', async (task) => {
    const frame = tieFrame(240, task);
    const runs: { model: FittedModel['model']; params?: Json }[] = [
      { model: 'knn' }, { model: 'knn', params: { weights: 'distance' } }, { model: 'knn', params: { k: 8 } },
      { model: 'forest', params: { n_estimators: 16 } }, { model: 'tree' }, { model: 'gbdt' },
      ...(task === 'regression' ? [] : [{ model: 'nb' as const }]),
    ];
    for (const run of runs) {
      const r = trainWithCV(frame, { target: 'y', features: ['a', 'b', 'c'], model: run.model, ...(run.params ? { params: run.params } : {}), folds: 2, seed: 0 });
      const v = await verifyOnnx(modelToOnnx(r.fitted, { producerVersion: 'test', dataHash: 'h', metrics: {} }), r.fitted, frame);
      expect(v.ok, `${run.model} ${JSON.stringify(run.params)}: ${JSON.stringify(v.worst)}`).toBe(true);
      expect(v.labelMismatches).toBe(0);
    }
  }, 30_000);
});
