import type { ModerationLogRecord, ModerationLogStore } from '../../moderation/ModerationLogStore.js'
import { SqliteStore } from './SqliteStore.js'
import type { Synchronous } from './asyncStore.js'

/** The moderation log in the moderation_log table, which triggers keep append-only (migrations/moderationLog.ts). */
export class SqliteModerationLogStore extends SqliteStore implements Synchronous<ModerationLogStore> {
  append(e: Omit<ModerationLogRecord, 'id' | 'at'>): void {
    this.sql('INSERT INTO moderation_log (group_id, actor_id, action, target_type, target_id, reason, before_state, after_state, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.groupId, e.actorId, e.action, e.targetType, e.targetId, e.reason, e.before, e.after, Date.now())
  }

  entriesOf(groupId: string): ModerationLogRecord[] {
    return this.sql(
      `SELECT id, group_id AS groupId, actor_id AS actorId, action, target_type AS targetType, target_id AS targetId, reason,
       before_state AS "before", after_state AS "after", at FROM moderation_log WHERE group_id = ? ORDER BY id`,
    ).all(groupId) as ModerationLogRecord[]
  }
}
