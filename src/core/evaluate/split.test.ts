import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../test/helpers/datasets';
import { Frame, isCoded } from '../frame/frame';
import {
  foldRows,
  stratifiedHoldout,
  stratifiedKFold,
  deriveSeed,
  groupKFold,
  kFold,
  makeSplit,
  randomHoldout,
  repeatedKFold,
  roundsFromFolds,
  sklearnKFold,
  sklearnStratifiedKFold,
  SplitError,
  splitDataOf,
  timeHoldout,
  timeSeriesSplit,
  type Round,
  type SplitData,
  type ValidationSpec,
} from './split';

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

/*
 * Reference layouts computed once with scikit-learn 1.2.1 (Debian python3-sklearn) under
 * /usr/bin/python3; the tests need no Python:
 *   KFold(5, shuffle=True).split(23 rows) → test sizes [5, 5, 5, 4, 4];
 *   GroupKFold(3).split(groups=G) → test sizes sorted [12, 12, 13];
 *   TimeSeriesSplit(k).split(n rows) → (train end, [test start, test end)) per round, below.
 */
const G = [...Array(7).fill(0), ...Array(5).fill(1), ...Array(4).fill(2), ...Array(3).fill(3), ...Array(2).fill(4), ...Array(9).fill(5), 6, ...Array(6).fill(7)];
const TSS: [number, number, [number, number][]][] = [
  [10, 3, [[4, 6], [6, 8], [8, 10]]],
  [13, 4, [[5, 7], [7, 9], [9, 11], [11, 13]]],
  [7, 6, [[1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7]]],
];

/** Every round: train and test disjoint, ascending, in range. */
function checkRounds(rounds: Round[], n: number) {
  for (const { train, test } of rounds) {
    const seen = new Uint8Array(n);
    for (const r of train) seen[r] = 1;
    for (const r of test) {
      expect(seen[r], `row ${r} in both train and test`).toBe(0);
    }
    for (const a of [train, test]) for (let i = 1; i < a.length; i++) expect(a[i]! > a[i - 1]!).toBe(true);
    expect(train.length).toBeGreaterThan(0);
    expect(test.length).toBeGreaterThan(0);
    for (const r of [...train, ...test]) expect(r >= 0 && r < n).toBe(true);
  }
}

/** k-fold kinds: within each repetition of k rounds, every row is tested exactly once and trained on otherwise. */
function checkPartition(rounds: Round[], n: number, k: number) {
  checkRounds(rounds, n);
  expect(rounds.length % k).toBe(0);
  for (let rep = 0; rep < rounds.length / k; rep++) {
    const tested = new Int32Array(n);
    for (const { train, test } of rounds.slice(rep * k, rep * k + k)) {
      expect(train.length + test.length).toBe(n);
      for (const r of test) tested[r]!++;
    }
    expect([...tested].every((t) => t === 1)).toBe(true);
  }
}

