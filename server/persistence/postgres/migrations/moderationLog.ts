import type { PostgresMigrations } from '../PostgresDatabase.js'

/** The chair's append-only moderation log (a trigger refuses any change); ids give the order, gaps are harmless. */
export const moderationLogMigrations: PostgresMigrations = { store: 'moderationLog', steps: [`CREATE TABLE moderation_log (
        id BIGSERIAL PRIMARY KEY,
        group_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        reason TEXT,
        before_state TEXT,
        after_state TEXT,
        at BIGINT NOT NULL
      );
   CREATE INDEX moderation_log_group ON moderation_log(group_id, id);
   CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'the moderation log is append-only'; END $$;
   CREATE TRIGGER moderation_log_no_change BEFORE UPDATE OR DELETE ON moderation_log
     FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();`] }
