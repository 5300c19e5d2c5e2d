import { describe, expect, it } from 'vitest';
import { averageRanks, distinctSorted, histogramSorted, iqrOutliers, moments, quantileSorted, robustZ, sortedPresent } from './stats';
import { aucOf, correlationRatio, cramersV, missingMap, pearson, sampleRows, spearman } from './correlations';
import { Frame } from '../frame/frame';

// Every expected value below was worked out by hand (sums of squares written out in the comments).
describe('descriptive statistics', () => {
  const x = Float64Array.of(4, NaN, 1, 100, 3, 2);
  const s = sortedPresent(x);
  it('sorts the present values and takes type-7 quantiles', () => {
    expect(Array.from(s)).toEqual([1, 2, 3, 4, 100]);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.25)).toBe(2); // h = 4 · 0.25 = 1
    expect(quantileSorted(s, 0.1)).toBeCloseTo(1.4, 12); // h = 0.4 → 1 + 0.4 · (2 − 1)
    expect(quantileSorted(s, 1)).toBe(100);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
    expect(distinctSorted(Float64Array.of(1, 1, 2, 5, 5))).toBe(3);
  });
  it('computes mean, sample std, skewness and excess kurtosis', () => {
    const m = moments(x);
    expect(m.n).toBe(5);
    expect(m.mean).toBe(22);
    // deviations −21, −20, −19, −18, 78: squares sum to 7610, so s² = 7610 / 4
    expect(m.variance).toBeCloseTo(1902.5, 10);
    expect(m.std).toBeCloseTo(43.617656975, 8);
    // m2 = 1522, m3 = 444600 / 5 = 88920: g1 = 88920 / 1522^1.5, G1 = √20 / 3 · g1
    expect(m.skewness).toBeCloseTo(2.2323959116, 8);
    expect(m.kurtosis).toBeCloseTo(4.9868659572, 8);
    expect(moments(Float64Array.of(5, 5, 5)).skewness).toBe(0);
  });
  it('finds outliers with Tukey fences and robust z-scores', () => {
    const o = iqrOutliers(s);
    expect(o).toMatchObject({ q1: 2, q3: 4, iqr: 2, lowFence: -1, highFence: 7, low: 0, high: 1, extreme: 1 });
    // median 3; |x − 3| = 2, 1, 0, 1, 97 → MAD 1; z(100) = 0.6745 · 97 = 65.4
    expect(robustZ(s)).toEqual({ median: 3, mad: 1, threshold: 3.5, count: 1 });
    expect(robustZ(Float64Array.of(1, 1, 1, 2))).toBeNull();
  });
  it('bins values equally, or one bin per whole number', () => {
    expect(histogramSorted(Float64Array.of(1, 2, 2, 3, 10), 3)).toEqual({ edges: [1, 4, 7, 10], counts: [4, 0, 1] });
    expect(histogramSorted(Float64Array.of(1, 2, 2, 3), 20, true)).toEqual({ edges: [0.5, 1.5, 2.5, 3.5], counts: [1, 2, 1] });
    expect(histogramSorted(Float64Array.of(7, 7), 5)).toEqual({ edges: [6.5, 7.5], counts: [2] });
  });
  it('ranks with ties averaged', () => {
    expect(Array.from(averageRanks(Float64Array.of(10, 20, 20, 5, NaN)))).toEqual([2, 3.5, 3.5, 1, NaN]);
  });
});

