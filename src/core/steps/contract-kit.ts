/**
 * The step contract test kit (DESIGN.md §5): one fixture table with every awkward value a step
 * meets in practice, a list of cases (at least one per registered step kind), and the pure checks
 * run over each case — determinism, JSON round trip of the state, inputs never mutated, missing
 * and unseen values at transform time, and the declared output schema equal to the real output.
 * ONNX parity (onnxruntime-node output = in-app output) runs from the node layer over the same
 * cases (src/node/steps/onnx-parity.test.ts), because core cannot load onnxruntime.
 */
import { Frame, type Column } from '../frame/frame';
import { createRandom } from '../util/random';
import { applySteps, fitSteps, inputSchema, toWork, type FittedPipeline, type InputColumn } from './pipeline';
import { getStep } from './registry';
import type { FittedStep, Json, StepSpec, Work } from './types';
import { schemaOf } from './util';
import type { Task } from '../frame/kinds';

/** One contract case: a step on some fixture columns, with the steps it needs around it. */
export interface StepCase {
  kind: string;
  /** Shown in test names; defaults to the kind. */
  title?: string;
  columns: string[];
  params?: Json;
  /** Steps fitted first (e.g. imputation before a step that needs no missing values). */
  before?: StepSpec[];
  /** Steps after it (e.g. a vectorizer after a text normalizer). Leftover category columns get `encode.ordinal` automatically. */
  after?: StepSpec[];
  /** For target-dependent steps: which fixture target to fit with. */
  target?: 'binary' | 'regression';
  /** Other raw columns to feed (when `before`/`after` steps use them). */
  extraInputs?: string[];
}

export const FIXTURE_COLUMNS = {
  /** Roughly normal numbers around 50 with missing values. */
  x: 'number',
  /** Right-skewed positive numbers, zeros and missing values. */
  pos: 'number',
  /** Numbers from -5 to 5, some missing. */
  neg: 'number',
  /** Small integers 0..20. */
  n: 'integer',
  /** Five categories, skewed, with missing values (and unseen ones in the test rows). */
  cat: 'category',
  /** Thirty categories, many rare. */
  cat2: 'category',
  /** Dates with times, 2019–2024, some missing. */
  when: 'date',
  /** Short reviews from a small vocabulary, some missing, new words in the test rows. */
  review: 'text',
} as const;

const WORDS = ['good', 'bad', 'great', 'coffee', 'tea', 'taste', 'price', 'love', 'not', 'very', 'fresh', 'stale', 'box', 'arrived', 'quickly', 'Delicious!', 'would', 'buy', 'again', 'the', 'a', "don't", 'Tea,', 'COFFEE.'];
const NEW_WORDS = ['zebra', 'quantum', 'Éclair'];

