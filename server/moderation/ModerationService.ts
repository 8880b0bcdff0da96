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
import type { CommentTargets } from '../comments/CommentTargets.js'

export interface ModerationServiceDeps {
  store: CommentStore
  presenter: ThreadPresenter
  events: ThreadEvents
  log: ModerationLog
  notifications: NotificationService
  groups: Pick<GroupStore, 'setPreModeration'>
  /** Titles of what threads are on (the queue says where each message was written). */
  targets: CommentTargets
}

/**
 * The chair's moderation of comments and feedback replies: approve, reject, hide and restore
 * messages (the state machine of shared/comments/states.ts), members' flags, the queue, the log,
 * and pre-moderation. The routes have decided who may; every action is logged.
 */
export class ModerationService {
  constructor(private readonly deps: ModerationServiceDeps) {}

  /** approve: pending → published (mentions are notified then); reject: pending → rejected; hide: published → hidden; restore: hidden or rejected → published. */
  async moderate(user: User, messageId: string, action: ModerationAction, reason: string | null): Promise<ThreadView> {
    const { message, thread } = await this.deps.presenter.visibleMessage(user, messageId)
    if (!canApply(action, message.state)) throw conflict('invalid_transition', `a ${message.state} message cannot be ${action === 'hide' ? 'hidden' : `${action}d`}`)
    const { to } = MODERATION_TRANSITIONS[action]
    await this.deps.events.changeThread(thread, async (events) => {
      await this.deps.store.updateMessage(messageId, { state: to, hiddenReason: to === 'published' ? null : reason })
      await this.deps.log.record(user.id, thread.groupId, action, { type: 'message', id: messageId }, { before: message.state, after: to, reason })
      if (action === 'approve') await this.deps.notifications.notifyPublished(events, thread, message)
    })
    return this.deps.presenter.threadFor(user, thread.id)
  }

  /** Flags a published message for the chair (once per person; logged). */
  async flag(user: User, messageId: string, reason: string | null): Promise<ThreadView> {
    const { message, thread } = await this.deps.presenter.visibleMessage(user, messageId)
    if (!isFlaggable(message.state)) throw conflict('invalid_transition', 'only published messages can be flagged')
    await this.deps.events.change(async (events) => {
      if (!(await this.deps.store.addFlag(messageId, user.id, reason))) return
      await this.deps.log.record(user.id, thread.groupId, 'flag', { type: 'message', id: messageId }, { reason })
      await this.deps.events.touch(events, thread)
    })
    return this.deps.presenter.threadFor(user, thread.id)
  }

  /** The chair's queue: messages awaiting approval and published messages members flagged. */
  async queue(user: User, groupId: string): Promise<ModerationQueue> {
    const v = await this.deps.presenter.viewer(user, groupId)
    const item = async (m: MessageRecord): Promise<QueueItem> => {
      const thread = (await this.deps.store.thread(m.threadId))!
      const where = (await this.deps.targets[thread.targetType].titleOf(thread.targetId)) ?? null
      return { ...(await this.deps.presenter.messageView(m, groupId, v))!, targetType: thread.targetType, targetId: thread.targetId, where, paraRef: thread.paraRef }
    }
    const pending = await Promise.all((await this.deps.store.pendingInGroup(groupId)).map(item))
    const flagged = await Promise.all((await this.deps.store.flaggedInGroup(groupId)).map(item))
    return { counts: { pending: pending.length, flagged: flagged.length }, pending, flagged }
  }

  log(groupId: string): Promise<ModerationLogEntry[]> {
    return this.deps.log.entries(groupId)
  }

  /** Turns pre-moderation on or off for a group (logged). */
  setPreModeration(user: User, groupId: string, on: boolean): Promise<void> {
    return this.deps.store.transaction(async () => {
      await this.deps.groups.setPreModeration(groupId, on)
      await this.deps.log.record(user.id, groupId, on ? 'pre-moderation on' : 'pre-moderation off', { type: 'thread', id: groupId })
    })
  }
}
