import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli';
import { dataset, repoRoot } from '../../test/helpers/paths';

let dir: string;
const run = (...args: string[]) => runCli(dir, ...args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-cli-profile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('modelbench profile', () => {
  it('prints the full profile, correlations and missing map as one JSON object', () => {
    const r = run('profile', dataset('telco_churn.csv'), '--json', '--target', 'churn');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ file: 'telco_churn.csv', rows: 7043, target: 'churn' });
    const tenure = out.columns.find((c: { name: string }) => c.name === 'tenure');
    expect(tenure).toMatchObject({ kind: 'integer', missing: 0, min: 0, max: 72 });
    expect(tenure.numeric.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(7043);
    const total = out.columns.find((c: { name: string }) => c.name === 'total_charges');
    expect(total.missing).toBe(11);
    expect(out.correlations.pearson.columns).toContain('tenure');
    const i = out.correlations.pearson.columns.indexOf('tenure');
    const j = out.correlations.pearson.columns.indexOf('total_charges');
    expect(out.correlations.pearson.values[i][j]).toBeGreaterThan(0.8);
    expect(out.missingMap.columns).toHaveLength(20);
    expect(out.import.settings).toMatchObject({ format: 'csv', delimiter: ',' });
  });
  it('reads TSV, xlsx, Parquet and JSON lines, and keeps human output short', () => {
    writeFileSync(join(dir, 'a.tsv'), 'x\ty\tname\n1\t2.5\tAda\n2\t3.5\tBob\n3\t\tCy\n');
    writeFileSync(join(dir, 'a.jsonl'), '{"x": 1, "ok": true}\n{"x": 2, "ok": false}\n');
    writeFileSync(join(dir, 'a.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, 2, 3], type: 'INT32' }, { name: 's', data: ['a', 'b', 'a'], type: 'STRING' }] })));
    for (const [f, cols] of [['a.tsv', 3], ['a.jsonl', 2], ['a.parquet', 2]] as const) {
      const r = run('profile', join(dir, f), '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).columns).toHaveLength(cols);
    }
    const xl = run('profile', join(repoRoot, 'src/node/readers/fixtures/mixed.xlsx'), '--sheet', 'Data');
    expect(xl.code, xl.stderr).toBe(0);
    expect(xl.stdout.trim().split('\n')).toHaveLength(8);
    expect(xl.stdout).toMatch(/when {2}date/);
  });
  it('fails with a one-line reason for an unknown target', () => {
    const r = run('profile', dataset('penguins.csv'), '--target', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^modelbench: .*nope/);
  });
});
