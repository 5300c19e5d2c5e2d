/**
 * Type inference against hand-labelled kinds for every column of every shared dataset
 * (test/fixtures/expected-types.json): at least 98 % must match; mismatches are printed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetsDir, repoRoot } from '../../../test/helpers/paths';
import { readCsv } from './csv';

const expected = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/expected-types.json'), 'utf8')) as { datasets: Record<string, Record<string, string>> };

describe('type inference on the shared datasets', () => {
  it('labels every dataset file', () => {
    const files = readdirSync(datasetsDir).filter((f) => f.endsWith('.csv')).sort();
    expect(Object.keys(expected.datasets).sort()).toEqual(files);
  });
  it('infers at least 98 % of all column kinds as labelled', async () => {
    let total = 0;
    const mismatches: string[] = [];
    for (const [file, kinds] of Object.entries(expected.datasets)) {
      const r = await readCsv(join(datasetsDir, file));
      expect(r.frame.names, file).toEqual(Object.keys(kinds));
      for (const c of r.frame.columns) {
        total++;
        if (c.kind !== kinds[c.name]) mismatches.push(`${file} ${c.name}: expected ${kinds[c.name]}, inferred ${c.kind}`);
      }
    }
    const correct = total - mismatches.length;
    console.log(`type inference: ${correct} of ${total} columns (${((100 * correct) / total).toFixed(1)} %)${mismatches.length ? '\n  ' + mismatches.join('\n  ') : ''}`);
    expect(correct / total).toBeGreaterThanOrEqual(0.98);
  });
});
