import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Actor, Target } from '../../shared/permissions.js'
import type { ThreadPresenter } from './ThreadPresenter.js'
import type { PeriodGate } from '../periods/PeriodGate.js'

/** A thread or message a route acts on (404 unless the caller may see it), and the caller in its group. */
export interface CommentScope {
  actor: Actor
  /** The group's observer setting, the author of the thread or message, whether the thread is locked. */
  target: Target
  /** The document's comment period, for a document's thread (what the close refuses is decided with it). */
  commentPeriod: { closesAt: number; closed: boolean } | null
}

/**
 * Scope resolvers for thread and message routes: what the permission row of the route reads. A
 * thread's author resolves and reopens it; a message's author edits and deletes it.
 */
export function commentScopes(presenter: ThreadPresenter, groups: Pick<GroupStore, 'getGroup'>, periods: Pick<PeriodGate, 'current'>) {
  const observersMayComment = async (groupId: string) => (await groups.getGroup(groupId))?.observersMayComment
  // A document's threads follow its comment period; feedback updates' threads have none.
  const periodOf = (thread: { targetType: string; targetId: string }) => (thread.targetType === 'document' ? periods.current(thread.targetId) : null)
  return {
    async thread({ user, params }: { user: User; params: { id: string } }): Promise<CommentScope> {
      const { thread, viewer } = await presenter.visibleThread(user, params.id)
      const commentPeriod = await periodOf(thread)
      return { actor: viewer.actor, commentPeriod, target: { observersMayComment: await observersMayComment(thread.groupId), authorId: thread.authorId, locked: thread.locked, commentPeriodClosed: commentPeriod?.closed } }
    },
    async message({ user, params }: { user: User; params: { id: string } }): Promise<CommentScope> {
      const { message, thread, viewer } = await presenter.visibleMessage(user, params.id)
      const commentPeriod = await periodOf(thread)
      return { actor: viewer.actor, commentPeriod, target: { observersMayComment: await observersMayComment(thread.groupId), authorId: message.authorId, locked: thread.locked, commentPeriodClosed: commentPeriod?.closed } }
    },
  }
}

export type CommentScopes = ReturnType<typeof commentScopes>
