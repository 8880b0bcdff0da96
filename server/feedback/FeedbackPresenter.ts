import type { AccountStore, User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { ThreadService } from '../comments/ThreadService.js'
import { actorIn } from '../auth/access.js'
import { can } from '../../shared/permissions.js'
import type { FeedbackUpdateView } from '../../shared/feedback/types.js'
import type { FeedbackStore, UpdateRecord } from './FeedbackStore.js'
import type { FeedbackLinks } from './FeedbackLinks.js'

export interface FeedbackPresenterDeps {
  store: FeedbackStore
  links: FeedbackLinks
  threads: Pick<ThreadService, 'threadIdOn' | 'threadOrNull'>
  groups: Pick<GroupStore, 'membership' | 'personIn'>
  accounts: Pick<AccountStore, 'userById'>
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * An update as one reader sees it: its links as they stand for them, whether they read and
 * acknowledged it, how many replies they can see, and who acknowledged (feedback.seeAcks: the DG
 * office and the chair).
 */
export class FeedbackPresenter {
  constructor(private readonly deps: FeedbackPresenterDeps) {}

  async view(u: UpdateRecord, viewer: User): Promise<FeedbackUpdateView> {
    const { store, groups } = this.deps
    const acks = await store.acksOf(u.id)
    const threadId = await this.deps.threads.threadIdOn('feedback', u.id)
    const thread = threadId ? await this.deps.threads.threadOrNull(viewer, threadId) : null
    const seesAcks = can((await actorIn(groups, viewer, u.groupId)).actor, 'feedback.seeAcks')
    const acker = async (a: { userId: string; at: number }) => ({
      name: (await this.deps.accounts.userById(a.userId))?.name ?? '',
      delegation: (await groups.membership(u.groupId, a.userId))?.delegation ?? '',
      at: iso(a.at),
    })
    return {
      id: u.id,
      groupId: u.groupId,
      title: u.title,
      body: u.body,
      statusLabel: u.statusLabel,
      links: await Promise.all(u.links.map((l) => this.deps.links.view(u.groupId, l, viewer))),
      author: await groups.personIn(u.groupId, u.authorId),
      postedAt: iso(u.createdAt),
      editedAt: u.editedAt ? iso(u.editedAt) : null,
      retracted: u.retractedAt !== null,
      retractedAt: u.retractedAt ? iso(u.retractedAt) : null,
      pinned: u.pinned,
      previousVersions: (await store.versionsOf(u.id)).map((v) => ({ version: v.version, title: v.title, body: v.body, statusLabel: v.statusLabel, savedAt: iso(v.savedAt) })),
      acknowledgedByMe: acks.some((a) => a.userId === viewer.id),
      acknowledgements: acks.length,
      acknowledgedBy: seesAcks ? await Promise.all(acks.map(acker)) : null,
      read: await store.isRead(u.id, viewer.id),
      threadId,
      replies: thread ? thread.messages.length : 0,
    }
  }
}
