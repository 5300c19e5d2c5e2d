import { describe, expect, it } from 'vitest';
import { Frame } from '../frame/frame';
import { createRandom } from '../util/random';
import { trainWithCV } from './train';

function frame(task: 'binary' | 'regression'): Frame {
  const r = createRandom(9);
  const n = 600;
  const x = Float64Array.from({ length: n }, () => r() * 4 - 2);
  const noise = Float64Array.from({ length: n }, () => r() - 0.5);
  const target = task === 'binary'
    ? { name: 'y', kind: 'category' as const, codes: Int32Array.from(x, (v, i) => (v + noise[i]! > 0 ? 1 : 0)), dictionary: ['no', 'yes'] }
    : { name: 'y', kind: 'number' as const, values: Float64Array.from(x, (v, i) => 3 * v + noise[i]!) };
  return new Frame([{ name: 'x', kind: 'number', values: x }, target]);
}

describe('curves of the held-out predictions', () => {
  it('binary runs carry ROC, precision–recall and calibration curves consistent with the scores', () => {
    const res = trainWithCV(frame('binary'), { target: 'y', features: ['x'], model: 'linear', folds: 5, seed: 0 });
    const roc = res.curves.roc!;
    expect(roc.fpr.length).toBeGreaterThan(5);
    expect(roc.fpr.length).toBeLessThanOrEqual(101);
    expect(roc.fpr[0]).toBe(0);
    expect(roc.tpr.at(-1)).toBe(1);
    for (let i = 1; i < roc.fpr.length; i++) expect(roc.fpr[i]!).toBeGreaterThanOrEqual(roc.fpr[i - 1]!);
    // The area under the drawn curve matches the reported ROC AUC.
    let area = 0;
    for (let i = 1; i < roc.fpr.length; i++) area += (roc.fpr[i]! - roc.fpr[i - 1]!) * (roc.tpr[i]! + roc.tpr[i - 1]!) / 2;
    expect(Math.abs(area - res.metrics.auc!)).toBeLessThan(0.005);
    expect(res.curves.pr!.precision.length).toBe(res.curves.pr!.recall.length);
    const cal = res.curves.calibration!;
    expect(cal.counts.reduce((a, b) => a + b, 0)).toBe(600);
    expect(res.curves.residuals).toBeUndefined();
  });

  it('number targets carry residuals (truth − prediction) and no ROC', () => {
    const res = trainWithCV(frame('regression'), { target: 'y', features: ['x'], model: 'linear', folds: 5, seed: 0 });
    const r = res.curves.residuals!;
    expect(r.predicted).toHaveLength(400);
    expect(Math.max(...r.residual.map(Math.abs))).toBeLessThan(1);
    expect(res.curves.roc).toBeUndefined();
  });
});
