import type { QuoteSelector } from '../../shared/comments/anchor.js'
import type { MessageState } from '../../shared/comments/types.js'
import type { Transactional } from '../persistence/Transactional.js'

/** What a thread hangs on: a passage of a document, or a feedback update (its replies). */
export type TargetType = 'document' | 'feedback'

/** A comment thread as stored. Times are milliseconds since the epoch. */
export interface ThreadRecord {
  id: string
  groupId: string
  targetType: TargetType
  targetId: string
  authorId: string
  /** Where the passage starts and ends (Yjs relative positions); null on a feedback update. */
  anchor: { start: unknown; end: unknown } | null
  quote: QuoteSelector | null
  /** The paragraph reference when the thread was started. */
  paraRef: string | null
  status: 'open' | 'resolved'
  locked: boolean
  /** The feedback update that answers this thread, if marked. */
  answeredBy: string | null
  createdAt: number
  /** The change-feed sequence number of the thread's latest change. */
  seq: number
}

/** One message of a thread as stored. */
export interface MessageRecord {
  id: string
  threadId: string
  authorId: string
  body: string
  state: MessageState
  /** The chair's reason for hiding or rejecting it. */
  hiddenReason: string | null
  createdAt: number
  editedAt: number | null
}

export type NewThread = Pick<ThreadRecord, 'groupId' | 'targetType' | 'targetId' | 'authorId' | 'anchor' | 'quote' | 'paraRef'>
export type ThreadChanges = Partial<Pick<ThreadRecord, 'status' | 'locked' | 'seq' | 'answeredBy'>>
export type MessageChanges = Partial<Pick<MessageRecord, 'body' | 'state' | 'hiddenReason' | 'editedAt'>>

/**
 * Threads, their messages, and the flags members raise on messages. The stores of one database
 * share its transactions: what a change writes here, in the moderation log, the notifications and
 * the change feed is written together inside transaction().
 */
export interface CommentStore extends Transactional {
  thread(id: string): Promise<ThreadRecord | undefined>
  /** The threads on a target, oldest first. */
  threadsOf(targetType: TargetType, targetId: string): Promise<ThreadRecord[]>
  /** Stores a new open, unlocked thread; returns its id. */
  insertThread(thread: NewThread): Promise<string>
  updateThread(id: string, changes: ThreadChanges): Promise<void>

  message(id: string): Promise<MessageRecord | undefined>
  /** A thread's messages in the order they were written. */
  messagesOf(threadId: string): Promise<MessageRecord[]>
  /** The message that opened a thread. */
  firstMessage(threadId: string): Promise<MessageRecord | undefined>
  insertMessage(message: Pick<MessageRecord, 'threadId' | 'authorId' | 'body' | 'state'>): Promise<string>
  updateMessage(id: string, changes: MessageChanges): Promise<void>

  flagCount(messageId: string): Promise<number>
  flaggedBy(messageId: string, userId: string): Promise<boolean>
  /** Who flagged which message of a thread (one read for a thread's views: counts and flaggedByMe). */
  flagsIn(threadId: string): Promise<Array<{ messageId: string; userId: string }>>
  /** Records a flag; false when this person had already flagged the message. */
  addFlag(messageId: string, userId: string, reason: string | null): Promise<boolean>

  /** Messages of a group's threads awaiting the chair's approval, oldest first. */
  pendingInGroup(groupId: string): Promise<MessageRecord[]>
  /** Published messages of a group's threads that members have flagged. */
  flaggedInGroup(groupId: string): Promise<MessageRecord[]>
}
