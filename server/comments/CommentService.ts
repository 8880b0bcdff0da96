import type { Storage } from '../persistence/Storage.js'
import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { EventHub, ChangeEvent } from '../events/EventHub.js'
import { conflict, forbidden, invalid, notFound } from '../http/DomainError.js'
import { actorIn, authorize } from '../auth/access.js'
import { canApply, isEditable, isFlaggable, MODERATION_TRANSITIONS, type ModerationAction } from '../../shared/comments/states.js'
import { can, type Action, type Actor, type Target } from '../../shared/permissions.js'
import { anchorBelongsTo, resolveAnchor, textBetween, type Anchor } from '../../shared/comments/anchor.js'
import { findMentions } from '../../shared/comments/mentions.js'
import type { MessageState, MessageView, ModerationLogEntry, NotificationView, PersonView, ThreadView } from '../../shared/comments/types.js'
import type { CommentStore, MessageRow, NotificationRow, ThreadRow } from './CommentStore.js'

export type TargetType = 'document' | 'feedback'

/** How a kind of comment target is found: its group, and a title for the "answered by" link. */
export interface TargetKind {
  /** The group of a live target, or undefined when it does not exist (or was deleted). */
  groupOf(targetId: string): string | undefined
}

/** Who is looking, in the thread's group. */
interface Viewer {
  user: User
  actor: Actor
  isChair: boolean
}

/**
 * Comment threads, replies and their moderation: every action is authorized by the shared
 * permission table, validated, stored with its change event in one transaction, then pushed live.
 * Thread views are rendered per viewer: pending and rejected messages are shown only to their
 * author and the chair, and a hidden message's text only to its author and the chair.
 */
export class CommentService {
  private readonly targets: Record<TargetType, TargetKind>
  private readonly anchors = new Map<string, { version: number; ydoc: unknown; resolved: ReturnType<typeof resolveAnchor> }>()
  /** Feedback update titles for "answered in feedback" links (set by the feedback capability). */
  answeredTitle: (updateId: string) => string | undefined = () => undefined

  constructor(
    private readonly store: CommentStore,
    private readonly storage: Storage,
    private readonly groups: GroupStore,
    private readonly reader: DocumentReader,
    private readonly hub: EventHub,
  ) {
    this.targets = {
      document: { groupOf: (id) => storage.getDocument(id)?.groupId },
      feedback: { groupOf: () => undefined },
    }
    hub.register('thread', (id, viewer) => {
      const thread = this.store.thread(id)
      return thread ? this.render(thread, this.viewer(viewer, thread.group_id)) : null
    })
    hub.register('notification', (id, viewer) => {
      const n = this.store.notification(id)
      return n && n.user_id === viewer.id ? this.notificationView(n, viewer) : null
    })
  }

  /** Lets another capability (feedback updates) host threads. */
  registerTarget(type: TargetType, kind: TargetKind): void {
    this.targets[type] = kind
  }

  // ---- reading -------------------------------------------------------------------------------

  private viewer(user: User, groupId: string): Viewer {
    const { actor } = actorIn(this.groups, user, groupId)
    return { user, actor, isChair: can(actor, 'comment.moderate') }
  }

  private person(userId: string, groupId: string): PersonView {
    return this.groups.personIn(groupId, userId)
  }

  /** Pending and rejected messages exist only for their author and the chair. */
  private seesMessage(m: MessageRow, v: Viewer): boolean {
    return (m.state !== 'pending' && m.state !== 'rejected') || can(v.actor, 'comment.seeWithheld', { authorId: m.author_id })
  }

