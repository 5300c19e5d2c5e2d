import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { updateToSchemaVersion1 } from './0001-initial';

describe('migration 1', () => {
  it('creates STRICT tables that refuse values of the wrong type', () => {
    const db = new Database(':memory:');
    updateToSchemaVersion1(db);
    const tables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[]);
    expect(tables.map((t) => t.name).sort()).toEqual(['column_decisions', 'dataset_chunks', 'dataset_columns', 'datasets', 'exports', 'meta', 'models', 'runs', 'undo_log']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    expect(() => db.prepare("INSERT INTO datasets(file_name, rows, bytes, hash, imported_at, import_settings, problems) VALUES ('a', 'many', 1, 'h', 't', '{}', '[]')").run()).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });
});
