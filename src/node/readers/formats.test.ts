import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { isDate, type Frame } from '../../core/frame/frame';
import { describeProblem } from './problems';
import { readJsonl } from './jsonl';
import { readParquet } from './parquet';
import { detectFormat, detectTable, previewTable, readTable } from './table';

const dir = mkdtempSync(join(tmpdir(), 'mb-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const values = (f: Frame, name: string) => Array.from({ length: f.rows }, (_, i) => f.cell(i, f.column(name)));
function file(name: string, content: string | Uint8Array | ArrayBuffer): string {
  const p = join(dir, name);
  writeFileSync(p, content instanceof ArrayBuffer ? new Uint8Array(content) : content);
  return p;
}

const N = 250;
function parquetFile(name = 'data.parquet'): string {
  const buf = parquetWriteBuffer({
    rowGroupSize: 100,
    columnData: [
      { name: 'id', data: Array.from({ length: N }, (_, i) => i + 1), type: 'INT32' },
      { name: 'price', data: Array.from({ length: N }, (_, i) => (i % 50 === 7 ? null : i * 0.5)), type: 'DOUBLE' },
      { name: 'city', data: Array.from({ length: N }, (_, i) => ['Oslo', 'Lima', 'Pune'][i % 3]!), type: 'STRING' },
      { name: 'flag', data: Array.from({ length: N }, (_, i) => i % 4 === 0), type: 'BOOLEAN' },
      { name: 'ts', data: Array.from({ length: N }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000)), type: 'TIMESTAMP' },
      { name: 'day_text', data: Array.from({ length: N }, (_, i) => `2023-05-${String(1 + (i % 28)).padStart(2, '0')}`), type: 'STRING' },
      { name: 'big', data: Array.from({ length: N }, (_, i) => BigInt(i) * 1000n), type: 'INT64' },
    ],
  });
  return file(name, buf);
}

describe('reading Parquet files', () => {
  it('keeps the schema types over several row groups and infers string columns', async () => {
    const p = parquetFile();
    const seen: number[] = [];
    const r = await readParquet(p, { onProgress: (x) => seen.push(x.rows) });
    expect(r.frame.rows).toBe(N);
    expect(Object.fromEntries(r.frame.columns.map((c) => [c.name, c.kind]))).toEqual({ id: 'identifier', price: 'number', city: 'category', flag: 'boolean', ts: 'date', day_text: 'date', big: 'integer' });
    expect(values(r.frame, 'price').slice(6, 9)).toEqual([3, null, 4]);
    expect(values(r.frame, 'flag').slice(0, 2)).toEqual(['true', 'false']);
    const ts = r.frame.column('ts');
    expect(isDate(ts) && ts.values[1]).toBe(Date.UTC(2024, 0, 1, 1));
    expect(values(r.frame, 'big')[3]).toBe(3000);
    expect(values(r.frame, 'day_text')[0]).toBe('2023-05-01');
    expect(seen.at(-1)).toBe(N);
  });
  it('reads only the rows a preview needs, and rejects files that are not Parquet', async () => {
    const pv = await previewTable(parquetFile('p2.parquet'), {}, 10);
    expect(pv.rows).toHaveLength(10);
    expect(pv.settings.format).toBe('parquet');
    await expect(readParquet(file('bad.parquet', 'PAR1 this is not parquet'))).rejects.toMatchObject({ kind: 'bad-input' });
  });
});

describe('reading JSON lines', () => {
  it('makes columns from keys in order of appearance and reports lines that are not objects', async () => {
    const lines = [
      '{"id": 1, "name": "Ada", "score": 9.5, "ok": true, "tags": ["a", "b"]}',
      '',
      '{"id": 2, "name": "Bob", "score": null, "ok": false, "joined": "2020-01-02"}',
      'not json',
      '[1, 2]',
      '{"id": 3, "name": "Cy", "score": 7, "ok": true, "joined": "2021-03-04", "extra": {"k": 1}}',
    ];
    const p = file('people.jsonl', lines.join('\r\n') + '\r\n');
    const r = await readJsonl(p);
    expect(r.frame.names).toEqual(['id', 'name', 'score', 'ok', 'tags', 'joined', 'extra']);
    expect(values(r.frame, 'score')).toEqual([9.5, null, 7]);
    expect(r.frame.column('ok').kind).toBe('boolean');
    expect(values(r.frame, 'joined')).toEqual([null, '2020-01-02', '2021-03-04']);
    expect(values(r.frame, 'tags')[0]).toBe('["a","b"]');
    expect(r.problems.map(describeProblem)).toEqual([
      expect.stringMatching(/^line 4: the line is not valid JSON/),
      'line 5: the line is not a JSON object; it is left out',
    ]);
    await expect(readJsonl(p, { onBadRow: 'stop' })).rejects.toMatchObject({ kind: 'bad-input', line: 4 });
  });
  it('reads a file holding one JSON array of objects', async () => {
    const p = file('arr.json', JSON.stringify([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]));
    const r = await readTable(p);
    expect(r.settings.format).toBe('jsonl');
    expect(values(r.frame, 'a')).toEqual([1, 2]);
  });
});

describe('readTable', () => {
  it('picks the reader from the content, then the extension', async () => {
    expect(await detectFormat(parquetFile('x.dat'))).toBe('parquet');
    expect(await detectFormat(join(import.meta.dirname, 'fixtures/mixed.xlsx'))).toBe('xlsx');
    expect(await detectFormat(file('x.txt', '{"a":1}\n{"a":2}\n'))).toBe('jsonl');
    expect(await detectFormat(file('y.txt', 'a\tb\n1\t2\n'))).toBe('csv');
    await expect(detectFormat(file('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])))).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/\.xlsx/) });
    const tsv = await readTable(file('z.tsv', 'a\tb\n1\t2\n'));
    expect(tsv.settings).toMatchObject({ format: 'csv', delimiter: '\t' });
    const xl = await detectTable(join(import.meta.dirname, 'fixtures/mixed.xlsx'), { format: 'xlsx', sheet: 'Data' });
    expect(xl).toMatchObject({ format: 'xlsx', sheet: 'Data', header: true });
    const viaTable = await readTable(join(import.meta.dirname, 'fixtures/mixed.xlsx'), { settings: { format: 'xlsx', sheet: 'Data' } });
    expect(viaTable.frame.rows).toBe(60);
    expect(JSON.parse(JSON.stringify(viaTable.settings))).toEqual(viaTable.settings);
  });
});
