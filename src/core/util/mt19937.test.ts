import { describe, expect, it } from 'vitest';
import { MT19937, randomState } from './mt19937';

/*
 * Reference values computed once with numpy 1.24.2 (Debian python3-numpy) under /usr/bin/python3;
 * the tests need no Python. The raw 32-bit stream is
 *   np.random.RandomState(s).randint(0, 2**32, size=10, dtype=np.uint32)
 * (for dtype uint32 with the full range numpy returns next_uint32 unchanged; checked against an
 * independent pure-Python MT19937 for 1000 draws and against RandomState.get_state(); `tomaxint`
 * is not the raw stream: it returns 63-bit values built from two draws). Bounded draws are
 *   np.random.RandomState(s).randint(0, max + 1, size=10, dtype=np.uint32)
 * which use the same mask rejection as random_interval; shuffles are
 *   a = np.arange(20); np.random.RandomState(s).shuffle(a).
 */
const RAW: Record<number, number[]> = {
  0: [2357136044, 2546248239, 3071714933, 3626093760, 2588848963, 3684848379, 2340255427, 3638918503, 1819583497, 2678185683],
  1: [1791095845, 4282876139, 3093770124, 4005303368, 491263, 550290313, 1298508491, 4290846341, 630311759, 1013994432],
  12345: [3992670690, 3823185381, 1358822685, 561383553, 789925284, 170765737, 878579710, 3549516158, 2438360421, 2285257250],
};

const BOUNDED: [number, number, number[]][] = [
  [0, 6, [4, 5, 0, 3, 3, 3, 1, 3, 5, 2]],
  [1, 100, [37, 12, 72, 9, 75, 5, 79, 64, 16, 1]],
  [12345, 3000000000, [1358822685, 561383553, 789925284, 170765737, 878579710, 2438360421, 2285257250, 2557845021, 1983958385, 2805374267]],
  [7, 2147483648, [327741615, 976413892, 1369975286, 1882953283, 1956722279, 1322904761, 1133316631, 372560217, 309457262, 1801189930]],
];

const SHUFFLED: Record<number, number[]> = {
  0: [18, 1, 19, 8, 10, 17, 6, 13, 4, 2, 5, 14, 9, 7, 16, 11, 3, 0, 15, 12],
  7: [1, 17, 2, 5, 11, 0, 18, 6, 13, 19, 10, 14, 8, 16, 9, 12, 7, 3, 4, 15],
};

describe("MT19937 as numpy's legacy RandomState", () => {
  it.each([0, 1, 12345])('seed %i gives numpy\'s first 10 raw 32-bit draws', (seed) => {
    const rng = new MT19937(seed);
    expect(Array.from({ length: 10 }, () => rng.nextUint32())).toEqual(RAW[seed]);
  });

  it('matches the reference MT19937 and numpy across the state refills', () => {
    expect(new MT19937(5489).nextUint32()).toBe(3499211612); // Matsumoto–Nishimura default seed
    const rng = randomState(0);
    const draws = Array.from({ length: 1250 }, () => rng.nextUint32());
    expect([623, 624, 1247, 1248, 1249].map((i) => draws[i])).toEqual([3791854820, 341544762, 1145454359, 4192857288, 2422637952]);
    expect(draws.every((d) => Number.isInteger(d) && d >= 0 && d <= 0xffffffff)).toBe(true);
  });

  it.each(BOUNDED)('seed %i: randomInterval(%i) draws as numpy', (seed, max, expected) => {
    const rng = new MT19937(seed);
    expect(Array.from({ length: 10 }, () => rng.randomInterval(max))).toEqual(expected);
  });

  it('randomInterval(0) is 0 without a draw; a max above 2^32 − 1 is refused', () => {
    const rng = new MT19937(0);
    expect(rng.randomInterval(0)).toBe(0);
    expect(rng.nextUint32()).toBe(RAW[0]![0]);
    expect(() => rng.randomInterval(2 ** 32)).toThrow(/64-bit/);
    expect(() => rng.randomInterval(-1)).toThrow();
    expect(() => rng.randomInterval(1.5)).toThrow();
  });

  it.each([0, 7])('seed %i shuffles arange(20) as RandomState.shuffle', (seed) => {
    const a = Array.from({ length: 20 }, (_, i) => i);
    new MT19937(seed).shuffle(a);
    expect(a).toEqual(SHUFFLED[seed]);
    const t = Int32Array.from({ length: 20 }, (_, i) => i);
    new MT19937(seed).shuffle(t);
    expect([...t]).toEqual(SHUFFLED[seed]);
  });

  it('shuffling zero or one element draws nothing', () => {
    for (const a of [[], [5]]) {
      const rng = new MT19937(0);
      rng.shuffle(a);
      expect(rng.nextUint32()).toBe(RAW[0]![0]);
    }
  });

  it('accepts seeds 0 … 2^32 − 1 and refuses others, as numpy', () => {
    expect(() => new MT19937(0xffffffff)).not.toThrow();
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => new MT19937(bad)).toThrow(/between 0 and 4294967295/);
  });
});
