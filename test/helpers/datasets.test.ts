import { describe, expect, it } from 'vitest';
import { baseline } from './datasets';

describe('baseline reader', () => {
  it('reads BASELINES.md cells', () => {
    expect(baseline('telco_churn.csv', 'auc', 'linear')).toBe(0.8452);
    expect(baseline('telco_churn.csv', 'acc', 'XGBoost hist')).toBe(0.7822);
  });
});
