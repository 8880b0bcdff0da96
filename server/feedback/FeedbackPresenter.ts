import type { AccountStore, User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { ThreadService } from '../comments/ThreadService.js'
import type { ThreadPresentation } from '../comments/ThreadPresenter.js'
import type { Presentation } from '../events/EventHub.js'
import { actorIn, actorsIn } from '../auth/access.js'
import { can, type Actor } from '../../shared/permissions.js'
import type { ThreadView } from '../../shared/comments/types.js'
import type { FeedbackUpdateView } from '../../shared/feedback/types.js'
import type { FeedbackStore, UpdateRecord } from './FeedbackStore.js'
import type { FeedbackLinks } from './FeedbackLinks.js'

export interface FeedbackPresenterDeps {
  store: FeedbackStore
  links: FeedbackLinks
  threads: Pick<ThreadService, 'threadIdOn' | 'presentation'>
  groups: Pick<GroupStore, 'membership' | 'membershipsIn' | 'personIn'>
  accounts: Pick<AccountStore, 'userById'>
}

/**
 * An update with everything its views read that depends on who looks, loaded once, so the views
 * and audiences of many viewers all come from the same state (as ThreadState for threads).
 */
interface UpdateState {
  update: UpdateRecord
  acks: Array<{ userId: string; at: number }>
  readers: Set<string>
  threadId: string | null
  /** Its reply thread (how many replies a viewer sees) and the threads it links to (whether they see each). */
  reply: ThreadPresentation | null
  linked: Map<string, ThreadPresentation>
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
    return this.render(await this.state(u), viewer, (await actorIn(this.deps.groups, viewer, u.groupId)).actor)
  }

  private async state(update: UpdateRecord, viewerCount = 1): Promise<UpdateState> {
    const { store, threads } = this.deps
    const threadId = await threads.threadIdOn('feedback', update.id)
    const linkedIds = [...new Set(update.links.flatMap((l) => (l.type === 'thread' ? [l.threadId] : [])))]
    const [acks, readers, reply, linked] = await Promise.all([
      store.acksOf(update.id),
      store.readersOf(update.id),
      threadId ? threads.presentation(threadId, viewerCount) : null,
      Promise.all(linkedIds.map(async (id) => [id, await threads.presentation(id, viewerCount)] as const)),
    ])
    return { update, acks, readers: new Set(readers), threadId, reply, linked: new Map(linked) }
  }

  /**
   * An update's presentation on the event streams, rendered once per audience. The key holds what
   * render reads of its viewer: role and admin flag (whether they read the group; who acknowledged
   * is for the DG office and the chair), whether they acknowledged and read it, and their audience
   * of its reply thread (how many replies they see) and of each thread it links to (whether that
   * link reads as deleted for them). Each viewer's role is read once, for their key and their view.
   */
  async presentation(id: string, viewerCount = 1): Promise<Presentation> {
    const update = await this.deps.store.update(id)
    const state = update && (await this.state(update, viewerCount))
    const roleOf = actorsIn(this.deps.groups, update?.groupId ?? '', viewerCount)
    const actorOf = async (user: User) => (await roleOf(user)).actor
    return {
      audience: async (user) => {
        if (!state) return ''
        const actor = await actorOf(user)
        const threads = await Promise.all([state.reply, ...state.linked.values()].map((t) => t?.audience(user) ?? null))
        return JSON.stringify([actor.role, actor.isAdmin, state.acks.some((a) => a.userId === user.id), state.readers.has(user.id), threads])
      },
      render: async (user) => {
        if (!state) return null
        const actor = await actorOf(user)
        return can(actor, 'group.read') ? this.render(state, user, actor) : null
      },
    }
  }

  private async render(state: UpdateState, viewer: User, actor: Actor): Promise<FeedbackUpdateView> {
    const { store, groups } = this.deps
    const { update: u, acks, threadId } = state
    const thread = state.reply && ((await state.reply.render(viewer)) as ThreadView | null)
    const seesAcks = can(actor, 'feedback.seeAcks')
    const sees = (id: string) => state.linked.get(id)?.exists(viewer) ?? Promise.resolve(false)
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
      links: await Promise.all(u.links.map((l) => this.deps.links.viewWith(u.groupId, l, sees))),
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
      read: state.readers.has(viewer.id),
      threadId,
      replies: thread ? thread.messages.length : 0,
    }
  }
}
