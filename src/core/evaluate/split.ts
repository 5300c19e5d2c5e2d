import { MT19937 } from '../util/mt19937';
import { createRandom, shuffleInPlace } from '../util/random';

/**
 * Stratified k-fold: each class's rows are shuffled with the seed and dealt round-robin to the
 * folds, so every fold has nearly the same class mix. Returns each row's fold number.
 * A class with fewer rows than folds is allowed (it is then absent from some folds).
 */
export function stratifiedKFold(classes: ArrayLike<number>, k: number, seed: number): Int32Array {
  const n = classes.length;
  if (k < 2 || k > n) throw new Error(`Cannot make ${k} folds from ${n} rows.`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = classes[i]!;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(i);
  }
  const fold = new Int32Array(n);
  const random = createRandom(seed);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c)!;
    shuffleInPlace(rows, random);
    for (const r of rows) {
      fold[r] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

/** Row indices of the training and test part of fold f. */
export function foldRows(fold: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  let nTest = 0;
  for (const x of fold) if (x === f) nTest++;
  const train = new Int32Array(fold.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < fold.length; i++) {
    if (fold[i] === f) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/**
 * Stratified hold-out: about `fraction` of each class's rows (at least one when the class has
 * two or more) go to fold 0, the test part; the rest to fold 1.
 */
export function stratifiedHoldout(classes: ArrayLike<number>, fraction: number, seed: number): Int32Array {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`A hold-out fraction must be between 0 and 1, not ${fraction}.`);
  const n = classes.length;
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = classes[i]!;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(i);
  }
  const fold = new Int32Array(n).fill(1);
  const random = createRandom(seed);
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c)!;
    shuffleInPlace(rows, random);
    const nTest = rows.length < 2 ? 0 : Math.max(1, Math.round(rows.length * fraction));
    for (let i = 0; i < nTest; i++) fold[rows[i]!] = 0;
  }
  return fold;
}

/*
 * Evaluation designs. Each returns rounds of `{ train, test }` row indices (ascending, disjoint);
 * a model is fitted on `train` and scored on `test` in every round.
 */

/** One evaluation round: fit on `train`, score on `test`. Both ascending, never overlapping. */
export interface Round {
  train: Int32Array;
  test: Int32Array;
}

/** An evaluation design: its rounds and a plain-words description for the report. */
export interface Split {
  rounds: Round[];
  description: string;
}

/**
 * A request the data cannot satisfy (more folds than rows or groups, a missing column, …).
 * `kind` and `column` follow the app's error shape, so it reaches the user as a `bad-input` error
 * naming the column.
 */
export class SplitError extends Error {
  readonly kind = 'bad-input';
  readonly column?: string;
  constructor(message: string, column?: string) {
    super(message);
    this.name = 'SplitError';
    if (column !== undefined) this.column = column;
  }
}

function checkFolds(k: number, n: number, what = 'rows'): void {
  if (!Number.isInteger(k) || k < 2) throw new SplitError(`The number of folds must be a whole number of at least 2, not ${k}.`);
  if (k > n) throw new SplitError(`Cannot make ${k} folds from ${n} ${what}.`);
}

/** Rounds of a fold assignment (fold f is the test part of round f). */
export function roundsFromFolds(fold: Int32Array, k: number): Round[] {
  return Array.from({ length: k }, (_, f) => foldRows(fold, f));
}

/**
 * A seed for repetition `i` derived from `seed` (a 32-bit integer hash): repetitions get
 * unrelated shuffles, and the same (seed, i) always gives the same one.
 */
export function deriveSeed(seed: number, i: number): number {
  let h = ((seed >>> 0) ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Plain k-fold: rows shuffled with the seed and cut into k consecutive folds; as sklearn
 * `KFold(shuffle=True)`, the first n mod k folds get one row more. Returns each row's fold.
 */
export function kFold(n: number, k: number, seed: number): Int32Array {
  checkFolds(k, n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, createRandom(seed));
  return foldsFromOrder(order, k);
}

/** Consecutive chunks of `order` become folds 0..k-1; the first n % k folds get one row more. */
function foldsFromOrder(order: Int32Array, k: number): Int32Array {
  const n = order.length;
  const fold = new Int32Array(n);
  let at = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let j = 0; j < size; j++) fold[order[at++]!] = f;
  }
  return fold;
}

