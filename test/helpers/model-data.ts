import { createRandom } from '../../src/core/util/random';
import type { TrainData } from '../../src/core/models/types';

/**
 * A small dense training set for estimator tests: y depends on the first two of p uniform
 * features plus noise; classes are bands of that score, and every class occurs.
 */
export function randomData(task: 'binary' | 'multiclass' | 'regression', seed: number, n = 80, p = 5): TrainData {
  const r = createRandom(seed);
  const x = Float64Array.from({ length: n * p }, () => r() * 4 - 2);
  const k = task === 'binary' ? 2 : task === 'multiclass' ? 4 : 0;
  const y = Float64Array.from({ length: n }, (_, i) => {
    const z = x[i * p]! - 0.7 * x[i * p + 1]! + 0.5 * (r() - 0.5);
    if (task === 'regression') return 3 * z + 10;
    return Math.min(k - 1, Math.max(0, Math.floor((z + 2) / 4 * k)));
  });
  if (k) for (let c = 0; c < k; c++) y[c] = c;
  return { x, rows: n, cols: p, task, y, nClasses: k };
}
