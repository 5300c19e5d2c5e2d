/**
 * Honest validation: every preparation step is fitted inside each fold. A target-dependent step
 * (per-category target mean, registered here for the test) on a random target scores at chance
 * under CV, while the same step fitted on all rows before CV would look predictive.
 */
import { describe, expect, it } from 'vitest';
import { Frame } from '../frame/frame';
import { registerStep } from '../steps/registry';
import type { CodeWork, Work } from '../steps/types';
import { createRandom } from '../util/random';
import { rocAuc } from './metrics';
import { trainWithCV } from './train';

const targetMean = registerStep<Record<string, never>, { means: number[][]; prior: number }>({
  kind: 'test.target_mean',
  version: 1,
  label: 'Target mean (test only)',
  description: 'Replaces each category by the mean target of its training rows.',
  group: 'encode',
  accepts: 'code',
  defaults: {},
  paramsInfo: [],
  schema: (input, columns) => new Map([...input].map(([k, t]) => [k, columns.includes(k) ? 'num' : t])),
  fit(work, columns, _p, ctx) {
    const y = ctx.target!;
    const prior = y.reduce((a, b) => a + b, 0) / y.length;
    const means = columns.map((c) => {
      const col = work.get(c) as CodeWork;
      const sum = new Float64Array(col.levels.length);
      const n = new Float64Array(col.levels.length);
      col.codes.forEach((code, i) => { if (code >= 0) { sum[code]! += y[i]!; n[code]!++; } });
      return Array.from(sum, (s, k) => (n[k]! > 0 ? s / n[k]! : prior));
    });
    return { means, prior };
  },
  transform(work, columns, _p, state) {
    const out = new Map(work);
    columns.forEach((c, j) => {
      const col = work.get(c) as CodeWork;
      out.set(c, { type: 'num', values: Float64Array.from(col.codes, (code) => (code >= 0 ? state.means[j]![code] ?? state.prior : state.prior)) });
    });
    return out as Work;
  },
  onnx() {
    throw new Error('test step');
  },
});

describe('no leakage from preparation steps', () => {
  const n = 5000;
  const r = createRandom(11);
  // 1,000 categories of ~5 rows each, and a target that is pure noise.
  const frame = new Frame([
    { name: 'zip', kind: 'category', codes: Int32Array.from({ length: n }, () => Math.floor(r() * 1000)), dictionary: Array.from({ length: 1000 }, (_, i) => `z${i}`) },
    { name: 'y', kind: 'category', codes: Int32Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0)), dictionary: ['no', 'yes'] },
  ]);
  const steps = () => [{ kind: targetMean.kind, columns: ['zip'], params: {} }];

  it('a target encoding fitted inside each fold scores at chance on a random target', () => {
    const res = trainWithCV(frame, { target: 'y', features: ['zip'], model: 'linear', folds: 5, seed: 0, steps });
    expect(Math.abs(res.metrics.auc! - 0.5)).toBeLessThan(0.03);
  });

  it('the same encoding fitted on all rows first would look predictive (the leak the CV avoids)', () => {
    const y = Float64Array.from((frame.column('y') as { codes: Int32Array }).codes);
    const work: Work = new Map([['zip', { type: 'code', codes: (frame.column('zip') as { codes: Int32Array }).codes, levels: Array.from({ length: 1000 }, (_, i) => `z${i}`) }]]);
    const state = targetMean.fit(work, ['zip'], {}, { seed: 0, target: y });
    const encoded = (targetMean.transform(work, ['zip'], {}, state).get('zip') as { values: Float64Array }).values;
    expect(rocAuc(y, encoded)).toBeGreaterThan(0.7);
  });
});
