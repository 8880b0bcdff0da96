import type { StoreMigrations } from '../SqliteDatabase.js'

/** Comment threads on documents and feedback updates, their messages and flags. */
export const commentsMigrations: StoreMigrations = { store: 'comments', steps: [`CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        target_type TEXT NOT NULL CHECK (target_type IN ('document', 'feedback')),
        target_id TEXT NOT NULL,
        author_id TEXT NOT NULL REFERENCES users(id),
        anchor TEXT,
        quote TEXT,
        para_ref TEXT,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        locked INTEGER NOT NULL DEFAULT 0,
        answered_by TEXT,
        created_at INTEGER NOT NULL,
        seq INTEGER NOT NULL DEFAULT 0
      );
   CREATE INDEX threads_target ON threads(target_type, target_id);
   CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('published', 'pending', 'rejected', 'hidden', 'deleted')),
        hidden_reason TEXT,
        created_at INTEGER NOT NULL,
        edited_at INTEGER
      );
   CREATE INDEX messages_thread ON messages(thread_id, created_at);
   CREATE INDEX messages_pending ON messages(state) WHERE state = 'pending';
   CREATE TABLE message_flags (
        message_id TEXT NOT NULL REFERENCES messages(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        reason TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (message_id, user_id)
      );`] }
