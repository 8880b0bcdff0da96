import type { StoreMigrations } from '../SqliteDatabase.js'

/** The change feed behind live events and Last-Event-ID catch-up: one row per change, numbered. */
export const changeFeedMigrations: StoreMigrations = { store: 'changeFeed', steps: [`CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        user_id TEXT,
        at INTEGER NOT NULL
      );
   CREATE INDEX events_group ON events(group_id, seq);`] }
