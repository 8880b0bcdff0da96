import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Proposals' decisions and supporters; their text lives in the document (proposal marks). */
export const amendmentsMigrations: PostgresMigrations = { store: 'amendments', steps: [`CREATE TABLE proposals (
        id TEXT COLLATE "C" PRIMARY KEY,
        document_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        delegation TEXT,
        created_at BIGINT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'rejected', 'withdrawn')),
        kinds TEXT NOT NULL,
        inserted TEXT NOT NULL,
        deleted TEXT NOT NULL,
        formatted TEXT NOT NULL,
        para_ref TEXT,
        decided_by TEXT,
        decided_at BIGINT,
        reason TEXT
      );
   CREATE INDEX proposals_document ON proposals(document_id, created_at);
   CREATE TABLE proposal_supporters (
        proposal_id TEXT NOT NULL REFERENCES proposals(id),
        document_id TEXT NOT NULL,
        user_id TEXT COLLATE "C" NOT NULL,
        delegation TEXT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (proposal_id, user_id)
      );
   CREATE INDEX proposal_supporters_document ON proposal_supporters(document_id, at);`] }
