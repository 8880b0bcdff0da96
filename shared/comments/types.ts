import { z } from 'zod'
import type { AnchorState, QuoteSelector } from './anchor.js'
import type { SignerView } from '../signers/types.js'

/** Longest comment body, in characters. */
export const MAX_COMMENT_LENGTH = 5000
/** Longest moderation reason or flag reason. */
export const MAX_REASON_LENGTH = 500

const body = z
  .string({ error: 'body must be a string' })
  .trim()
  .min(1, 'a comment must not be empty')
  .max(MAX_COMMENT_LENGTH, `a comment has at most ${MAX_COMMENT_LENGTH} characters`)
const reason = z.string().trim().min(1, 'give a reason').max(MAX_REASON_LENGTH)

const QuoteSchema = z.strictObject({
  exact: z.string().min(1, 'the quoted passage must not be empty').max(10_000),
  prefix: z.string().max(200),
  suffix: z.string().max(200),
})

export const AnchorSchema = z.strictObject({
  start: z.record(z.string(), z.unknown()),
  end: z.record(z.string(), z.unknown()),
  quote: QuoteSchema,
})

export const CreateThreadSchema = z.strictObject({ anchor: AnchorSchema, body })
export const ReplySchema = z.strictObject({ body })
export const EditMessageSchema = z.strictObject({ body })
export const HideSchema = z.strictObject({ reason })
export const RejectSchema = z.strictObject({ reason: reason.optional() })
export const FlagSchema = z.strictObject({ reason: z.string().trim().max(MAX_REASON_LENGTH).optional() })
export const ReadNotificationsSchema = z.strictObject({ ids: z.array(z.string().max(64)).max(500).optional() })

/** published: everyone sees it; pending: awaiting the chair's approval; rejected / hidden by the chair; deleted. */
export type MessageState = 'published' | 'pending' | 'rejected' | 'hidden' | 'deleted'

export interface PersonView {
  id: string
  name: string
  delegation: string
}

/** A message as one viewer may see it: body is null when they may not read it. */
export interface MessageView {
  id: string
  threadId: string
  author: PersonView
  body: string | null
  state: MessageState
  /** The chair's reason, shown to the author and the chair only. */
  hiddenReason: string | null
  createdAt: string
  editedAt: string | null
  /** Flags raised by members (chair only; 0 for others). */
  flags: number
  flaggedByMe: boolean
}

export interface ThreadView {
  id: string
  /** 'document' threads are anchored in a document; 'feedback' threads answer a feedback update. */
  targetType: 'document' | 'feedback'
  targetId: string
  groupId: string
  quote: QuoteSelector | null
  /** The anchor as stored (relative positions), for clients that draw highlights. */
  anchor: { start: unknown; end: unknown } | null
  paraRefAtCreation: string | null
  /** Where the passage is now, computed by the server from the live document. */
  anchorState: AnchorState | null
  paraRef: string | null
  position: number | null
  /** Where the passage ends now (ProseMirror position), or null when orphaned. */
  positionEnd: number | null
  status: 'open' | 'resolved'
  locked: boolean
  author: PersonView
  createdAt: string
  messages: MessageView[]
  /** The change sequence number of the thread's latest change. */
  seq: number
  /** Set when the thread was marked answered by a feedback update. */
  answeredBy: { updateId: string; title: string } | null
  /** Delegations (and delegation groups) invited to co-sign it, and their answers: a joint comment (shared/signers). Always sent by the server. */
  signers?: SignerView[]
}

/** A message in the chair's moderation queue, with what it comments on. */
/** A message in the chair's queue, with where it was written: the document's or update's title (null once deleted) and the thread's paragraph. */
export type QueueItem = MessageView & { targetType: string; targetId: string; where: string | null; paraRef: string | null }

/** The chair's queue: messages awaiting approval and published messages members flagged. */
export interface ModerationQueue {
  counts: { pending: number; flagged: number }
  pending: QueueItem[]
  flagged: QueueItem[]
}

export interface NotificationView {
  id: string
  /**
   * mention: named with @; reply: a message in their thread; disposition: their delegation's comment
   * or proposal was answered; cosign: their delegation is invited to co-sign the thread;
   * cosignConfirmed, cosignDeclined: a delegation they invited (or to their thread) answered.
   */
  kind: 'mention' | 'reply' | 'disposition' | 'cosign' | 'cosignConfirmed' | 'cosignDeclined'
  /** The thread it leads to; '' for the disposition of a proposal (it leads to the document). */
  threadId: string
  targetType: 'document' | 'feedback'
  targetId: string
  messageId: string
  actor: PersonView
  excerpt: string
  createdAt: string
  read: boolean
}

export interface ModerationLogEntry {
  id: number
  at: string
  actor: PersonView
  action: string
  targetType: 'thread' | 'message' | 'proposal'
  targetId: string
  /** What was acted on, as the chair reads it: the document (or feedback update), the paragraph, the text. */
  context: { where: string; documentId: string | null; paraRef: string | null; text: string } | null
  reason: string | null
  before: string | null
  after: string | null
}
