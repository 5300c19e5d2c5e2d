import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { updateToSchemaVersion1 } from './0001-initial';
import { updateToSchemaVersion2 } from './0002-undo-and-summaries';
import { updateToSchemaVersion3 } from './0003-date-timezones';

describe('migration 3', () => {
  it('keeps version-2 columns, with no time zone, and accepts short zone names only', () => {
    const db = new Database(':memory:');
    updateToSchemaVersion1(db);
    updateToSchemaVersion2(db);
    db.prepare("INSERT INTO datasets(file_name, rows, bytes, hash, imported_at, import_settings, problems) VALUES ('a.csv', 1, 1, 'h', 't', '{}', '[]')").run();
    db.prepare("INSERT INTO dataset_columns(dataset_id, position, name, kind, storage, dictionary) VALUES (1, 0, 'when', 'date', 'f64', NULL)").run();
    updateToSchemaVersion3(db);
    expect(db.prepare('SELECT name, timezone FROM dataset_columns').get()).toEqual({ name: 'when', timezone: null });
    db.prepare("UPDATE dataset_columns SET timezone = '+02:00'").run();
    expect(db.prepare('SELECT timezone FROM dataset_columns').get()).toEqual({ timezone: '+02:00' });
    expect(() => db.prepare("UPDATE dataset_columns SET timezone = 'x' || hex(randomblob(20))").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
