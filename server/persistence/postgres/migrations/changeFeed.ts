import type { PostgresMigrations } from '../PostgresDatabase.js'

/**
 * The change feed behind live events and Last-Event-ID catch-up: one row per change, numbered from
 * one counter row (change_feed_clock) in the transaction that records it, so numbers commit in order
 * and a reader that has seen n has seen everything before n.
 */
export const changeFeedMigrations: PostgresMigrations = { store: 'changeFeed', steps: [`CREATE TABLE change_feed_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq BIGINT NOT NULL
      );
   INSERT INTO change_feed_clock (id, seq) VALUES (1, 0);
   CREATE TABLE events (
        seq BIGINT PRIMARY KEY,
        group_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        user_id TEXT,
        at BIGINT NOT NULL
      );
   CREATE INDEX events_group ON events(group_id, seq);`] }
