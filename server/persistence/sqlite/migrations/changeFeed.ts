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
   CREATE INDEX events_group ON events(group_id, seq);`,
  // The feed's numbers come from one counter row incremented in the transaction that records the
  // change (PostgreSQL does the same: a serial would commit out of order and readers would skip rows).
  // It starts after every number ever handed out.
  `CREATE TABLE change_feed_clock (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
   INSERT INTO change_feed_clock (id, seq) SELECT 1, MAX(COALESCE((SELECT MAX(seq) FROM events), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0));`,
] }
