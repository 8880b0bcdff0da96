import type { NotificationView } from '../../shared/comments/types.js'
import type { Transactional } from '../persistence/Transactional.js'

/**
 * A notification as stored: someone mentioned the user in a message, replied to their thread, or
 * recorded the disposition of their comment or proposal. Times are milliseconds since the epoch.
 */
export interface NotificationRecord {
  id: string
  userId: string
  /** What happened (NotificationView['kind']): a mention, a reply, a disposition of their delegation's comment or proposal, an invitation to co-sign, an answer to one. */
  kind: NotificationView['kind']
  /** The thread; for a disposition, the thread or proposal answered. */
  threadId: string
  /** The message; for a disposition, the document. */
  messageId: string
  /** Who wrote the mention. */
  actorId: string
  createdAt: number
  readAt: number | null
}

/** Each person's notifications and whether they have read them. */
export interface NotificationStore extends Transactional {
  /** Stores a new unread mention; returns its id. */
  insert(notification: Pick<NotificationRecord, 'userId' | 'kind' | 'threadId' | 'messageId' | 'actorId'>): Promise<string>
  notification(id: string): Promise<NotificationRecord | undefined>
  /** A user's latest notifications, newest first. */
  latestOf(userId: string, limit?: number): Promise<NotificationRecord[]>
  /** Every unread notification of a user. */
  unreadOf(userId: string): Promise<NotificationRecord[]>
  /** Marks the user's notifications read: those with these ids, or all of them. */
  markRead(userId: string, ids?: string[]): Promise<void>
}
