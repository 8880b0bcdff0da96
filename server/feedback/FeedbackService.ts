import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { ChangeEvent, EventHub } from '../events/EventHub.js'
import type { ThreadService } from '../comments/ThreadService.js'
import { actorIn } from '../auth/access.js'
import { conflict, invalid, notFound } from '../http/DomainError.js'
import { can } from '../../shared/permissions.js'
import { checkFeedbackBody } from '../../shared/feedback/schema.js'
import { DEFAULT_STATUS_LABELS, type FeedbackLink, type FeedbackLinkInput, type FeedbackUpdateView, type FeedPage } from '../../shared/feedback/types.js'
import type { ThreadView } from '../../shared/comments/types.js'
import type { FeedPosition, FeedbackStore, UpdateContent, UpdateRecord } from './FeedbackStore.js'
import type { FeedbackLinks } from './FeedbackLinks.js'
import type { FeedbackPresenter } from './FeedbackPresenter.js'

export interface FeedbackInput {
  title: string
  body: Record<string, unknown>
  statusLabel?: string | null
  links: FeedbackLinkInput[]
}

export interface FeedbackServiceDeps {
  store: FeedbackStore
  presenter: FeedbackPresenter
  links: FeedbackLinks
  threads: Pick<ThreadService, 'threadIdOn' | 'start' | 'reply' | 'threadOrNull'>
  groups: Pick<GroupStore, 'membership'>
  hub: EventHub
}

const encodeCursor = (u: UpdateRecord) => Buffer.from(`${u.createdAt}:${u.id}`).toString('base64url')
function decodeCursor(cursor: string): FeedPosition {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':')
  if (!/^\d+$/.test(at ?? '') || !id) throw invalid('invalid_cursor', 'the page cursor is not valid')
  return { at: Number(at), id }
}

/**
 * The DG office's feedback updates: a paginated feed per group, live to every member, with
 * acknowledgements, edit history, retraction, a pinned update, and a reply thread per update that
 * is an ordinary comment thread (started and replied to through ThreadService, as on documents, so
 * the chair's moderation applies unchanged). The routes have decided who may.
 */
export class FeedbackService {
  constructor(private readonly deps: FeedbackServiceDeps) {}

  private async readsGroup(user: User, groupId: string): Promise<boolean> {
    return can((await actorIn(this.deps.groups, user, groupId)).actor, 'group.read')
  }

  /** An update the user may read; 404 for unknown or foreign ids. */
  async visible(user: User, id: string): Promise<UpdateRecord> {
    const update = await this.deps.store.update(id)
    if (!update || !(await this.readsGroup(user, update.groupId))) throw notFound('update_not_found', `no feedback update with id "${id}"`)
    return update
  }

  private view(update: UpdateRecord, viewer: User): Promise<FeedbackUpdateView> {
    return this.deps.presenter.view(update, viewer)
  }

  async get(user: User, id: string): Promise<FeedbackUpdateView> {
    return this.view(await this.visible(user, id), user)
  }

  /** The group's unread count for this viewer, or null when they are not in it (what the change feed sends). */
  async unreadEvent(viewer: User, groupId: string): Promise<{ groupId: string; unread: number } | null> {
    return (await this.readsGroup(viewer, groupId)) ? { groupId, unread: await this.unread(viewer, groupId) } : null
  }

  async labels(groupId: string): Promise<string[]> {
    return [...DEFAULT_STATUS_LABELS, ...(await this.deps.store.labelsOf(groupId)).filter((l) => !DEFAULT_STATUS_LABELS.includes(l))]
  }

  async addLabel(groupId: string, label: string): Promise<string[]> {
    await this.deps.store.addLabel(groupId, label)
    return this.labels(groupId)
  }

  unread(user: User, groupId: string): Promise<number> {
    return this.deps.store.unreadCount(groupId, user.id)
  }

  /** Newest first, `limit` at a time; the pinned update leads the first page. */
  async feed(user: User, groupId: string, before: string | null, limit: number): Promise<FeedPage> {
    const cursor = await this.deps.hub.latestSeq()
    const pinned = before ? [] : await this.deps.store.pinned(groupId)
    const page = await this.deps.store.page(groupId, before ? decodeCursor(before) : null, limit + 1)
    const rows = page.slice(0, limit)
    return {
      updates: await Promise.all([...pinned, ...rows].map((u) => this.view(u, user))),
      next: page.length > limit ? encodeCursor(rows[rows.length - 1]) : null,
      unread: await this.unread(user, groupId),
      labels: await this.labels(groupId),
      cursor,
    }
  }

  /** Writes a change with the events it records in one transaction, then publishes them. */
  private publish<T>(fn: (events: ChangeEvent[]) => Promise<T>): Promise<T> {
    return this.deps.hub.change(this.deps.store, fn)
  }

