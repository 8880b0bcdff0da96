import type { CommentStore, MessageChanges, MessageRecord, NewThread, TargetType, ThreadChanges, ThreadRecord } from '../../comments/CommentStore.js'
import { SqliteStore } from './SqliteStore.js'
import { randomId } from '../../auth/secrets.js'
import type { Synchronous } from './asyncStore.js'

const THREAD_COLUMNS = `id, group_id AS groupId, target_type AS targetType, target_id AS targetId, author_id AS authorId, anchor, quote,
  para_ref AS paraRef, status, locked, answered_by AS answeredBy, created_at AS createdAt, seq`
const MESSAGE_COLUMNS = 'm.id, m.thread_id AS threadId, m.author_id AS authorId, m.body, m.state, m.hidden_reason AS hiddenReason, m.created_at AS createdAt, m.edited_at AS editedAt'

type ThreadRow = Omit<ThreadRecord, 'anchor' | 'quote' | 'locked'> & { anchor: string | null; quote: string | null; locked: number }

/** The anchor and quote are stored as JSON, locked as 0/1. */
const toThread = (r: ThreadRow): ThreadRecord => ({
  ...r,
  anchor: r.anchor ? JSON.parse(r.anchor) : null,
  quote: r.quote ? JSON.parse(r.quote) : null,
  locked: r.locked === 1,
})

const THREAD_FIELDS = { status: 'status', locked: 'locked', seq: 'seq', answeredBy: 'answered_by' } as const
const MESSAGE_FIELDS = { body: 'body', state: 'state', hiddenReason: 'hidden_reason', editedAt: 'edited_at' } as const

/** Threads, messages and flags in the threads, messages and message_flags tables (migrations/comments.ts). */
export class SqliteCommentStore extends SqliteStore implements Synchronous<CommentStore> {
  thread(id: string): ThreadRecord | undefined {
    const row = this.sql(`SELECT ${THREAD_COLUMNS} FROM threads WHERE id = ?`).get(id) as ThreadRow | undefined
    return row && toThread(row)
  }

  threadsOf(targetType: TargetType, targetId: string): ThreadRecord[] {
    return (this.sql(`SELECT ${THREAD_COLUMNS} FROM threads WHERE target_type = ? AND target_id = ? ORDER BY created_at`).all(targetType, targetId) as ThreadRow[]).map(toThread)
  }

  insertThread(t: NewThread): string {
    const id = randomId()
    this.sql('INSERT INTO threads (id, group_id, target_type, target_id, author_id, anchor, quote, para_ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      id,
      t.groupId,
      t.targetType,
      t.targetId,
      t.authorId,
      t.anchor && JSON.stringify(t.anchor),
      t.quote && JSON.stringify(t.quote),
      t.paraRef,
      Date.now(),
    )
    return id
  }

  updateThread(id: string, changes: ThreadChanges): void {
    const { locked, ...rest } = changes
    this.updateById('threads', THREAD_FIELDS, id, locked === undefined ? rest : { ...rest, locked: locked ? 1 : 0 })
  }

  message(id: string): MessageRecord | undefined {
    return this.sql(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ?`).get(id) as MessageRecord | undefined
  }

  messagesOf(threadId: string): MessageRecord[] {
    return this.sql(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.thread_id = ? ORDER BY m.created_at, m.rowid`).all(threadId) as MessageRecord[]
  }

  firstMessage(threadId: string): MessageRecord | undefined {
    return this.sql(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.thread_id = ? ORDER BY m.created_at, m.rowid LIMIT 1`).get(threadId) as MessageRecord | undefined
  }

  insertMessage(m: Pick<MessageRecord, 'threadId' | 'authorId' | 'body' | 'state'>): string {
    const id = randomId()
    this.sql('INSERT INTO messages (id, thread_id, author_id, body, state, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, m.threadId, m.authorId, m.body, m.state, Date.now())
    return id
  }

  updateMessage(id: string, changes: MessageChanges): void {
    this.updateById('messages', MESSAGE_FIELDS, id, changes)
  }

  flagCount(messageId: string): number {
    return (this.sql('SELECT COUNT(*) AS n FROM message_flags WHERE message_id = ?').get(messageId) as { n: number }).n
  }

  flaggedBy(messageId: string, userId: string): boolean {
    return !!this.sql('SELECT 1 FROM message_flags WHERE message_id = ? AND user_id = ?').get(messageId, userId)
  }

  flagsIn(threadId: string): Array<{ messageId: string; userId: string }> {
    return this.sql('SELECT f.message_id AS messageId, f.user_id AS userId FROM message_flags f JOIN messages m ON m.id = f.message_id WHERE m.thread_id = ?').all(threadId) as Array<{ messageId: string; userId: string }>
  }

  addFlag(messageId: string, userId: string, reason: string | null): boolean {
    return this.sql('INSERT OR IGNORE INTO message_flags (message_id, user_id, reason, created_at) VALUES (?, ?, ?, ?)').run(messageId, userId, reason, Date.now()).changes > 0
  }

  pendingInGroup(groupId: string): MessageRecord[] {
    return this.sql(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN threads t ON t.id = m.thread_id
       WHERE t.group_id = ? AND m.state = 'pending' ORDER BY m.created_at`,
    ).all(groupId) as MessageRecord[]
  }

  flaggedInGroup(groupId: string): MessageRecord[] {
    return this.sql(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN threads t ON t.id = m.thread_id
       WHERE t.group_id = ? AND m.state = 'published' AND EXISTS (SELECT 1 FROM message_flags f WHERE f.message_id = m.id) ORDER BY m.id`,
    ).all(groupId) as MessageRecord[]
  }
}