/** Random (unstratified) hold-out: round(n·fraction) rows, at least 1 and at most n − 1, go to fold 0 (test); the rest to fold 1. */
export function randomHoldout(n: number, fraction: number, seed: number): Int32Array {
  if (!(fraction > 0 && fraction < 1)) throw new SplitError(`A hold-out fraction must be between 0 and 1, not ${fraction}.`);
  if (n < 2) throw new SplitError(`Cannot hold out part of ${n} row${n === 1 ? '' : 's'}: at least 2 are needed.`);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, createRandom(seed));
  const nTest = Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  const fold = new Int32Array(n).fill(1);
  for (let i = 0; i < nTest; i++) fold[order[i]!] = 0;
  return fold;
}

/**
 * Group k-fold: all rows sharing a group value land in the same fold, so a model is never tested
 * on a group it saw in training. Fold sizes are balanced as sklearn `GroupKFold`: groups, largest
 * first, each go to the fold with the fewest rows so far (so the fold sizes equal sklearn's). The
 * seed only orders groups of equal size. Missing values (null, NaN) form one group together.
 * Returns each row's fold.
 */
export function groupKFold(groups: ArrayLike<number | string | null>, k: number, seed: number, column = 'the group column'): Int32Array {
  const n = groups.length;
  const ids = new Map<number | string | null, number>();
  const groupOf = new Int32Array(n);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = groups[i]!;
    let g = ids.get(v);
    if (g === undefined) {
      ids.set(v, (g = sizes.length));
      sizes.push(0);
    }
    groupOf[i] = g;
    sizes[g]!++;
  }
  if (!Number.isInteger(k) || k < 2) throw new SplitError(`The number of folds must be a whole number of at least 2, not ${k}.`);
  if (k > sizes.length) throw new SplitError(`Cannot make ${k} folds grouped by ${column}: it has only ${sizes.length} distinct value${sizes.length === 1 ? '' : 's'}.`, column);
  const order = Array.from({ length: sizes.length }, (_, g) => g);
  shuffleInPlace(order, createRandom(seed));
  order.sort((a, b) => sizes[b]! - sizes[a]!); // stable: equal sizes keep the shuffled order
  const load = new Array<number>(k).fill(0);
  const foldOfGroup = new Int32Array(sizes.length);
  for (const g of order) {
    let lightest = 0;
    for (let f = 1; f < k; f++) if (load[f]! < load[lightest]!) lightest = f;
    foldOfGroup[g] = lightest;
    load[lightest]! += sizes[g]!;
  }
  return Int32Array.from(groupOf, (g) => foldOfGroup[g]!);
}

/** Row indices with a finite time, ordered by time (ties by row index), and the rows left out. */
function timeOrder(times: ArrayLike<number>): { order: Int32Array; missing: number } {
  const rows: number[] = [];
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times[i])) rows.push(i);
  rows.sort((a, b) => times[a]! - times[b]! || a - b);
  return { order: Int32Array.from(rows), missing: times.length - rows.length };
}

/** The cut position nearest `at` (in 1..n−1) that does not separate equal times; -1 if none. */
function snapCut(order: Int32Array, times: ArrayLike<number>, at: number): number {
  const n = order.length;
  const ok = (b: number) => b > 0 && b < n && times[order[b - 1]!]! < times[order[b]!]!;
  for (let d = 0; d < n; d++) {
    if (ok(at - d)) return at - d;
    if (ok(at + d)) return at + d;
  }
  return -1;
}

function sortedRows(order: Int32Array, from: number, to: number): Int32Array {
  return order.slice(from, to).sort();
}

