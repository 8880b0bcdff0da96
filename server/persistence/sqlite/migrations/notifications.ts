import type { StoreMigrations } from '../SqliteDatabase.js'

/** Mentions waiting to be read. */
export const notificationsMigrations: StoreMigrations = { store: 'notifications', steps: [`CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL, thread_id TEXT NOT NULL, message_id TEXT NOT NULL, actor_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        read_at INTEGER
      );
   CREATE INDEX notifications_user ON notifications(user_id, created_at);`] }
