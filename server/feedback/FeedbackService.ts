import type Database from 'better-sqlite3'
import { statementCache } from '../persistence/statementCache.js'
import type { Storage } from '../persistence/Storage.js'
import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { EventHub, ChangeEvent } from '../events/EventHub.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { CommentService } from '../comments/CommentService.js'
import type { CommentStore } from '../comments/CommentStore.js'
import { conflict, forbidden, invalid, notFound } from '../http/DomainError.js'
import { actorIn } from '../auth/access.js'
import { randomId } from '../auth/secrets.js'
import { can, type Action, type Actor, type Target } from '../../shared/permissions.js'
import { computeNumbering } from '../../shared/schema/numbering.js'
import { checkFeedbackBody } from '../../shared/feedback/schema.js'
import { DEFAULT_STATUS_LABELS, type FeedbackLink, type FeedbackLinkView, type FeedbackUpdateView, type FeedPage } from '../../shared/feedback/types.js'
import type { ThreadView } from '../../shared/comments/types.js'

interface UpdateRow {
  id: string
  group_id: string
  author_id: string
  title: string
  body: string
  status_label: string | null
  links: string
  created_at: number
  edited_at: number | null
  retracted_at: number | null
  pinned: number
}

export interface FeedbackInput {
  title: string
  body: Record<string, unknown>
  statusLabel?: string | null
  links: FeedbackLink[]
}

const encodeCursor = (r: UpdateRow) => Buffer.from(`${r.created_at}:${r.id}`).toString('base64url')
function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':')
  if (!/^\d+$/.test(at ?? '') || !id) throw invalid('invalid_cursor', 'the page cursor is not valid')
  return { at: Number(at), id }
}

/**
 * The DG office's feedback updates: a paginated feed per group, live to every member, with
 * acknowledgements, edit history, retraction, a pinned update, and a reply thread per update that
 * is an ordinary comment thread (so the chair's moderation applies to it unchanged).
 */
export class FeedbackService {
  /** Prepared statements, prepared once: views are rendered for every viewer on every change. */
  private readonly sql: (text: string) => Database.Statement

  constructor(
    private readonly db: Database.Database,
    private readonly storage: Storage,
    private readonly groups: GroupStore,
    private readonly comments: CommentService,
    private readonly commentStore: CommentStore,
    private readonly reader: DocumentReader,
    private readonly hub: EventHub,
  ) {
    this.sql = statementCache(db)
    comments.registerTarget('feedback', { groupOf: (id) => this.row(id)?.group_id })
    comments.answeredTitle = (id) => this.row(id)?.title
    hub.register('feedback-unread', (groupId, viewer) => (can(actorIn(groups, viewer, groupId).actor, 'group.read') ? { groupId, unread: this.unread(viewer, groupId) } : null))
    hub.register('feedback', (id, viewer) => {
      const row = this.row(id)
      return row && can(actorIn(groups, viewer, row.group_id).actor, 'group.read') ? this.view(row, viewer) : null
    })
  }

  private row(id: string): UpdateRow | undefined {
    return this.sql('SELECT * FROM feedback_updates WHERE id = ?').get(id) as UpdateRow | undefined
  }

  private actor(user: User, groupId: string) {
    return actorIn(this.groups, user, groupId).actor
  }

  /** An update the user may read; 404 for unknown or foreign ids. */
  private visible(user: User, id: string): UpdateRow {
    const row = this.row(id)
    if (!row || !can(this.actor(user, row.group_id), 'group.read')) throw notFound('update_not_found', `no feedback update with id "${id}"`)
    return row
  }

  /** What an update route acts on: the update (404 unless this user may read it) and the caller in its group. */
  updateScope(user: User, id: string): { actor: Actor; target: Target; updateId: string } {
    const row = this.visible(user, id)
    return { actor: this.actor(user, row.group_id), target: { observersMayComment: this.storage.getGroup(row.group_id)?.observersMayComment }, updateId: id }
  }

  labels(groupId: string): string[] {
    const custom = (this.sql('SELECT label FROM feedback_labels WHERE group_id = ? ORDER BY label').all(groupId) as Array<{ label: string }>).map((r) => r.label)
    return [...DEFAULT_STATUS_LABELS, ...custom.filter((l) => !DEFAULT_STATUS_LABELS.includes(l))]
  }

