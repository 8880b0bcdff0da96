import type { StoreMigrations } from '../SqliteDatabase.js'

/** The chair's append-only moderation log (triggers refuse any change). */
export const moderationLogMigrations: StoreMigrations = { store: 'moderationLog', steps: [`CREATE TABLE moderation_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        reason TEXT,
        before_state TEXT,
        after_state TEXT,
        at INTEGER NOT NULL
      );
   CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;
   CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;`] }
