import type { StoreMigrations } from '../SqliteDatabase.js'

/** Comment periods (rounds) of documents, their change log, and the comments tables frozen at each close. */
export const periodsMigrations: StoreMigrations = { store: 'periods', steps: [`CREATE TABLE comment_periods (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        round TEXT NOT NULL,
        closes_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        opened_at INTEGER NOT NULL,
        opened_by TEXT NOT NULL
      );
   CREATE INDEX comment_periods_doc ON comment_periods(doc_id, opened_at);
   CREATE INDEX comment_periods_open ON comment_periods(state) WHERE state = 'open';
   CREATE TABLE comment_period_changes (
        period_id TEXT NOT NULL REFERENCES comment_periods(id),
        kind TEXT NOT NULL CHECK (kind IN ('open', 'extend', 'reopen', 'close')),
        at INTEGER NOT NULL,
        by_user TEXT,
        from_closes_at INTEGER,
        to_closes_at INTEGER NOT NULL
      );
   CREATE INDEX comment_period_changes_period ON comment_period_changes(period_id, at);
   CREATE TABLE comment_period_compilations (
        period_id TEXT NOT NULL REFERENCES comment_periods(id),
        n INTEGER NOT NULL,
        closed_at INTEGER NOT NULL,
        version_id TEXT,
        csv TEXT NOT NULL,
        docx BLOB NOT NULL,
        PRIMARY KEY (period_id, n)
      );`] }
