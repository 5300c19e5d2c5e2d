import { describe, expect, it } from 'vitest';
import {
  cpow, LAMBDA_SAMPLE, imputeConstant, imputeConstantCategory, imputeIndicator, imputeMean, log1pExact, log1pScale, minMaxScale,
  robustScale, signedLog1p, yeoJohnson, yeoJohnsonLambda, yeoJohnsonScale,
} from './numeric';
import type { CodeWork, NumWork, Work } from './types';

const ctx = { seed: 0 };
const nums = (cols: Record<string, number[]>): Work =>
  new Map(Object.entries(cols).map(([k, v]) => [k, { type: 'num', values: Float64Array.from(v) } as NumWork]));
const col = (w: Work, k: string): number[] => Array.from((w.get(k) as NumWork).values);

describe('helpers shared with the ONNX graph', () => {
  it('log1pExact is log(1 + a) to full precision, also for tiny a, and keeps NaN/-1/∞ edge cases', () => {
    for (const a of [1e-300, 1e-20, 1e-10, 3e-8, 0.001, 0.5, 1, Math.E - 1, 10, 1e10, 1e300, -0.5, -0.999]) {
      expect(Math.abs(log1pExact(a) - Math.log1p(a)), String(a)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(Math.log1p(a)));
    }
    expect(log1pExact(0)).toBe(0);
    expect(log1pExact(-1)).toBe(-Infinity);
    expect(log1pExact(-2)).toBeNaN();
    expect(log1pExact(Infinity)).toBe(Infinity);
    expect(log1pExact(Number.NaN)).toBeNaN();
  });

  it('cpow follows C pow (as onnxruntime does) where JavaScript differs', () => {
    expect(cpow(1, Number.NaN)).toBe(1);
    expect(cpow(-1, Infinity)).toBe(1);
    expect(cpow(Number.NaN, 0)).toBe(1);
    expect(cpow(-8, 1 / 3)).toBeNaN();
    expect(cpow(-2, 3)).toBe(-8);
    expect(cpow(0, -1)).toBe(Infinity);
  });
});

describe('imputation', () => {
  it('impute.mean fills with the mean of the present values', () => {
    const w = nums({ a: [1, NaN, 3, 8], b: [NaN, NaN, NaN, NaN] });
    const s = imputeMean.fit(w, ['a', 'b'], {}, ctx);
    expect(s.fill).toEqual([4, 0]);
    const out = imputeMean.transform(w, ['a', 'b'], {}, s);
    expect(col(out, 'a')).toEqual([1, 4, 3, 8]);
    expect(col(out, 'b')).toEqual([0, 0, 0, 0]);
  });

  it('impute.constant fills with the given number and rejects a non-number', () => {
    const w = nums({ a: [NaN, 2] });
    expect(col(imputeConstant.transform(w, ['a'], { value: -7 }, {}), 'a')).toEqual([-7, 2]);
    expect(() => imputeConstant.validate!({ value: Number.NaN }, ['a'])).toThrow(/number/);
  });

  it('impute.constant_category adds the label as a new level (or reuses an existing one); unseen stays unseen', () => {
    const w: Work = new Map([['c', { type: 'code', codes: Int32Array.from([0, -1, -2, 1]), levels: ['a', 'b'] } as CodeWork]]);
    const s = imputeConstantCategory.fit(w, ['c'], { value: 'missing' }, ctx);
    expect(s).toEqual({ fill: [2], levels: [['a', 'b', 'missing']] });
    const out = imputeConstantCategory.transform(w, ['c'], { value: 'missing' }, s).get('c') as CodeWork;
    expect(Array.from(out.codes)).toEqual([0, 2, -2, 1]);
    expect(out.levels).toEqual(['a', 'b', 'missing']);
    const s2 = imputeConstantCategory.fit(w, ['c'], { value: 'b' }, ctx);
    expect(s2).toEqual({ fill: [1], levels: [['a', 'b']] });
    expect(() => imputeConstantCategory.validate!({ value: '  ' }, ['c'])).toThrow(/blank/);
  });

  it('impute.indicator appends <name>_missing 0/1 columns at the end and keeps the originals', () => {
    const w = nums({ a: [1, NaN], b: [NaN, NaN], z: [0, 0] });
    const out = imputeIndicator.transform(w, ['b', 'a'], {}, imputeIndicator.fit(w, ['b', 'a'], {}, ctx));
    expect([...out.keys()]).toEqual(['a', 'b', 'z', 'b_missing', 'a_missing']);
    expect(col(out, 'a_missing')).toEqual([0, 1]);
    expect(col(out, 'b_missing')).toEqual([1, 1]);
    expect(col(out, 'a')).toEqual([1, NaN]);
    expect(() => imputeIndicator.fit(nums({ a: [1], a_missing: [0] }), ['a'], {}, ctx)).toThrow(/already exists/);
  });
});