  addLabel(user: User, groupId: string, label: string): string[] {
    this.sql('INSERT OR IGNORE INTO feedback_labels (group_id, label) VALUES (?, ?)').run(groupId, label)
    return this.labels(groupId)
  }

  private threadOf(updateId: string): string | null {
    return (this.commentStore.threadsOf('feedback', updateId)[0]?.id as string | undefined) ?? null
  }

  /** A link as this viewer sees it: a comment thread they may not see (awaiting approval, rejected) reads as deleted. */
  private linkView(groupId: string, link: FeedbackLink, viewer: User): FeedbackLinkView {
    if (link.type === 'paragraph') {
      const doc = this.storage.getDocument(link.documentId)
      const ok = doc?.groupId === groupId
      return { ...link, label: `${ok ? doc!.title : 'Deleted document'}, para ${link.paraRef}`, broken: !ok }
    }
    if (link.type === 'thread') {
      const t = this.commentStore.thread(link.threadId)
      const ok = t?.group_id === groupId && t.target_type === 'document' && this.comments.threadVisibleTo(viewer, t.id)
      return { ...link, documentId: ok ? t!.target_id : undefined, label: ok ? `Comment on para ${t!.para_ref ?? '—'}` : 'Deleted comment', broken: !ok }
    }
    const u = this.row(link.updateId)
    const ok = u?.group_id === groupId
    return { ...link, label: ok ? u!.title : 'Deleted update', broken: !ok }
  }

  /** Refuses links to places outside the group, or to paragraphs the document does not have. */
  private checkLinks(groupId: string, links: FeedbackLink[]): void {
    for (const link of links) {
      if (link.type === 'paragraph') {
        if (this.storage.getDocument(link.documentId)?.groupId !== groupId) throw invalid('invalid_link', `no document "${link.documentId}" in this group`)
        const refs = computeNumbering(this.reader.read(link.documentId).pm).map((i) => i.reference)
        if (!refs.includes(link.paraRef)) throw invalid('invalid_link', `the document has no paragraph ${link.paraRef}`)
      } else if (link.type === 'thread') {
        if (this.commentStore.thread(link.threadId)?.group_id !== groupId) throw invalid('invalid_link', `no comment thread "${link.threadId}" in this group`)
      } else if (this.row(link.updateId)?.group_id !== groupId) {
        throw invalid('invalid_link', `no feedback update "${link.updateId}" in this group`)
      }
    }
  }

  private checkInput(groupId: string, input: FeedbackInput): void {
    const problem = checkFeedbackBody(input.body)
    if (problem) throw invalid('invalid_body', problem)
    if (input.statusLabel && !this.labels(groupId).includes(input.statusLabel)) throw invalid('unknown_label', `"${input.statusLabel}" is not a status label of this group`)
    this.checkLinks(groupId, input.links)
  }

  view(row: UpdateRow, viewer: User): FeedbackUpdateView {
    const actor = this.actor(viewer, row.group_id)
    const acks = this.sql('SELECT a.user_id, a.at FROM feedback_acks a WHERE a.update_id = ? ORDER BY a.at')
      .all(row.id) as Array<{ user_id: string; at: number }>
    const seesAcks = can(actor, 'feedback.seeAcks')
    const threadId = this.threadOf(row.id)
    const thread = threadId ? this.comments.threadOrNull(viewer, threadId) : null
    const versions = this.sql('SELECT * FROM feedback_versions WHERE update_id = ? ORDER BY version').all(row.id) as Array<{
      version: number
      title: string
      body: string
      status_label: string | null
      saved_at: number
    }>
    return {
      id: row.id,
      groupId: row.group_id,
      title: row.title,
      body: JSON.parse(row.body),
      statusLabel: row.status_label,
      links: (JSON.parse(row.links) as FeedbackLink[]).map((l) => this.linkView(row.group_id, l, viewer)),
      author: this.groups.personIn(row.group_id, row.author_id),
      postedAt: new Date(row.created_at).toISOString(),
      editedAt: row.edited_at ? new Date(row.edited_at).toISOString() : null,
      retracted: row.retracted_at !== null,
      retractedAt: row.retracted_at ? new Date(row.retracted_at).toISOString() : null,
      pinned: row.pinned === 1,
      previousVersions: versions.map((v) => ({ version: v.version, title: v.title, body: JSON.parse(v.body), statusLabel: v.status_label, savedAt: new Date(v.saved_at).toISOString() })),
      acknowledgedByMe: acks.some((a) => a.user_id === viewer.id),
      acknowledgements: acks.length,
      acknowledgedBy: seesAcks
        ? acks.map((a) => {
            const { name, delegation } = this.groups.personIn(row.group_id, a.user_id)
            return { name, delegation, at: new Date(a.at).toISOString() }
          })
        : null,
      read: !!this.sql('SELECT 1 FROM feedback_reads WHERE update_id = ? AND user_id = ?').get(row.id, viewer.id),
      threadId,
      replies: thread ? thread.messages.length : 0,
    }
  }