/**
 * Expanding-window time-ordered folds, as sklearn `TimeSeriesSplit(k)` on the rows sorted by
 * time: the sorted rows are cut so the last k blocks of ⌊n/(k+1)⌋ rows are test parts in turn,
 * each trained on every earlier row. Cuts never separate rows with the same time (they move to
 * the nearest change of time), so every test row is strictly later than every training row of
 * its round. Rows whose time is missing (NaN) take part in no round. Without ties the rounds
 * equal sklearn's.
 */
export function timeSeriesSplit(times: ArrayLike<number>, k: number, column = 'the time column'): Round[] {
  const { order } = timeOrder(times);
  const n = order.length;
  if (!Number.isInteger(k) || k < 2) throw new SplitError(`The number of folds must be a whole number of at least 2, not ${k}.`);
  if (n < k + 1) throw new SplitError(`Cannot make ${k} time-ordered folds from ${n} rows with a value in ${column}: at least ${k + 1} are needed.`, column);
  const size = Math.floor(n / (k + 1));
  const cuts: number[] = [];
  for (let j = 0; j < k; j++) cuts.push(snapCut(order, times, n - (k - j) * size));
  for (let j = 0; j < k; j++) {
    if (cuts[j]! <= 0 || (j > 0 && cuts[j]! <= cuts[j - 1]!)) {
      throw new SplitError(`Cannot make ${k} time-ordered folds by ${column}: too many rows share the same time for every test part to come after its training rows. Use fewer folds.`, column);
    }
  }
  return cuts.map((c, j) => ({ train: sortedRows(order, 0, c), test: sortedRows(order, c, j + 1 < k ? cuts[j + 1]! : n) }));
}

/**
 * Time-ordered hold-out: the latest round(n·fraction) rows (at least 1) are tested, the rest
 * trained on; the cut moves to the nearest change of time so no training row shares a time with
 * a test row. Rows whose time is missing take part in neither.
 */
export function timeHoldout(times: ArrayLike<number>, fraction: number, column = 'the time column'): Round {
  if (!(fraction > 0 && fraction < 1)) throw new SplitError(`A hold-out fraction must be between 0 and 1, not ${fraction}.`);
  const { order } = timeOrder(times);
  const n = order.length;
  const nTest = Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  const cut = n >= 2 ? snapCut(order, times, n - nTest) : -1;
  if (cut < 0) throw new SplitError(`Cannot make a time-ordered hold-out by ${column}: it needs at least two different times, and has ${n < 2 ? `${n} row${n === 1 ? '' : 's'} with a value` : 'only one'}.`, column);
  return { train: sortedRows(order, 0, cut), test: sortedRows(order, cut, n) };
}

/**
 * Repeated k-fold: `repeats` independent k-fold partitions, repetition r shuffled with
 * `deriveSeed(seed, r)`; stratified by `strata` (class per row) when given. Rounds are listed
 * repetition by repetition, k per repetition; each repetition tests every row exactly once.
 */
export function repeatedKFold(n: number, k: number, repeats: number, seed: number, strata?: ArrayLike<number>): Round[] {
  if (!Number.isInteger(repeats) || repeats < 1) throw new SplitError(`The number of repeats must be a whole number of at least 1, not ${repeats}.`);
  checkFolds(k, n);
  const rounds: Round[] = [];
  for (let r = 0; r < repeats; r++) {
    const s = deriveSeed(seed, r);
    rounds.push(...roundsFromFolds(strata ? stratifiedKFold(strata, k, s) : kFold(n, k, s), k));
  }
  return rounds;
}

