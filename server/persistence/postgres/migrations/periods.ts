import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Comment periods (rounds) of documents, their change log, and the comments tables frozen at each close; ord orders rows written in the same millisecond. */
export const periodsMigrations: PostgresMigrations = { store: 'periods', steps: [`CREATE TABLE comment_periods (
        id TEXT COLLATE "C" PRIMARY KEY,
        doc_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        round TEXT NOT NULL,
        closes_at BIGINT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        opened_at BIGINT NOT NULL,
        opened_by TEXT NOT NULL,
        ord BIGSERIAL
      );
   CREATE INDEX comment_periods_doc ON comment_periods(doc_id, opened_at);
   CREATE INDEX comment_periods_open ON comment_periods(state) WHERE state = 'open';
   CREATE TABLE comment_period_changes (
        period_id TEXT NOT NULL REFERENCES comment_periods(id),
        kind TEXT NOT NULL CHECK (kind IN ('open', 'extend', 'reopen', 'close')),
        at BIGINT NOT NULL,
        by_user TEXT,
        from_closes_at BIGINT,
        to_closes_at BIGINT NOT NULL,
        ord BIGSERIAL
      );
   CREATE INDEX comment_period_changes_period ON comment_period_changes(period_id, at);
   CREATE TABLE comment_period_compilations (
        period_id TEXT NOT NULL REFERENCES comment_periods(id),
        n BIGINT NOT NULL,
        closed_at BIGINT NOT NULL,
        version_id TEXT,
        csv TEXT NOT NULL,
        docx BYTEA NOT NULL,
        PRIMARY KEY (period_id, n)
      );`] }
