import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isDate, type Frame } from '../../core/frame/frame';
import { describeProblem } from './problems';
import { detectXlsx, excelSerialToMs, isDateFormat, listSheets, previewXlsx, readXlsx } from './xlsx';

const fixture = join(import.meta.dirname, 'fixtures/mixed.xlsx'); // written by openpyxl 3.0.9
const dir = mkdtempSync(join(tmpdir(), 'mb-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const values = (f: Frame, name: string) => Array.from({ length: f.rows }, (_, i) => f.cell(i, f.column(name)));

/** A minimal ZIP writer (deflate), enough to build workbooks the way other producers do. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const comp = deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0); cd.writeUInt16LE(20, 4); cd.writeUInt16LE(20, 6); cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc, 16); cd.writeUInt32LE(comp.length, 20); cd.writeUInt32LE(data.length, 24); cd.writeUInt16LE(nameBuf.length, 28); cd.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, comp);
    central.push(cd, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cdBuf.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
function workbook(sheetXml: string, sharedStrings: string[], opts: { date1904?: boolean; prefix?: string } = {}): Buffer {
  const x = opts.prefix ? `${opts.prefix}:` : '';
  const xmlns = opts.prefix ? `xmlns:${opts.prefix}="${NS}"` : `xmlns="${NS}"`;
  return zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<${x}workbook ${xmlns} xmlns:r="${REL}"><${x}workbookPr date1904="${opts.date1904 ? 1 : 0}"/><${x}sheets><${x}sheet name="Ventes &amp; co" sheetId="1" r:id="rId1"/></${x}sheets></${x}workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="/xl/styles.xml"/></Relationships>`,
    'xl/styles.xml': `<${x}styleSheet ${xmlns}><${x}numFmts count="1"><${x}numFmt numFmtId="170" formatCode="dd/mm/yyyy;@"/></${x}numFmts><${x}cellXfs count="3"><${x}xf numFmtId="0"/><${x}xf numFmtId="170"/><${x}xf numFmtId="4"/></${x}cellXfs></${x}styleSheet>`,
    'xl/sharedStrings.xml': `<${x}sst ${xmlns}>${sharedStrings.join('')}</${x}sst>`,
    'xl/worksheets/sheet1.xml': `<${x}worksheet ${xmlns}><${x}sheetData>${sheetXml}</${x}sheetData></${x}worksheet>`,
  });
}

describe('reading .xlsx workbooks', () => {
  it('lists sheets, picks the first visible one, and reads a chosen sheet with typed cells', async () => {
    expect(await listSheets(fixture)).toEqual([{ name: 'Notes', hidden: false }, { name: 'Data', hidden: false }, { name: 'Hidden', hidden: true }]);
    expect(await detectXlsx(fixture)).toMatchObject({ format: 'xlsx', sheet: 'Notes', sheets: ['Notes', 'Data', 'Hidden'] });
    const r = await readXlsx(fixture, { settings: { sheet: 'Data' } });
    expect(r.settings).toMatchObject({ sheet: 'Data', header: true });
    expect(r.frame.rows).toBe(60);
    expect(Object.fromEntries(r.frame.columns.map((c) => [c.name, c.kind]))).toMatchObject({ id: 'identifier', when: 'date', amount: 'number', count: 'integer', paid: 'boolean', city: 'category' });
    expect(values(r.frame, 'when')[0]).toBe('2020-01-04T02:00:00');
    expect(values(r.frame, 'amount').slice(0, 3)).toEqual([1.25, 2.5, 3.75]);
    expect(values(r.frame, 'paid').slice(0, 3)).toEqual(['false', 'false', 'true']);
    expect(values(r.frame, 'city')).toContain('Nîmes');
    expect(values(r.frame, 'comment')[0]).toBe('row 1 & <ok>');
    expect(values(r.frame, 'comment')[9]).toBeNull();
    expect(r.problems.map(describeProblem)).toEqual([
      'row 30, column `amount`: the cell holds the error #N/A; it is left empty',
      'row 31, column `count`: expected a number, found `seven`',
    ]);
  });
  it('reads shared strings with rich text, custom date formats, the 1904 system, ISO date cells and namespace prefixes', async () => {
    const ss = ['<si><t>name</t></si>', '<si><t>day</t></si>', '<si><t>price</t></si>', '<si><r><rPr><b/></rPr><t>Ada</t></r><r><t xml:space="preserve"> L.</t></r><rPh><t>ゴミ</t></rPh></si>', '<si><t>Bob</t></si>', '<si><t>when</t></si>'];
    const rows = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>5</v></c></row>',
      '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>0</v></c><c r="C2" s="2"><v>1234.5</v></c><c r="D2" t="d"><v>2021-05-06T07:08:09Z</v></c></row>',
      '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="C4"><f>C2*2</f><v>2469</v></c><c r="D4" t="d"><v>2021-05-07T07:08:09Z</v></c></row>',
    ].join('');
    for (const prefix of [undefined, 'x']) {
      const p = join(dir, `rich-${prefix ?? 'plain'}.xlsx`);
      writeFileSync(p, workbook(rows, ss, { date1904: true, ...(prefix ? { prefix } : {}) }));
      expect(await listSheets(p)).toEqual([{ name: 'Ventes & co', hidden: false }]);
      const r = await readXlsx(p);
      expect(r.frame.names).toEqual(['name', 'day', 'price', 'when']);
      expect(values(r.frame, 'name')).toEqual(['Ada L.', 'Bob']);
      expect(values(r.frame, 'day')).toEqual(['1904-01-01', null]);
      expect(values(r.frame, 'price')).toEqual([1234.5, 2469]);
      expect(values(r.frame, 'when')).toEqual(['2021-05-06T07:08:09', '2021-05-07T07:08:09']);
      expect(isDate(r.frame.column('when'))).toBe(true);
    }
  });
  it('previews, stops at a bad value when asked, and tells a missing sheet', async () => {
    const pv = await previewXlsx(fixture, { sheet: 'Data' }, 5);
    expect(pv.rows).toHaveLength(5);
    expect(pv.truncated).toBe(true);
    await expect(readXlsx(fixture, { settings: { sheet: 'Data' }, onBadRow: 'stop' })).rejects.toMatchObject({ kind: 'bad-input', line: 30, column: 'amount' });
    await expect(readXlsx(fixture, { settings: { sheet: 'Nope' } })).rejects.toMatchObject({ kind: 'bad-input' });
    const notZip = join(dir, 'fake.xlsx');
    writeFileSync(notZip, 'a,b\n1,2\n');
    await expect(readXlsx(notZip)).rejects.toMatchObject({ kind: 'bad-input' });
  });
  it('converts serial numbers and recognises date formats', () => {
    expect(excelSerialToMs(43831, false)).toBe(Date.UTC(2020, 0, 1));
    expect(excelSerialToMs(1, false)).toBe(Date.UTC(1900, 0, 1));
    expect(excelSerialToMs(61, false)).toBe(Date.UTC(1900, 2, 1));
    expect(excelSerialToMs(0, true)).toBe(Date.UTC(1904, 0, 1));
    expect(excelSerialToMs(43831.5, false)).toBe(Date.UTC(2020, 0, 1, 12));
    for (const f of ['yyyy-mm-dd', 'dd/mm/yyyy;@', 'h:mm AM/PM', '[$-409]mmmm d, yyyy', 'mm:ss']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['0.00', '#,##0', '"days" 0', '[Red]0.00', 'General', '0%']) expect(isDateFormat(f), f).toBe(false);
  });
});