describe('scaling', () => {
  it('scale.minmax maps the training range to 0..1, beyond it outside 0..1; a constant column becomes 0', () => {
    const w = nums({ a: [2, 4, NaN, 6], k: [3, 3, 3, 3] });
    const s = minMaxScale.fit(w, ['a', 'k'], {}, ctx);
    expect(s).toEqual({ min: [2, 3], scale: [4, 1] });
    const out = minMaxScale.transform(nums({ a: [2, 4, NaN, 6, 10], k: [3, 3, 3, 3, 5] }), ['a', 'k'], {}, s);
    expect(col(out, 'a')).toEqual([0, 0.5, NaN, 1, 2]);
    expect(col(out, 'k')).toEqual([0, 0, 0, 0, 2]);
  });

  it('scale.robust centres on the median and divides by the IQR (numpy linear percentiles)', () => {
    // [1, 2, 3, 4, 100]: median 3, Q1 = 2, Q3 = 4, IQR = 2.
    const w = nums({ a: [1, 2, 3, NaN, 4, 100] });
    const s = robustScale.fit(w, ['a'], {}, ctx);
    expect(s).toEqual({ median: [3], scale: [2] });
    expect(col(robustScale.transform(w, ['a'], {}, s), 'a')).toEqual([-1, -0.5, 0, NaN, 0.5, 48.5]);
  });

  it('scale.log1p is sign(x)·log(1 + |x|)', () => {
    const out = col(log1pScale.transform(nums({ a: [0, 1, -1, Math.E - 1, NaN, 1e-20, -3] }), ['a'], {}, {}), 'a');
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(Math.LN2, 15);
    expect(out[2]).toBeCloseTo(-Math.LN2, 15);
    expect(out[3]).toBeCloseTo(1, 15);
    expect(out[4]).toBeNaN();
    expect(out[5]).toBe(1e-20);
    expect(out[6]).toBeCloseTo(-Math.log(4), 15);
    expect(signedLog1p(-0)).toBe(0);
  });
});

