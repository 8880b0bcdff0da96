import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { ChangeEvent, EventHub } from '../events/EventHub.js'
import type { ThreadService } from '../comments/ThreadService.js'
import { actorIn } from '../auth/access.js'
import { conflict, invalid, notFound } from '../http/DomainError.js'
import { can } from '../../shared/permissions.js'
import { checkFeedbackBody } from '../../shared/feedback/schema.js'
import { DEFAULT_STATUS_LABELS, type FeedbackLink, type FeedbackUpdateView, type FeedPage } from '../../shared/feedback/types.js'
import type { ThreadView } from '../../shared/comments/types.js'
import type { FeedPosition, FeedbackStore, UpdateRecord } from './FeedbackStore.js'
import type { FeedbackLinks } from './FeedbackLinks.js'
import type { FeedbackPresenter } from './FeedbackPresenter.js'

export interface FeedbackInput {
  title: string
  body: Record<string, unknown>
  statusLabel?: string | null
  links: FeedbackLink[]
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

  private readsGroup(user: User, groupId: string): boolean {
    return can(actorIn(this.deps.groups, user, groupId).actor, 'group.read')
  }

  /** An update the user may read; 404 for unknown or foreign ids. */
  visible(user: User, id: string): UpdateRecord {
    const update = this.deps.store.update(id)
    if (!update || !this.readsGroup(user, update.groupId)) throw notFound('update_not_found', `no feedback update with id "${id}"`)
    return update
  }

  private view(update: UpdateRecord, viewer: User): FeedbackUpdateView {
    return this.deps.presenter.view(update, viewer)
  }

  get(user: User, id: string): FeedbackUpdateView {
    return this.view(this.visible(user, id), user)
  }

  /** The update as this viewer sees it now, or null when they may not (what the change feed sends). */
  viewFor(viewer: User, id: string): FeedbackUpdateView | null {
    const update = this.deps.store.update(id)
    return update && this.readsGroup(viewer, update.groupId) ? this.view(update, viewer) : null
  }

  /** The group's unread count for this viewer, or null when they are not in it (what the change feed sends). */
  unreadEvent(viewer: User, groupId: string): { groupId: string; unread: number } | null {
    return this.readsGroup(viewer, groupId) ? { groupId, unread: this.unread(viewer, groupId) } : null
  }

  labels(groupId: string): string[] {
    return [...DEFAULT_STATUS_LABELS, ...this.deps.store.labelsOf(groupId).filter((l) => !DEFAULT_STATUS_LABELS.includes(l))]
  }

  addLabel(groupId: string, label: string): string[] {
    this.deps.store.addLabel(groupId, label)
    return this.labels(groupId)
  }

  unread(user: User, groupId: string): number {
    return this.deps.store.unreadCount(groupId, user.id)
  }

  /** Newest first, `limit` at a time; the pinned update leads the first page. */
  feed(user: User, groupId: string, before: string | null, limit: number): FeedPage {
    const cursor = this.deps.hub.latestSeq()
    const pinned = before ? [] : this.deps.store.pinned(groupId)
    const page = this.deps.store.page(groupId, before ? decodeCursor(before) : null, limit + 1)
    const rows = page.slice(0, limit)
    return {
      updates: [...pinned, ...rows].map((u) => this.view(u, user)),
      next: page.length > limit ? encodeCursor(rows[rows.length - 1]) : null,
      unread: this.unread(user, groupId),
      labels: this.labels(groupId),
      cursor,
    }
  }

  /** Writes a change with the events it records in one transaction, then publishes them. */
  private publish<T>(fn: (events: ChangeEvent[]) => T): T {
    const events: ChangeEvent[] = []
    const result = this.deps.store.transaction(() => fn(events))
    this.deps.hub.publish(...events)
    return result
  }

  private record(events: ChangeEvent[], update: Pick<UpdateRecord, 'id' | 'groupId'>): void {
    events.push(this.deps.hub.record(update.groupId, 'feedback', update.id))
  }

