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
  constructor(
    private readonly store: NotificationStore,
    private readonly comments: Pick<CommentStore, 'thread' | 'message'>,
    private readonly presenter: ThreadPresenter,
    private readonly groups: Pick<GroupStore, 'members'>,
    private readonly hub: EventHub,
  ) {}

  /** Notifies the members a message mentions (not its author); call inside the change's transaction. */
  notifyMentions(events: ChangeEvent[], thread: Pick<ThreadRecord, 'id' | 'groupId'>, message: Pick<MessageRecord, 'id' | 'body' | 'authorId'>): void {
    const members = this.groups.members(thread.groupId).filter((m) => m.userId !== message.authorId)
    for (const m of findMentions(message.body, members)) {
      const id = this.store.insert({ userId: m.userId, threadId: thread.id, messageId: message.id, actorId: message.authorId })
      events.push(this.hub.record(thread.groupId, 'notification', id, m.userId))
    }
  }

  /** A notification as its reader may see it now, or null. */
  view(n: NotificationRecord, user: User): NotificationView | null {
    const thread = this.comments.thread(n.threadId)
    const message = this.comments.message(n.messageId)
    if (!thread || !message) return null
    const v = this.presenter.viewer(user, thread.groupId)
    if (!this.presenter.threadExists(thread, v) || !this.presenter.seesMessage(message, v)) return null
    return {
      id: n.id,
      kind: 'mention',
      threadId: thread.id,
      targetType: thread.targetType,
      targetId: thread.targetId,
      messageId: message.id,
      actor: this.presenter.person(thread.groupId, n.actorId),
      excerpt: message.state === 'published' ? message.body.slice(0, 140) : '',
      createdAt: new Date(n.createdAt).toISOString(),
      read: n.readAt !== null,
    }
  }

  /** A notification by id, for its own reader only (what the change feed sends). */
  viewOf(id: string, user: User): NotificationView | null {
    const n = this.store.notification(id)
    return n && n.userId === user.id ? this.view(n, user) : null
  }

  /** Unread notifications this user may see now. */
  private unread(user: User): number {
    return this.store.unreadOf(user.id).filter((n) => this.view(n, user)).length
  }

  list(user: User): { unread: number; items: NotificationView[] } {
    return {
      unread: this.unread(user),
      items: this.store
        .latestOf(user.id)
        .map((n) => this.view(n, user))
        .filter((n): n is NotificationView => n !== null),
    }
  }

  markRead(user: User, ids?: string[]): { unread: number } {
    this.store.markRead(user.id, ids)
    return { unread: this.unread(user) }
  }
}