  get(user: User, id: string): FeedbackUpdateView {
    return this.view(this.visible(user, id), user)
  }

  /** The unread count of a group's feed, for a member of the group. */
  unreadFor(user: User, groupId: string): number {
    return this.unread(user, groupId)
  }

  unread(user: User, groupId: string): number {
    return (
      this.sql(
          `SELECT COUNT(*) AS n FROM feedback_updates u WHERE u.group_id = ? AND u.retracted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM feedback_reads r WHERE r.update_id = u.id AND r.user_id = ?)`,
        )
        .get(groupId, user.id) as { n: number }
    ).n
  }

  /** Newest first, `limit` at a time; the pinned update leads the first page. */
  feed(user: User, groupId: string, before: string | null, limit: number): FeedPage {
    const cursor = this.hub.latestSeq()
    const pinned = before ? [] : (this.sql('SELECT * FROM feedback_updates WHERE group_id = ? AND pinned = 1').all(groupId) as UpdateRow[])
    const page = before
      ? (() => {
          const c = decodeCursor(before)
          return this.sql(
              `SELECT * FROM feedback_updates WHERE group_id = ? AND pinned = 0 AND (created_at < ? OR (created_at = ? AND id < ?))
               ORDER BY created_at DESC, id DESC LIMIT ?`,
            )
            .all(groupId, c.at, c.at, c.id, limit + 1) as UpdateRow[]
        })()
      : (this.sql('SELECT * FROM feedback_updates WHERE group_id = ? AND pinned = 0 ORDER BY created_at DESC, id DESC LIMIT ?').all(groupId, limit + 1) as UpdateRow[])
    const more = page.length > limit
    const rows = page.slice(0, limit)
    return {
      updates: [...pinned, ...rows].map((r) => this.view(r, user)),
      next: more ? encodeCursor(rows[rows.length - 1]) : null,
      unread: this.unread(user, groupId),
      labels: this.labels(groupId),
      cursor,
    }
  }

  private publish(fn: (events: ChangeEvent[]) => void): void {
    const events: ChangeEvent[] = []
    this.db.transaction(() => fn(events)).immediate()
    this.hub.publish(...events)
  }

