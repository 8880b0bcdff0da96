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
  `ALTER TABLE documents ADD COLUMN mode TEXT NOT NULL DEFAULT 'open' CHECK (mode IN ('open', 'amendments'))`,
  // Sequence numbers per document, from a counter row incremented in the transaction that stores the
  // update (the same scheme as PostgreSQL's, where a serial column would commit out of order). Each
  // counter starts at the document's newest existing number, so stored numbers (in snapshots and
  // versions) stay valid. Rows inserted without a number (tools, benchmarks) get the next one.
  `CREATE TABLE document_clocks (doc_id TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO document_clocks (doc_id, seq)
     SELECT doc_id, MAX(seq) FROM (SELECT doc_id, seq FROM doc_updates UNION ALL SELECT doc_id, through_seq FROM doc_snapshots) GROUP BY doc_id;
   CREATE TABLE doc_updates_by_doc (
        doc_id TEXT NOT NULL,
        seq INTEGER,
        data BLOB NOT NULL,
        user_id TEXT,
        deletes BLOB,
        PRIMARY KEY (doc_id, seq)
      );
   INSERT INTO doc_updates_by_doc (doc_id, seq, data, user_id, deletes) SELECT doc_id, seq, data, user_id, deletes FROM doc_updates ORDER BY seq;
   DROP TABLE doc_updates;
   ALTER TABLE doc_updates_by_doc RENAME TO doc_updates;
   CREATE TRIGGER doc_updates_number AFTER INSERT ON doc_updates WHEN NEW.seq IS NULL BEGIN
     INSERT INTO document_clocks (doc_id, seq) VALUES (NEW.doc_id, 1) ON CONFLICT (doc_id) DO UPDATE SET seq = seq + 1;
     UPDATE doc_updates SET seq = (SELECT seq FROM document_clocks WHERE doc_id = NEW.doc_id) WHERE rowid = NEW.rowid;
   END;`,
  // The document's language (issue #18): the fixed words of its exports ("Paragraph", "Disposition") are written in it.
  `ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'es'))`,
  // The paper's header fields (issue #20): symbol, distribution, date and session, as JSON text.
  `ALTER TABLE documents ADD COLUMN paper TEXT`,
] }