  private async record(events: ChangeEvent[], update: Pick<UpdateRecord, 'id' | 'groupId'>): Promise<void> {
    events.push(await this.deps.hub.record(update.groupId, 'feedback', update.id))
  }

  /**
   * What will be stored: 400 for a body outside the schema, a label the group does not have, or a
   * link outside the group; paragraph links placed in their documents (FeedbackLinks.place).
   */
  private async checkInput(groupId: string, input: FeedbackInput, previous: FeedbackLink[] = []): Promise<UpdateContent> {
    const problem = checkFeedbackBody(input.body)
    if (problem) throw invalid('invalid_body', problem)
    if (input.statusLabel && !(await this.labels(groupId)).includes(input.statusLabel)) throw invalid('unknown_label', `"${input.statusLabel}" is not a status label of this group`)
    return { title: input.title, body: input.body, statusLabel: input.statusLabel ?? null, links: await this.deps.links.place(groupId, input.links, previous) }
  }

  async post(user: User, groupId: string, input: FeedbackInput): Promise<FeedbackUpdateView> {
    const content = await this.checkInput(groupId, input)
    const id = await this.publish(async (events) => {
      const id = await this.deps.store.insert({ ...content, groupId, authorId: user.id })
      await this.deps.store.markRead(user.id, groupId, [id])
      await this.record(events, { id, groupId })
      return id
    })
    return this.get(user, id)
  }

  /** A retracted update can be neither edited nor retracted again, pinned or acknowledged. */
  private async live(user: User, id: string, refusal: string): Promise<UpdateRecord> {
    const update = await this.visible(user, id)
    if (update.retractedAt) throw conflict('retracted', refusal)
    return update
  }

  /** Edits an update; the previous wording is kept as a version anyone can read. */
  async edit(user: User, id: string, input: FeedbackInput): Promise<FeedbackUpdateView> {
    const update = await this.live(user, id, 'a retracted update cannot be edited')
    const content = await this.checkInput(update.groupId, input, update.links)
    await this.publish(async (events) => {
      await this.deps.store.keepVersion(update)
      await this.deps.store.setContent(id, content, Date.now())
      await this.record(events, update)
    })
    return this.get(user, id)
  }

  async retract(user: User, id: string): Promise<FeedbackUpdateView> {
    const update = await this.live(user, id, 'the update is already retracted')
    await this.publish(async (events) => {
      await this.deps.store.retract(id, Date.now())
      await this.record(events, update)
    })
    return this.get(user, id)
  }

  /** Pins one update to the top of the feed (unpinning any other), or unpins it. */
  async setPinned(user: User, id: string, pinned: boolean): Promise<FeedbackUpdateView> {
    const update = pinned ? await this.live(user, id, 'a retracted update cannot be pinned') : await this.visible(user, id)
    await this.publish(async (events) => {
      for (const other of pinned ? await this.deps.store.pinned(update.groupId) : []) {
        if (other.id === id) continue
        await this.deps.store.setPinned(other.id, false)
        await this.record(events, other)
      }
      await this.deps.store.setPinned(id, pinned)
      await this.record(events, update)
    })
    return this.get(user, id)
  }

  async acknowledge(user: User, id: string): Promise<FeedbackUpdateView> {
    const update = await this.live(user, id, 'a retracted update cannot be acknowledged')
    await this.publish(async (events) => {
      if (await this.deps.store.addAck(id, user.id)) await this.record(events, update)
    })
    return this.get(user, id)
  }

  /** Marks updates read for this user (all of the group's when ids is omitted); their other tabs update their badge too. */
  async markRead(user: User, groupId: string, ids?: string[]): Promise<{ unread: number }> {
    await this.publish(async (events) => {
      await this.deps.store.markRead(user.id, groupId, ids)
      events.push(await this.deps.hub.record(groupId, 'feedback-unread', groupId, user.id))
    })
    return { unread: await this.unread(user, groupId) }
  }

  /** Replies to an update: its one reply thread, started by the first reply. Moderation applies as to comments. */
  async reply(user: User, id: string, body: string): Promise<ThreadView> {
    await this.visible(user, id)
    const existing = await this.deps.threads.threadIdOn('feedback', id)
    return existing ? this.deps.threads.reply(user, existing, body) : this.deps.threads.start(user, { type: 'feedback', id }, { body })
  }

  /** The update's reply thread as this user sees it; null before the first reply. */
  async thread(user: User, id: string): Promise<ThreadView | null> {
    await this.visible(user, id)
    const threadId = await this.deps.threads.threadIdOn('feedback', id)
    return threadId ? this.deps.threads.threadOrNull(user, threadId) : null
  }
}
