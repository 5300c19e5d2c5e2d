import type Database from 'better-sqlite3';

/**
 * Version 2: undo entries can be undone and redone (`undone`), and the column summaries computed
 * at import are stored, so a project opens without reading its data.
 */
export function updateToSchemaVersion2(db: Database.Database): void {
  db.exec(`
    ALTER TABLE undo_log ADD COLUMN undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1));
    ALTER TABLE datasets ADD COLUMN summary TEXT NOT NULL DEFAULT '[]';
    CREATE INDEX undo_log_undone ON undo_log(undone, id);
  `);
}
