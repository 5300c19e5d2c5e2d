/**
 * Suggestions from the profile, in plain words, and whether following them helps: on
 * ames_housing.csv the suggested steps plus GBDT must improve the 5-fold CV RMSE over raw GBDT
 * or stay within 1 % of it (the Prepare issue's acceptance).
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../test/helpers/datasets';
import { trainWithCV } from '../evaluate/train';
import '../models/index';
import { profileFrame } from '../profile/profile';
import { summarizeFrame } from '../profile/summary';
import './all';
import { suggestSteps } from './suggest';

describe('suggested steps', () => {
  it('names the column and the reason, and proposes a registered step for each', async () => {
    const { frame, spec, features } = await loadDataset('fine_foods_reviews.csv');
    const summary = summarizeFrame(frame);
    const out = suggestSteps({
      columns: summary.map((c) => ({ name: c.name, kind: c.kind, role: c.name === spec.target ? 'target' : features.includes(c.name) ? 'feature' : 'ignore', missing: c.missing, distinct: c.distinct })),
      rows: frame.rows, profile: null, target: spec.target, task: 'binary', existing: [],
    });
    expect(out.map((s) => s.text)).toContain('review is free text: turn it into word counts (TF-IDF)?');
    // Once the step is there it is not suggested again.
    const again = suggestSteps({
      columns: summary.map((c) => ({ name: c.name, kind: c.kind, role: 'feature', missing: c.missing, distinct: c.distinct })),
      rows: frame.rows, profile: null, target: spec.target, task: 'binary', existing: out.map((s) => s.step),
    });
    expect(again.filter((s) => s.step.columns.includes('review'))).toEqual([]);
  });

  it('on ames_housing, the suggested steps plus GBDT keep CV RMSE within 1 % of raw GBDT or better', async () => {
    const { frame, spec, features } = await loadDataset('ames_housing.csv');
    const profile = profileFrame(frame, { target: spec.target });
    const summary = summarizeFrame(frame);
    const suggestions = suggestSteps({
      columns: summary.map((c) => ({ name: c.name, kind: c.kind, role: c.name === spec.target ? 'target' : features.includes(c.name) ? 'feature' : 'ignore', missing: c.missing, distinct: c.distinct })),
      rows: frame.rows, profile, target: spec.target, task: 'regression', existing: [],
    });
    expect(suggestions.length).toBeGreaterThan(0);
    const base = { target: spec.target, features, model: 'gbdt' as const, folds: 5, seed: 0 };
    const raw = trainWithCV(frame, base);
    const prepared = trainWithCV(frame, { ...base, prepare: suggestions.map((s) => s.step) });
    console.log(`ames_housing GBDT 5-fold RMSE: raw ${raw.metrics.rmse!.toFixed(0)}, with ${suggestions.length} suggested steps ${prepared.metrics.rmse!.toFixed(0)} (${suggestions.map((s) => s.id).join(', ')})`);
    expect(prepared.metrics.rmse!).toBeLessThanOrEqual(raw.metrics.rmse! * 1.01);
  });
});
