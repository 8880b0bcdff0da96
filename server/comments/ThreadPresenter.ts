import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import { actorIn, actorsIn } from '../auth/access.js'
import { notFound } from '../http/DomainError.js'
import { can, type Actor } from '../../shared/permissions.js'
import type { MessageView, PersonView, ThreadView } from '../../shared/comments/types.js'
import type { CommentStore, MessageRecord, ThreadRecord } from './CommentStore.js'
import type { CommentTargets } from './CommentTargets.js'
import type { AnchorCache } from './AnchorCache.js'
import type { SignerPresenter } from '../signers/SignerPresenter.js'
import type { SignerView } from '../../shared/signers/types.js'
import type { SignatureRecord } from '../signers/SignerStore.js'
import type { Presentation } from '../events/EventHub.js'

/** Who is looking at a thread: the user and their role in the thread's group. */
export interface Viewer {
  user: User
  actor: Actor
  /** Their delegation in the group, when it was read with their role (an event stream's crowd). */
  delegation?: string
}

/**
 * A thread with everything its views read that depends on who looks, loaded once: the views and
 * audiences of many viewers (an event stream's delivery) then all come from the same state.
 */
export interface ThreadState {
  thread: ThreadRecord
  records: MessageRecord[]
  /** Who flagged each message (by message id). */
  flaggers: Map<string, Set<string>>
  /** Its co-signatures (document threads, when co-signing is built in). */
  signatures: SignatureRecord[]
}

/** A thread's presentation, which also tells whether it exists for a viewer (links to it from feedback updates). */
export interface ThreadPresentation extends Presentation {
  exists(viewer: User): Promise<boolean>
}

const iso = (ms: number) => new Date(ms).toISOString()
const NOBODY: PersonView = { id: '', name: '', delegation: '' }

/**
 * What each viewer may see of threads and messages, and their views built for that viewer alone:
 * pending and rejected messages exist only for their author and the chair; a hidden message's text
 * and the chair's reasons reach only them (comment.seeWithheld); flag counts only the chair. Text a
 * viewer may not read is never put in their view.
 */
export class ThreadPresenter {
  constructor(
    private readonly store: CommentStore,
    private readonly groups: Pick<GroupStore, 'membership' | 'membershipsIn' | 'personIn'>,
    private readonly targets: CommentTargets,
    private readonly anchors: AnchorCache,
    /** Co-signers of document threads (joint positions). */
    private readonly signers?: SignerPresenter,
  ) {}

  async viewer(user: User, groupId: string): Promise<Viewer> {
    return { user, actor: (await actorIn(this.groups, user, groupId)).actor }
  }

  private withheldFrom(m: MessageRecord, v: Viewer): boolean {
    return !can(v.actor, 'comment.seeWithheld', { authorId: m.authorId })
  }

  /** Whether the message exists for this viewer: pending and rejected ones only for their author and the chair. */
  seesMessage(m: MessageRecord, v: Viewer): boolean {
    return (m.state !== 'pending' && m.state !== 'rejected') || !this.withheldFrom(m, v)
  }

  /** Whether the viewer may read the thread's target (and the target still exists in the thread's group). */
  private async readsTarget(thread: ThreadRecord, v: Viewer): Promise<boolean> {
    return can(v.actor, 'document.read') && (await this.targets[thread.targetType].groupOf(thread.targetId)) === thread.groupId
  }

  /**
   * Whether the thread exists for this viewer. A document thread whose opening message they may not
   * see (pending or rejected, not theirs) does not. A feedback update's reply thread always exists
   * for those who may read the update: it belongs to the update, not to whoever replied first, so a
   * first reply awaiting approval or rejected hides only itself.
   */
  async threadExists(thread: ThreadRecord, v: Viewer, first?: MessageRecord): Promise<boolean> {
    if (!(await this.readsTarget(thread, v))) return false
    first ??= await this.store.firstMessage(thread.id)
    return thread.targetType === 'feedback' || (!!first && this.seesMessage(first, v))
  }

