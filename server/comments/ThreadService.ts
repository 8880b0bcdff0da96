import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { ChangeEvent, EventHub } from '../events/EventHub.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { ModerationLog } from '../moderation/ModerationLog.js'
import type { NotificationService } from '../notifications/NotificationService.js'
import { authorize } from '../auth/access.js'
import { conflict, invalid, notFound } from '../http/DomainError.js'
import { can } from '../../shared/permissions.js'
import { anchorBelongsTo, resolveAnchor, textBetween, type Anchor } from '../../shared/comments/anchor.js'
import { isEditable } from '../../shared/comments/states.js'
import type { MessageState, ThreadView } from '../../shared/comments/types.js'
import type { CommentStore, NewThread, TargetType, ThreadRecord } from './CommentStore.js'
import type { CommentTargets } from './CommentTargets.js'
import type { ThreadEvents } from './ThreadEvents.js'
import type { ThreadPresentation, ThreadPresenter, Viewer } from './ThreadPresenter.js'

export interface ThreadServiceDeps {
  store: CommentStore
  presenter: ThreadPresenter
  events: ThreadEvents
  log: ModerationLog
  notifications: NotificationService
  groups: Pick<GroupStore, 'getGroup'>
  reader: DocumentReader
  targets: CommentTargets
  hub: Pick<EventHub, 'latestSeq'>
}

/** What a thread hangs on. */
export interface ThreadTarget {
  type: TargetType
  id: string
}

/**
 * The life of a thread, the same for a passage of a document and for a feedback update's replies:
 * start, reply, edit, delete, resolve, lock, mark answered. The routes have decided who may (the
 * permission table); this decides what may happen now (a locked thread, a deleted message), stores
 * each change with its change event in one transaction, and answers with the thread as the caller sees it.
 */
export class ThreadService {
  constructor(private readonly deps: ThreadServiceDeps) {}

  private get presenter() {
    return this.deps.presenter
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** The threads on a target that this user may see, in document order (orphans last), and the change cursor. */
  async threadsOn(user: User, type: TargetType, targetId: string): Promise<{ threads: ThreadView[]; cursor: number }> {
    const v = await this.presenter.viewer(user, await this.groupOf({ type, id: targetId }))
    authorize(v.actor, 'document.read')
    const cursor = await this.deps.hub.latestSeq()
    const rendered = await Promise.all((await this.deps.store.threadsOf(type, targetId)).map((t) => this.presenter.render(t, v)))
    const threads = rendered
      .filter((t): t is ThreadView => t !== null)
      .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.createdAt.localeCompare(b.createdAt))
    return { threads, cursor }
  }

  /** The thread of a target that has only one (a feedback update's replies), if it has been started. */
  async threadIdOn(type: TargetType, targetId: string): Promise<string | null> {
    return (await this.deps.store.threadsOf(type, targetId))[0]?.id ?? null
  }

  /** A thread as stored, for links to it from elsewhere (feedback updates); check threadVisibleTo before showing it. */
  thread(threadId: string): Promise<ThreadRecord | undefined> {
    return this.deps.store.thread(threadId)
  }

  /** Whether this user may see the thread now (cheaper than rendering it: no anchor is resolved). */
  async threadVisibleTo(user: User, threadId: string): Promise<boolean> {
    const thread = await this.deps.store.thread(threadId)
    return !!thread && (await this.presenter.threadExists(thread, await this.presenter.viewer(user, thread.groupId)))
  }

  threadFor(user: User, threadId: string): Promise<ThreadView> {
    return this.presenter.threadFor(user, threadId)
  }

  threadOrNull(user: User, threadId: string): Promise<ThreadView | null> {
    return this.presenter.threadOrNull(user, threadId)
  }

  /** The thread loaded once to be shown to many viewers (see ThreadPresenter.presentation). */
  presentation(threadId: string, viewerCount?: number): Promise<ThreadPresentation> {
    return this.presenter.presentation(threadId, viewerCount)
  }

  // ---- changes ---------------------------------------------------------------------------------

  /** Starts a thread with its first message: on a passage of a document (the anchor must point into it and quote it exactly), or on a feedback update. */
  async start(user: User, target: ThreadTarget, input: { body: string; anchor?: Anchor }): Promise<ThreadView> {
    const groupId = await this.groupOf(target)
    const v = await this.presenter.viewer(user, groupId)
    const place = target.type === 'document' ? await this.place(target.id, input.anchor) : { anchor: null, quote: null, paraRef: null }
    const id = await this.deps.events.change(async (events) => {
      const thread = { id: await this.deps.store.insertThread({ groupId, targetType: target.type, targetId: target.id, authorId: user.id, ...place }), groupId, authorId: user.id, targetType: target.type, targetId: target.id }
      await this.deps.events.touch(events, thread)
      await this.post(events, thread, v, input.body)
      return thread.id
    })
    return this.threadFor(user, id)
  }

  /** Replies (409 thread_locked when the chair locked it and the caller is not the chair); a resolved thread opens again. */
  async reply(user: User, threadId: string, body: string): Promise<ThreadView> {
    const { thread, viewer } = await this.presenter.visibleThread(user, threadId)
    if (!can(viewer.actor, 'comment.replyLocked', { locked: thread.locked })) throw conflict('thread_locked', 'the chair has locked this thread')
    return this.change(user, thread, async (events) => {
      if (thread.status === 'resolved') await this.deps.store.updateThread(threadId, { status: 'open' })
      await this.post(events, thread, viewer, body)
    })
  }

