import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeFrame } from '../../core/profile/summary';
import { isDefaultFeature } from '../../core/steps/pipeline';
import { dataset } from '../../../test/helpers/paths';
import { ProjectStore } from '../project/store';
import { readCsv } from '../readers/csv';
import { modelLanes, runTrain } from './handlers';

const dir = mkdtempSync(join(tmpdir(), 'mb-lanes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('models side by side', () => {
  it('runs several models at once only when the cores outnumber what one model can use', () => {
    // One model uses a thread per round plus one for the final fit.
    expect(modelLanes(2, 5, 3)).toEqual({ concurrent: 1, threads: 2 });
    expect(modelLanes(16, 5, 3)).toEqual({ concurrent: 2, threads: 8 });
    expect(modelLanes(64, 5, 3)).toEqual({ concurrent: 3, threads: 21 });
    expect(modelLanes(4, 1, 3)).toEqual({ concurrent: 2, threads: 2 });
    expect(modelLanes(8, 5, 1)).toEqual({ concurrent: 1, threads: 8 });
  });

  it('gives the same runs, in the same order, whether models train one after another or side by side', async () => {
    const { frame } = await readCsv(dataset('pima_diabetes.csv'));
    const path = join(dir, 'pima.mbproj');
    const store = ProjectStore.create(path, 'Pima');
    store.saveDataset(frame, { fileName: 'pima_diabetes.csv', bytes: 1, importSettings: {}, problems: [], summary: summarizeFrame(frame) });
    store.close();
    const features = frame.columns.filter((c) => c.name !== 'diabetes' && isDefaultFeature(c)).map((c) => c.name);
    const args = { projectPath: path, target: 'diabetes', features, models: ['linear', 'tree', 'nb'], folds: 2, seed: 0 };
    const fractions: number[] = [];
    const one = await runTrain({ ...args, threads: 2 }, () => {});
    const side = await runTrain({ ...args, threads: 6 }, (f) => fractions.push(f));
    expect(side.runs.map((r) => r.model)).toEqual(['linear', 'tree', 'nb']);
    for (let i = 0; i < 3; i++) {
      expect(side.runs[i]!.metrics).toEqual(one.runs[i]!.metrics);
      expect(side.runs[i]!.fitted).toEqual(one.runs[i]!.fitted);
    }
    // Progress over all models together only moves forward.
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]! - 1e-12)).toBe(true);
  });
});
