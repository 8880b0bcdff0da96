import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { ChangeEvent, EventHub } from '../events/EventHub.js'
import type { CommentStore, MessageRecord, ThreadRecord } from '../comments/CommentStore.js'
import type { ThreadPresenter } from '../comments/ThreadPresenter.js'
import { findMentions } from '../../shared/comments/mentions.js'
import type { NotificationView } from '../../shared/comments/types.js'
import type { NotificationRecord, NotificationStore } from './NotificationStore.js'

/**
 * Mentions: a member named with @ in a message that has just become visible to everyone is
 * notified, live. What a notification shows is decided when it is read, so someone removed from the
 * group (or who lost sight of the thread) no longer reads the message through it, and a message since
 * hidden, deleted or edited back into the queue shows no text.
 */
export class NotificationService {
  /** How notifications of other capabilities (a disposition) are shown: by kind. */
  private readonly kinds = new Map<string, (n: NotificationRecord, user: User) => Promise<NotificationView | null>>()

  constructor(
    private readonly store: NotificationStore,
    private readonly comments: Pick<CommentStore, 'thread' | 'message'>,
    private readonly presenter: ThreadPresenter,
    private readonly groups: Pick<GroupStore, 'members' | 'membership'>,
    private readonly hub: EventHub,
  ) {}

  /**
   * A message has just become visible to everyone: notifies the members it mentions, and the author
   * of the thread it replies to (once, as a mention when they are mentioned too), never its own
   * author. Call inside the change's transaction.
   */
  async notifyPublished(events: ChangeEvent[], thread: Pick<ThreadRecord, 'id' | 'groupId' | 'authorId'>, message: Pick<MessageRecord, 'id' | 'body' | 'authorId'>): Promise<void> {
    const notify = (userId: string, kind: NotificationRecord['kind']) => this.add(events, thread.groupId, { userId, kind, threadId: thread.id, messageId: message.id, actorId: message.authorId })
    // The whole roster (names to match) only when the text has an "@": a large group's plain comment reads one membership at most.
    const members = message.body.includes('@') ? (await this.groups.members(thread.groupId)).filter((m) => m.userId !== message.authorId) : []
    const mentioned = findMentions(message.body, members).map((m) => m.userId)
    for (const userId of mentioned) await notify(userId, 'mention')
    const authorIsMember = thread.authorId !== message.authorId && (members.length ? members.some((m) => m.userId === thread.authorId) : !!(await this.groups.membership(thread.groupId, thread.authorId)))
    if (authorIsMember && !mentioned.includes(thread.authorId)) await notify(thread.authorId, 'reply')
  }

  /** Stores a notification and the live event that brings it to its reader's bell. Call inside the change's transaction. */
  async add(events: ChangeEvent[], groupId: string, notification: Parameters<NotificationStore['insert']>[0]): Promise<void> {
    const id = await this.store.insert(notification)
    events.push(await this.hub.record(groupId, 'notification', id, notification.userId))
  }

  /** How notifications of a kind another capability adds are shown (what the reader may see now, or null). */
  registerKind(kind: NotificationRecord['kind'], view: (n: NotificationRecord, user: User) => Promise<NotificationView | null>): void {
    this.kinds.set(kind, view)
  }

  /** A notification as its reader may see it now, or null. */
  async view(n: NotificationRecord, user: User): Promise<NotificationView | null> {
    const other = this.kinds.get(n.kind)
    if (other) return other(n, user)
    const thread = await this.comments.thread(n.threadId)
    const message = await this.comments.message(n.messageId)
    if (!thread || !message) return null
    const v = await this.presenter.viewer(user, thread.groupId)
    if (!(await this.presenter.threadExists(thread, v)) || !this.presenter.seesMessage(message, v)) return null
    return {
      id: n.id,
      kind: n.kind,
      threadId: thread.id,
      targetType: thread.targetType,
      targetId: thread.targetId,
      messageId: message.id,
      actor: await this.presenter.person(thread.groupId, n.actorId),
      excerpt: message.state === 'published' ? message.body.slice(0, 140) : '',
      createdAt: new Date(n.createdAt).toISOString(),
      read: n.readAt !== null,
    }
  }

  /** A notification by id, for its own reader only (what the change feed sends). */
  async viewOf(id: string, user: User): Promise<NotificationView | null> {
    const n = await this.store.notification(id)
    return n && n.userId === user.id ? this.view(n, user) : null
  }

  /** Unread notifications this user may see now. */
  private async unread(user: User): Promise<number> {
    return (await this.views(await this.store.unreadOf(user.id), user)).length
  }

  /**
   * Unread notifications made after this moment (all unread ones when null), as this user may see
   * them now, oldest first: what the daily e-mail digest lists.
   */
  async unreadSince(user: User, since: number | null): Promise<NotificationView[]> {
    const records = (await this.store.unreadOf(user.id)).filter((n) => since === null || n.createdAt > since)
    return (await this.views(records, user)).sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /** The notifications as this user may see them now, without those they may no longer see. */
  private async views(records: NotificationRecord[], user: User): Promise<NotificationView[]> {
    return (await Promise.all(records.map((n) => this.view(n, user)))).filter((n): n is NotificationView => n !== null)
  }

  async list(user: User): Promise<{ unread: number; items: NotificationView[] }> {
    return { unread: await this.unread(user), items: await this.views(await this.store.latestOf(user.id), user) }
  }

  async markRead(user: User, ids?: string[]): Promise<{ unread: number }> {
    await this.store.markRead(user.id, ids)
    return { unread: await this.unread(user) }
  }
}
