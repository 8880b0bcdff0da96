import type { NotificationRecord, NotificationStore } from '../../notifications/NotificationStore.js'
import { randomId } from '../../auth/secrets.js'
import { PostgresStore } from './PostgresStore.js'

const COLUMNS = 'id, user_id AS "userId", kind, thread_id AS "threadId", message_id AS "messageId", actor_id AS "actorId", created_at AS "createdAt", read_at AS "readAt"'

/** Notifications in the notifications table (migrations/notifications.ts). */
export class PostgresNotificationStore extends PostgresStore implements NotificationStore {
  async insert(n: Pick<NotificationRecord, 'userId' | 'kind' | 'threadId' | 'messageId' | 'actorId'>): Promise<string> {
    const id = randomId()
    await this.db.query('INSERT INTO notifications (id, user_id, kind, thread_id, message_id, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      id, n.userId, n.kind, n.threadId, n.messageId, n.actorId, Date.now(),
    ])
    return id
  }

  notification(id: string): Promise<NotificationRecord | undefined> {
    return this.db.row<NotificationRecord>(`SELECT ${COLUMNS} FROM notifications WHERE id = $1`, [id])
  }

  latestOf(userId: string, limit = 100): Promise<NotificationRecord[]> {
    return this.db.rows<NotificationRecord>(`SELECT ${COLUMNS} FROM notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`, [userId, limit])
  }

  unreadOf(userId: string): Promise<NotificationRecord[]> {
    return this.db.rows<NotificationRecord>(`SELECT ${COLUMNS} FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId])
  }

  async markRead(userId: string, ids?: string[]): Promise<void> {
    const now = Date.now()
    if (!ids) await this.db.query('UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL', [now, userId])
    else await this.db.query('UPDATE notifications SET read_at = $1 WHERE id = ANY($2) AND user_id = $3 AND read_at IS NULL', [now, ids, userId])
  }
}