  private messageView(m: MessageRow, groupId: string, v: Viewer): MessageView | null {
    const privileged = can(v.actor, 'comment.seeWithheld', { authorId: m.author_id })
    if (!this.seesMessage(m, v)) return null
    const readable = m.state === 'published' || ((m.state === 'pending' || m.state === 'rejected' || m.state === 'hidden') && privileged)
    return {
      id: m.id,
      threadId: m.thread_id,
      author: this.person(m.author_id, groupId),
      body: readable ? m.body : null,
      state: m.state,
      hiddenReason: privileged && (m.state === 'hidden' || m.state === 'rejected') ? m.hidden_reason : null,
      createdAt: new Date(m.created_at).toISOString(),
      editedAt: m.edited_at ? new Date(m.edited_at).toISOString() : null,
      flags: v.isChair ? this.store.flagCount(m.id) : 0,
      flaggedByMe: this.store.flaggedBy(m.id, v.user.id),
    }
  }

  private canRead(thread: ThreadRow, v: Viewer): boolean {
    return can(v.actor, 'document.read') && this.targets[thread.target_type].groupOf(thread.target_id) === thread.group_id
  }

  /**
   * Whether the thread exists for this viewer. A document thread whose opening message they may not
   * see (pending or rejected, not theirs) does not. A feedback update's reply thread always exists
   * for those who may read the update: it belongs to the update, not to whoever replied first, so a
   * first reply awaiting approval or rejected hides only itself.
   */
  private threadExists(thread: ThreadRow, v: Viewer, first: MessageRow | undefined): boolean {
    if (!this.canRead(thread, v)) return false
    return thread.target_type === 'feedback' || (!!first && this.seesMessage(first, v))
  }

  /** The thread as this viewer may see it; null when they may not see it at all. */
  private render(thread: ThreadRow, v: Viewer): ThreadView | null {
    const rows = this.store.messagesOf(thread.id)
    if (!this.threadExists(thread, v, rows[0])) return null
    const messages = rows.map((m) => this.messageView(m, thread.group_id, v)).filter((m): m is MessageView => m !== null)
    // Who started a reply thread is shown only through a message this viewer may see.
    const author = rows[0] && this.seesMessage(rows[0], v) ? this.person(thread.author_id, thread.group_id) : (messages[0]?.author ?? { id: '', name: '', delegation: '' })
    let resolved: ReturnType<typeof resolveAnchor> | null = null
    const anchor = thread.anchor ? (JSON.parse(thread.anchor) as { start: unknown; end: unknown }) : null
    const quote = thread.quote ? JSON.parse(thread.quote) : null
    if (thread.target_type === 'document' && anchor && quote) {
      const doc = this.reader.read(thread.target_id)
      // Where a passage is depends only on the document's version, not on who looks: resolve once.
      const cached = this.anchors.get(thread.id)
      if (cached && cached.version === doc.version && cached.ydoc === doc.ydoc) resolved = cached.resolved
      else {
        resolved = resolveAnchor(doc.ydoc, doc.fragment, doc.pm, doc.mapping, { ...anchor, quote })
        this.anchors.set(thread.id, { version: doc.version, ydoc: doc.ydoc, resolved })
        if (this.anchors.size > 5000) this.anchors.delete(this.anchors.keys().next().value!)
      }
    }
    const answeredTitle = thread.answered_by ? this.answeredTitle(thread.answered_by) : undefined
    return {
      id: thread.id,
      targetType: thread.target_type,
      targetId: thread.target_id,
      groupId: thread.group_id,
      quote,
      anchor,
      paraRefAtCreation: thread.para_ref,
      anchorState: resolved?.state ?? null,
      paraRef: resolved?.paraRef ?? null,
      position: resolved?.from ?? null,
      positionEnd: resolved?.to ?? null,
      status: thread.status,
      locked: thread.locked === 1,
      author,
      createdAt: new Date(thread.created_at).toISOString(),
      messages,
      seq: thread.seq,
      answeredBy: thread.answered_by ? { updateId: thread.answered_by, title: answeredTitle ?? 'Feedback update' } : null,
    }
  }