describe('correlations', () => {
  it('computes Pearson and Spearman on rows where both are present', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5);
    const y = Float64Array.of(2, 4, 5, 4, 5);
    // dx = −2..2, dy = −2, 0, 1, 0, 1: Σdxdy = 6, Σdx² = 10, Σdy² = 6
    expect(pearson(x, y)).toBeCloseTo(6 / Math.sqrt(60), 12);
    // ranks of y: 1, 2.5, 4.5, 2.5, 4.5 → Σdxdy = 7, Σdy² = 9
    expect(spearman(x, y)).toBeCloseTo(7 / Math.sqrt(90), 12);
    expect(pearson(Float64Array.of(1, NaN, 3, 4), Float64Array.of(2, 5, NaN, 8))).toBeNull();
    expect(pearson(Float64Array.of(1, 2, 3), Float64Array.of(4, 4, 4))).toBeNull();
    expect(pearson(Float64Array.of(1, 2, 3, NaN), Float64Array.of(3, 2, 1, 9))).toBeCloseTo(-1, 12);
  });
  it("computes Cramér's V, plain and bias-corrected", () => {
    const a = Int32Array.of(0, 0, 0, 1, 1, 1, -1);
    const b = Int32Array.of(0, 0, 1, 1, 1, 1, 0);
    // table [[2, 1], [0, 3]], expected [[1, 2], [1, 2]]: χ² = 1 + 0.5 + 1 + 0.5 = 3, φ² = 0.5
    expect(cramersV(a, 2, b, 2)).toBeCloseTo(Math.sqrt(0.5), 12);
    // φ²c = 0.5 − 1/5 = 0.3; r̃ = c̃ = 2 − 1/5 = 1.8 → √(0.3 / 0.8)
    expect(cramersV(a, 2, b, 2, true)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(cramersV(Int32Array.of(0, 1, 0, 1), 2, Int32Array.of(0, 1, 0, 1), 2)).toBeCloseTo(1, 12);
    expect(cramersV(Int32Array.of(0, 0, 1, 1), 2, Int32Array.of(0, 1, 0, 1), 2)).toBeCloseTo(0, 12);
  });
  it('computes the correlation ratio, plain and adjusted', () => {
    const codes = Int32Array.of(0, 0, 1, 1);
    const v = Float64Array.of(1, 3, 5, 7);
    // mean 4: SST = 9 + 1 + 1 + 9 = 20; group means 2 and 6: SSB = 2·4 + 2·4 = 16
    expect(correlationRatio(codes, 2, v)).toBeCloseTo(Math.sqrt(0.8), 12);
    // ε² = 1 − (4 / 2) / (20 / 3) = 0.7
    expect(correlationRatio(codes, 2, v, true)).toBeCloseTo(Math.sqrt(0.7), 12);
  });
  it('computes AUC from ranks', () => {
    expect(aucOf(Float64Array.of(1, 2, 3, 4), Int32Array.of(0, 0, 1, 1))).toBe(1);
    // positives 2 and 4 have ranks 2 and 4: U = 6 − 3 = 3 of 4 pairs
    expect(aucOf(Float64Array.of(1, 3, 2, 4), Int32Array.of(0, 0, 1, 1))).toBe(0.75);
    expect(aucOf(Float64Array.of(1, 1, 1, 1), Int32Array.of(0, 1, 0, 1))).toBe(0.5);
  });
  it('maps where values are missing and samples rows reproducibly', () => {
    const f = new Frame([
      { name: 'x', kind: 'number', values: Float64Array.of(NaN, NaN, 1, 1, 1, NaN, 1, 1, 1, 1) },
      { name: 'c', kind: 'category', codes: Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, -1), dictionary: ['a'] },
    ]);
    const m = missingMap(f, 5);
    expect(m).toMatchObject({ rowsPerBin: 2, bins: 5 });
    expect(m.columns[0]).toEqual({ name: 'x', missing: 3, fractions: [1, 0, 0.5, 0, 0] });
    expect(m.columns[1]!.fractions).toEqual([0, 0, 0, 0, 0.5]);
    const a = sampleRows(1000, 100, 7)!;
    expect(a).toHaveLength(100);
    expect(Array.from(a)).toEqual(Array.from(sampleRows(1000, 100, 7)!));
    expect(a.every((v, i) => i === 0 || v > a[i - 1]!)).toBe(true);
    expect(sampleRows(10, 100)).toBeNull();
  });
});
