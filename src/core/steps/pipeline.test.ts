import { describe, expect, it } from 'vitest';
import { Frame } from '../frame/frame';
import { trainWithCV } from '../evaluate/train';
import { createRandom } from '../util/random';
import { finishingSteps, fitSteps } from './pipeline';
import { registerStep } from './registry';
import type { NumWork, Work } from './types';
import { numColumn, sameSchema } from './util';

// A training-only row filter, registered for this test: drops rows whose value exceeds `max`.
registerStep<{ max: number }, Record<string, never>>({
  kind: 'test.drop_above', version: 1, label: 'Drop rows above (test)', description: 'Test-only row filter.',
  group: 'outliers', accepts: 'num', defaults: { max: 10 }, paramsInfo: [{ name: 'max', label: 'Max', type: 'number' }],
  schema: sameSchema, fit: () => ({}), transform: (w) => w,
  dropRows: (w, cols, p) => Uint8Array.from(numColumn(w, cols[0]!).values, (v) => (v > p.max ? 1 : 0)),
  onnx: () => {},
});

const work = (): Work => new Map<string, NumWork | { type: 'code'; codes: Int32Array; levels: string[] }>([
  ['a', { type: 'num', values: Float64Array.from([1, 20, 3, 40]) }],
  ['c', { type: 'code', codes: Int32Array.from([0, 1, -1, 0]), levels: ['p', 'q'] }],
  ['b', { type: 'num', values: Float64Array.from([5, 6, NaN, 8]) }],
]);

describe('pipeline fitting', () => {
  it("resolves ['*'] to every column of the accepted type at that point", () => {
    const { steps } = fitSteps(work(), [{ kind: 'impute.median', columns: ['*'], params: {} }], 0);
    expect(steps[0]!.columns).toEqual(['a', 'b']);
  });

  it('names a wrong-typed or missing column in plain words', () => {
    expect(() => fitSteps(work(), [{ kind: 'impute.median', columns: ['c'], params: {} }], 0)).toThrow(/works on number columns, and c is a category/);
    expect(() => fitSteps(work(), [{ kind: 'impute.median', columns: ['zz'], params: {} }], 0)).toThrow(/no column zz/);
  });

  it('drops training rows only through dropRows, and reports which rows remain', () => {
    const y = Float64Array.from([0, 1, 2, 3]);
    const r = fitSteps(work(), [{ kind: 'test.drop_above', columns: ['a'], params: {} }, { kind: 'impute.median', columns: ['b'], params: {} }], 0, y);
    expect(Array.from(r.kept!)).toEqual([0, 2]);
    // The median after the drop is computed on the kept rows only (5 and NaN → 5).
    expect((r.steps[1]!.state as { fill: number[] }).fill).toEqual([5]);
    expect(Array.from((r.work.get('b') as NumWork).values)).toEqual([5, 5]);
  });

  it('finishes dense pipelines with imputation, one-hot and scaling, native ones with codes', () => {
    const schema = new Map([['a', 'num'], ['c', 'code']] as const);
    expect(finishingSteps(schema, true).map((s) => `${s.kind}:${s.columns.join('+')}`)).toEqual(['impute.median:a', 'impute.most_frequent:c', 'encode.onehot:c', 'scale.standard:a']);
    expect(finishingSteps(schema, false).map((s) => s.kind)).toEqual(['encode.ordinal']);
  });

  it("the user's steps run inside each fold, followed by the model's standard preparation", () => {
    const r = createRandom(3);
    const n = 400;
    const x = Float64Array.from({ length: n }, () => r() * 10);
    const y = Int32Array.from(x, (v) => (v + r() * 4 > 7 ? 1 : 0));
    const frame = new Frame([
      { name: 'x', kind: 'number', values: x },
      { name: 'y', kind: 'category', codes: y, dictionary: ['no', 'yes'] },
    ]);
    const base = { target: 'y', features: ['x'], model: 'linear' as const, folds: 5, seed: 0 };
    const plain = trainWithCV(frame, base);
    const same = trainWithCV(frame, { ...base, prepare: [] });
    expect(same.metrics).toEqual(plain.metrics);
    const dropped = trainWithCV(frame, { ...base, prepare: [{ kind: 'test.drop_above', columns: ['x'], params: { max: 8 } }] });
    // Every row is still scored (dropping is training-only), the fitted pipeline records the step.
    expect(dropped.oof.filter((v) => Number.isNaN(v)).length).toBe(0);
    expect(dropped.metrics.auc).not.toEqual(plain.metrics.auc);
    expect(dropped.fitted.pipeline.steps.map((s) => s.kind)).toEqual(['test.drop_above', 'impute.median', 'scale.standard']);
  });
});