describe('plain k-fold', () => {
  it('partitions the rows with sklearn KFold fold sizes', () => {
    const fold = kFold(23, 5, 0);
    checkPartition(roundsFromFolds(fold, 5), 23, 5);
    expect(roundsFromFolds(fold, 5).map((r) => r.test.length)).toEqual([5, 5, 5, 4, 4]);
  });
  it('shuffles, deterministically under a seed', () => {
    expect(kFold(50, 5, 3)).toEqual(kFold(50, 5, 3));
    expect(kFold(50, 5, 3)).not.toEqual(kFold(50, 5, 4));
    expect([...kFold(50, 5, 3).slice(0, 10)]).not.toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('refuses impossible requests', () => {
    expect(() => kFold(3, 4, 0)).toThrow(/Cannot make 4 folds from 3 rows/);
    expect(() => kFold(10, 1, 0)).toThrow(/at least 2/);
    expect(() => kFold(10, 2.5, 0)).toThrow(SplitError);
  });
});

describe('group k-fold', () => {
  it('never splits a group, with sklearn GroupKFold fold sizes', () => {
    const fold = groupKFold(G, 3, 0);
    checkPartition(roundsFromFolds(fold, 3), G.length, 3);
    for (let i = 0; i < G.length; i++) for (let j = 0; j < G.length; j++) if (G[i] === G[j]) expect(fold[i]).toBe(fold[j]);
    expect(roundsFromFolds(fold, 3).map((r) => r.test.length).sort((a, b) => a - b)).toEqual([12, 12, 13]);
  });
  it('groups by text labels; missing values form one group', () => {
    const groups = ['a', 'b', null, 'a', null, 'c', 'b', Number.NaN, Number.NaN, 'd'];
    const fold = groupKFold(groups, 2, 1);
    expect(fold[2]).toBe(fold[4]);
    expect(fold[7]).toBe(fold[8]);
    expect(fold[0]).toBe(fold[3]);
    expect(fold[1]).toBe(fold[6]);
  });
  it('is deterministic under a seed; the seed orders groups of equal size', () => {
    const groups = Array.from({ length: 40 }, (_, i) => i % 10);
    expect(groupKFold(groups, 5, 7)).toEqual(groupKFold(groups, 5, 7));
    expect(groupKFold(groups, 5, 7)).not.toEqual(groupKFold(groups, 5, 8));
  });
  it('refuses more folds than groups, naming the column', () => {
    expect(() => groupKFold([1, 1, 2, 2, 3], 5, 0, 'customer_id')).toThrow('Cannot make 5 folds grouped by customer_id: it has only 3 distinct values.');
    try {
      groupKFold([1, 1], 2, 0, 'customer_id');
    } catch (e) {
      expect(e).toBeInstanceOf(SplitError);
      expect((e as SplitError).kind).toBe('bad-input');
      expect((e as SplitError).column).toBe('customer_id');
    }
  });
});

describe('time-ordered splits', () => {
  it('equal sklearn TimeSeriesSplit on distinct times', () => {
    for (const [n, k, ref] of TSS) {
      const rounds = timeSeriesSplit(Float64Array.from({ length: n }, (_, i) => 100 + i), k);
      expect(rounds.map((r) => [r.train.length, [r.test[0], r.test.at(-1)! + 1]])).toEqual(ref.map(([s, e]) => [s, [s, e]]));
      rounds.forEach((r) => expect([...r.train]).toEqual(Array.from({ length: r.train.length }, (_, i) => i)));
    }
  });
  it('order rows by the time column, not by position', () => {
    // Times in reverse: row 9 is the earliest.
    const rounds = timeSeriesSplit(Float64Array.from({ length: 10 }, (_, i) => 10 - i), 3);
    expect([...rounds[0]!.train]).toEqual([6, 7, 8, 9]);
    expect([...rounds[0]!.test]).toEqual([4, 5]);
  });
  it('every test row is later than every training row, even with tied times', () => {
    const times = Float64Array.from({ length: 60 }, (_, i) => Math.floor(i / 4)); // 15 distinct times, 4 rows each
    const shuffled = Float64Array.from(times).reverse();
    for (const t of [times, shuffled]) {
      const rounds = timeSeriesSplit(t, 5);
      checkRounds(rounds, 60);
      for (const { train, test } of rounds) {
        const lastTrain = Math.max(...[...train].map((r) => t[r]!));
        const firstTest = Math.min(...[...test].map((r) => t[r]!));
        expect(firstTest).toBeGreaterThan(lastTrain);
      }
      // Expanding window: each round trains on the previous round's training and test rows.
      for (let j = 1; j < rounds.length; j++) expect(rounds[j]!.train.length).toBe(rounds[j - 1]!.train.length + rounds[j - 1]!.test.length);
    }
  });
  it('leaves rows without a time out of every round', () => {
    const times = Float64Array.from({ length: 12 }, (_, i) => (i === 3 ? Number.NaN : i));
    for (const { train, test } of timeSeriesSplit(times, 3)) expect([...train, ...test]).not.toContain(3);
  });
  it('time hold-out tests the latest rows and never cuts through a tie', () => {
    const t = [5, 1, 4, 2, 3, 3, 3, 0, 6, 7];
    const { train, test } = timeHoldout(t, 0.3);
    expect([...test]).toEqual([0, 8, 9]); // times 5, 6, 7
    const tied = timeHoldout([1, 2, 2, 2, 2], 0.2); // cut would split the four 2s → moves to before them
    expect([...tied.train]).toEqual([0]);
    expect(Math.min(...[...test].map((r) => t[r]!))).toBeGreaterThan(Math.max(...[...train].map((r) => t[r]!)));
  });
  it('refuse impossible requests with plain messages', () => {
    expect(() => timeSeriesSplit([1, 2, 3], 3, 'date')).toThrow('Cannot make 3 time-ordered folds from 3 rows with a value in date: at least 4 are needed.');
    expect(() => timeSeriesSplit([1, 1, 1, 1, 1, 2, 2, 2], 3, 'date')).toThrow(/too many rows share the same time/);
    expect(() => timeHoldout([4, 4, 4], 0.3, 'date')).toThrow(/at least two different times/);
  });
});

describe('repeated k-fold', () => {
  it('n repeats, each a partition, with different derived seeds', () => {
    const rounds = repeatedKFold(37, 4, 3, 11);
    expect(rounds.length).toBe(12);
    checkPartition(rounds, 37, 4);
    expect(rounds[0]!.test).not.toEqual(rounds[4]!.test);
    expect(new Set([0, 1, 2].map((r) => deriveSeed(11, r))).size).toBe(3);
    expect(repeatedKFold(37, 4, 3, 11)).toEqual(rounds);
  });
  it('stratified when classes are given', () => {
    const y = Int32Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const rounds = repeatedKFold(50, 5, 2, 0, y);
    checkPartition(rounds, 50, 5);
    for (const r of rounds) expect([...r.test].filter((i) => y[i] === 1).length).toBe(2);
  });
  it('refuses zero repeats', () => {
    expect(() => repeatedKFold(10, 2, 0, 0)).toThrow(/repeats must be a whole number of at least 1/);
  });
});

describe('makeSplit', () => {
  const n = 40;
  const strata = Int32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const cols: Record<string, (number | string | null)[]> = {
    customer_id: Array.from({ length: n }, (_, i) => `c${i % 8}`),
    order_date: Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1 + ((i * 7) % n))),
    day: Array.from({ length: n }, (_, i) => `2024-02-${String(1 + (i % 20)).padStart(2, '0')}`),
    note: Array.from({ length: n }, () => 'x'),
  };
  const data: SplitData = { rows: n, strata, target: 'churn', column: (name) => cols[name] };
  const plain: SplitData = { rows: n, column: data.column };

  const cases: [ValidationSpec, SplitData, number, string][] = [
    [{ kind: 'kfold', folds: 4, seed: 1 }, data, 4, '4-fold cross-validation'],
    [{ kind: 'stratified-kfold', seed: 1 }, data, 5, '5-fold cross-validation, stratified by churn'],
    [{ kind: 'group-kfold', folds: 4, column: 'customer_id', seed: 1 }, data, 4, '4-fold cross-validation grouped by customer_id'],
    [{ kind: 'time-split', folds: 3, column: 'order_date', seed: 1 }, data, 3, '3 time-ordered folds by order_date: each tests a later period on a model trained on all earlier rows'],
    [{ kind: 'time-split', fraction: 0.25, column: 'order_date', seed: 1 }, data, 1, 'Time-ordered hold-out: the latest 25% of rows by order_date are tested on a model trained on the earlier rows'],
    [{ kind: 'holdout', seed: 1 }, data, 1, 'Hold-out: 20% of rows tested, stratified by churn'],
    [{ kind: 'holdout', fraction: 0.3, seed: 1 }, plain, 1, 'Hold-out: 30% of rows tested'],
    [{ kind: 'repeated-kfold', folds: 4, repeats: 3, seed: 1 }, data, 12, '4-fold cross-validation repeated 3 times with different shuffles, stratified by churn'],
    [{ kind: 'repeated-kfold', seed: 1 }, plain, 50, '5-fold cross-validation repeated 10 times with different shuffles'],
  ];
  for (const [spec, d, rounds, description] of cases) {
    it(`${spec.kind} ${JSON.stringify(spec)}`, () => {
      const split = makeSplit(spec, d);
      expect(split.rounds.length).toBe(rounds);
      expect(split.description).toBe(description);
      checkRounds(split.rounds, n);
      if (spec.kind.endsWith('kfold')) checkPartition(split.rounds, n, 'folds' in spec && spec.folds ? spec.folds : 5);
      // Deterministic: a JSON round trip of the spec gives the same rounds.
      expect(makeSplit(JSON.parse(JSON.stringify(spec)) as ValidationSpec, d)).toEqual(split);
    });
  }
  it('group k-fold keeps each customer in one fold', () => {
    const split = makeSplit({ kind: 'group-kfold', folds: 4, column: 'customer_id', seed: 2 }, data);
    for (const { train, test } of split.rounds) {
      const testIds = new Set([...test].map((r) => cols.customer_id![r]));
      for (const r of train) expect(testIds.has(cols.customer_id![r]!)).toBe(false);
    }
  });
  it('time split reads ISO date text too', () => {
    const split = makeSplit({ kind: 'time-split', folds: 3, column: 'day', seed: 0 }, data);
    for (const { train, test } of split.rounds) {
      const last = [...train].map((r) => String(cols.day![r])).sort().at(-1)!;
      for (const r of test) expect(String(cols.day![r]) > last).toBe(true);
    }
  });
  it('different seeds give different shuffles, time splits ignore the seed', () => {
    expect(makeSplit({ kind: 'kfold', seed: 1 }, data)).not.toEqual(makeSplit({ kind: 'kfold', seed: 2 }, data));
    expect(makeSplit({ kind: 'time-split', column: 'order_date', seed: 1 }, data)).toEqual(makeSplit({ kind: 'time-split', column: 'order_date', seed: 2 }, data));
  });
  it('clear errors for impossible requests', () => {
    const bad: [unknown, SplitData, RegExp | string][] = [
      [{ kind: 'group-kfold', folds: 10, column: 'customer_id', seed: 0 }, data, 'Cannot make 10 folds grouped by customer_id: it has only 8 distinct values.'],
      [{ kind: 'kfold', folds: 41, seed: 0 }, data, 'Cannot make 41 folds from 40 rows.'],
      [{ kind: 'stratified-kfold', seed: 0 }, plain, /needs a target with classes/],
      [{ kind: 'group-kfold', column: 'nope', seed: 0 }, data, 'There is no column named nope.'],
      [{ kind: 'group-kfold', seed: 0 }, data, /needs a column/],
      [{ kind: 'time-split', column: 'note', seed: 0 }, data, 'The column note holds no numbers or dates to order rows by.'],
      [{ kind: 'holdout', fraction: 1.5, seed: 0 }, data, /between 0 and 1, not 1.5/],
      [{ kind: 'repeated-kfold', repeats: 0, seed: 0 }, data, /repeats must be/],
      [{ kind: 'bootstrap', seed: 0 }, data, 'Unknown kind of validation: bootstrap.'],
      [{ kind: 'kfold', folds: 3, seed: Number.NaN }, data, /seed must be a number/],
    ];
    for (const [spec, d, message] of bad) {
      expect(() => makeSplit(spec as ValidationSpec, d), JSON.stringify(spec)).toThrow(message);
      expect(() => makeSplit(spec as ValidationSpec, d)).toThrow(SplitError);
    }
  });
  it('works on a Frame through splitDataOf', () => {
    const frame = new Frame([
      { name: 'store', kind: 'category', codes: Int32Array.from({ length: 12 }, (_, i) => (i % 5 === 4 ? -1 : i % 3)), dictionary: ['north', 'south', 'east'] },
      { name: 'when', kind: 'date', values: Float64Array.from({ length: 12 }, (_, i) => Date.UTC(2023, i, 1)) },
    ]);
    const d = splitDataOf(frame);
    expect(d.column!('missing')).toBeUndefined();
    expect(d.column!('store')![4]).toBeNull();
    const g = makeSplit({ kind: 'group-kfold', folds: 4, column: 'store', seed: 0 }, d);
    expect(g.rounds.length).toBe(4); // north, south, east and the missing-value group
    checkPartition(g.rounds, 12, 4);
    const t = makeSplit({ kind: 'time-split', folds: 2, column: 'when', seed: 0 }, d);
    expect(t.rounds.map((r) => [...r.test])).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
  });
  it('random hold-out keeps at least one row on each side', () => {
    const fold = randomHoldout(2, 0.01, 0);
    expect([...fold].sort()).toEqual([0, 1]);
  });
});