  /** Edits one's own message; under pre-moderation it goes back to the queue. */
  async edit(user: User, messageId: string, body: string): Promise<ThreadView> {
    const { message, thread, viewer } = await this.presenter.visibleMessage(user, messageId)
    if (!isEditable(message.state)) throw conflict('not_editable', `a ${message.state} message cannot be edited`)
    const state = message.state === 'pending' ? 'pending' : await this.initialState(viewer, thread.groupId)
    return this.change(user, thread, () => this.deps.store.updateMessage(messageId, { body, editedAt: Date.now(), state }))
  }

  /** Deletes one's own message, or any as the chair (logged). The text is erased. */
  async delete(user: User, messageId: string): Promise<ThreadView> {
    const { message, thread } = await this.presenter.visibleMessage(user, messageId)
    if (message.state === 'deleted') throw conflict('already_deleted', 'this message is already deleted')
    return this.change(user, thread, async () => {
      await this.deps.store.updateMessage(messageId, { body: '', state: 'deleted', hiddenReason: null })
      if (message.authorId !== user.id) await this.deps.log.record(user.id, thread.groupId, 'delete', { type: 'message', id: messageId }, { before: message.state, after: 'deleted' })
    })
  }

  /** Resolves or reopens (logged when the chair does it). */
  async setResolved(user: User, threadId: string, resolved: boolean): Promise<ThreadView> {
    const { thread, viewer } = await this.presenter.visibleThread(user, threadId)
    const next = resolved ? 'resolved' : 'open'
    if (thread.status === next) throw conflict('unchanged', `the thread is already ${next}`)
    return this.change(user, thread, async () => {
      await this.deps.store.updateThread(threadId, { status: next })
      if (can(viewer.actor, 'comment.moderate')) await this.deps.log.record(user.id, thread.groupId, resolved ? 'resolve' : 'reopen', { type: 'thread', id: threadId }, { before: thread.status, after: next })
    })
  }

  /** Locks against replies from anyone but the chair, or unlocks (logged). */
  async setLocked(user: User, threadId: string, locked: boolean): Promise<ThreadView> {
    const { thread } = await this.presenter.visibleThread(user, threadId)
    const [before, after] = locked ? ['unlocked', 'locked'] : ['locked', 'unlocked']
    if (thread.locked === locked) throw conflict('unchanged', `the thread is already ${after}`)
    return this.change(user, thread, async () => {
      await this.deps.store.updateThread(threadId, { locked })
      await this.deps.log.record(user.id, thread.groupId, locked ? 'lock' : 'unlock', { type: 'thread', id: threadId }, { before, after })
    })
  }

  /** Marks a thread answered by a feedback update of its group, or clears it (null). */
  async markAnswered(user: User, threadId: string, updateId: string | null): Promise<ThreadView> {
    const { thread } = await this.presenter.visibleThread(user, threadId)
    if (updateId && (await this.deps.targets.feedback.groupOf(updateId)) !== thread.groupId) throw invalid('invalid_link', 'the update must belong to the thread’s group')
    return this.change(user, thread, () => this.deps.store.updateThread(threadId, { answeredBy: updateId }))
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Changes a thread with its change event, then answers with it as the caller now sees it. */
  private async change(user: User, thread: ThreadRecord, fn: (events: ChangeEvent[]) => Promise<void>): Promise<ThreadView> {
    await this.deps.events.changeThread(thread, fn)
    return this.threadFor(user, thread.id)
  }

  /** The group of a live target; 404 document_not_found / feedback_not_found otherwise. */
  private async groupOf(target: ThreadTarget): Promise<string> {
    const groupId = await this.deps.targets[target.type].groupOf(target.id)
    if (!groupId) throw notFound(`${target.type}_not_found`, `no ${target.type} with id "${target.id}"`)
    return groupId
  }

  /** Where a new document thread is: its anchor, quote and paragraph, checked against the document now. */
  private async place(docId: string, anchor: Anchor | undefined): Promise<Pick<NewThread, 'anchor' | 'quote' | 'paraRef'>> {
    if (!anchor) throw invalid('invalid_anchor', 'a comment on a document needs an anchor')
    using doc = await this.deps.reader.read(docId)
    if (!anchorBelongsTo(doc.ydoc, doc.fragment, anchor)) throw invalid('invalid_anchor', 'the anchor does not point into this document')
    const resolved = resolveAnchor(doc.ydoc, doc.fragment, doc.pm, doc.mapping, anchor)
    if (resolved.state !== 'anchored') throw invalid('invalid_anchor', 'the anchor does not span any text of this document')
    if (textBetween(doc.pm, resolved.from!, resolved.to!) !== anchor.quote.exact) throw invalid('quote_mismatch', 'the quoted text is not the text at the anchor')
    return { anchor: { start: anchor.start, end: anchor.end }, quote: anchor.quote, paraRef: resolved.paraRef }
  }

  /** Adds a message in the state pre-moderation gives it; mentions and the thread's author are notified once it is published. */
  private async post(events: ChangeEvent[], thread: Pick<ThreadRecord, 'id' | 'groupId' | 'authorId'>, v: Viewer, body: string): Promise<void> {
    const state = await this.initialState(v, thread.groupId)
    const id = await this.deps.store.insertMessage({ threadId: thread.id, authorId: v.user.id, body, state })
    if (state === 'published') await this.deps.notifications.notifyPublished(events, thread, { id, body, authorId: v.user.id })
  }

  /** Under pre-moderation a message waits for approval, unless the chair writes it. */
  private async initialState(v: Viewer, groupId: string): Promise<MessageState> {
    return (await this.deps.groups.getGroup(groupId))?.preModeration && !can(v.actor, 'comment.moderate') ? 'pending' : 'published'
  }
}
