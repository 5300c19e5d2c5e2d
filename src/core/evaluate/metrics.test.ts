import { describe, expect, it } from 'vitest';
import { accuracy, logLoss, rocAuc } from './metrics';

describe('metrics against hand-computed values', () => {
  it('ROC AUC counts each positive-negative pair, ties as one half', () => {
    // Pairs (pos, neg): scores pos {0.8, 0.4}, neg {0.4, 0.2, 0.9}.
    // 0.8 beats 0.4 and 0.2, loses to 0.9 → 2; 0.4 ties 0.4 (0.5), beats 0.2, loses 0.9 → 1.5. AUC = 3.5 / 6.
    expect(rocAuc([1, 0, 1, 0, 0], [0.8, 0.4, 0.4, 0.2, 0.9])).toBeCloseTo(3.5 / 6, 15);
  });
  it('ROC AUC is 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });
  it('ROC AUC is undefined (NaN) with a single class', () => {
    expect(rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNaN();
  });
  it('accuracy thresholds strictly above 0.5', () => {
    expect(accuracy([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1])).toBe(0.75);
  });
  it('log loss matches −mean(log p_true)', () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
  });
});