  /** The threads on a target that this user may see, in document order (orphans last). */
  threadsOn(user: User, type: TargetType, targetId: string): { threads: ThreadView[]; cursor: number } {
    const groupId = this.targetGroup(type, targetId)
    const v = this.viewer(user, groupId)
    authorize(v.actor, 'document.read')
    const cursor = this.hub.latestSeq()
    const threads = this.store
      .threadsOf(type, targetId)
      .map((t) => this.render(t, v))
      .filter((t): t is ThreadView => t !== null)
      .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.createdAt.localeCompare(b.createdAt))
    return { threads, cursor }
  }

  /** Whether this user may see the thread now (cheaper than rendering it: no anchor is resolved). */
  threadVisibleTo(user: User, threadId: string): boolean {
    const thread = this.store.thread(threadId)
    return !!thread && this.threadExists(thread, this.viewer(user, thread.group_id), this.store.firstMessage(thread.id))
  }

  /** The thread as this user sees it, or null when they cannot see it. */
  threadOrNull(user: User, threadId: string): ThreadView | null {
    const thread = this.store.thread(threadId)
    return thread ? this.render(thread, this.viewer(user, thread.group_id)) : null
  }

  threadFor(user: User, threadId: string): ThreadView {
    const { thread, v } = this.visibleThread(user, threadId)
    return this.render(thread, v)!
  }

  // ---- helpers for actions -------------------------------------------------------------------

  private targetGroup(type: TargetType, targetId: string): string {
    const groupId = this.targets[type].groupOf(targetId)
    if (!groupId) throw notFound(`${type}_not_found`, `no ${type} with id "${targetId}"`)
    return groupId
  }

  /** A thread the user can see; 404 otherwise (unknown and foreign threads look the same). */
  private visibleThread(user: User, threadId: string): { thread: ThreadRow; v: Viewer } {
    const thread = this.store.thread(threadId)
    const v = thread && this.viewer(user, thread.group_id)
    if (!thread || !v || !this.render(thread, v)) throw notFound('thread_not_found', `no thread with id "${threadId}"`)
    return { thread, v }
  }

  /** What a thread route acts on: the thread (404 unless this user may see it) and the caller there. */
  threadScope(user: User, threadId: string): { actor: Actor; target: Target; threadId: string } {
    const { thread, v } = this.visibleThread(user, threadId)
    return { actor: v.actor, target: { ...this.groupTarget(thread.group_id), authorId: thread.author_id, locked: thread.locked === 1 }, threadId }
  }

  /** What a message route acts on: the message (404 unless this user may see it) and the caller there. */
  messageScope(user: User, messageId: string): { actor: Actor; target: Target; messageId: string } {
    const { message, thread, v } = this.visibleMessage(user, messageId)
    return { actor: v.actor, target: { ...this.groupTarget(thread.group_id), authorId: message.author_id, locked: thread.locked === 1 }, messageId }
  }

  private groupTarget(groupId: string): Target {
    return { observersMayComment: this.storage.getGroup(groupId)?.observersMayComment }
  }

  private visibleMessage(user: User, messageId: string): { message: MessageRow; thread: ThreadRow; v: Viewer } {
    const message = this.store.message(messageId)
    if (!message) throw notFound('message_not_found', `no message with id "${messageId}"`)
    const { thread, v } = this.visibleThread(user, message.thread_id)
    if (!this.messageView(message, thread.group_id, v)) throw notFound('message_not_found', `no message with id "${messageId}"`)
    return { message, thread, v }
  }

  /** The state a new or edited message starts in: pending under pre-moderation unless the chair writes it. */
  private initialState(v: Viewer, groupId: string): MessageState {
    return this.storage.getGroup(groupId)?.preModeration && !v.isChair ? 'pending' : 'published'
  }

  /** Runs a change in one transaction with its events, then publishes them. */
  private change<T>(fn: (events: ChangeEvent[]) => T): T {
    const events: ChangeEvent[] = []
    const result = this.store.transaction(() => fn(events))
    this.hub.publish(...events)
    return result
  }

  private touch(events: ChangeEvent[], thread: ThreadRow): void {
    const event = this.hub.record(thread.group_id, 'thread', thread.id)
    this.store.updateThread(thread.id, { seq: event.seq })
    events.push(event)
  }

  private log(v: Viewer, thread: ThreadRow, action: string, target: { type: 'thread' | 'message'; id: string }, before: string | null, after: string | null, reason: string | null = null) {
    this.store.appendLog({ group_id: thread.group_id, actor_id: v.user.id, action, target_type: target.type, target_id: target.id, reason, before_state: before, after_state: after })
  }

  /** Notifies members named with @ in a message that has just become visible to everyone. */
  private notifyMentions(events: ChangeEvent[], thread: ThreadRow, message: { id: string; body: string; author_id: string }): void {
    const members = this.groups.members(thread.group_id).filter((m) => m.userId !== message.author_id)
    for (const m of findMentions(message.body, members)) {
      const id = this.store.insertNotification({ userId: m.userId, threadId: thread.id, messageId: message.id, actorId: message.author_id })
      events.push(this.hub.record(thread.group_id, 'notification', id, m.userId))
    }
  }

  // ---- actions ---------------------------------------------------------------------------------

  /** Starts a thread on a passage of a document. The anchor must point into this document and quote it exactly. */
  createThread(user: User, docId: string, input: { anchor: Anchor; body: string }): ThreadView {
    const groupId = this.targetGroup('document', docId)
    const v = this.viewer(user, groupId)
    const doc = this.reader.read(docId)
    if (!anchorBelongsTo(doc.ydoc, doc.fragment, input.anchor)) throw invalid('invalid_anchor', 'the anchor does not point into this document')
    const resolved = resolveAnchor(doc.ydoc, doc.fragment, doc.pm, doc.mapping, input.anchor)
    if (resolved.state !== 'anchored') throw invalid('invalid_anchor', 'the anchor does not span any text of this document')
    if (textBetween(doc.pm, resolved.from!, resolved.to!) !== input.anchor.quote.exact) {
      throw invalid('quote_mismatch', 'the quoted text is not the text at the anchor')
    }
    const id = this.change((events) => {
      const threadId = this.store.insertThread({
        group_id: groupId,
        target_type: 'document',
        target_id: docId,
        author_id: user.id,
        anchor: JSON.stringify({ start: input.anchor.start, end: input.anchor.end }),
        quote: JSON.stringify(input.anchor.quote),
        para_ref: resolved.paraRef,
      })
      const state = this.initialState(v, groupId)
      const messageId = this.store.insertMessage({ threadId, authorId: user.id, body: input.body, state })
      const thread = this.store.thread(threadId)!
      this.touch(events, thread)
      if (state === 'published') this.notifyMentions(events, thread, { id: messageId, body: input.body, author_id: user.id })
      return threadId
    })
    return this.threadFor(user, id)
  }

  /** Starts a thread that is not anchored in text (replies to a feedback update). */
  createTargetThread(user: User, type: TargetType, targetId: string, body: string): ThreadView {
    const groupId = this.targetGroup(type, targetId)
    const v = this.viewer(user, groupId)
    const id = this.change((events) => {
      const threadId = this.store.insertThread({ group_id: groupId, target_type: type, target_id: targetId, author_id: user.id, anchor: null, quote: null, para_ref: null })
      const state = this.initialState(v, groupId)
      const messageId = this.store.insertMessage({ threadId, authorId: user.id, body, state })
      const thread = this.store.thread(threadId)!
      this.touch(events, thread)
      if (state === 'published') this.notifyMentions(events, thread, { id: messageId, body, author_id: user.id })
      return threadId
    })
    return this.threadFor(user, id)
  }

  reply(user: User, threadId: string, body: string): ThreadView {
    const { thread, v } = this.visibleThread(user, threadId)
    if (!can(v.actor, 'comment.replyLocked', { locked: thread.locked === 1 })) throw conflict('thread_locked', 'the chair has locked this thread')
    this.change((events) => {
      const state = this.initialState(v, thread.group_id)
      const messageId = this.store.insertMessage({ threadId, authorId: user.id, body, state })
      if (thread.status === 'resolved') this.store.updateThread(threadId, { status: 'open' })
      this.touch(events, thread)
      if (state === 'published') this.notifyMentions(events, thread, { id: messageId, body, author_id: user.id })
    })
    return this.threadFor(user, threadId)
  }

  editMessage(user: User, messageId: string, body: string): ThreadView {
    const { message, thread, v } = this.visibleMessage(user, messageId)
    if (!isEditable(message.state)) {
      throw conflict('not_editable', `a ${message.state} message cannot be edited`)
    }
    this.change((events) => {
      // Under pre-moderation an edited message goes back to the queue.
      const state = message.state === 'pending' ? 'pending' : this.initialState(v, thread.group_id)
      this.store.updateMessage(messageId, { body, edited_at: Date.now(), state })
      this.touch(events, thread)
    })
    return this.threadFor(user, thread.id)
  }

  /** Deletes one's own message, or any message as the chair (logged). The text is erased. */
  deleteMessage(user: User, messageId: string): ThreadView {
    const { message, thread, v } = this.visibleMessage(user, messageId)
    const own = message.author_id === user.id
    if (message.state === 'deleted') throw conflict('already_deleted', 'this message is already deleted')
    this.change((events) => {
      this.store.updateMessage(messageId, { body: '', state: 'deleted', hidden_reason: null })
      if (!own) this.log(v, thread, 'delete', { type: 'message', id: messageId }, message.state, 'deleted')
      this.touch(events, thread)
    })
    return this.threadFor(user, thread.id)
  }

  setResolved(user: User, threadId: string, resolved: boolean): ThreadView {
    const { thread, v } = this.visibleThread(user, threadId)
    const next = resolved ? 'resolved' : 'open'
    if (thread.status === next) throw conflict('unchanged', `the thread is already ${next}`)
    this.change((events) => {
      this.store.updateThread(threadId, { status: next })
      if (v.isChair) this.log(v, thread, resolved ? 'resolve' : 'reopen', { type: 'thread', id: threadId }, thread.status, next)
      this.touch(events, thread)
    })
    return this.threadFor(user, threadId)
  }

  setLocked(user: User, threadId: string, locked: boolean): ThreadView {
    const { thread, v } = this.visibleThread(user, threadId)
    if (!!thread.locked === locked) throw conflict('unchanged', `the thread is already ${locked ? 'locked' : 'unlocked'}`)
    this.change((events) => {
      this.store.updateThread(threadId, { locked: locked ? 1 : 0 })
      this.log(v, thread, locked ? 'lock' : 'unlock', { type: 'thread', id: threadId }, locked ? 'unlocked' : 'locked', locked ? 'locked' : 'unlocked')
      this.touch(events, thread)
    })
    return this.threadFor(user, threadId)
  }

  /** approve: pending → published; reject: pending → rejected; hide: published → hidden; restore: hidden or rejected → published. */
  moderate(user: User, messageId: string, action: ModerationAction, reason: string | null): ThreadView {
    const { message, thread, v } = this.visibleMessage(user, messageId)
    const { to } = MODERATION_TRANSITIONS[action]
    if (!canApply(action, message.state)) throw conflict('invalid_transition', `a ${message.state} message cannot be ${action === 'hide' ? 'hidden' : `${action}d`}`)
    this.change((events) => {
      this.store.updateMessage(messageId, { state: to, hidden_reason: to === 'published' ? null : reason })
      this.log(v, thread, action, { type: 'message', id: messageId }, message.state, to, reason)
      this.touch(events, thread)
      if (action === 'approve') this.notifyMentions(events, thread, message)
    })
    return this.threadFor(user, thread.id)
  }

  flag(user: User, messageId: string, reason: string | null): ThreadView {
    const { message, thread, v } = this.visibleMessage(user, messageId)
    if (!isFlaggable(message.state)) throw conflict('invalid_transition', 'only published messages can be flagged')
    this.change((events) => {
      if (!this.store.addFlag(messageId, user.id, reason)) return
      this.log(v, thread, 'flag', { type: 'message', id: messageId }, null, null, reason)
      this.touch(events, thread)
    })
    return this.threadFor(user, thread.id)
  }

  /** The chair's queue: messages awaiting approval and published messages members flagged. */
  queue(user: User, groupId: string) {
    const v = this.viewer(user, groupId)
    const pending = this.store.pendingInGroup(groupId).map((m) => ({ ...this.messageView(m, groupId, v)!, targetType: m.target_type, targetId: m.target_id }))
    const flagged = this.store.flaggedInGroup(groupId).map((f) => {
      const m = this.store.message(f.message_id)!
      const t = this.store.thread(m.thread_id)!
      return { ...this.messageView(m, groupId, v)!, targetType: t.target_type, targetId: t.target_id }
    })
    return { counts: { pending: pending.length, flagged: flagged.length }, pending, flagged }
  }

  moderationLog(user: User, groupId: string): ModerationLogEntry[] {
    const v = this.viewer(user, groupId)
    return this.store.log(groupId).map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: this.person(r.actor_id, groupId),
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      reason: r.reason,
      before: r.before_state,
      after: r.after_state,
    }))
  }

  /** Turns pre-moderation on or off for a group (logged). */
  setPreModeration(user: User, groupId: string, on: boolean): void {
    this.store.transaction(() => {
      this.storage.setPreModeration(groupId, on)
      this.store.appendLog({ group_id: groupId, actor_id: user.id, action: on ? 'pre-moderation on' : 'pre-moderation off', target_type: 'thread', target_id: groupId, reason: null, before_state: null, after_state: null })
    })
  }

  /** Marks a document thread as answered by a feedback update of its group (the DG office or the chair), or clears it. */
  markAnswered(user: User, threadId: string, updateId: string | null): ThreadView {
    const { thread, v } = this.visibleThread(user, threadId)
    if (updateId && this.targets.feedback.groupOf(updateId) !== thread.group_id) throw invalid('invalid_link', 'the update must belong to the thread’s group')
    this.change((events) => {
      this.store.updateThread(threadId, { answered_by: updateId })
      this.touch(events, thread)
    })
    return this.threadFor(user, threadId)
  }

  // ---- notifications ----------------------------------------------------------------------------

  /**
   * A notification as its reader may see it now, or null: decided at read time, so someone removed
   * from the group (or who lost access to the thread) no longer reads the message through it, and a
   * message since hidden, deleted, or edited back into the queue shows no text.
   */
  private notificationView(n: NotificationRow, user: User): NotificationView | null {
    const thread = this.store.thread(n.thread_id)
    const message = this.store.message(n.message_id)
    if (!thread || !message) return null
    const v = this.viewer(user, thread.group_id)
    if (!this.threadExists(thread, v, this.store.firstMessage(thread.id)) || !this.seesMessage(message, v)) return null
    return {
      id: n.id,
      kind: 'mention',
      threadId: thread.id,
      targetType: thread.target_type,
      targetId: thread.target_id,
      messageId: message.id,
      actor: this.person(n.actor_id, thread.group_id),
      excerpt: message.state === 'published' ? message.body.slice(0, 140) : '',
      createdAt: new Date(n.created_at).toISOString(),
      read: n.read_at !== null,
    }
  }

  /** Unread notifications this user may see now. */
  private unread(user: User): number {
    return this.store.unreadOf(user.id).filter((n) => this.notificationView(n, user)).length
  }

  notifications(user: User): { unread: number; items: NotificationView[] } {
    return {
      unread: this.unread(user),
      items: this.store
        .notificationsOf(user.id)
        .map((n) => this.notificationView(n, user))
        .filter((n): n is NotificationView => n !== null),
    }
  }

  markRead(user: User, ids?: string[]): { unread: number } {
    this.store.markRead(user.id, ids)
    return { unread: this.unread(user) }
  }
}
