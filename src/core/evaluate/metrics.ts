/** Classification metrics on predicted probabilities. */

/** Share of rows whose predicted class (probability > 0.5 → positive, as ArgMax breaks ties to the first class) equals the truth. */
export function accuracy(yTrue: ArrayLike<number>, pPositive: ArrayLike<number>): number {
  const n = yTrue.length;
  if (n === 0) return Number.NaN;
  let hit = 0;
  for (let i = 0; i < n; i++) if ((pPositive[i]! > 0.5 ? 1 : 0) === yTrue[i]) hit++;
  return hit / n;
}

/**
 * Area under the ROC curve by the rank-sum (Mann–Whitney) formula; tied scores count half.
 * NaN when only one class is present.
 */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = yTrue.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let pos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[idx[j + 1]!] === score[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1; // ranks are 1-based
    for (let k = i; k <= j; k++) if (yTrue[idx[k]!] === 1) { pos++; rankSumPos += avgRank; }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean negative log-likelihood of the true class, probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(yTrue: ArrayLike<number>, pPositive: ArrayLike<number>): number {
  const n = yTrue.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, pPositive[i]!));
    s -= yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / n;
}
