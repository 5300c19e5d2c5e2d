/**
 * Loads a shared dataset the way the app does (streamed CSV → Frame) and reads its reference
 * scores from BASELINES.md, for model tests and benchmarks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from '../../src/core/frame/frame';
import { isDefaultFeature } from '../../src/core/steps/pipeline';
import { readCsv } from '../../src/node/readers/csv';
import { dataset, datasetsDir } from './paths';

export interface DatasetSpec {
  file: string;
  target: string;
  task: 'binary' | 'multiclass' | 'regression';
  positive?: string;
  text?: string[];
}

export function datasetSpecs(): DatasetSpec[] {
  return JSON.parse(readFileSync(join(datasetsDir, 'datasets.json'), 'utf8')) as DatasetSpec[];
}

export async function loadDataset(file: string): Promise<{ frame: Frame; spec: DatasetSpec; features: string[] }> {
  const spec = datasetSpecs().find((s) => s.file === file);
  if (!spec) throw new Error(`${file} is not in datasets.json`);
  const { frame } = await readCsv(dataset(file));
  const features = frame.columns.filter((c) => c.name !== spec.target && isDefaultFeature(c)).map((c) => c.name);
  return { frame, spec, features };
}

export type BaselineModel = 'linear' | 'random forest' | 'hist GBDT (sklearn)' | 'XGBoost hist';

/** A score from BASELINES.md, e.g. baseline('telco_churn.csv', 'auc', 'linear') → 0.8452. */
export function baseline(file: string, metric: string, model: BaselineModel): number {
  const md = readFileSync(join(datasetsDir, 'BASELINES.md'), 'utf8');
  const lines = md.split('\n').filter((l) => l.startsWith('|'));
  const header = lines[0]!.split('|').map((s) => s.trim());
  const col = header.indexOf(model);
  for (const l of lines) {
    const cells = l.split('|').map((s) => s.trim());
    if (cells[1] === file && cells[4] === metric) return Number(cells[col]);
  }
  throw new Error(`No baseline ${metric} for ${file} / ${model}`);
}
