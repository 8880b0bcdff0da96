import type { StoreMigrations } from '../SqliteDatabase.js'

/** The DG office's feedback updates, their earlier versions, acknowledgements, reads and status labels. */
export const feedbackMigrations: StoreMigrations = { store: 'feedback', steps: [`CREATE TABLE feedback_updates (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        status_label TEXT,
        links TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        edited_at INTEGER,
        retracted_at INTEGER,
        pinned INTEGER NOT NULL DEFAULT 0
      );
   CREATE INDEX feedback_feed ON feedback_updates(group_id, created_at DESC, id DESC);
   CREATE TABLE feedback_versions (
        update_id TEXT NOT NULL REFERENCES feedback_updates(id),
        version INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        status_label TEXT,
        links TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (update_id, version)
      );
   CREATE TABLE feedback_acks (
        update_id TEXT NOT NULL REFERENCES feedback_updates(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        at INTEGER NOT NULL,
        PRIMARY KEY (update_id, user_id)
      );
   CREATE TABLE feedback_reads (
        update_id TEXT NOT NULL REFERENCES feedback_updates(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        at INTEGER NOT NULL,
        PRIMARY KEY (update_id, user_id)
      );
   CREATE TABLE feedback_labels (
        group_id TEXT NOT NULL REFERENCES groups(id),
        label TEXT NOT NULL,
        PRIMARY KEY (group_id, label)
      );`] }
