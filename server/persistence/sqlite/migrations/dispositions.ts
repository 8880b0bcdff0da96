import type { StoreMigrations } from '../SqliteDatabase.js'

/** Dispositions: the answer recorded to each comment thread or proposal (one per target), with the answering paragraph as JSON. */
export const dispositionsMigrations: StoreMigrations = { store: 'dispositions', steps: [`CREATE TABLE dispositions (
        target_id TEXT PRIMARY KEY,
        target_type TEXT NOT NULL CHECK (target_type IN ('thread', 'proposal')),
        doc_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        value TEXT NOT NULL CHECK (value IN ('accepted', 'partly-accepted', 'not-accepted', 'noted')),
        explanation TEXT NOT NULL,
        answer TEXT,
        decided_by TEXT NOT NULL,
        decided_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
   CREATE INDEX dispositions_doc ON dispositions(doc_id, decided_at);`] }
