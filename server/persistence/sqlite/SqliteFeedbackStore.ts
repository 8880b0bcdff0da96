import type { FeedPosition, FeedbackStore, UpdateContent, UpdateRecord, UpdateVersionRecord } from '../../feedback/FeedbackStore.js'
import { SqliteStore } from './SqliteStore.js'
import { randomId } from '../../auth/secrets.js'
import type { Synchronous } from './asyncStore.js'

const COLUMNS = `id, group_id AS groupId, author_id AS authorId, title, body, status_label AS statusLabel, links,
  created_at AS createdAt, edited_at AS editedAt, retracted_at AS retractedAt, pinned`

type UpdateRow = Omit<UpdateRecord, 'body' | 'links' | 'pinned'> & { body: string; links: string; pinned: number }

/** The body and links are stored as JSON, pinned as 0/1. */
const toUpdate = (r: UpdateRow): UpdateRecord => ({ ...r, body: JSON.parse(r.body), links: JSON.parse(r.links), pinned: r.pinned === 1 })

/** Feedback updates in the feedback_* tables (migrations/feedback.ts). The feed pages along the feedback_feed index. */
export class SqliteFeedbackStore extends SqliteStore implements Synchronous<FeedbackStore> {
  private updates(where: string, ...params: unknown[]): UpdateRecord[] {
    return (this.sql(`SELECT ${COLUMNS} FROM feedback_updates WHERE ${where}`).all(...params) as UpdateRow[]).map(toUpdate)
  }

  update(id: string): UpdateRecord | undefined {
    return this.updates('id = ?', id)[0]
  }

  pinned(groupId: string): UpdateRecord[] {
    return this.updates('group_id = ? AND pinned = 1', groupId)
  }

  page(groupId: string, before: FeedPosition | null, limit: number): UpdateRecord[] {
    if (!before) return this.updates('group_id = ? AND pinned = 0 ORDER BY created_at DESC, id DESC LIMIT ?', groupId, limit)
    return this.updates('group_id = ? AND pinned = 0 AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?', groupId, before.at, before.at, before.id, limit)
  }

  insert(u: UpdateContent & { groupId: string; authorId: string }): string {
    const id = randomId()
    this.sql('INSERT INTO feedback_updates (id, group_id, author_id, title, body, status_label, links, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, u.groupId, u.authorId, u.title, JSON.stringify(u.body), u.statusLabel, JSON.stringify(u.links), Date.now())
    return id
  }

  keepVersion(u: UpdateRecord): void {
    const version = (this.sql('SELECT COUNT(*) AS n FROM feedback_versions WHERE update_id = ?').get(u.id) as { n: number }).n + 1
    this.sql('INSERT INTO feedback_versions (update_id, version, title, body, status_label, links, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(u.id, version, u.title, JSON.stringify(u.body), u.statusLabel, JSON.stringify(u.links), u.editedAt ?? u.createdAt)
  }

  setContent(id: string, c: UpdateContent, editedAt: number): void {
    this.sql('UPDATE feedback_updates SET title = ?, body = ?, status_label = ?, links = ?, edited_at = ? WHERE id = ?')
      .run(c.title, JSON.stringify(c.body), c.statusLabel, JSON.stringify(c.links), editedAt, id)
  }

  retract(id: string, at: number): void {
    this.sql('UPDATE feedback_updates SET retracted_at = ?, pinned = 0 WHERE id = ?').run(at, id)
  }

  setPinned(id: string, pinned: boolean): void {
    this.sql('UPDATE feedback_updates SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, id)
  }

  versionsOf(id: string): UpdateVersionRecord[] {
    const rows = this.sql('SELECT version, title, body, status_label AS statusLabel, saved_at AS savedAt FROM feedback_versions WHERE update_id = ? ORDER BY version').all(id) as Array<
      Omit<UpdateVersionRecord, 'body'> & { body: string }
    >
    return rows.map((v) => ({ ...v, body: JSON.parse(v.body) }))
  }

  acksOf(id: string): Array<{ userId: string; at: number }> {
    return this.sql('SELECT user_id AS userId, at FROM feedback_acks WHERE update_id = ? ORDER BY at').all(id) as Array<{ userId: string; at: number }>
  }

  addAck(id: string, userId: string): boolean {
    return this.sql('INSERT OR IGNORE INTO feedback_acks (update_id, user_id, at) VALUES (?, ?, ?)').run(id, userId, Date.now()).changes > 0
  }

  isRead(id: string, userId: string): boolean {
    return !!this.sql('SELECT 1 FROM feedback_reads WHERE update_id = ? AND user_id = ?').get(id, userId)
  }

  readersOf(id: string): string[] {
    return (this.sql('SELECT user_id AS userId FROM feedback_reads WHERE update_id = ?').all(id) as Array<{ userId: string }>).map((r) => r.userId)
  }

  markRead(userId: string, groupId: string, ids?: string[]): void {
    const targets = ids ?? (this.sql('SELECT id FROM feedback_updates WHERE group_id = ?').all(groupId) as Array<{ id: string }>).map((r) => r.id)
    const insert = this.sql('INSERT OR IGNORE INTO feedback_reads (update_id, user_id, at) SELECT id, ?, ? FROM feedback_updates WHERE id = ? AND group_id = ?')
    for (const id of targets) insert.run(userId, Date.now(), id, groupId)
  }

  unreadCount(groupId: string, userId: string): number {
    return (
      this.sql(
        `SELECT COUNT(*) AS n FROM feedback_updates u WHERE u.group_id = ? AND u.retracted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM feedback_reads r WHERE r.update_id = u.id AND r.user_id = ?)`,
      ).get(groupId, userId) as { n: number }
    ).n
  }

  labelsOf(groupId: string): string[] {
    return (this.sql('SELECT label FROM feedback_labels WHERE group_id = ? ORDER BY label').all(groupId) as Array<{ label: string }>).map((r) => r.label)
  }

  addLabel(groupId: string, label: string): void {
    this.sql('INSERT OR IGNORE INTO feedback_labels (group_id, label) VALUES (?, ?)').run(groupId, label)
  }
}
