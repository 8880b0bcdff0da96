import type { NotificationRecord, NotificationStore } from '../../notifications/NotificationStore.js'
import { SqliteStore } from './SqliteStore.js'
import { randomId } from '../../auth/secrets.js'
import type { Synchronous } from './asyncStore.js'

const COLUMNS = 'id, user_id AS userId, kind, thread_id AS threadId, message_id AS messageId, actor_id AS actorId, created_at AS createdAt, read_at AS readAt'

/** Notifications in the notifications table (migrations/notifications.ts). */
export class SqliteNotificationStore extends SqliteStore implements Synchronous<NotificationStore> {
  insert(n: Pick<NotificationRecord, 'userId' | 'kind' | 'threadId' | 'messageId' | 'actorId'>): string {
    const id = randomId()
    this.sql('INSERT INTO notifications (id, user_id, kind, thread_id, message_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, n.userId, n.kind, n.threadId, n.messageId, n.actorId, Date.now())
    return id
  }

  notification(id: string): NotificationRecord | undefined {
    return this.sql(`SELECT ${COLUMNS} FROM notifications WHERE id = ?`).get(id) as NotificationRecord | undefined
  }

  latestOf(userId: string, limit = 100): NotificationRecord[] {
    return this.sql(`SELECT ${COLUMNS} FROM notifications WHERE user_id = ? ORDER BY created_at DESC LIMIT ?`).all(userId, limit) as NotificationRecord[]
  }

  unreadOf(userId: string): NotificationRecord[] {
    return this.sql(`SELECT ${COLUMNS} FROM notifications WHERE user_id = ? AND read_at IS NULL`).all(userId) as NotificationRecord[]
  }

  markRead(userId: string, ids?: string[]): void {
    const now = Date.now()
    if (!ids) this.sql('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(now, userId)
    else for (const id of ids) this.sql('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL').run(now, id, userId)
  }
}
