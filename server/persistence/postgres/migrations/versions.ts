import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Saved versions of documents (named, automatic, before a restore): whole states; ord orders versions saved in the same millisecond. */
export const versionsMigrations: PostgresMigrations = { store: 'versions', steps: [`CREATE TABLE doc_versions (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('named', 'auto', 'restore')),
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        created_by TEXT,
        seq BIGINT NOT NULL,
        editors TEXT NOT NULL DEFAULT '[]',
        state BYTEA NOT NULL,
        ord BIGSERIAL
      );
   CREATE INDEX doc_versions_doc ON doc_versions(doc_id, created_at);`] }
