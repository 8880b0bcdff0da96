import type { ModerationLogRecord, ModerationLogStore } from '../../moderation/ModerationLogStore.js'
import { PostgresStore } from './PostgresStore.js'

/** The moderation log in the moderation_log table, which a trigger keeps append-only (migrations/moderationLog.ts). */
export class PostgresModerationLogStore extends PostgresStore implements ModerationLogStore {
  async append(e: Omit<ModerationLogRecord, 'id' | 'at'>): Promise<void> {
    await this.db.query('INSERT INTO moderation_log (group_id, actor_id, action, target_type, target_id, reason, before_state, after_state, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      e.groupId, e.actorId, e.action, e.targetType, e.targetId, e.reason, e.before, e.after, Date.now(),
    ])
  }

  entriesOf(groupId: string): Promise<ModerationLogRecord[]> {
    return this.db.rows<ModerationLogRecord>(
      `SELECT id, group_id AS "groupId", actor_id AS "actorId", action, target_type AS "targetType", target_id AS "targetId", reason,
       before_state AS "before", after_state AS "after", at FROM moderation_log WHERE group_id = $1 ORDER BY id`,
      [groupId],
    )
  }
}
