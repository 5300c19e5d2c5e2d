import { describe, expect, it } from 'vitest';
import { foldRows, stratifiedHoldout, stratifiedKFold } from './split';

describe('stratified splits', () => {
  const y = Int32Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  it('k-fold puts every row in exactly one fold and keeps class shares', () => {
    const fold = stratifiedKFold(y, 5, 0);
    const sizes = [0, 0, 0, 0, 0];
    const pos = [0, 0, 0, 0, 0];
    fold.forEach((f, i) => { sizes[f]!++; pos[f]! += y[i]!; });
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Math.max(...pos) - Math.min(...pos)).toBeLessThanOrEqual(1);
    const { train, test } = foldRows(fold, 2);
    expect(train.length + test.length).toBe(103);
  });
  it('is deterministic under a seed and changes with it', () => {
    expect(stratifiedKFold(y, 5, 7)).toEqual(stratifiedKFold(y, 5, 7));
    expect(stratifiedKFold(y, 5, 7)).not.toEqual(stratifiedKFold(y, 5, 8));
  });
  it('hold-out takes the fraction from each class', () => {
    const fold = stratifiedHoldout(y, 0.2, 1);
    const test = [...fold.keys()].filter((i) => fold[i] === 0);
    expect(test.filter((i) => y[i] === 1).length).toBe(Math.round(26 * 0.2));
    expect(test.filter((i) => y[i] === 0).length).toBe(Math.round(77 * 0.2));
  });
  it('refuses more folds than rows', () => {
    expect(() => stratifiedKFold([0, 1], 3, 0)).toThrow(/3 folds from 2 rows/);
  });
});