/*
 * Folds identical to scikit-learn's. References computed once with scikit-learn 1.2.1 and numpy
 * 1.24.2 (Debian python3-sklearn / python3-numpy) under /usr/bin/python3; the tests need no Python.
 *   def folds_of(splitter, X, y=None):           # fold number per row
 *       f = np.full(len(X), -1)
 *       for i, (tr, te) in enumerate(splitter.split(X, y)): f[te] = i
 *       return f
 *   def h(f):                                    # checksum: x = (31·x + fold) mod 2^32
 *       x = 0
 *       for v in f: x = (x * 31 + int(v)) & 0xffffffff
 *       return x
 *   def target(file, col, positive=None):        # as /work/shared/tools/baselines.py
 *       df = pd.read_csv(D + file); df = df[df[col].notna()].reset_index(drop=True)
 *       classes, y = np.unique(df[col].astype(str), return_inverse=True)
 *       if positive is not None and classes[1] != positive: y = 1 - y
 *       return classes, y
 *   skf = lambda s: StratifiedKFold(5, shuffle=True, random_state=s)
 *   folds_of(skf(0), np.zeros(34), Y3)  and  folds_of(skf(3), …)      → SKF_SMALL
 *   folds_of(skf(0), np.zeros(13), [0]*10 + [1]*3)                     → warns, SKF_WARN
 *   _, y = target('telco_churn.csv', 'churn', 'Yes'); f = folds_of(skf(0), np.zeros(len(y)), y)
 *       → per fold [#y==0, #y==1], f[:50], h(f)
 *   _, y = target('glass.csv', 'Type'); folds_of(skf(0), np.zeros(len(y)), y)   → GLASS (all 214)
 *   f = folds_of(KFold(5, shuffle=True, random_state=0), np.zeros(1030))  → f[:50], h(f)
 *   folds_of(KFold(3, shuffle=True, random_state=42), np.zeros(11))      → [0, 1, 1, 2, 1, 0, 2, 2, 1, 0, 0]
 */
