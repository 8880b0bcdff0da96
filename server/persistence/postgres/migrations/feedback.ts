import type { PostgresMigrations } from '../PostgresDatabase.js'

/** The DG office's feedback updates, their earlier versions, acknowledgements, reads and status labels. */
export const feedbackMigrations: PostgresMigrations = { store: 'feedback', steps: [`CREATE TABLE feedback_updates (
        id TEXT COLLATE "C" PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        status_label TEXT,
        links TEXT NOT NULL DEFAULT '[]',
        created_at BIGINT NOT NULL,
        edited_at BIGINT,
        retracted_at BIGINT,
        pinned BOOLEAN NOT NULL DEFAULT false
      );
   CREATE INDEX feedback_feed ON feedback_updates(group_id, created_at DESC, id DESC);
   CREATE TABLE feedback_versions (
        update_id TEXT NOT NULL REFERENCES feedback_updates(id),
        version INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        status_label TEXT,
        links TEXT NOT NULL,
        saved_at BIGINT NOT NULL,
        PRIMARY KEY (update_id, version)
      );
   CREATE TABLE feedback_acks (
        update_id TEXT NOT NULL REFERENCES feedback_updates(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        at BIGINT NOT NULL,
        PRIMARY KEY (update_id, user_id)
      );
   CREATE TABLE feedback_reads (
        update_id TEXT NOT NULL REFERENCES feedback_updates(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        at BIGINT NOT NULL,
        PRIMARY KEY (update_id, user_id)
      );
   CREATE TABLE feedback_labels (
        group_id TEXT NOT NULL REFERENCES groups(id),
        label TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (group_id, label)
      );`] }
