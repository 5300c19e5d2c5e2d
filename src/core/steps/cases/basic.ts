/** Contract cases for the original steps (imputation, one-hot, standard scaling, codes). */
import type { StepCase } from '../contract-kit';

export const basicCases: StepCase[] = [
  { kind: 'impute.median', columns: ['x', 'pos', 'neg'] },
  { kind: 'impute.most_frequent', columns: ['cat', 'cat2'] },
  { kind: 'encode.onehot', columns: ['cat', 'cat2'] },
  { kind: 'encode.onehot', title: 'encode.onehot (5 levels kept)', columns: ['cat2'], params: { maxLevels: 5 } },
  { kind: 'scale.standard', columns: ['x', 'n'] },
  { kind: 'encode.ordinal', columns: ['cat', 'cat2'] },
];