const Y3 = [2, 0, 2, 1, 2, 2, 0, 2, 1, 2, 2, 0, 2, 2, 1, 2, 0, 2, 2, 2, 1, 2, 0, 2, 2, 2, 0, 1, 2, 2, 2, 0, 2, 2];
const SKF_SMALL: Record<number, number[]> = {
  0: [4, 2, 2, 2, 3, 2, 2, 0, 1, 4, 2, 0, 4, 1, 0, 1, 3, 3, 0, 0, 3, 1, 4, 3, 1, 1, 3, 4, 4, 0, 0, 1, 3, 2],
  3: [4, 0, 2, 4, 3, 0, 2, 0, 3, 3, 2, 3, 4, 0, 1, 4, 1, 1, 1, 1, 2, 3, 3, 3, 1, 2, 4, 0, 4, 0, 1, 2, 0, 2],
};
const SKF_WARN = [1, 4, 2, 4, 0, 3, 3, 1, 0, 2, 2, 1, 0];
const TELCO = {
  perFoldClass: [[1035, 374], [1035, 374], [1035, 374], [1035, 373], [1034, 374]],
  first50: [0, 2, 1, 0, 0, 1, 2, 0, 3, 4, 4, 0, 4, 0, 4, 3, 2, 3, 3, 2, 3, 2, 2, 4, 4, 2, 2, 2, 1, 4, 4, 4, 4, 0, 2, 4, 2, 2, 3, 0, 1, 3, 4, 2, 4, 3, 4, 2, 4, 1],
  hash: 228904149,
};
const GLASS = [
  1, 1, 3, 1, 2, 3, 0, 4, 2, 4, 4, 2, 2, 3, 2, 3, 4, 4, 3, 0, 4, 3, 0, 2, 0, 0, 3, 3, 0, 2, 3, 3, 4, 2, 1, 4, 1, 2, 3, 2,
  1, 0, 1, 0, 1, 1, 4, 0, 0, 1, 2, 1, 4, 3, 4, 2, 2, 0, 4, 0, 4, 1, 0, 1, 2, 1, 0, 4, 3, 3, 0, 2, 3, 1, 1, 1, 3, 1, 4, 1,
  4, 4, 2, 2, 3, 2, 1, 0, 0, 3, 0, 0, 2, 1, 2, 1, 4, 2, 4, 1, 4, 1, 4, 0, 3, 0, 3, 0, 3, 2, 4, 2, 4, 1, 2, 2, 3, 1, 3, 2,
  4, 4, 2, 0, 3, 3, 1, 4, 0, 4, 1, 3, 2, 1, 0, 3, 0, 3, 4, 0, 4, 2, 0, 3, 0, 0, 1, 0, 2, 1, 1, 3, 3, 2, 4, 2, 2, 0, 3, 4,
  4, 1, 0, 3, 0, 4, 4, 3, 3, 0, 2, 2, 1, 1, 0, 4, 4, 2, 1, 4, 2, 0, 1, 3, 3, 0, 2, 4, 4, 1, 3, 0, 0, 2, 2, 2, 4, 3, 3, 3,
  1, 4, 4, 1, 2, 1, 2, 3, 1, 0, 0, 1, 0, 3,
];
const KFOLD_1030 = {
  first50: [2, 0, 0, 2, 3, 1, 2, 2, 0, 1, 1, 4, 1, 3, 0, 2, 3, 1, 1, 4, 1, 2, 2, 4, 3, 4, 2, 0, 4, 3, 0, 0, 4, 3, 0, 2, 4, 1, 1, 1, 1, 4, 4, 4, 3, 0, 1, 4, 1, 1],
  hash: 2116513756,
};