  /** 400 for a body outside the schema, a label the group does not have, or a link outside the group. */
  private checkInput(groupId: string, input: FeedbackInput): void {
    const problem = checkFeedbackBody(input.body)
    if (problem) throw invalid('invalid_body', problem)
    if (input.statusLabel && !this.labels(groupId).includes(input.statusLabel)) throw invalid('unknown_label', `"${input.statusLabel}" is not a status label of this group`)
    this.deps.links.check(groupId, input.links)
  }

  post(user: User, groupId: string, input: FeedbackInput): FeedbackUpdateView {
    this.checkInput(groupId, input)
    const id = this.publish((events) => {
      const id = this.deps.store.insert({ ...input, statusLabel: input.statusLabel ?? null, groupId, authorId: user.id })
      this.deps.store.markRead(user.id, groupId, [id])
      this.record(events, { id, groupId })
      return id
    })
    return this.get(user, id)
  }

  /** A retracted update can be neither edited nor retracted again, pinned or acknowledged. */
  private live(user: User, id: string, refusal: string): UpdateRecord {
    const update = this.visible(user, id)
    if (update.retractedAt) throw conflict('retracted', refusal)
    return update
  }

  /** Edits an update; the previous wording is kept as a version anyone can read. */
  edit(user: User, id: string, input: FeedbackInput): FeedbackUpdateView {
    const update = this.live(user, id, 'a retracted update cannot be edited')
    this.checkInput(update.groupId, input)
    this.publish((events) => {
      this.deps.store.keepVersion(update)
      this.deps.store.setContent(id, { ...input, statusLabel: input.statusLabel ?? null }, Date.now())
      this.record(events, update)
    })
    return this.get(user, id)
  }

  retract(user: User, id: string): FeedbackUpdateView {
    const update = this.live(user, id, 'the update is already retracted')
    this.publish((events) => {
      this.deps.store.retract(id, Date.now())
      this.record(events, update)
    })
    return this.get(user, id)
  }

  /** Pins one update to the top of the feed (unpinning any other), or unpins it. */
  setPinned(user: User, id: string, pinned: boolean): FeedbackUpdateView {
    const update = pinned ? this.live(user, id, 'a retracted update cannot be pinned') : this.visible(user, id)
    this.publish((events) => {
      for (const other of pinned ? this.deps.store.pinned(update.groupId) : []) {
        if (other.id === id) continue
        this.deps.store.setPinned(other.id, false)
        this.record(events, other)
      }
      this.deps.store.setPinned(id, pinned)
      this.record(events, update)
    })
    return this.get(user, id)
  }

  acknowledge(user: User, id: string): FeedbackUpdateView {
    const update = this.live(user, id, 'a retracted update cannot be acknowledged')
    this.publish((events) => {
      if (this.deps.store.addAck(id, user.id)) this.record(events, update)
    })
    return this.get(user, id)
  }

  /** Marks updates read for this user (all of the group's when ids is omitted); their other tabs update their badge too. */
  markRead(user: User, groupId: string, ids?: string[]): { unread: number } {
    this.publish((events) => {
      this.deps.store.markRead(user.id, groupId, ids)
      events.push(this.deps.hub.record(groupId, 'feedback-unread', groupId, user.id))
    })
    return { unread: this.unread(user, groupId) }
  }

  /** Replies to an update: its one reply thread, started by the first reply. Moderation applies as to comments. */
  reply(user: User, id: string, body: string): ThreadView {
    this.visible(user, id)
    const existing = this.deps.threads.threadIdOn('feedback', id)
    return existing ? this.deps.threads.reply(user, existing, body) : this.deps.threads.start(user, { type: 'feedback', id }, { body })
  }

  /** The update's reply thread as this user sees it; null before the first reply. */
  thread(user: User, id: string): ThreadView | null {
    this.visible(user, id)
    const threadId = this.deps.threads.threadIdOn('feedback', id)
    return threadId ? this.deps.threads.threadOrNull(user, threadId) : null
  }
}
