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
   CREATE INDEX events_group ON events(group_id, seq);`,
  // The access clock: advanced by triggers, in the same transaction, by every write that can change
  // someone's rights (accounts, sessions, tokens revoked, groups, memberships, a document's edit
  // rights, mode, group or deletion), and by nothing else: typing, token use and digests leave it
  // alone. Every node compares it to decide whether its open connections must be re-decided.
  `CREATE TABLE access_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        n BIGINT NOT NULL
      );
   INSERT INTO access_clock (id, n) VALUES (1, 0);
   CREATE FUNCTION access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE access_clock SET n = n + 1 WHERE id = 1;
       RETURN NULL;
     END
   $$;
   CREATE TRIGGER users_access AFTER INSERT OR DELETE OR UPDATE OF name, is_admin ON users FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
   CREATE TRIGGER sessions_access AFTER DELETE OR UPDATE OF user_id, expires_at ON sessions FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
   CREATE TRIGGER access_tokens_access AFTER DELETE OR UPDATE OF user_id, revoked_at ON access_tokens FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
   CREATE TRIGGER groups_access AFTER INSERT OR DELETE OR UPDATE ON groups FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
   CREATE TRIGGER memberships_access AFTER INSERT OR DELETE OR UPDATE ON memberships FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
   CREATE TRIGGER documents_access AFTER INSERT OR DELETE OR UPDATE OF group_id, edit_roles, mode, deleted_at ON documents FOR EACH STATEMENT EXECUTE FUNCTION access_changed();`,
] }
