import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { CommentStore, MessageRecord } from '../comments/CommentStore.js'
import type { ThreadEvents } from '../comments/ThreadEvents.js'
import type { ThreadPresenter } from '../comments/ThreadPresenter.js'
import type { NotificationService } from '../notifications/NotificationService.js'
import { conflict } from '../http/DomainError.js'
import { canApply, isFlaggable, MODERATION_TRANSITIONS, type ModerationAction } from '../../shared/comments/states.js'
import type { ModerationLogEntry, ModerationQueue, QueueItem, ThreadView } from '../../shared/comments/types.js'
import type { ModerationLog } from './ModerationLog.js'

export interface ModerationServiceDeps {
  store: CommentStore
  presenter: ThreadPresenter
  events: ThreadEvents
  log: ModerationLog
  notifications: NotificationService
  groups: Pick<GroupStore, 'setPreModeration'>
}

/**
 * The chair's moderation of comments and feedback replies: approve, reject, hide and restore
 * messages (the state machine of shared/comments/states.ts), members' flags, the queue, the log,
 * and pre-moderation. The routes have decided who may; every action is logged.
 */
export class ModerationService {
  constructor(private readonly deps: ModerationServiceDeps) {}

  /** approve: pending → published (mentions are notified then); reject: pending → rejected; hide: published → hidden; restore: hidden or rejected → published. */
  moderate(user: User, messageId: string, action: ModerationAction, reason: string | null): ThreadView {
    const { message, thread } = this.deps.presenter.visibleMessage(user, messageId)
    if (!canApply(action, message.state)) throw conflict('invalid_transition', `a ${message.state} message cannot be ${action === 'hide' ? 'hidden' : `${action}d`}`)
    const { to } = MODERATION_TRANSITIONS[action]
    this.deps.events.changeThread(thread, (events) => {
      this.deps.store.updateMessage(messageId, { state: to, hiddenReason: to === 'published' ? null : reason })
      this.deps.log.record(user.id, thread.groupId, action, { type: 'message', id: messageId }, { before: message.state, after: to, reason })
      if (action === 'approve') this.deps.notifications.notifyMentions(events, thread, message)
    })
    return this.deps.presenter.threadFor(user, thread.id)
  }

  /** Flags a published message for the chair (once per person; logged). */
  flag(user: User, messageId: string, reason: string | null): ThreadView {
    const { message, thread } = this.deps.presenter.visibleMessage(user, messageId)
    if (!isFlaggable(message.state)) throw conflict('invalid_transition', 'only published messages can be flagged')
    this.deps.events.change((events) => {
      if (!this.deps.store.addFlag(messageId, user.id, reason)) return
      this.deps.log.record(user.id, thread.groupId, 'flag', { type: 'message', id: messageId }, { reason })
      this.deps.events.touch(events, thread)
    })
    return this.deps.presenter.threadFor(user, thread.id)
  }

  /** The chair's queue: messages awaiting approval and published messages members flagged. */
  queue(user: User, groupId: string): ModerationQueue {
    const v = this.deps.presenter.viewer(user, groupId)
    const item = (m: MessageRecord): QueueItem => {
      const thread = this.deps.store.thread(m.threadId)!
      return { ...this.deps.presenter.messageView(m, groupId, v)!, targetType: thread.targetType, targetId: thread.targetId }
    }
    const pending = this.deps.store.pendingInGroup(groupId).map(item)
    const flagged = this.deps.store.flaggedInGroup(groupId).map(item)
    return { counts: { pending: pending.length, flagged: flagged.length }, pending, flagged }
  }

  log(groupId: string): ModerationLogEntry[] {
    return this.deps.log.entries(groupId)
  }

  /** Turns pre-moderation on or off for a group (logged). */
  setPreModeration(user: User, groupId: string, on: boolean): void {
    this.deps.store.transaction(() => {
      this.deps.groups.setPreModeration(groupId, on)
      this.deps.log.record(user.id, groupId, on ? 'pre-moderation on' : 'pre-moderation off', { type: 'thread', id: groupId })
    })
  }
}
