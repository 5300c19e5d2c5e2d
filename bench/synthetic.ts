/** Shared by the benchmarks: the synthetic file of `rows` rows (made once, kept in bench/results) and medians. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir, repoRoot } from '../test/helpers/paths';

export const resultsDir = join(repoRoot, 'bench/results');

/** The path of bench/results/synthetic-<rows>.csv, written by ../shared/tools/make-synthetic.mjs when missing. */
export function syntheticCsv(rows: number): string {
  mkdirSync(resultsDir, { recursive: true });
  const csv = join(resultsDir, `synthetic-${rows}.csv`);
  if (!existsSync(csv)) execFileSync(process.execPath, [join(datasetsDir, '../tools/make-synthetic.mjs'), '--rows', String(rows), '--out', csv]);
  return csv;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
