import type Database from 'better-sqlite3';

/**
 * Version 3: a date column keeps the time zone its values were read with ('UTC', a fixed offset
 * like '+02:00', or 'mixed'; NULL = the file gave none), so dates show as they were written after
 * the project is reopened.
 */
export function updateToSchemaVersion3(db: Database.Database): void {
  db.exec(`ALTER TABLE dataset_columns ADD COLUMN timezone TEXT CHECK (timezone IS NULL OR length(timezone) <= 16);`);
}
