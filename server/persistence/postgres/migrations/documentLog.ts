import type { PostgresMigrations } from '../PostgresDatabase.js'

/**
 * Documents and their Yjs update log: every accepted update numbered per document from a counter row
 * (document_clocks) in the transaction that stores it — never a serial, whose numbers commit out of
 * order so a reader could skip a row — one snapshot per document, and attribution (which user owns
 * each Yjs client id, and what each user deleted).
 */
export const documentLogMigrations: PostgresMigrations = { store: 'documentLog', steps: [`CREATE TABLE documents (
        id TEXT COLLATE "C" PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        title TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        deleted_at BIGINT,
        edit_roles TEXT NOT NULL DEFAULT '["chair","member","dg-office"]',
        mode TEXT NOT NULL DEFAULT 'open' CHECK (mode IN ('open', 'amendments'))
      );
   CREATE INDEX documents_group ON documents(group_id) WHERE deleted_at IS NULL;
   CREATE TABLE document_clocks (
        doc_id TEXT PRIMARY KEY,
        seq BIGINT NOT NULL
      );
   CREATE TABLE doc_updates (
        doc_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        data BYTEA NOT NULL,
        user_id TEXT,
        deletes BYTEA,
        PRIMARY KEY (doc_id, seq)
      );
   CREATE TABLE doc_snapshots (
        doc_id TEXT PRIMARY KEY,
        data BYTEA NOT NULL,
        through_seq BIGINT NOT NULL
      );
   CREATE TABLE doc_clients (
        doc_id TEXT NOT NULL,
        client_id BIGINT NOT NULL,
        user_id TEXT,
        first_seen BIGINT NOT NULL,
        PRIMARY KEY (doc_id, client_id)
      );
   CREATE TABLE doc_deletions (
        doc_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        deletes BYTEA NOT NULL,
        PRIMARY KEY (doc_id, user_id)
      );`,
  // When a document was last edited lives with its counter row, written in the same statement that
  // numbers the edit: typing no longer rewrites the documents row (which holds its rights).
  `ALTER TABLE document_clocks ADD COLUMN edited_at BIGINT;`,
  // The document's language (issue #18): the fixed words of its exports ("Paragraph", "Disposition") are written in it.
  `ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'es'));`,
  // The paper's header fields (issue #20): symbol, distribution, date and session, as JSON text.
  `ALTER TABLE documents ADD COLUMN paper TEXT;`,
] }
