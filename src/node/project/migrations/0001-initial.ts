import type Database from 'better-sqlite3';

/** Version 1: project metadata, the imported data as columnar chunks, runs, models, exports, undo log. */
export function updateToSchemaVersion1(db: Database.Database): void {
  db.exec(`
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE datasets (
      id INTEGER PRIMARY KEY,
      file_name TEXT NOT NULL,
      rows INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      hash TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      import_settings TEXT NOT NULL,
      problems TEXT NOT NULL
    ) STRICT;
    CREATE TABLE dataset_columns (
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      storage TEXT NOT NULL CHECK (storage IN ('f64', 'i32')),
      dictionary TEXT,
      PRIMARY KEY (dataset_id, position)
    ) STRICT;
    CREATE TABLE dataset_chunks (
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      chunk INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (dataset_id, position, chunk)
    ) STRICT;
    CREATE TABLE column_decisions (
      name TEXT PRIMARY KEY,
      kind TEXT,
      role TEXT
    ) STRICT;
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      created_at TEXT NOT NULL,
      model TEXT NOT NULL,
      target TEXT NOT NULL,
      task TEXT NOT NULL,
      settings TEXT NOT NULL,
      seed INTEGER NOT NULL,
      folds INTEGER NOT NULL,
      metrics TEXT NOT NULL,
      fold_metrics TEXT NOT NULL,
      info TEXT NOT NULL,
      duration_s REAL NOT NULL,
      backend TEXT NOT NULL,
      versions TEXT NOT NULL
    ) STRICT;
    CREATE TABLE models (
      run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      fitted TEXT NOT NULL
    ) STRICT;
    CREATE TABLE exports (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      format TEXT NOT NULL,
      file_name TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      rows_checked INTEGER NOT NULL,
      max_abs_diff REAL NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE undo_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      action TEXT NOT NULL,
      before TEXT NOT NULL,
      after TEXT NOT NULL
    ) STRICT;
  `);
}