/**
 * How to evaluate, as stored in a project (JSON):
 * - `kfold`: shuffled k-fold (`folds`, default 5).
 * - `stratified-kfold`: k-fold keeping each class's share in every fold (needs a class target).
 * - `group-kfold`: k-fold where rows sharing a value of `column` stay together.
 * - `time-split`: by the numeric or date `column`: `folds` expanding-window rounds (default 5) or,
 *   when `fraction` is given, one hold-out of the latest `fraction` of rows.
 * - `holdout`: one random test part of `fraction` of the rows (default 0.2), stratified by class
 *   when the target is a class.
 * - `repeated-kfold`: `repeats` (default 10) × `folds`-fold, stratified by class when the target
 *   is a class.
 * `seed` makes every shuffle reproducible (time splits do not shuffle).
 */
export type ValidationSpec =
  | { kind: 'kfold'; folds?: number; seed: number }
  | { kind: 'stratified-kfold'; folds?: number; seed: number }
  | { kind: 'group-kfold'; folds?: number; column: string; seed: number }
  | { kind: 'time-split'; folds?: number; fraction?: number; column: string; seed: number }
  | { kind: 'holdout'; fraction?: number; seed: number }
  | { kind: 'repeated-kfold'; folds?: number; repeats?: number; seed: number };

/** The rows `makeSplit` works on. */
export interface SplitData {
  rows: number;
  /** Class index of each row when the target is a class; enables stratification. */
  strata?: ArrayLike<number>;
  /** The target's name, for descriptions ("stratified by churn"). */
  target?: string;
  /**
   * The values of a column, or undefined when there is no such column. Numbers (dates as epoch
   * milliseconds; NaN = missing) or labels (null = missing). Needed by group and time splits.
   */
  column?: (name: string) => ArrayLike<number | string | null> | undefined;
}

/** Column values that a frame-like table holds: numbers or labels. */
interface ColumnLike {
  values?: ArrayLike<number>;
  codes?: ArrayLike<number>;
  dictionary?: readonly string[];
}

/**
 * `SplitData` over a columnar table (the core `Frame` fits): number and date columns give their
 * values, coded columns their labels.
 */
export function splitDataOf(table: { rows: number; has(name: string): boolean; column(name: string): ColumnLike }, strata?: ArrayLike<number>, target?: string): SplitData {
  return {
    rows: table.rows,
    strata,
    target,
    column: (name) => {
      if (!table.has(name)) return undefined;
      const c = table.column(name);
      if (c.values) return c.values;
      const dict = c.dictionary ?? [];
      return Array.from(c.codes ?? [], (code) => (code < 0 ? null : (dict[code] ?? null)));
    },
  };
}

const SPEC_KINDS = ['kfold', 'stratified-kfold', 'group-kfold', 'time-split', 'holdout', 'repeated-kfold'];

function columnOf(data: SplitData, name: string | undefined, kind: string): { name: string; values: ArrayLike<number | string | null> } {
  if (!name) throw new SplitError(`A ${kind} split needs a column.`);
  const values = data.column?.(name);
  if (!values) throw new SplitError(`There is no column named ${name}.`, name);
  if (values.length !== data.rows) throw new SplitError(`The column ${name} has ${values.length} values for ${data.rows} rows.`, name);
  return { name, values };
}

/** Times of a column as numbers: numbers as they are, text parsed as a date (Date.parse), anything else missing (NaN). */
function timesOf(values: ArrayLike<number | string | null>): Float64Array {
  return Float64Array.from({ length: values.length }, (_, i) => {
    const v = values[i];
    if (typeof v === 'number') return v;
    if (typeof v === 'string') return Date.parse(v);
    return Number.NaN;
  });
}

const percent = (f: number) => `${Math.round(f * 1000) / 10}%`;

/**
 * Builds the rounds an evaluation runs, from a JSON `ValidationSpec`. Throws a `SplitError` with a
 * plain message when the request cannot be met (too few rows, groups or distinct times; a missing
 * column; no class target for stratification; values out of range). Deterministic: the same spec
 * and data give the same rounds.
 */
