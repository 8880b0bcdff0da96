import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Comment threads on documents and feedback updates, their messages (numbered in insertion order for ties) and flags. */
export const commentsMigrations: PostgresMigrations = { store: 'comments', steps: [`CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        target_type TEXT NOT NULL CHECK (target_type IN ('document', 'feedback')),
        target_id TEXT NOT NULL,
        author_id TEXT NOT NULL REFERENCES users(id),
        anchor TEXT,
        quote TEXT,
        para_ref TEXT,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        locked BOOLEAN NOT NULL DEFAULT false,
        answered_by TEXT,
        created_at BIGINT NOT NULL,
        seq BIGINT NOT NULL DEFAULT 0,
        ord BIGSERIAL
      );
   CREATE INDEX threads_target ON threads(target_type, target_id);
   CREATE TABLE messages (
        id TEXT COLLATE "C" PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('published', 'pending', 'rejected', 'hidden', 'deleted')),
        hidden_reason TEXT,
        created_at BIGINT NOT NULL,
        edited_at BIGINT,
        ord BIGSERIAL
      );
   CREATE INDEX messages_thread ON messages(thread_id, created_at);
   CREATE INDEX messages_pending ON messages(state) WHERE state = 'pending';
   CREATE TABLE message_flags (
        message_id TEXT NOT NULL REFERENCES messages(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        reason TEXT,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (message_id, user_id)
      );`] }