/** The fixtures' checksum: x = (31·x + fold) mod 2^32 over all rows. */
function foldHash(fold: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < fold.length; i++) h = (Math.imul(h, 31) + fold[i]!) >>> 0;
  return h;
}

describe("folds identical to scikit-learn's", () => {
  it.each([0, 3])('StratifiedKFold(5, shuffle=True, random_state=%i) on a small imbalanced 3-class target', (seed) => {
    expect([...sklearnStratifiedKFold(Y3, 5, seed)]).toEqual(SKF_SMALL[seed]);
  });

  it('depends only on which rows share a class, not on the class values', () => {
    const relabelled = Y3.map((c) => [-4, 17, 3][c]!);
    expect([...sklearnStratifiedKFold(relabelled, 5, 0)]).toEqual(SKF_SMALL[0]);
  });

  it('warns as sklearn when the smallest class has fewer rows than folds, and throws when every class does', () => {
    const warnings: string[] = [];
    const fold = sklearnStratifiedKFold([...Array(10).fill(0), 1, 1, 1], 5, 0, (m) => warnings.push(m));
    expect([...fold]).toEqual(SKF_WARN);
    expect(warnings).toEqual([expect.stringMatching(/smallest class has only 3 rows, fewer than the 5 folds/)]);
    expect(() => sklearnStratifiedKFold([0, 0, 0, 0, 1, 1, 1, 1], 5, 0)).toThrow(/every class has fewer than 5 rows/);
    expect(() => sklearnStratifiedKFold([0, 0, 0, 0, 1, 1, 1, 1], 5, 0)).toThrow(SplitError);
    expect(() => sklearnStratifiedKFold([0, 1], 3, 0)).toThrow(/3 folds from 2 rows/);
    expect(() => sklearnStratifiedKFold([0, 0.5, 1], 2, 0)).toThrow(/class/);
    expect(() => sklearnStratifiedKFold(Y3, 5, -1)).toThrow(/seed/);
  });

  it('StratifiedKFold on telco_churn.csv (churn, Yes = 1) as baselines.py', async () => {
    const { frame, spec } = await loadDataset('telco_churn.csv');
    const col = frame.column(spec.target);
    if (!isCoded(col)) throw new Error('churn should be read as categories');
    const y: number[] = [];
    for (const code of col.codes) if (code >= 0) y.push(col.dictionary[code] === spec.positive ? 1 : 0);
    expect(y.length).toBe(7043);
    const fold = sklearnStratifiedKFold(y, 5, 0);
    const perFoldClass = Array.from({ length: 5 }, () => [0, 0]);
    fold.forEach((f, i) => perFoldClass[f]![y[i]!]!++);
    expect(perFoldClass).toEqual(TELCO.perFoldClass);
    expect([...fold.slice(0, 50)]).toEqual(TELCO.first50);
    expect(foldHash(fold)).toBe(TELCO.hash);
  });

  it('StratifiedKFold on glass.csv (Type, 6 classes, 214 rows)', async () => {
    const { frame, spec } = await loadDataset('glass.csv');
    const col = frame.column(spec.target);
    const y = 'values' in col ? [...col.values].filter((v) => !Number.isNaN(v)) : [...col.codes].filter((c) => c >= 0);
    expect(y.length).toBe(214);
    expect([...sklearnStratifiedKFold(y, 5, 0)]).toEqual(GLASS);
  });

  it('KFold(5, shuffle=True, random_state=0) on the 1030 rows of concrete.csv', async () => {
    const { frame } = await loadDataset('concrete.csv');
    expect(frame.rows).toBe(1030);
    const fold = sklearnKFold(1030, 5, 0);
    expect([...fold.slice(0, 50)]).toEqual(KFOLD_1030.first50);
    expect(foldHash(fold)).toBe(KFOLD_1030.hash);
    const sizes = [0, 0, 0, 0, 0];
    for (const f of fold) sizes[f]!++;
    expect(sizes).toEqual([206, 206, 206, 206, 206]);
  });

  it('KFold gives the first n mod k folds one row more', () => {
    expect([...sklearnKFold(11, 3, 42)]).toEqual([0, 1, 1, 2, 1, 0, 2, 2, 1, 0, 0]);
    expect(() => sklearnKFold(4, 5, 0)).toThrow(/5 folds from 4 rows/);
  });
});