export function makeSplit(spec: ValidationSpec, data: SplitData): Split {
  const n = data.rows;
  if (!SPEC_KINDS.includes(spec.kind)) throw new SplitError(`Unknown kind of validation: ${String((spec as { kind: unknown }).kind)}.`);
  if (!Number.isFinite(spec.seed)) throw new SplitError(`The seed must be a number, not ${spec.seed}.`);
  if (data.strata && data.strata.length !== n) throw new Error(`makeSplit: ${data.strata.length} class values for ${n} rows.`);
  const by = data.target ? ` by ${data.target}` : ' by class';
  const folds = 'folds' in spec && spec.folds !== undefined ? spec.folds : 5;
  switch (spec.kind) {
    case 'kfold':
      // The same folds as scikit-learn's KFold(shuffle=True, random_state=seed).
      return { rounds: roundsFromFolds(sklearnKFold(n, folds, spec.seed), folds), description: `${folds}-fold cross-validation` };
    case 'stratified-kfold': {
      if (!data.strata) throw new SplitError('Stratified cross-validation needs a target with classes; use plain k-fold for a number target.');
      checkFolds(folds, n);
      // The same folds as scikit-learn's StratifiedKFold(shuffle=True, random_state=seed).
      return { rounds: roundsFromFolds(sklearnStratifiedKFold(data.strata, folds, spec.seed), folds), description: `${folds}-fold cross-validation, stratified${by}` };
    }
    case 'group-kfold': {
      const col = columnOf(data, spec.column, 'grouped');
      const fold = groupKFold(col.values, folds, spec.seed, col.name);
      return { rounds: roundsFromFolds(fold, folds), description: `${folds}-fold cross-validation grouped by ${col.name}` };
    }
    case 'time-split': {
      const col = columnOf(data, spec.column, 'time-ordered');
      const times = timesOf(col.values);
      let missing = 0;
      for (const t of times) if (!Number.isFinite(t)) missing++;
      if (missing === n) throw new SplitError(`The column ${col.name} holds no numbers or dates to order rows by.`, col.name);
      const note = missing ? ` (${missing} row${missing === 1 ? '' : 's'} without a value left out)` : '';
      if (spec.fraction !== undefined) {
        return { rounds: [timeHoldout(times, spec.fraction, col.name)], description: `Time-ordered hold-out: the latest ${percent(spec.fraction)} of rows by ${col.name} are tested on a model trained on the earlier rows${note}` };
      }
      return { rounds: timeSeriesSplit(times, folds, col.name), description: `${folds} time-ordered folds by ${col.name}: each tests a later period on a model trained on all earlier rows${note}` };
    }
    case 'holdout': {
      const fraction = spec.fraction ?? 0.2;
      if (!(fraction > 0 && fraction < 1)) throw new SplitError(`A hold-out fraction must be between 0 and 1, not ${fraction}.`);
      const fold = data.strata ? stratifiedHoldout(data.strata, fraction, spec.seed) : randomHoldout(n, fraction, spec.seed);
      const round = foldRows(fold, 0);
      if (round.train.length === 0 || round.test.length === 0) throw new SplitError(`Cannot hold out ${percent(fraction)} of ${n} rows and keep rows for training.`);
      return { rounds: [round], description: `Hold-out: ${percent(fraction)} of rows tested${data.strata ? `, stratified${by}` : ''}` };
    }
    case 'repeated-kfold': {
      const repeats = spec.repeats ?? 10;
      return { rounds: repeatedKFold(n, folds, repeats, spec.seed, data.strata), description: `${folds}-fold cross-validation repeated ${repeats} times with different shuffles${data.strata ? `, stratified${by}` : ''}` };
    }
  }
}

/*
 * Folds identical to scikit-learn's (1.2) for the same seed, so scores can be compared with
 * references computed in Python on the same folds. The shuffles use numpy's legacy
 * `RandomState(seed)` Mersenne Twister (`MT19937`), as sklearn's `check_random_state(seed)` does.
 */

/** numpy's `RandomState(seed)`, with its seed rule reported as a `SplitError`. */
function sklearnRandomState(seed: number): MT19937 {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SplitError(`To match scikit-learn the seed must be a whole number between 0 and 4294967295, not ${seed}.`);
  }
  return new MT19937(seed);
}

