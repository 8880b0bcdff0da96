import type { StoreMigrations } from '../SqliteDatabase.js'

/** Documents and their Yjs update log: every accepted update in arrival order, one snapshot per document, and attribution (which user owns each Yjs client id, and what each user deleted). */
export const documentLogMigrations: StoreMigrations = { store: 'documentLog', steps: [`CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        edit_roles TEXT NOT NULL DEFAULT '["chair","member","dg-office"]'
      );
   CREATE INDEX documents_group ON documents(group_id) WHERE deleted_at IS NULL;
   CREATE TABLE doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL,
        data BLOB NOT NULL,
        user_id TEXT,
        deletes BLOB
      );
   CREATE INDEX doc_updates_doc ON doc_updates(doc_id, seq);
   CREATE TABLE doc_snapshots (
        doc_id TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        through_seq INTEGER NOT NULL
      );
   CREATE TABLE doc_clients (
        doc_id TEXT NOT NULL,
        client_id INTEGER NOT NULL,
        user_id TEXT,
        first_seen INTEGER NOT NULL,
        PRIMARY KEY (doc_id, client_id)
      ) WITHOUT ROWID;
   CREATE TABLE doc_deletions (
        doc_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        deletes BLOB NOT NULL,
        PRIMARY KEY (doc_id, user_id)
      ) WITHOUT ROWID;`,
  // The editing mode the chair sets: 'open' (direct co-editing) or 'amendments' (changes are proposals).
  `ALTER TABLE documents ADD COLUMN mode TEXT NOT NULL DEFAULT 'open' CHECK (mode IN ('open', 'amendments'))`] }
