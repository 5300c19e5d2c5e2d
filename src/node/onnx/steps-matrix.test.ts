/**
 * Every model family × every preparation step kind (each contract case alone, and one realistic
 * chain of many kinds): train on the step fixture table, export the whole pipeline, verify it with
 * onnxruntime-node on the training rows and on test rows with missing values, unseen categories
 * and unseen words, and run the ONNX checker (python3-onnx) over a sample of the files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainWithCV, type FittedModel } from '../../core/evaluate/train';
import { modelToOnnx } from '../../core/export/model-onnx';
import { Frame } from '../../core/frame/frame';
import '../../core/models/index';
import { FIXTURE_COLUMNS, fixtureFrame, type StepCase } from '../../core/steps/contract-kit';
import { STEP_CASES } from '../../core/steps/cases';
import type { StepSpec } from '../../core/steps/types';
import { verifyOnnx } from './verify';

const FAMILIES: readonly FittedModel['model'][] = ['linear', 'tree', 'forest', 'gbdt', 'knn', 'nb', 'nn'];

/** The fixture with a target column `y`: two classes, or a number. */
function data(rows: number, seed: number, test: boolean, task: 'binary' | 'regression'): Frame {
  const f = fixtureFrame(rows, seed, test);
  const y = task === 'binary'
    ? { name: 'y', kind: 'category' as const, codes: Int32Array.from(f.yBinary), dictionary: ['no', 'yes'] }
    : { name: 'y', kind: 'number' as const, values: f.yRegression };
  return new Frame([...f.frame.columns, y]);
}

function inputsOf(c: StepCase): string[] {
  return [...new Set([...c.columns, ...(c.before ?? []).flatMap((s) => s.columns), ...(c.after ?? []).flatMap((s) => s.columns), ...(c.extraInputs ?? [])])]
    .filter((n) => n in FIXTURE_COLUMNS);
}

/** A chain a user might build, touching most step groups. */
const CHAIN: StepCase = {
  kind: 'chain', title: 'realistic chain', columns: [],
  before: [
    { kind: 'impute.indicator', columns: ['x'], params: {} },
    { kind: 'scale.log1p', columns: ['pos'], params: {} },
    { kind: 'outliers.clip', columns: ['neg'], params: {} },
    { kind: 'encode.target', columns: ['cat2'], params: {} },
    { kind: 'date.parts', columns: ['when'], params: {} },
    { kind: 'text.counts', columns: ['review'], params: { maxFeatures: 20, output: 'tfidf' } },
    { kind: 'interact.product', columns: ['x', 'n'], params: {} },
    { kind: 'compute.expression', columns: ['n', 'neg'], params: { name: 'ratio', expression: 'n / (abs(neg) + 1)' } },
    { kind: 'select.variance', columns: ['*'], params: {} },
  ],
};

const exported: { name: string; bytes: Uint8Array }[] = [];

async function check(family: FittedModel['model'], c: StepCase, task: 'binary' | 'regression'): Promise<void> {
  const train = data(300, 11, false, task);
  const test = data(120, 97, true, task);
  const prepare: StepSpec[] = c.kind === 'chain'
    ? c.before!
    : [...(c.before ?? []), { kind: c.kind, columns: c.columns, params: c.params ?? {} }, ...(c.after ?? [])];
  const features = c.kind === 'chain' ? Object.keys(FIXTURE_COLUMNS) : inputsOf(c);
  // The network trains for a few epochs only: the export, not the fit, is under test.
  const r = trainWithCV(train, { target: 'y', features, model: family, folds: 2, seed: 0, prepare, ...(family === 'nn' ? { params: { max_iter: 3, hidden: [8], early_stopping: false } } : {}) });
  const bytes = modelToOnnx(r.fitted, { producerVersion: 'test', dataHash: 'h', metrics: r.metrics });
  for (const frame of [train, test]) {
    const v = await verifyOnnx(bytes, r.fitted, frame);
    expect(v.ok, `${family} + ${c.title ?? c.kind}: ${JSON.stringify(v.worst.slice(0, 3))}`).toBe(true);
  }
  exported.push({ name: `${family} + ${c.title ?? c.kind} (${task})`, bytes });
}

/**
 * Left out here: cases that leave free text for the model (refused at training: text needs a
 * text step), and cases naming single one-hot levels (`cat2=L03`), which a cross-validation fold
 * may not have; both are covered on all rows by the step parity test.
 */
const usable = STEP_CASES.filter((c) => !(c.kind.startsWith('text.') && (c.params as { keep?: boolean } | undefined)?.keep)
  && !c.columns.some((n) => n.includes('=')));

describe('ONNX export: every model family × every step kind', () => {
  for (const family of FAMILIES) {
    it(`${family}: each step case alone exports and verifies`, async () => {
      for (const c of usable) await check(family, c, 'binary');
    }, 180_000);
    it(`${family}: a realistic chain of steps exports and verifies (two classes${family === 'nb' ? '' : ' and a number'})`, async () => {
      await check(family, CHAIN, 'binary');
      if (family !== 'nb') await check(family, CHAIN, 'regression');
    }, 60_000);
  }

  const noChecker = (() => {
    const r = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' });
    return r.error ? `/usr/bin/python3 is not available` : r.status === 0 ? null : 'python3 cannot import onnx';
  })();
  if (noChecker) console.warn(`Skipping the ONNX checker over the step matrix: ${noChecker}. Install python3-onnx to run it.`);

  it.skipIf(noChecker !== null)('the ONNX checker (full_check) accepts the chains and one file per step case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-steps-onnx-'));
    try {
      const seen = new Set<string>();
      const picked = exported.filter((e) => {
        const key = e.name.includes('chain') ? e.name : e.name.slice(e.name.indexOf('+'));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      expect(picked.length).toBeGreaterThan(usable.length);
      const files = picked.map((e, i) => { const f = join(dir, `${i}.onnx`); writeFileSync(f, e.bytes); return f; });
      const script = 'import onnx, sys\nbad = []\nfor f in sys.argv[1:]:\n    try:\n        onnx.checker.check_model(onnx.load(f), full_check=True)\n    except Exception as e:\n        bad.append(f + ": " + str(e).splitlines()[0])\nprint("\\n".join(bad))';
      const r = spawnSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const bad = r.stdout.trim().split('\n').filter(Boolean).map((line) => {
        const i = Number(line.slice(dir.length + 1).split('.')[0]);
        return `${picked[i]?.name}: ${line.slice(line.indexOf(':') + 1)}`;
      });
      expect(r.status).toBe(0);
      expect(bad).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