/**
 * `StratifiedKFold(k, shuffle=True, random_state=seed)` of scikit-learn 1.2, exactly: returns
 * each row's fold (the fold whose test part holds the row). `y` holds a class per row (whole
 * numbers; only which rows share a class matters, not the values).
 *
 * As `_make_test_folds`: classes are numbered in order of first appearance; the sorted class
 * list is dealt round-robin to the folds to decide how many rows of each class every fold gets;
 * then, class by class in that order, the class's fold numbers (fold 0 repeated its share, then
 * fold 1, …) are shuffled by one `RandomState(seed)` shared across classes and given to the
 * class's rows in row order.
 *
 * Throws a `SplitError` when k is not a whole number ≥ 2, exceeds the rows, or when every class
 * has fewer than k rows (sklearn raises there too). When only the smallest class has fewer than k
 * rows sklearn warns and goes on; so does this, passing the warning to `onWarning` if given.
 */
export function sklearnStratifiedKFold(y: ArrayLike<number>, k: number, seed: number, onWarning?: (message: string) => void): Int32Array {
  const n = y.length;
  checkFolds(k, n);
  // Classes numbered by first appearance (np.unique(y_idx, return_inverse=True) in sklearn).
  const codeOf = new Map<number, number>();
  const encoded = new Int32Array(n);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v)) throw new SplitError(`Stratified folds need a class for every row; row ${i + 1} has ${v}.`);
    let c = codeOf.get(v);
    if (c === undefined) {
      codeOf.set(v, (c = counts.length));
      counts.push(0);
    }
    encoded[i] = c;
    counts[c]!++;
  }
  const nClasses = counts.length;
  let largest = 0;
  let smallest = n;
  for (const m of counts) {
    if (m > largest) largest = m;
    if (m < smallest) smallest = m;
  }
  if (largest < k) {
    throw new SplitError(`Cannot make ${k} stratified folds: every class has fewer than ${k} rows (the largest has ${largest}). Use fewer folds.`);
  }
  if (smallest < k) {
    onWarning?.(`The smallest class has only ${smallest} row${smallest === 1 ? '' : 's'}, fewer than the ${k} folds: some folds have none of it.`);
  }
  // allocation[f][c] = rows of class c in fold f: np.bincount(np.sort(encoded)[f::k]).
  const allocation = Array.from({ length: k }, () => new Int32Array(nClasses));
  let position = 0;
  for (let c = 0; c < nClasses; c++) {
    for (let j = 0; j < counts[c]!; j++, position++) allocation[position % k]![c]!++;
  }
  // Rows of each class, in row order.
  const rowsOf = counts.map((m) => new Int32Array(m));
  const filled = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) {
    const c = encoded[i]!;
    rowsOf[c]![filled[c]!++] = i;
  }
  const rng = sklearnRandomState(seed);
  const fold = new Int32Array(n);
  for (let c = 0; c < nClasses; c++) {
    const foldsForClass = new Int32Array(counts[c]!);
    let at = 0;
    for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f]![c]!; j++) foldsForClass[at++] = f;
    rng.shuffle(foldsForClass);
    const rows = rowsOf[c]!;
    for (let j = 0; j < rows.length; j++) fold[rows[j]!] = foldsForClass[j]!;
  }
  return fold;
}

/**
 * `KFold(k, shuffle=True, random_state=seed)` of scikit-learn, exactly: row numbers 0 … n − 1
 * shuffled by `RandomState(seed)`, cut into k consecutive chunks of ⌊n/k⌋ rows, the first n mod k
 * chunks one row larger; chunk f is fold f's test part. Returns each row's fold.
 */
export function sklearnKFold(n: number, k: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new SplitError(`The number of rows must be a whole number, not ${n}.`);
  checkFolds(k, n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  sklearnRandomState(seed).shuffle(order);
  return foldsFromOrder(order, k);
}