/** The fixture table. `test` rows carry unseen categories, unseen words and more missing values. */
export function fixtureFrame(rows: number, seed: number, test = false): { frame: Frame; yBinary: Float64Array; yRegression: Float64Array } {
  const r = createRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const miss = test ? 0.15 : 0.05;
  const x = new Float64Array(rows);
  const pos = new Float64Array(rows);
  const neg = new Float64Array(rows);
  const n = new Float64Array(rows);
  const when = new Float64Array(rows);
  const catLevels = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', ...(test ? ['zeta-unseen'] : [])];
  const cat = new Int32Array(rows);
  const cat2Levels = Array.from({ length: 30 }, (_, i) => `L${String(i).padStart(2, '0')}`);
  const cat2 = new Int32Array(rows);
  const reviews: string[] = [];
  const review = new Int32Array(rows);
  const yBinary = new Float64Array(rows);
  const yRegression = new Float64Array(rows);
  const start = Date.UTC(2019, 0, 1);
  for (let i = 0; i < rows; i++) {
    x[i] = r() < miss ? Number.NaN : 50 + 10 * gauss();
    pos[i] = r() < miss ? Number.NaN : r() < 0.05 ? 0 : Math.exp(1 + 1.5 * gauss());
    neg[i] = r() < miss ? Number.NaN : Math.round((r() * 10 - 5) * 100) / 100;
    n[i] = Math.floor(r() * 21);
    when[i] = r() < miss ? Number.NaN : start + Math.floor(r() * 6 * 365 * 24) * 3_600_000 + (r() < 0.5 ? 0 : 30 * 60_000);
    const u = r();
    cat[i] = r() < miss ? -1 : test && u < 0.08 ? 5 : u < 0.4 ? 0 : u < 0.65 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4;
    cat2[i] = Math.min(29, Math.floor(-Math.log(1 - r()) * 6));
    if (r() < miss) review[i] = -1;
    else {
      const len = 1 + Math.floor(r() * 8);
      const words = Array.from({ length: len }, () => (test && r() < 0.1 ? NEW_WORDS[Math.floor(r() * NEW_WORDS.length)]! : WORDS[Math.floor(r() * WORDS.length)]!));
      review[i] = reviews.length;
      reviews.push(words.join(r() < 0.2 ? '  ' : ' '));
    }
    const xv = Number.isNaN(x[i]!) ? 50 : x[i]!;
    yBinary[i] = xv + 5 * gauss() + (cat[i] === 0 ? 5 : 0) > 52 ? 1 : 0;
    yRegression[i] = 2 * xv + (Number.isNaN(neg[i]!) ? 0 : 3 * neg[i]!) + gauss();
  }
  const columns: Column[] = [
    { name: 'x', kind: 'number', values: x },
    { name: 'pos', kind: 'number', values: pos },
    { name: 'neg', kind: 'number', values: neg },
    { name: 'n', kind: 'integer', values: n },
    { name: 'cat', kind: 'category', codes: cat, dictionary: catLevels },
    { name: 'cat2', kind: 'category', codes: cat2, dictionary: cat2Levels },
    { name: 'when', kind: 'date', values: when },
    { name: 'review', kind: 'text', codes: review, dictionary: reviews },
  ];
  return { frame: new Frame(columns), yBinary, yRegression };
}

/** Everything a case needs: fitted pipeline, and the in-app output on train and test rows. */
export interface PreparedCase {
  pipeline: FittedPipeline;
  train: Frame;
  test: Frame;
  /** The case's own fitted step. */
  step: FittedStep;
  /** Work right before the case's step, on train and test rows. */
  beforeTrain: Work;
  beforeTest: Work;
  target?: Float64Array;
  task?: Task;
}

export const TRAIN_ROWS = 300;
export const TEST_ROWS = 120;

/** Fits the case's steps (before + step + after) on the fixture's training rows. */
export function prepareCase(c: StepCase): PreparedCase {
  const tr = fixtureFrame(TRAIN_ROWS, 11);
  const te = fixtureFrame(TEST_ROWS, 97, true);
  const names = [...new Set([...c.columns, ...(c.before ?? []).flatMap((s) => s.columns), ...(c.after ?? []).flatMap((s) => s.columns), ...(c.extraInputs ?? [])])]
    .filter((n) => n in FIXTURE_COLUMNS);
  const input: InputColumn[] = inputSchema(tr.frame, names);
  const task: Task | undefined = c.target === 'binary' ? 'binary' : c.target === 'regression' ? 'regression' : undefined;
  const target = c.target === 'binary' ? tr.yBinary : c.target === 'regression' ? tr.yRegression : undefined;
  const spec: StepSpec = { kind: c.kind, columns: c.columns, params: c.params ?? {} };
  const first = fitSteps(toWork(tr.frame, input), c.before ?? [], 1, target, task);
  const beforeTrain = first.work;
  const beforeTest = applySteps(toWork(te.frame, input), first.steps);
  const y = first.kept && target ? Float64Array.from(first.kept, (i) => target[i]!) : target;
  const mid = fitSteps(beforeTrain, [spec], 1, y, task);
  const step = mid.steps[0]!;
  let after = c.after ?? [];
  const probe = fitSteps(mid.work, after, 1).work;
  const leftover = [...probe].filter(([, col]) => col.type === 'code').map(([k]) => k);
  if (leftover.length) after = [...after, { kind: 'encode.ordinal', columns: leftover, params: {} }];
  const y2 = mid.kept && y ? Float64Array.from(mid.kept, (i) => y[i]!) : y;
  const last = fitSteps(mid.work, after, 1, y2, task);
  const steps = [...first.steps, step, ...last.steps];
  const features = [...last.work.keys()];
  return {
    pipeline: { formatVersion: 1, input, steps, features },
    train: tr.frame, test: te.frame, step, beforeTrain, beforeTest,
    ...(target ? { target } : {}), ...(task ? { task } : {}),
  };
}

