import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, UnclosedQuoteError } from './tokenizer';

function tokenize(text: string, chunk: number, o: { delimiter?: string; newline?: 'lf' | 'cr' } = {}) {
  const rows: { cells: string[]; line: number }[] = [];
  const t = new CsvTokenizer({ delimiter: o.delimiter ?? ',', quote: '"', newline: o.newline ?? 'lf', onRow: (c, n, line) => rows.push({ cells: c.slice(0, n), line }) });
  for (let i = 0; i < text.length; i += chunk) t.feed(text.slice(i, i + chunk));
  t.end();
  return { rows, t };
}

describe('CSV tokenizer', () => {
  it('round-trips any table written by papaparse, whatever the chunk size', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', '漢', ',', '"', '\n', '\r\n', ' ', ';', '1', '🙂') , maxLength: 8 });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(table, fc.integer({ min: 1, max: 40 }), fc.boolean(), (rows, chunk, crlf) => {
      const text = Papa.unparse(rows, { newline: crlf ? '\r\n' : '\n', quotes: false });
      const got = tokenize(text, chunk).rows.map((r) => r.cells);
      expect(got).toEqual(rows);
    }), { numRuns: 400 });
  });
  it('cuts any text into the same rows and lines whatever the chunk size', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é'), maxLength: 60 });
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 7 }), (t, chunk) => {
      const whole = tokenize(t, t.length + 1);
      const cut = tokenize(t, chunk);
      expect(cut.rows).toEqual(whole.rows);
      expect(cut.t.unclosedQuoteLine).toBe(whole.t.unclosedQuoteLine);
    }), { numRuns: 1000 });
  });
  it('gives each row the line it starts on, counting line breaks inside quotes', () => {
    const text = 'a,b\n1,"x\ny"\n\n2,z\r\n3,"p""q"\n4,"multi\r\nline\r\nvalue"\n5,end';
    const { rows } = tokenize(text, 3);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5, 6, 7, 10]);
    expect(rows[1]!.cells).toEqual(['1', 'x\ny']);
    expect(rows[3]!.cells).toEqual(['3', 'p"q']);
    expect(rows[5]!.cells).toEqual(['5', 'end']);
  });
  it('reads CR-only files, tabs and lenient quotes', () => {
    expect(tokenize('a\tb\r1\t2\r', 2, { delimiter: '\t', newline: 'cr' }).rows.map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
    const { rows, t } = tokenize('a,b\n5\'10",x\n"ab"cd,e\n', 4);
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], ['5\'10"', 'x'], ['abcd', 'e']]);
    expect(t.strayQuotes).toBe(1);
  });
  it('reports a quote that never closes', () => {
    const { rows, t } = tokenize('a,b\n1,"open\n2,3\n', 5);
    expect(t.unclosedQuoteLine).toBe(2);
    expect(rows[1]!.cells).toEqual(['1', 'open\n2,3\n']);
    const tiny = new CsvTokenizer({ delimiter: ',', quote: '"', newline: 'lf', maxRowChars: 100, onRow: () => {} });
    expect(() => { for (let i = 0; i < 10; i++) tiny.feed('x,"' + 'y'.repeat(30)); }).toThrow(UnclosedQuoteError);
  });
  it('cuts a long file into the same rows as papaparse', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i},"name ${i}",${i % 7 === 0 ? '"a,b"' : 'c'},${(i * 1.5).toFixed(2)}`);
    const text = 'id,name,tag,x\n' + lines.join('\n') + '\n';
    const ours = tokenize(text, 65536).rows.map((r) => r.cells);
    const theirs = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(ours).toEqual(theirs);
  });
});
