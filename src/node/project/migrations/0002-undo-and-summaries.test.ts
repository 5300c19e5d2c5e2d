import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { updateToSchemaVersion1 } from './0001-initial';
import { updateToSchemaVersion2 } from './0002-undo-and-summaries';

describe('migration 2', () => {
  it('keeps version-1 undo entries and datasets, adding the new columns with defaults', () => {
    const db = new Database(':memory:');
    updateToSchemaVersion1(db);
    db.prepare("INSERT INTO undo_log(at, action, before, after) VALUES ('t', 'set target', '{}', '{}')").run();
    db.prepare("INSERT INTO datasets(file_name, rows, bytes, hash, imported_at, import_settings, problems) VALUES ('a.csv', 1, 1, 'h', 't', '{}', '[]')").run();
    updateToSchemaVersion2(db);
    expect(db.prepare('SELECT action, undone FROM undo_log').get()).toEqual({ action: 'set target', undone: 0 });
    expect(db.prepare('SELECT summary FROM datasets').get()).toEqual({ summary: '[]' });
    expect(() => db.prepare('UPDATE undo_log SET undone = 2').run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