describe('Yeo-Johnson', () => {
  it('follows the Yeo-Johnson formulas, including λ = 0 and λ = 2', () => {
    expect(yeoJohnson(3, 1)).toBe(3);
    expect(yeoJohnson(-3, 1)).toBe(-3);
    expect(yeoJohnson(3, 0)).toBeCloseTo(Math.log(4), 15);
    expect(yeoJohnson(-3, 0)).toBeCloseTo(-(16 - 1) / 2, 15); // -((1 - x)^2 - 1) / 2
    expect(yeoJohnson(3, 2)).toBeCloseTo((16 - 1) / 2, 15); // ((x + 1)^2 - 1) / 2
    expect(yeoJohnson(-3, 2)).toBeCloseTo(-Math.log(4), 15);
    expect(yeoJohnson(3, 0.5)).toBeCloseTo((2 - 1) / 0.5, 15);
    expect(yeoJohnson(Number.NaN, 0.5)).toBeNaN();
  });

  it('fits the same λ, mean and scale as scikit-learn', () => {
    // Reference, scikit-learn 1.2.1 / scipy 1.10.1 / numpy 1.24.2 (Debian python3-sklearn):
    // /usr/bin/python3 -c "
    // import numpy as np; from sklearn.preprocessing import PowerTransformer
    // X = np.array([[0.1, 3.0], [0.5, -2.0], [1.0, 0.0], [2.0, 1.5], [3.5, -0.5], [7.0, 4.0], [12.0, 2.0], [30.0, -7.0], [np.nan, 0.25], [80.0, 1.0]])
    // pt = PowerTransformer(method='yeo-johnson', standardize=True).fit(X)
    // print(repr(pt.lambdas_.tolist())); print(repr(pt._scaler.mean_.tolist()), repr(pt._scaler.scale_.tolist()))
    // print(repr(pt.transform(np.array([[5.0, -3.0], [np.nan, np.nan], [0.0, 10.0]])).tolist()))"
    // → [-0.2489788806939167, 1.3810146836795978]
    //   [1.3145430945808896, 0.9720728052637855] [0.8301342953945852, 2.751588707538177]
    //   [[0.15769506164801997, -1.1509934321156168], [nan, nan], [-1.583530643022105, 6.601229996663609]]
    const w = nums({
      a: [0.1, 0.5, 1.0, 2.0, 3.5, 7.0, 12.0, 30.0, NaN, 80.0],
      b: [3.0, -2.0, 0.0, 1.5, -0.5, 4.0, 2.0, -7.0, 0.25, 1.0],
    });
    const s = yeoJohnsonScale.fit(w, ['a', 'b'], { standardize: true }, ctx);
    expect(s.lambda[0]).toBeCloseTo(-0.2489788806939167, 7);
    expect(s.lambda[1]).toBeCloseTo(1.3810146836795978, 7);
    expect(s.mean[0]).toBeCloseTo(1.3145430945808896, 7);
    expect(s.mean[1]).toBeCloseTo(0.9720728052637855, 7);
    expect(s.scale[0]).toBeCloseTo(0.8301342953945852, 7);
    expect(s.scale[1]).toBeCloseTo(2.751588707538177, 7);
    const out = yeoJohnsonScale.transform(nums({ a: [5, NaN, 0], b: [-3, NaN, 10] }), ['a', 'b'], { standardize: true }, s);
    const a = col(out, 'a');
    const b = col(out, 'b');
    expect(a[0]).toBeCloseTo(0.15769506164801997, 6);
    expect(a[1]).toBeNaN();
    expect(a[2]).toBeCloseTo(-1.583530643022105, 6);
    expect(b[0]).toBeCloseTo(-1.1509934321156168, 6);
    expect(b[1]).toBeNaN();
    expect(b[2]).toBeCloseTo(6.601229996663609, 6);
  });

  it('searches λ on evenly spaced order statistics above LAMBDA_SAMPLE values', () => {
    const base = Float64Array.from({ length: 1000 }, (_, i) => Math.exp(i / 200) - 3);
    const many = new Float64Array(2 * LAMBDA_SAMPLE);
    for (let i = 0; i < many.length; i++) many[i] = base[i % 1000]!;
    // Every value 200 times, sampled down to every value 100 times: the likelihood only scales.
    expect(yeoJohnsonLambda(many)).toBeCloseTo(yeoJohnsonLambda(base), 6);
  });

  it('leaves a constant or empty column alone (λ = 1)', () => {
    expect(yeoJohnsonLambda(Float64Array.from([2, 2, 2, NaN]))).toBe(1);
    expect(yeoJohnsonLambda(Float64Array.from([NaN]))).toBe(1);
  });

  it('without standardizing, gives the raw transform', () => {
    const w = nums({ a: [0.1, 0.5, 1, 2, 3.5, 7, 12, 30, 80] });
    const s = yeoJohnsonScale.fit(w, ['a'], { standardize: false }, ctx);
    expect(s.mean).toEqual([0]);
    expect(s.scale).toEqual([1]);
    expect(col(yeoJohnsonScale.transform(w, ['a'], { standardize: false }, s), 'a')[3]).toBe(yeoJohnson(2, s.lambda[0]!));
  });
});
