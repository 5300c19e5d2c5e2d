/** Contract cases for the category encodings of ./encoding (and one-hot's "other" and missing columns). */
import type { StepCase } from '../contract-kit';

export const encodingCases: StepCase[] = [
  { kind: 'encode.onehot', title: 'encode.onehot (rare categories to "other")', columns: ['cat', 'cat2'], params: { minFrequency: 0.05 } },
  { kind: 'encode.onehot', title: 'encode.onehot (at least 20 rows, missing as a column)', columns: ['cat', 'cat2'], params: { minFrequency: 20, maxLevels: 8, missing: 'column' } },
  { kind: 'encode.onehot', title: 'encode.onehot (missing counted as "other", no rare categories)', columns: ['cat'], params: { missing: 'other' } },
  { kind: 'encode.onehot', title: 'encode.onehot (every category rare)', columns: ['cat'], params: { minFrequency: 0.9 } },
  { kind: 'encode.ordinal_custom', columns: ['cat'], params: { order: ['epsilon', 'delta', 'gamma', 'beta', 'zeta-unseen'] } },
  { kind: 'encode.ordinal_custom', title: 'encode.ordinal_custom (two columns, one scale)', columns: ['cat', 'cat2'], params: { order: ['L03', 'alpha', 'L00', 'beta', 'L01'] } },
  { kind: 'encode.frequency', columns: ['cat', 'cat2'] },
  { kind: 'encode.target', title: 'encode.target (two classes)', columns: ['cat', 'cat2'], target: 'binary' },
  { kind: 'encode.target', title: 'encode.target (numbers, no smoothing, 3 folds)', columns: ['cat', 'cat2'], target: 'regression', params: { smoothing: 0, folds: 3 } },
];
