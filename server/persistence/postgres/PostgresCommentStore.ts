import type { CommentStore, MessageChanges, MessageRecord, NewThread, TargetType, ThreadChanges, ThreadRecord } from '../../comments/CommentStore.js'
import { randomId } from '../../auth/secrets.js'
import { PostgresStore } from './PostgresStore.js'

const THREAD_COLUMNS = `id, group_id AS "groupId", target_type AS "targetType", target_id AS "targetId", author_id AS "authorId", anchor, quote,
  para_ref AS "paraRef", status, locked, answered_by AS "answeredBy", created_at AS "createdAt", seq`
const MESSAGE_COLUMNS = 'm.id, m.thread_id AS "threadId", m.author_id AS "authorId", m.body, m.state, m.hidden_reason AS "hiddenReason", m.created_at AS "createdAt", m.edited_at AS "editedAt"'

type ThreadRow = Omit<ThreadRecord, 'anchor' | 'quote'> & { anchor: string | null; quote: string | null }

/** The anchor and quote are stored as JSON text. */
const toThread = (r: ThreadRow): ThreadRecord => ({ ...r, anchor: r.anchor ? JSON.parse(r.anchor) : null, quote: r.quote ? JSON.parse(r.quote) : null })

const THREAD_FIELDS = { status: 'status', locked: 'locked', seq: 'seq', answeredBy: 'answered_by' } as const
const MESSAGE_FIELDS = { body: 'body', state: 'state', hiddenReason: 'hidden_reason', editedAt: 'edited_at' } as const

/** Threads, messages and flags in the threads, messages and message_flags tables (migrations/comments.ts). */
export class PostgresCommentStore extends PostgresStore implements CommentStore {
  async thread(id: string): Promise<ThreadRecord | undefined> {
    const row = await this.db.row<ThreadRow>(`SELECT ${THREAD_COLUMNS} FROM threads WHERE id = $1`, [id])
    return row && toThread(row)
  }

  async threadsOf(targetType: TargetType, targetId: string): Promise<ThreadRecord[]> {
    return (await this.db.rows<ThreadRow>(`SELECT ${THREAD_COLUMNS} FROM threads WHERE target_type = $1 AND target_id = $2 ORDER BY created_at, ord`, [targetType, targetId])).map(toThread)
  }

  async insertThread(t: NewThread): Promise<string> {
    const id = randomId()
    await this.db.query('INSERT INTO threads (id, group_id, target_type, target_id, author_id, anchor, quote, para_ref, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      id, t.groupId, t.targetType, t.targetId, t.authorId, t.anchor && JSON.stringify(t.anchor), t.quote && JSON.stringify(t.quote), t.paraRef, Date.now(),
    ])
    return id
  }

  async updateThread(id: string, changes: ThreadChanges): Promise<void> {
    await this.updateById('threads', THREAD_FIELDS, id, changes)
  }

  message(id: string): Promise<MessageRecord | undefined> {
    return this.db.row<MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = $1`, [id])
  }

  messagesOf(threadId: string): Promise<MessageRecord[]> {
    return this.db.rows<MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.thread_id = $1 ORDER BY m.created_at, m.ord`, [threadId])
  }

  firstMessage(threadId: string): Promise<MessageRecord | undefined> {
    return this.db.row<MessageRecord>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.thread_id = $1 ORDER BY m.created_at, m.ord LIMIT 1`, [threadId])
  }

  async insertMessage(m: Pick<MessageRecord, 'threadId' | 'authorId' | 'body' | 'state'>): Promise<string> {
    const id = randomId()
    await this.db.query('INSERT INTO messages (id, thread_id, author_id, body, state, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [id, m.threadId, m.authorId, m.body, m.state, Date.now()])
    return id
  }

  async updateMessage(id: string, changes: MessageChanges): Promise<void> {
    await this.updateById('messages', MESSAGE_FIELDS, id, changes)
  }

  async flagCount(messageId: string): Promise<number> {
    return (await this.db.row<{ n: number }>('SELECT COUNT(*) AS n FROM message_flags WHERE message_id = $1', [messageId]))!.n
  }

  async flaggedBy(messageId: string, userId: string): Promise<boolean> {
    return !!(await this.db.row('SELECT 1 FROM message_flags WHERE message_id = $1 AND user_id = $2', [messageId, userId]))
  }

  flagsIn(threadId: string): Promise<Array<{ messageId: string; userId: string }>> {
    return this.db.rows('SELECT f.message_id AS "messageId", f.user_id AS "userId" FROM message_flags f JOIN messages m ON m.id = f.message_id WHERE m.thread_id = $1', [threadId])
  }

  async addFlag(messageId: string, userId: string, reason: string | null): Promise<boolean> {
    return (await this.db.changes('INSERT INTO message_flags (message_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [messageId, userId, reason, Date.now()])) > 0
  }

  pendingInGroup(groupId: string): Promise<MessageRecord[]> {
    return this.db.rows<MessageRecord>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN threads t ON t.id = m.thread_id
       WHERE t.group_id = $1 AND m.state = 'pending' ORDER BY m.created_at, m.ord`,
      [groupId],
    )
  }

  flaggedInGroup(groupId: string): Promise<MessageRecord[]> {
    return this.db.rows<MessageRecord>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN threads t ON t.id = m.thread_id
       WHERE t.group_id = $1 AND m.state = 'published' AND EXISTS (SELECT 1 FROM message_flags f WHERE f.message_id = m.id) ORDER BY m.id`,
      [groupId],
    )
  }
}
