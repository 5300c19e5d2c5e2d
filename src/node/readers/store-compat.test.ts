/** Every kind the readers make (dates, booleans, integer identifiers) survives the project store's two storages. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeFrame } from '../../core/profile/summary';
import { ProjectStore } from '../project/store';
import { readCsv } from './csv';

const dir = mkdtempSync(join(tmpdir(), 'mb-store-compat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reader output in the project store', () => {
  it('round-trips date, boolean, identifier and number columns', async () => {
    const csv = join(dir, 'd.csv');
    writeFileSync(csv, 'n,when,ok,score\n' + Array.from({ length: 60 }, (_, i) => `${i + 1},2020-01-${String(1 + (i % 28)).padStart(2, '0')},${i % 2 ? 'TRUE' : 'FALSE'},${i / 4}`).join('\n'));
    const { frame } = await readCsv(csv);
    expect(frame.columns.map((c) => c.kind)).toEqual(['identifier', 'date', 'boolean', 'number']);
    const store = ProjectStore.create(join(dir, 'p.mbproj'), 'compat');
    try {
      store.saveDataset(frame, { fileName: 'd.csv', bytes: 1, importSettings: {}, problems: [], summary: summarizeFrame(frame) });
      const back = store.loadFrame()!;
      expect(back.columns.map((c) => c.kind)).toEqual(['identifier', 'date', 'boolean', 'number']);
      for (const c of frame.columns) {
        const b = back.column(c.name);
        for (const i of [0, 1, 59]) expect(back.cell(i, b)).toEqual(frame.cell(i, c));
      }
      expect(back.cell(0, back.column('when'))).toBe('2020-01-01');
      expect(back.cell(1, back.column('ok'))).toBe('TRUE');
    } finally {
      store.close();
    }
  });
});