  person(groupId: string, userId: string): Promise<PersonView> {
    return this.groups.personIn(groupId, userId)
  }

  /** The message as this viewer may see it, or null when it does not exist for them (flaggers: who flagged it, when already loaded). */
  async messageView(m: MessageRecord, groupId: string, v: Viewer, flaggers?: ReadonlySet<string>): Promise<MessageView | null> {
    if (!this.seesMessage(m, v)) return null
    const withheld = this.withheldFrom(m, v)
    return {
      id: m.id,
      threadId: m.threadId,
      author: await this.person(groupId, m.authorId),
      body: m.state === 'published' || (m.state !== 'deleted' && !withheld) ? m.body : null,
      state: m.state,
      hiddenReason: !withheld && (m.state === 'hidden' || m.state === 'rejected') ? m.hiddenReason : null,
      createdAt: iso(m.createdAt),
      editedAt: m.editedAt ? iso(m.editedAt) : null,
      flags: can(v.actor, 'comment.moderate') ? (flaggers ? flaggers.size : await this.store.flagCount(m.id)) : 0,
      flaggedByMe: flaggers ? flaggers.has(v.user.id) : await this.store.flaggedBy(m.id, v.user.id),
    }
  }

  /** Loads what the thread's views read that depends on who looks (see ThreadState). */
  async state(thread: ThreadRecord): Promise<ThreadState> {
    const [records, flags, signatures] = await Promise.all([
      this.store.messagesOf(thread.id),
      this.store.flagsIn(thread.id),
      this.signers && thread.targetType === 'document' ? this.signers.store.signaturesOf('thread', thread.id) : [],
    ])
    const flaggers = new Map<string, Set<string>>()
    for (const f of flags) flaggers.set(f.messageId, (flaggers.get(f.messageId) ?? new Set()).add(f.userId))
    return { thread, records, flaggers, signatures }
  }

  /**
   * Which viewers see the thread alike: those with the same key receive the same view from
   * renderState, so the key holds everything it reads of its viewer. Their role and admin flag
   * decide whether the thread exists for them, what withheld text and reasons they read, and flag
   * counts (the chair). Their user id is read only against authors: anyone who wrote in the thread
   * (or started it) is an audience of their own, since an author sees their own pending, rejected
   * and hidden messages and may withdraw their thread's co-signers. The messages they flagged give
   * flaggedByMe; when the thread has co-signers, their delegation decides what they may do with each.
   */
  async audienceOf(state: ThreadState, v: Viewer): Promise<string> {
    const { thread, records, flaggers, signatures } = state
    const wrote = thread.authorId === v.user.id || records.some((m) => m.authorId === v.user.id)
    const flagged = records.filter((m) => flaggers.get(m.id)?.has(v.user.id)).map((m) => m.id)
    const delegation = signatures.length && this.signers ? (await this.signers.viewer(v.user.id, v.actor, thread.groupId, v.delegation)).delegation : null
    return JSON.stringify([v.actor.role, v.actor.isAdmin, wrote ? v.user.id : null, flagged, delegation])
  }

  /**
   * A thread's presentation on the event streams (EventHub renders it once per audience): one
   * state, and each viewer's role read once, so a viewer's key and the view rendered for their
   * audience come from the same facts even when a change or a new role is committed meanwhile.
   * For a crowd of viewers, the group's roles are read in one query (actorsIn).
   */
  async presentation(threadId: string, viewerCount = 1): Promise<ThreadPresentation> {
    const thread = await this.store.thread(threadId)
    const state = thread && (await this.state(thread))
    const roleOf = state && actorsIn(this.groups, state.thread.groupId, viewerCount)
    const viewerOf = async (user: User): Promise<Viewer> => ({ user, ...(await roleOf!(user)) })
    return {
      audience: async (user) => (state ? this.audienceOf(state, await viewerOf(user)) : ''),
      render: async (user) => (state ? this.renderState(state, await viewerOf(user)) : null),
      exists: async (user) => !!state && (await this.threadExists(state.thread, await viewerOf(user), state.records[0])),
    }
  }

