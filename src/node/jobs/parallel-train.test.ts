import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainWithCV, type TrainRequest } from '../../core/evaluate/train';
import { summarizeFrame } from '../../core/profile/summary';
import { isDefaultFeature } from '../../core/steps/pipeline';
import { dataset } from '../../../test/helpers/paths';
import { ProjectStore } from '../project/store';
import { readCsv } from '../readers/csv';
import { trainParallel } from './parallel-train';

const dir = mkdtempSync(join(tmpdir(), 'mb-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training over worker threads', () => {
  it('gives exactly the single-threaded result, with progress', async () => {
    const { frame } = await readCsv(dataset('telco_churn.csv'));
    const path = join(dir, 'p.mbproj');
    const s = ProjectStore.create(path, 'P');
    s.saveDataset(frame, { fileName: 'telco_churn.csv', bytes: 1, importSettings: {}, problems: [], summary: summarizeFrame(frame) });
    s.close();
    const req: TrainRequest = { target: 'churn', features: frame.columns.filter((c) => c.name !== 'churn' && isDefaultFeature(c)).map((c) => c.name), model: 'linear', folds: 5, seed: 4 };
    const fractions: number[] = [];
    const parallel = await trainParallel(path, frame, req, {}, (p) => fractions.push(p.fraction), 2);
    const single = trainWithCV(frame, req);
    expect(parallel.metrics).toEqual(single.metrics);
    expect(parallel.foldMetrics).toEqual(single.foldMetrics);
    expect(parallel.fitted).toEqual(single.fitted);
    expect(Array.from(parallel.oof)).toEqual(Array.from(single.oof));
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeGreaterThan(3);
  });
});
