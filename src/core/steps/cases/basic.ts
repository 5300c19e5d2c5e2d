/** Contract cases for the original steps (imputation, one-hot, standard scaling, codes). */
import type { StepCase } from '../contract-kit';

export const basicCases: StepCase[] = [
  { kind: 'impute.median', columns: ['x', 'pos', 'neg'] },
  { kind: 'impute.most_frequent', columns: ['cat', 'cat2'] },
  { kind: 'encode.onehot', columns: ['cat', 'cat2'] },
  { kind: 'encode.onehot', title: 'encode.onehot (5 levels kept)', columns: ['cat2'], params: { maxLevels: 5 } },
  { kind: 'scale.standard', columns: ['x', 'n'] },
  // Number steps on single columns of a wider block (one-hot, word counts): the exporter gives
  // those columns their own entries first.
  { kind: 'scale.standard', title: 'scale.standard on one one-hot column', columns: ['cat=beta'], before: [{ kind: 'encode.onehot', columns: ['cat'], params: {} }] },
  { kind: 'impute.median', title: 'impute.median on word counts, then a product', columns: ['review:coffee', 'review:tea'],
    before: [{ kind: 'text.counts', columns: ['review'], params: { maxFeatures: 8 } }], after: [{ kind: 'interact.product', columns: ['review:tea', 'x'], params: {} }] },
  { kind: 'encode.ordinal', columns: ['cat', 'cat2'] },
];
