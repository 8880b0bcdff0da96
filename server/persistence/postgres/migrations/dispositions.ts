import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Dispositions: the answer recorded to each comment thread or proposal (one per target), with the answering paragraph as JSON. */
export const dispositionsMigrations: PostgresMigrations = { store: 'dispositions', steps: [`CREATE TABLE dispositions (
        target_id TEXT PRIMARY KEY,
        target_type TEXT NOT NULL CHECK (target_type IN ('thread', 'proposal')),
        doc_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        value TEXT NOT NULL CHECK (value IN ('accepted', 'partly-accepted', 'not-accepted', 'noted')),
        explanation TEXT NOT NULL,
        answer TEXT,
        decided_by TEXT NOT NULL,
        decided_at BIGINT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
   CREATE INDEX dispositions_doc ON dispositions(doc_id, decided_at);`] }
