/**
 * numpy's legacy `np.random.RandomState(seed)` Mersenne Twister (MT19937), bit for bit, for the
 * parts scikit-learn's shuffled splitters use: the raw 32-bit stream, the bounded integer
 * `random_interval` and `RandomState.shuffle` of a 1-d array. Same seed, same draws as numpy, so
 * folds made with it equal sklearn's `KFold` / `StratifiedKFold(shuffle=True, random_state=seed)`.
 *
 * Seeding follows numpy's `_legacy_seeding` for an integer seed: the seed must be a whole number
 * in 0 … 2^32 − 1 (numpy raises "Seed must be between 0 and 2**32 - 1" otherwise; so does this)
 * and the state is Matsumoto–Nishimura `init_genrand(seed)`. Array seeds (`init_by_array`) are
 * not supported.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** Anything indexable and writable: plain arrays and typed arrays. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

export class MT19937 {
  readonly #mt = new Uint32Array(N);
  #index = N;

  /** `np.random.RandomState(seed)`: seed a whole number in 0 … 2^32 − 1. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`A random seed must be a whole number between 0 and 4294967295 (2^32 − 1), as numpy requires; got ${seed}.`);
    }
    const mt = this.#mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const p = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, (p ^ (p >>> 30)) >>> 0) + i) >>> 0;
    }
    this.#index = N;
  }

  #twist(): void {
    const mt = this.#mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#index = 0;
  }

  /** The next raw 32-bit output (`genrand_int32`), as an unsigned number 0 … 2^32 − 1. */
  nextUint32(): number {
    if (this.#index >= N) this.#twist();
    let y = this.#mt[this.#index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * numpy's legacy `random_interval(max)`: a whole number uniform in 0 … max by mask rejection
   * (mask = smallest 2^k − 1 ≥ max; draw `nextUint32() & mask` until ≤ max). numpy switches to
   * 64-bit draws for max > 2^32 − 1; no JS array is that long, so such a max is refused.
   */
  randomInterval(max: number): number {
    if (!Number.isInteger(max) || max < 0) throw new Error(`randomInterval needs a whole number of at least 0, not ${max}.`);
    if (max > 0xffffffff) throw new Error(`randomInterval: max ${max} is above 2^32 − 1, which needs numpy's 64-bit draws; they are not implemented.`);
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /**
   * In place, as `RandomState.shuffle` does for a 1-d array: for i from n − 1 down to 1,
   * j = randomInterval(i), swap a[i] and a[j]. An empty or one-element array draws nothing.
   */
  shuffle<T>(a: MutableArrayLike<T>): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
  }
}

/** `np.random.RandomState(seed)`, for code that reads like the Python it mirrors. */
export function randomState(seed: number): MT19937 {
  return new MT19937(seed);
}