/** A deep snapshot of a work table's arrays, to detect mutation. */
function snapshot(w: Work): string {
  return JSON.stringify([...w].map(([k, c]) => [k, c.type, Array.from(c.type === 'num' ? c.values : c.codes, (v) => (Number.isNaN(v) ? 'NaN' : v))]));
}

function plain(w: Work): unknown {
  return [...w].map(([k, c]) => [k, c.type, Array.from(c.type === 'num' ? c.values : c.codes, (v) => (Number.isNaN(v) ? 'NaN' : v)), c.type === 'code' ? c.levels : null]);
}

/** A contract violation, in words; empty when the case passes. */
export function checkStepCase(c: StepCase): string[] {
  const problems: string[] = [];
  const def = getStep(c.kind);
  const p = prepareCase(c);
  const params = p.step.params;
  const ctx = p.target ? { seed: 1, target: p.target, ...(p.task ? { task: p.task } : {}) } : { seed: 1 };
  // The case's step sees the rows left by `before` steps; recompute its target the same way.
  const beforeFit = fitSteps(toWork(p.train, p.pipeline.input), c.before ?? [], 1, p.target, p.task);
  const y = beforeFit.kept && p.target ? Float64Array.from(beforeFit.kept, (i) => p.target![i]!) : p.target;
  const fitCtx = y ? { ...ctx, target: y } : ctx;
  const before = snapshot(p.beforeTrain);
  const s1 = def.fit(p.beforeTrain, c.columns, params, fitCtx);
  const s2 = def.fit(p.beforeTrain, c.columns, params, fitCtx);
  if (JSON.stringify(s1) !== JSON.stringify(s2)) problems.push('fit is not deterministic under the same seed');
  const roundTrip = JSON.parse(JSON.stringify(s1)) as Json;
  for (const [label, w] of [['training', p.beforeTrain], ['test', p.beforeTest]] as const) {
    const snap = snapshot(w);
    let out: Work;
    try {
      out = def.transform(w, c.columns, params, s1);
    } catch (e) {
      problems.push(`transform of the ${label} rows threw: ${(e as Error).message}`);
      continue;
    }
    if (snapshot(w) !== snap) problems.push(`transform mutated its ${label} input`);
    const again = def.transform(w, c.columns, params, roundTrip);
    if (JSON.stringify(plain(again)) !== JSON.stringify(plain(out))) problems.push(`the JSON round trip of the state changes the ${label} output`);
    const declared = [...def.schema(schemaOf(w), c.columns, params, s1)];
    const real = [...schemaOf(out)];
    if (JSON.stringify(declared) !== JSON.stringify(real)) problems.push(`declared schema ${JSON.stringify(declared)} differs from the real output ${JSON.stringify(real)} (${label} rows)`);
    const rows = (out.values().next().value as { values?: Float64Array; codes?: Int32Array } | undefined);
    const n = rows ? (rows.values ?? rows.codes)!.length : 0;
    const expected = label === 'training' ? p.beforeTrain : p.beforeTest;
    const m = expected.values().next().value as { values?: Float64Array; codes?: Int32Array };
    if (n !== (m.values ?? m.codes)!.length) problems.push(`transform changed the number of ${label} rows (only dropRows may, and only in training)`);
  }
  if (snapshot(p.beforeTrain) !== before) problems.push('fit mutated its input');
  const s3 = def.fit(p.beforeTrain, c.columns, params, { ...fitCtx, seed: 1 });
  if (JSON.stringify(s3) !== JSON.stringify(s1)) problems.push('fit depends on something besides its input and seed');
  return problems;
}