  /** The thread as this viewer may see it; null when it does not exist for them. */
  async render(thread: ThreadRecord, v: Viewer): Promise<ThreadView | null> {
    return this.renderState(await this.state(thread), v)
  }

  /** The thread, as loaded, as this viewer may see it; null when it does not exist for them. */
  async renderState(state: ThreadState, v: Viewer): Promise<ThreadView | null> {
    const { thread, records } = state
    if (!(await this.threadExists(thread, v, records[0]))) return null
    const views = await Promise.all(records.map((m) => this.messageView(m, thread.groupId, v, state.flaggers.get(m.id) ?? new Set())))
    const messages = views.filter((m): m is MessageView => m !== null)
    // Who started a reply thread is shown only through a message this viewer may see.
    const author = records[0] && this.seesMessage(records[0], v) ? await this.person(thread.groupId, thread.authorId) : (messages[0]?.author ?? NOBODY)
    const resolved = await this.anchors.locate(thread)
    return {
      id: thread.id,
      targetType: thread.targetType,
      targetId: thread.targetId,
      groupId: thread.groupId,
      quote: thread.quote,
      anchor: thread.anchor,
      paraRefAtCreation: thread.paraRef,
      anchorState: resolved?.state ?? null,
      paraRef: resolved?.paraRef ?? null,
      position: resolved?.from ?? null,
      positionEnd: resolved?.to ?? null,
      status: thread.status,
      locked: thread.locked,
      author,
      createdAt: iso(thread.createdAt),
      messages,
      seq: thread.seq,
      signers: await this.signersOf(state, v, author),
      answeredBy: thread.answeredBy ? { updateId: thread.answeredBy, title: (await this.targets.feedback.titleOf(thread.answeredBy)) ?? 'Feedback update' } : null,
    }
  }

  /** The co-signers of a document thread, as this viewer sees them. */
  private async signersOf({ thread, signatures }: ThreadState, v: Viewer, author: PersonView): Promise<SignerView[]> {
    if (!this.signers || !signatures.length) return []
    const target = { groupId: thread.groupId, authorId: thread.authorId, authorDelegation: author.delegation || null }
    return this.signers.views(signatures, target, await this.signers.viewer(v.user.id, v.actor, thread.groupId, v.delegation))
  }

  /** A thread this user can see, and them as its viewer; 404 otherwise (unknown and foreign threads look the same). */
  async visibleThread(user: User, threadId: string): Promise<{ thread: ThreadRecord; viewer: Viewer }> {
    const thread = await this.store.thread(threadId)
    const viewer = thread && (await this.viewer(user, thread.groupId))
    if (!thread || !viewer || !(await this.threadExists(thread, viewer))) throw notFound('thread_not_found', `no thread with id "${threadId}"`)
    return { thread, viewer }
  }

  /** A message this user can see, its thread, and them as its viewer; 404 otherwise. */
  async visibleMessage(user: User, messageId: string): Promise<{ message: MessageRecord; thread: ThreadRecord; viewer: Viewer }> {
    const message = await this.store.message(messageId)
    if (!message) throw notFound('message_not_found', `no message with id "${messageId}"`)
    const { thread, viewer } = await this.visibleThread(user, message.threadId)
    if (!this.seesMessage(message, viewer)) throw notFound('message_not_found', `no message with id "${messageId}"`)
    return { message, thread, viewer }
  }

  /** The thread as this user sees it now; 404 when they cannot see it. */
  async threadFor(user: User, threadId: string): Promise<ThreadView> {
    const { thread, viewer } = await this.visibleThread(user, threadId)
    return (await this.render(thread, viewer))!
  }

  /** The thread as this user sees it now, or null (what the change feed sends each stream). */
  async threadOrNull(user: User, threadId: string): Promise<ThreadView | null> {
    const thread = await this.store.thread(threadId)
    return thread ? this.render(thread, await this.viewer(user, thread.groupId)) : null
  }
}
