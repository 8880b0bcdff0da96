import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Mentions waiting to be read. */
export const notificationsMigrations: PostgresMigrations = { store: 'notifications', steps: [`CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL, thread_id TEXT NOT NULL, message_id TEXT NOT NULL, actor_id TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        read_at BIGINT
      );
   CREATE INDEX notifications_user ON notifications(user_id, created_at);`] }
