import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import { actorIn } from '../auth/access.js'
import { notFound } from '../http/DomainError.js'
import { can, type Actor } from '../../shared/permissions.js'
import type { MessageView, PersonView, ThreadView } from '../../shared/comments/types.js'
import type { CommentStore, MessageRecord, ThreadRecord } from './CommentStore.js'
import type { CommentTargets } from './CommentTargets.js'
import type { AnchorCache } from './AnchorCache.js'
import type { SignerPresenter } from '../signers/SignerPresenter.js'
import type { SignerView } from '../../shared/signers/types.js'

/** Who is looking at a thread: the user and their role in the thread's group. */
export interface Viewer {
  user: User
  actor: Actor
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
    private readonly groups: Pick<GroupStore, 'membership' | 'personIn'>,
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

  /** The message as this viewer may see it, or null when it does not exist for them. */
  async messageView(m: MessageRecord, groupId: string, v: Viewer): Promise<MessageView | null> {
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
      flags: can(v.actor, 'comment.moderate') ? await this.store.flagCount(m.id) : 0,
      flaggedByMe: await this.store.flaggedBy(m.id, v.user.id),
    }
  }

  /** The thread as this viewer may see it; null when it does not exist for them. */
  async render(thread: ThreadRecord, v: Viewer): Promise<ThreadView | null> {
    const records = await this.store.messagesOf(thread.id)
    if (!(await this.threadExists(thread, v, records[0]))) return null
    const views = await Promise.all(records.map((m) => this.messageView(m, thread.groupId, v)))
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
      signers: await this.signersOf(thread, v, author),
      answeredBy: thread.answeredBy ? { updateId: thread.answeredBy, title: (await this.targets.feedback.titleOf(thread.answeredBy)) ?? 'Feedback update' } : null,
    }
  }

  /** The co-signers of a document thread, as this viewer sees them. */
  private async signersOf(thread: ThreadRecord, v: Viewer, author: PersonView): Promise<SignerView[]> {
    if (!this.signers || thread.targetType !== 'document') return []
    const target = { groupId: thread.groupId, authorId: thread.authorId, authorDelegation: author.delegation || null }
    return this.signers.signersOf('thread', thread.id, target, { userId: v.user.id, actor: v.actor })
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
