/**
 * Honest validation: every preparation step is fitted inside each fold. Target encoding
 * (`encode.target`) of a 1,000-level category on a random target scores at chance under CV,
 * while the same encoding fitted on all rows before CV looks predictive — the leak the
 * fold-wise fitting (and the encoding's own inner folds) avoid.
 */
import { describe, expect, it } from 'vitest';
import { Frame } from '../frame/frame';
import { targetEncode } from '../steps/encoding';
import type { Work } from '../steps/types';
import { createRandom } from '../util/random';
import { trainWithCV } from './train';

describe('no leakage from preparation steps', () => {
  const n = 5000;
  const r = createRandom(11);
  const levels = Array.from({ length: 1000 }, (_, i) => `z${i}`);
  // 1,000 categories of ~5 rows each, and a target that is pure noise.
  const zip = Int32Array.from({ length: n }, () => Math.floor(r() * 1000));
  const yCodes = Int32Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
  const y = { name: 'y', kind: 'category' as const, codes: yCodes, dictionary: ['no', 'yes'] };
  const frame = new Frame([{ name: 'zip', kind: 'category', codes: zip, dictionary: levels }, y]);

  it('target encoding fitted inside each fold scores at chance on a random target', () => {
    const steps = () => [{ kind: targetEncode.kind, columns: ['zip'], params: {} }];
    const res = trainWithCV(frame, { target: 'y', features: ['zip'], model: 'linear', folds: 5, seed: 0, steps });
    console.log(`target encoding inside the folds: AUC ${res.metrics.auc!.toFixed(4)}`);
    expect(Math.abs(res.metrics.auc! - 0.5)).toBeLessThan(0.03);
  });

  it('the same encoding fitted on all rows before CV looks predictive (the leak the CV avoids)', () => {
    const work: Work = new Map([['zip', { type: 'code', codes: zip, levels }]]);
    const target = Float64Array.from(yCodes);
    const params = { ...targetEncode.defaults };
    const state = targetEncode.fit(work, ['zip'], params, { seed: 0, target, task: 'binary' });
    // Every row encoded with means that include its own target (what fitting outside the folds does).
    const encoded = (targetEncode.transform(work, ['zip'], params, state).get('zip') as { values: Float64Array }).values;
    const leaked = new Frame([{ name: 'zip_encoded', kind: 'number', values: encoded }, y]);
    const res = trainWithCV(leaked, { target: 'y', features: ['zip_encoded'], model: 'linear', folds: 5, seed: 0 });
    console.log(`target encoding fitted before CV: AUC ${res.metrics.auc!.toFixed(4)}`);
    expect(res.metrics.auc!).toBeGreaterThan(0.6);
  });
});
