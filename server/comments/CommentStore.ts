import type Database from 'better-sqlite3'
import type { MessageState } from '../../shared/comments/types.js'
import { randomId } from '../auth/secrets.js'
import { statementCache } from '../persistence/statementCache.js'

export interface ThreadRow {
  id: string
  group_id: string
  target_type: 'document' | 'feedback'
  target_id: string
  author_id: string
  anchor: string | null
  quote: string | null
  para_ref: string | null
  status: 'open' | 'resolved'
  locked: number
  answered_by: string | null
  created_at: number
  seq: number
}

export interface MessageRow {
  id: string
  thread_id: string
  author_id: string
  body: string
  state: MessageState
  hidden_reason: string | null
  created_at: number
  edited_at: number | null
}

export interface NotificationRow {
  id: string
  user_id: string
  kind: 'mention'
  thread_id: string
  message_id: string
  actor_id: string
  created_at: number
  read_at: number | null
}

export interface LogRow {
  id: number
  group_id: string
  actor_id: string
  action: string
  target_type: 'thread' | 'message'
  target_id: string
  reason: string | null
  before_state: string | null
  after_state: string | null
  at: number
}

/** SQL for threads, messages, flags, notifications and the moderation log. */
export class CommentStore {
  constructor(readonly db: Database.Database) {
    this.sql = statementCache(db)
  }

  /** A prepared statement, prepared once per SQL text. */
  private readonly sql: (text: string) => Database.Statement

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  thread(id: string): ThreadRow | undefined {
    return this.sql('SELECT * FROM threads WHERE id = ?').get(id) as ThreadRow | undefined
  }

  threadsOf(targetType: string, targetId: string): ThreadRow[] {
    return this.sql('SELECT * FROM threads WHERE target_type = ? AND target_id = ? ORDER BY created_at').all(targetType, targetId) as ThreadRow[]
  }

  insertThread(t: Omit<ThreadRow, 'id' | 'status' | 'locked' | 'answered_by' | 'created_at' | 'seq'>): string {
    const id = randomId()
    this.sql('INSERT INTO threads (id, group_id, target_type, target_id, author_id, anchor, quote, para_ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, t.group_id, t.target_type, t.target_id, t.author_id, t.anchor, t.quote, t.para_ref, Date.now())
    return id
  }

  updateThread(id: string, fields: Partial<Pick<ThreadRow, 'status' | 'locked' | 'seq' | 'answered_by'>>): void {
    const keys = Object.keys(fields) as Array<keyof typeof fields>
    if (!keys.length) return
    this.sql(`UPDATE threads SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => fields[k]), id)
  }

  message(id: string): MessageRow | undefined {
    return this.sql('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined
  }

  messagesOf(threadId: string): MessageRow[] {
    return this.sql('SELECT * FROM messages WHERE thread_id = ? ORDER BY created_at, rowid').all(threadId) as MessageRow[]
  }

  /** The message that opened a thread. */
  firstMessage(threadId: string): MessageRow | undefined {
    return this.sql('SELECT * FROM messages WHERE thread_id = ? ORDER BY created_at, rowid LIMIT 1').get(threadId) as MessageRow | undefined
  }

  insertMessage(m: { threadId: string; authorId: string; body: string; state: MessageState }): string {
    const id = randomId()
    this.sql('INSERT INTO messages (id, thread_id, author_id, body, state, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, m.threadId, m.authorId, m.body, m.state, Date.now())
    return id
  }

  updateMessage(id: string, fields: Partial<Pick<MessageRow, 'body' | 'state' | 'hidden_reason' | 'edited_at'>>): void {
    const keys = Object.keys(fields) as Array<keyof typeof fields>
    this.sql(`UPDATE messages SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => fields[k]), id)
  }

  flagCount(messageId: string): number {
    return (this.sql('SELECT COUNT(*) AS n FROM message_flags WHERE message_id = ?').get(messageId) as { n: number }).n
  }

  flaggedBy(messageId: string, userId: string): boolean {
    return !!this.sql('SELECT 1 FROM message_flags WHERE message_id = ? AND user_id = ?').get(messageId, userId)
  }

  /** Records a flag; false when this person had already flagged the message. */
  addFlag(messageId: string, userId: string, reason: string | null): boolean {
    return this.sql('INSERT OR IGNORE INTO message_flags (message_id, user_id, reason, created_at) VALUES (?, ?, ?, ?)').run(messageId, userId, reason, Date.now()).changes > 0
  }

  pendingInGroup(groupId: string): Array<MessageRow & { target_type: string; target_id: string }> {
    return this.sql(
        `SELECT m.*, t.target_type, t.target_id FROM messages m JOIN threads t ON t.id = m.thread_id
         WHERE t.group_id = ? AND m.state = 'pending' ORDER BY m.created_at`,
      )
      .all(groupId) as Array<MessageRow & { target_type: string; target_id: string }>
  }

  flaggedInGroup(groupId: string): Array<{ message_id: string; flags: number }> {
    return this.sql(
        `SELECT f.message_id, COUNT(*) AS flags FROM message_flags f JOIN messages m ON m.id = f.message_id JOIN threads t ON t.id = m.thread_id
         WHERE t.group_id = ? AND m.state = 'published' GROUP BY f.message_id`,
      )
      .all(groupId) as Array<{ message_id: string; flags: number }>
  }

  insertNotification(n: { userId: string; threadId: string; messageId: string; actorId: string }): string {
    const id = randomId()
    this.sql("INSERT INTO notifications (id, user_id, kind, thread_id, message_id, actor_id, created_at) VALUES (?, ?, 'mention', ?, ?, ?, ?)").run(id, n.userId, n.threadId, n.messageId, n.actorId, Date.now())
    return id
  }

  notification(id: string): NotificationRow | undefined {
    return this.sql('SELECT * FROM notifications WHERE id = ?').get(id) as NotificationRow | undefined
  }

  notificationsOf(userId: string, limit = 100): NotificationRow[] {
    return this.sql('SELECT * FROM notifications WHERE user_id = ? ORDER BY created_at DESC LIMIT ?').all(userId, limit) as NotificationRow[]
  }

  /** Every unread notification of a user (each is checked against current access before it counts). */
  unreadOf(userId: string): NotificationRow[] {
    return this.sql('SELECT * FROM notifications WHERE user_id = ? AND read_at IS NULL').all(userId) as NotificationRow[]
  }

  markRead(userId: string, ids?: string[]): void {
    const now = Date.now()
    if (!ids) this.sql('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(now, userId)
    else for (const id of ids) this.sql('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL').run(now, id, userId)
  }

  appendLog(e: Omit<LogRow, 'id' | 'at'>): void {
    this.sql('INSERT INTO moderation_log (group_id, actor_id, action, target_type, target_id, reason, before_state, after_state, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.group_id, e.actor_id, e.action, e.target_type, e.target_id, e.reason, e.before_state, e.after_state, Date.now())
  }

  log(groupId: string): LogRow[] {
    return this.sql('SELECT * FROM moderation_log WHERE group_id = ? ORDER BY id').all(groupId) as LogRow[]
  }
}
