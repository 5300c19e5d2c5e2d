/**
 * Contract cases for the number steps: imputation, scaling, binning, outliers, interactions and
 * computed columns. The fixture's `x`, `pos` (skewed, zeros), `neg` (negative values) and `n`
 * (small integers, many ties) all carry missing values in the test rows.
 */
import type { StepCase } from '../contract-kit';

const NUMS = ['x', 'pos', 'neg', 'n'];
/** Turns `n` into a constant 0 column (every value is below the cut point). */
const CONSTANT_N = [{ kind: 'bin.custom', columns: ['n'], params: { edges: [100] } }];

export const numericCases: StepCase[] = [
  // Imputation
  { kind: 'impute.mean', columns: NUMS },
  { kind: 'impute.constant', columns: ['x', 'pos', 'neg'] },
  { kind: 'impute.constant', title: 'impute.constant (-1.5)', columns: ['neg'], params: { value: -1.5 } },
  { kind: 'impute.constant_category', columns: ['cat', 'cat2'] },
  { kind: 'impute.constant_category', title: 'impute.constant_category (existing level)', columns: ['cat'], params: { value: 'beta' } },
  { kind: 'impute.constant_category', title: 'impute.constant_category then one-hot', columns: ['cat'], params: { value: '(none)' }, after: [{ kind: 'encode.onehot', columns: ['cat'], params: {} }] },
  { kind: 'impute.indicator', columns: ['x', 'pos', 'n'], extraInputs: ['neg'] },
  // Scaling
  { kind: 'scale.minmax', columns: NUMS },
  { kind: 'scale.robust', columns: NUMS },
  { kind: 'scale.log1p', columns: ['pos', 'neg', 'x'] },
  { kind: 'scale.yeojohnson', columns: NUMS },
  { kind: 'scale.yeojohnson', title: 'scale.yeojohnson (not standardized)', columns: ['pos', 'neg'], params: { standardize: false } },
  { kind: 'scale.minmax', title: 'scale.minmax (constant column)', columns: ['n'], before: CONSTANT_N },
  { kind: 'scale.robust', title: 'scale.robust (constant column)', columns: ['n'], before: CONSTANT_N },
  { kind: 'scale.yeojohnson', title: 'scale.yeojohnson (constant column)', columns: ['n', 'x'], before: CONSTANT_N },
  // Binning
  { kind: 'bin.equal_width', title: 'bin.equal_width (constant column, one-hot)', columns: ['n'], params: { output: 'onehot' }, before: CONSTANT_N },
  { kind: 'bin.quantile', title: 'bin.quantile (constant column)', columns: ['n', 'x'], before: CONSTANT_N },
  { kind: 'bin.equal_width', columns: NUMS },
  { kind: 'bin.equal_width', title: 'bin.equal_width (one-hot, 3 bins)', columns: ['x', 'neg'], params: { bins: 3, output: 'onehot' }, extraInputs: ['n'] },
  { kind: 'bin.quantile', columns: NUMS, params: { bins: 4 } },
  { kind: 'bin.quantile', title: 'bin.quantile (one-hot, 10 bins, ties)', columns: ['n', 'pos'], params: { bins: 10, output: 'onehot' } },
  { kind: 'bin.custom', columns: ['neg'], params: { edges: [-2.5, 0, 2.5] } },
  { kind: 'bin.custom', title: 'bin.custom (one-hot, unsorted edges on the data)', columns: ['n', 'x'], params: { edges: [10, 5, 15, 50], output: 'onehot' } },
  // Outliers
  { kind: 'outliers.clip', columns: NUMS },
  { kind: 'outliers.clip', title: 'outliers.clip (IQR fences)', columns: ['pos', 'x'], params: { method: 'iqr', k: 1.5 } },
  { kind: 'outliers.drop', columns: ['pos', 'x'], target: 'regression' },
  { kind: 'outliers.drop', title: 'outliers.drop (quantiles) then scaling', columns: ['x'], params: { method: 'quantile', qLow: 0.05, qHigh: 0.95 }, target: 'binary', after: [{ kind: 'scale.standard', columns: ['x'], params: {} }] },
  // Interactions
  { kind: 'interact.product', columns: ['x', 'pos', 'neg'] },
  { kind: 'interact.ratio', columns: ['x', 'neg', 'n'] },
  { kind: 'interact.poly2', columns: ['x', 'neg'] },
  { kind: 'interact.poly2', title: 'interact.poly2 (one column)', columns: ['n'] },
  // Computed columns
  { kind: 'compute.expression', columns: ['x', 'pos'], params: { name: 'log ratio', expression: 'log(x) - log1p(pos) + x / (pos - 1) ^ 2' } },
  {
    kind: 'compute.expression', title: 'compute.expression (functions, comparisons, if, division by zero)', columns: ['neg', 'n', 'x'],
    params: { name: 'score', expression: 'if(neg > 0, sqrt(neg), -abs(neg)) + max(n, 10, x / 10) * min(n, 5) - round(neg * 2) / 2 + floor(neg) * ceil(neg) + (n == 0) + (n != 3) * exp(neg) + n / (n - 10) + 10 / (n + 1)' },
  },
  {
    kind: 'compute.expression', title: 'compute.expression (edge cases: halves, pow of 1 and -1, NaN in min/max, infinities)', columns: ['n'],
    params: { name: 'edge', expression: 'round(n / 2) + 1 ^ (n / 0) + (-1) ^ exp(1000 + n) + (max(n, log(-1 - n)) != max(n, log(-1 - n))) + 10 * (min(log(-1 - n), n) == min(log(-1 - n), n)) + 100 * ceil(-n / 3) + log1p(n - 1) + if(n - 4, 0.25, -0.25)' },
  },
  { kind: 'compute.expression', title: 'compute.expression (negative base to a fractional power)', columns: ['neg'], params: { name: 'root', expression: '(-neg) ^ 0.5 + neg ^ 2' } },
  { kind: 'compute.expression', title: 'compute.expression (quoted names, powers, nested)', columns: ['pos', 'n'], params: { name: 'pw', expression: '`pos` ^ 0.5 + "n" ^ -1 + 2 ^ -n ^ 0.5 + log1p(-n / 40) * (pos <= 3) - (pos >= 100)' } },
];