  post(user: User, groupId: string, input: FeedbackInput): FeedbackUpdateView {
    this.checkInput(groupId, input)
    const id = randomId()
    this.publish((events) => {
      this.sql('INSERT INTO feedback_updates (id, group_id, author_id, title, body, status_label, links, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, groupId, user.id, input.title, JSON.stringify(input.body), input.statusLabel ?? null, JSON.stringify(input.links), Date.now())
      this.sql('INSERT INTO feedback_reads (update_id, user_id, at) VALUES (?, ?, ?)').run(id, user.id, Date.now())
      events.push(this.hub.record(groupId, 'feedback', id))
    })
    return this.get(user, id)
  }

  /** Edits an update; the previous wording is kept as a version anyone can read. */
  edit(user: User, id: string, input: FeedbackInput): FeedbackUpdateView {
    const row = this.visible(user, id)
    if (row.retracted_at) throw conflict('retracted', 'a retracted update cannot be edited')
    this.checkInput(row.group_id, input)
    this.publish((events) => {
      const version = (this.sql('SELECT COUNT(*) AS n FROM feedback_versions WHERE update_id = ?').get(id) as { n: number }).n + 1
      this.sql('INSERT INTO feedback_versions (update_id, version, title, body, status_label, links, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, version, row.title, row.body, row.status_label, row.links, row.edited_at ?? row.created_at)
      this.sql('UPDATE feedback_updates SET title = ?, body = ?, status_label = ?, links = ?, edited_at = ? WHERE id = ?')
        .run(input.title, JSON.stringify(input.body), input.statusLabel ?? null, JSON.stringify(input.links), Date.now(), id)
      events.push(this.hub.record(row.group_id, 'feedback', id))
    })
    return this.get(user, id)
  }

  retract(user: User, id: string): FeedbackUpdateView {
    const row = this.visible(user, id)
    if (row.retracted_at) throw conflict('retracted', 'the update is already retracted')
    this.publish((events) => {
      this.sql('UPDATE feedback_updates SET retracted_at = ?, pinned = 0 WHERE id = ?').run(Date.now(), id)
      events.push(this.hub.record(row.group_id, 'feedback', id))
    })
    return this.get(user, id)
  }

  /** Pins one update to the top of the feed (unpinning any other), or unpins it. */
  setPinned(user: User, id: string, pinned: boolean): FeedbackUpdateView {
    const row = this.visible(user, id)
    if (pinned && row.retracted_at) throw conflict('retracted', 'a retracted update cannot be pinned')
    this.publish((events) => {
      if (pinned) {
        const others = this.sql('SELECT id FROM feedback_updates WHERE group_id = ? AND pinned = 1 AND id != ?').all(row.group_id, id) as Array<{ id: string }>
        this.sql('UPDATE feedback_updates SET pinned = 0 WHERE group_id = ? AND pinned = 1').run(row.group_id)
        for (const o of others) events.push(this.hub.record(row.group_id, 'feedback', o.id))
      }
      this.sql('UPDATE feedback_updates SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, id)
      events.push(this.hub.record(row.group_id, 'feedback', id))
    })
    return this.get(user, id)
  }

  acknowledge(user: User, id: string): FeedbackUpdateView {
    const row = this.visible(user, id)
    if (row.retracted_at) throw conflict('retracted', 'a retracted update cannot be acknowledged')
    this.publish((events) => {
      const added = this.sql('INSERT OR IGNORE INTO feedback_acks (update_id, user_id, at) VALUES (?, ?, ?)').run(id, user.id, Date.now()).changes
      if (added) events.push(this.hub.record(row.group_id, 'feedback', id))
    })
    return this.get(user, id)
  }

  /** Marks updates read for this user (all of the group's when ids is omitted). */
  markRead(user: User, groupId: string, ids?: string[]): { unread: number } {
    const targets = ids ?? (this.sql('SELECT id FROM feedback_updates WHERE group_id = ?').all(groupId) as Array<{ id: string }>).map((r) => r.id)
    const insert = this.sql('INSERT OR IGNORE INTO feedback_reads (update_id, user_id, at) SELECT id, ?, ? FROM feedback_updates WHERE id = ? AND group_id = ?')
    this.publish((events) => {
      for (const id of targets) insert.run(user.id, Date.now(), id, groupId)
      // The person's other tabs update their badge too.
      events.push(this.hub.record(groupId, 'feedback-unread', groupId, user.id))
    })
    return { unread: this.unread(user, groupId) }
  }

  /** Replies to an update: its one reply thread, started by the first reply. Moderation applies as to comments. */
  reply(user: User, id: string, body: string): ThreadView {
    const row = this.visible(user, id)
    const existing = this.threadOf(id)
    return existing ? this.comments.reply(user, existing, body) : this.comments.createTargetThread(user, 'feedback', row.id, body)
  }

  thread(user: User, id: string): ThreadView | null {
    this.visible(user, id)
    const threadId = this.threadOf(id)
    if (!threadId) return null
    try {
      return this.comments.threadFor(user, threadId)
    } catch {
      return null
    }
  }
}
