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
