import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCoded, isDate, isNumeric, type Frame } from '../../core/frame/frame';
import { AppError } from '../../shared/errors';
import { detectCsv, previewCsv, readCsv } from './csv';
import { describeProblem } from './problems';

const dir = mkdtempSync(join(tmpdir(), 'mb-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Uint8Array, name = `f${n++}.csv`): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const values = (f: Frame, name: string) => {
  const c = f.column(name);
  return Array.from({ length: f.rows }, (_, i) => f.cell(i, c));
};
/** windows-1252 bytes for a string of Latin-1 characters. */
const latin1 = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
function utf16(s: string, be: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  let o = 0;
  const put = (u: number) => { out[o++] = be ? u >> 8 : u & 255; out[o++] = be ? u & 255 : u >> 8; };
  if (bom) put(0xfeff);
  for (let i = 0; i < s.length; i++) put(s.charCodeAt(i));
  return out;
}

describe('reading CSV files', () => {
  it('detects semicolons, decimal commas with thousands dots and Latin-1', async () => {
    const p = file(latin1('Ville;Prix;Quantité;Date\r\nCréteil;1.234,56;3;25/12/2020\r\nSèvres;-0,5;4;01/02/2021\r\nNîmes;12,00;;13/01/2021\r\n'));
    const s = await detectCsv(p);
    expect(s).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimal: ',', thousands: '.', header: true, lineEnding: 'crlf' });
    const r = await readCsv(p);
    expect(r.frame.names).toEqual(['Ville', 'Prix', 'Quantité', 'Date']);
    expect(values(r.frame, 'Ville')).toEqual(['Créteil', 'Sèvres', 'Nîmes']);
    expect(values(r.frame, 'Prix')).toEqual([1234.56, -0.5, 12]);
    expect(r.frame.column('Quantité').kind).toBe('integer');
    expect(values(r.frame, 'Date')).toEqual(['2020-12-25', '2021-02-01', '2021-01-13']);
    expect(r.problemCount).toBe(0);
  });
  it('reads UTF-16 with a BOM, little and big endian, and without a BOM', async () => {
    const text = 'name,score\n"Zoë",1.5\nAnaïs,2\n';
    for (const [be, bom] of [[false, true], [true, true], [false, false]] as const) {
      const p = file(utf16(text, be, bom));
      const r = await readCsv(p);
      expect(r.settings).toMatchObject({ encoding: be ? 'utf-16be' : 'utf-16le', bom });
      expect(values(r.frame, 'name')).toEqual(['Zoë', 'Anaïs']);
      expect(values(r.frame, 'score')).toEqual([1.5, 2]);
    }
    const withBom = await readCsv(file('\ufeffid,x\n1,2\n'));
    expect(withBom.frame.names).toEqual(['id', 'x']);
    expect(withBom.settings).toMatchObject({ encoding: 'utf-8', bom: true });
  });
  it('reports ragged rows by line: short rows padded, long rows left out', async () => {
    const p = file('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,\n13,14,15\n');
    const r = await readCsv(p);
    expect(r.frame.rows).toBe(4);
    expect(values(r.frame, 'c')).toEqual([3, null, 12, 15]);
    expect(r.problems.map((q) => [q.code, q.line])).toEqual([['too-few-values', 3], ['too-many-values', 4]]);
    expect(describeProblem(r.problems[1]!)).toBe('line 4: expected 3 values, found 4; the row is left out');
    expect(r.rowsSkipped).toBe(1);
    await expect(readCsv(p, { onBadRow: 'stop' })).rejects.toMatchObject({ kind: 'bad-input', line: 3 });
  });
  it('renames duplicate and empty headers and says so', async () => {
    const r = await readCsv(file('id,name,,name,x\n1,a,b,c,2\n2,d,e,f,3\n'));
    expect(r.frame.names).toEqual(['id', 'name', 'column_3', 'name_2', 'x']);
    expect(r.problems.filter((q) => q.code === 'renamed-column').map((q) => q.column)).toEqual(['column_3', 'name_2']);
  });
  it('names the columns a short header leaves out', async () => {
    const r = await readCsv(file('a,b\n1,2,3\n4,5,6\n'));
    expect(r.frame.names).toEqual(['a', 'b', 'column_3']);
    expect(values(r.frame, 'column_3')).toEqual([3, 6]);
    expect(r.problems.map((q) => q.code)).toEqual(['renamed-column']);
  });
  it('drops the empty column a trailing delimiter makes', async () => {
    const r = await readCsv(file('a,b,\n1,2,\n3,4,\n'));
    expect(r.frame.names).toEqual(['a', 'b']);
  });
  it('blanks a `forty` in a number column and names its line and column; stops there when asked', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},${20 + (i % 50)},"note ${i}\nsecond line"`);
    rows[1040] = `1040,forty,"note"`;
    const p = file('id,age,note\n' + rows.join('\n') + '\n');
    const r = await readCsv(p);
    const age = r.frame.column('age');
    expect(age.kind).toBe('integer');
    expect(isNumeric(age) && age.values[1040]).toBeNaN();
    const bad = r.problems.find((q) => q.code === 'bad-value')!;
    // Rows before it each take two lines (a line break inside quotes), plus the header.
    expect(bad).toMatchObject({ line: 2082, column: 'age', value: 'forty', expected: 'number' });
    expect(describeProblem(bad)).toBe('line 2082, column `age`: expected a number, found `forty`');
    const err = await readCsv(p, { onBadRow: 'stop' }).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'bad-input', file: expect.stringMatching(/\.csv$/), line: 2082, column: 'age' });
  });
  it('reads a headerless file', async () => {
    const p = file('1,2.5,a\n2,3.5,b\n3,4.5,a\n');
    expect((await detectCsv(p)).header).toBe(false);
    const r = await readCsv(p);
    expect(r.frame.names).toEqual(['column_1', 'column_2', 'column_3']);
    expect(r.frame.rows).toBe(3);
  });
  it('treats the usual missing markers as missing, and others when told', async () => {
    const p = file('x,y\n1,a\nNA,b\nN/A,c\nnull,d\nNaN,e\n?,f\n-,g\n,h\n9,-\n');
    const r = await readCsv(p);
    expect(values(r.frame, 'x')).toEqual([1, null, null, null, null, null, null, null, 9]);
    expect(values(r.frame, 'y').at(-1)).toBeNull();
    const custom = await readCsv(p, { settings: { missing: ['?'] } });
    expect(custom.frame.column('x').kind).toBe('category');
  });
  it('skips title lines, reads tabs, pipes and old Mac line endings', async () => {
    const titled = await readCsv(file('Sales report 2020\nExported by X\n\nregion\tsales\nNorth\t10\nSouth\t12\n'));
    expect(titled.settings).toMatchObject({ delimiter: '\t', skipLines: 3 });
    expect(titled.frame.names).toEqual(['region', 'sales']);
    const piped = await readCsv(file('a|b\r1|2\r3|4\r'));
    expect(piped.settings).toMatchObject({ delimiter: '|', lineEnding: 'cr' });
    expect(values(piped.frame, 'b')).toEqual([2, 4]);
  });
  it('lets the user override any setting', async () => {
    const p = file('x,y;z\n1,5;2\n');
    expect((await detectCsv(p)).delimiter).toBe(';');
    const r = await readCsv(p, { settings: { delimiter: ',', header: false } });
    expect(r.frame.names).toEqual(['column_1', 'column_2']);
    expect(values(r.frame, 'column_2')).toEqual(['y;z', '5;2']);
    const kinds = await readCsv(file('zip,n\n02134,1\n10001,2\n'), { settings: { columnKinds: { n: 'category' } } });
    expect(kinds.frame.column('n').kind).toBe('category');
    expect(values(kinds.frame, 'zip')).toEqual(['02134', '10001']);
  });
  it('reports a quote that never closes and bytes that are not UTF-8', async () => {
    const q = await readCsv(file('a,b\n1,2\n3,"oops\n5,6\n'));
    expect(q.problems.find((x) => x.code === 'unclosed-quote')).toMatchObject({ line: 3 });
    const bytes = new TextEncoder().encode('name,x\nok,1\nbad');
    const bad = await readCsv(file(Uint8Array.from([...bytes, 0xff, 0x41, ...new TextEncoder().encode(',2\n')])), { settings: { encoding: 'utf-8' } });
    expect(bad.problems.find((x) => x.code === 'bad-encoding')).toMatchObject({ line: 3 });
    const genuine = await readCsv(file('name,x\n\ufffd,1\nb,2\n'));
    expect(genuine.problems.some((x) => x.code === 'bad-encoding')).toBe(false);
  });
  it('reports progress, and cancels', async () => {
    const big = file('a,b,c\n' + Array.from({ length: 200_000 }, (_, i) => `${i},${i % 3},x${i % 10}`).join('\n'));
    const seen: number[] = [];
    const r = await readCsv(big, { onProgress: (pr) => seen.push(pr.bytes) });
    expect(r.frame.rows).toBe(200_000);
    expect(seen.at(-1)).toBe(r.bytes);
    const ac = new AbortController();
    const reading = readCsv(big, { signal: ac.signal, onProgress: () => ac.abort() });
    ac.abort();
    await expect(reading).rejects.toMatchObject({ kind: 'cancelled' });
    await expect(readCsv(join(dir, 'nope.csv'))).rejects.toMatchObject({ kind: 'not-found' });
    await expect(readCsv(file(''))).rejects.toMatchObject({ kind: 'bad-input' });
  });
  it('previews the first rows with their kinds without reading the whole file', async () => {
    const p = file('id,when,ok,score\n' + Array.from({ length: 50_000 }, (_, i) => `${i},2020-01-${String(1 + (i % 28)).padStart(2, '0')},${i % 2 ? 'true' : 'false'},${i / 2}`).join('\n'));
    const pv = await previewCsv(p, undefined, 20);
    expect(pv.rows).toHaveLength(20);
    expect(pv.truncated).toBe(true);
    expect(pv.columns.map((c) => c.kind)).toEqual(['integer', 'date', 'boolean', 'number']);
    expect(pv.rows[3]).toEqual([3, '2020-01-04', 'true', 1.5]);
    expect(JSON.parse(JSON.stringify(pv))).toEqual(pv);
  });
  it('keeps zones of timestamps', async () => {
    const r = await readCsv(file('t,v\n2021-04-07T10:00:00Z,1\n2021-04-08T11:30:00Z,2\n'));
    const t = r.frame.column('t');
    expect(isDate(t) && t.timezone).toBe('UTC');
    expect(values(r.frame, 't')).toEqual(['2021-04-07T10:00:00Z', '2021-04-08T11:30:00Z']);
    expect(isCoded(r.frame.column('v'))).toBe(false);
  });
});
