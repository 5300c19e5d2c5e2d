import { describe, expect, it } from 'vitest';
import { computeExpression, evaluateExpression, roundHalfEven } from './compute';
import { parseExpression } from './expression';
import type { NumWork, Work } from './types';

const ctx = { seed: 0 };
const nums = (cols: Record<string, number[]>): Work =>
  new Map(Object.entries(cols).map(([k, v]) => [k, { type: 'num', values: Float64Array.from(v) } as NumWork]));
const col = (w: Work, k: string): number[] => Array.from((w.get(k) as NumWork).values);
const ev = (src: string, cols: Record<string, number[]>): number[] => Array.from(evaluateExpression(parseExpression(src), nums(cols)));

describe('expression semantics', () => {
  it('a missing input makes the result missing, whatever the formula', () => {
    expect(ev('x ^ 0 + y', { x: [NaN, 1], y: [1, 1] })).toEqual([NaN, 2]);
    expect(ev('if(x > 0, 1, y)', { x: [NaN, -1], y: [5, 5] })).toEqual([NaN, 5]);
  });

  it('division by zero and infinite results are missing; log/sqrt of negatives are missing', () => {
    expect(ev('1 / x', { x: [0, -0, 4] })).toEqual([NaN, NaN, 0.25]);
    expect(ev('exp(x)', { x: [1000, 0] })).toEqual([NaN, 1]);
    expect(ev('log(x)', { x: [0, -1, 1] })).toEqual([NaN, NaN, 0]);
    expect(ev('sqrt(x)', { x: [-4, 4] })).toEqual([NaN, 2]);
    expect(ev('x ^ 0.5', { x: [-4, 4] })).toEqual([NaN, 2]);
    expect(ev('x ^ 3', { x: [-2] })).toEqual([-8]);
    // Inner infinities may still give a finite result: exp(-(1/0 is missing)) stays missing, exp(-exp(1000)) = 0.
    expect(ev('exp(-exp(x))', { x: [1000] })).toEqual([0]);
  });

  it('comparisons give 1/0; if picks by c ≠ 0 and is missing for a NaN condition', () => {
    expect(ev('(x > 1) + (x == 2) * 10', { x: [1, 2, 3] })).toEqual([0, 11, 1]);
    expect(ev('if(x - 2, 7, 9)', { x: [1, 2, 3] })).toEqual([7, 9, 7]);
    expect(ev('if(sqrt(x), 1, 2)', { x: [-1, 0, 4] })).toEqual([NaN, 2, 1]);
  });

  it('min/max take any number of arguments and keep NaN; round halves to even; floor/ceil/abs', () => {
    expect(ev('min(x, 3, 2) + max(x, 3, 2) * 10', { x: [1, 5] })).toEqual([31, 52]);
    expect(ev('min(x, sqrt(-1)) + 1', { x: [1] })).toEqual([NaN]);
    expect(ev('max(sqrt(-1), x) + 1', { x: [1] })).toEqual([NaN]);
    expect(ev('round(x)', { x: [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6] }).map((v) => v + 0)).toEqual([0, 2, 2, 0, -2, -2, 2, -3]);
    expect([0.49999999999999994, 4503599627370497, -4503599627370497].map(roundHalfEven)).toEqual([0, 4503599627370497, -4503599627370497]);
    expect(ev('floor(x) * 10 + ceil(x)', { x: [1.5, -1.5] })).toEqual([12, -21]);
    expect(ev('abs(x) + log1p(x)', { x: [-0.5] })[0]).toBeCloseTo(0.5 + Math.log1p(-0.5), 15);
  });
});

describe('compute.expression step', () => {
  const w = nums({ price: [10, 20, NaN], 'floor area': [2, 0, 1], other: [0, 0, 0] });
  const p = { name: 'price per m2', expression: 'price / `floor area`' };

  it('appends the named column at the end', () => {
    const cols = ['price', 'floor area'];
    const out = computeExpression.transform(w, cols, p, computeExpression.fit(w, cols, p, ctx));
    expect([...out.keys()]).toEqual(['price', 'floor area', 'other', 'price per m2']);
    expect(col(out, 'price per m2')).toEqual([5, NaN, NaN]);
    expect([...computeExpression.schema(new Map([['price', 'num'], ['floor area', 'num'], ['other', 'num']]), cols, p, {}).keys()])
      .toEqual(['price', 'floor area', 'other', 'price per m2']);
  });

  it('requires its columns to be exactly the columns the formula uses', () => {
    expect(() => computeExpression.validate!(p, ['price'])).toThrow('The expression uses floor area, which is not among the step\'s columns.');
    expect(() => computeExpression.validate!(p, ['price', 'floor area', 'other'])).toThrow('The expression does not use column other.');
    expect(() => computeExpression.validate!({ name: 'k', expression: '1 + 2' }, [])).toThrow(/at least one column/);
    expect(() => computeExpression.validate!({ name: ' ', expression: 'price' }, ['price'])).toThrow(/name/);
    expect(() => computeExpression.validate!({ name: 'k', expression: 'price +' }, ['price'])).toThrow('unexpected end of the expression at character 8');
  });

  it('refuses a name that is already a column', () => {
    expect(() => computeExpression.fit(w, ['price'], { name: 'other', expression: 'price * 2' }, ctx)).toThrow(/other already exists/);
  });
});
