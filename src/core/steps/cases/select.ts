/** Contract cases for feature selection (./select), including selection after one-hot encoding. */
import type { StepCase } from '../contract-kit';
import type { StepSpec } from '../types';

const CAT = ['cat=alpha', 'cat=beta', 'cat=delta', 'cat=epsilon', 'cat=gamma'];
const onehot: StepSpec[] = [{ kind: 'encode.onehot', columns: ['cat'], params: {} }];
const onehotBoth: StepSpec[] = [{ kind: 'encode.onehot', columns: ['cat', 'cat2'], params: { maxLevels: 4 } }];
// With 4 categories kept, cat's rarest (epsilon) and cat2's 26 rarest go to "other".
const CAT4 = ['cat=alpha', 'cat=beta', 'cat=delta', 'cat=gamma', 'cat=other'];
const CAT2 = ['cat2=L00', 'cat2=L01', 'cat2=L03', 'cat2=L04', 'cat2=other'];

export const selectCases: StepCase[] = [
  { kind: 'select.variance', columns: ['x', 'pos', 'neg', 'n'], params: { threshold: 10 } },
  // Indicator variances are p(1 − p): epsilon (the rarest) goes, from the middle of the one-hot entry (…, delta, epsilon, gamma).
  { kind: 'select.variance', title: 'select.variance after encode.onehot', columns: ['x', ...CAT], params: { threshold: 0.12 }, before: onehot },
  { kind: 'select.correlation', columns: ['x', 'pos', 'neg', 'n'] },
  { kind: 'select.variance', title: 'select.variance after encode.onehot (the whole entry goes)', columns: ['x', ...CAT], params: { threshold: 0.3 }, before: onehot },
  { kind: 'select.correlation', title: 'select.correlation after encode.onehot', columns: ['x', 'neg', ...CAT], params: { threshold: 0.2 }, before: onehot },
  { kind: 'select.mutual_info', title: 'select.mutual_info (two classes)', columns: ['x', 'pos', 'neg', 'n', ...CAT], params: { k: 3 }, target: 'binary', before: onehot },
  { kind: 'select.mutual_info', title: 'select.mutual_info (numbers)', columns: ['x', 'pos', 'neg', 'n'], params: { k: 2, bins: 5 }, target: 'regression' },
  { kind: 'select.model', title: 'select.model (forest, two classes, after two one-hot entries)', columns: ['x', 'pos', 'neg', ...CAT4, ...CAT2], params: { k: 4, trees: 10 }, target: 'binary', before: onehotBoth },
  { kind: 'select.model', title: 'select.model (tree, numbers)', columns: ['x', 'pos', 'neg', 'n'], params: { k: 2, model: 'tree' }, target: 'regression' },
];
