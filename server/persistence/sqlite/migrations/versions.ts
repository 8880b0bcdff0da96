import type { StoreMigrations } from '../SqliteDatabase.js'

/** Saved versions of documents (named, automatic, before a restore): whole states. */
export const versionsMigrations: StoreMigrations = { store: 'versions', steps: [`CREATE TABLE doc_versions (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('named', 'auto', 'restore')),
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        seq INTEGER NOT NULL,
        editors TEXT NOT NULL DEFAULT '[]',
        state BLOB NOT NULL
      );
   CREATE INDEX doc_versions_doc ON doc_versions(doc_id, created_at);`] }
