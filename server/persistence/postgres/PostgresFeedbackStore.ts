import type { FeedPosition, FeedbackStore, UpdateContent, UpdateRecord, UpdateVersionRecord } from '../../feedback/FeedbackStore.js'
import { randomId } from '../../auth/secrets.js'
import type { SqlValue } from './PostgresDatabase.js'
import { PostgresStore } from './PostgresStore.js'

const COLUMNS = `id, group_id AS "groupId", author_id AS "authorId", title, body, status_label AS "statusLabel", links,
  created_at AS "createdAt", edited_at AS "editedAt", retracted_at AS "retractedAt", pinned`

type UpdateRow = Omit<UpdateRecord, 'body' | 'links'> & { body: string; links: string }

/** The body and links are stored as JSON text. */
const toUpdate = (r: UpdateRow): UpdateRecord => ({ ...r, body: JSON.parse(r.body), links: JSON.parse(r.links) })

/** Feedback updates in the feedback_* tables (migrations/feedback.ts). The feed pages along the feedback_feed index. */
export class PostgresFeedbackStore extends PostgresStore implements FeedbackStore {
  private async updates(where: string, params: SqlValue[]): Promise<UpdateRecord[]> {
    return (await this.db.rows<UpdateRow>(`SELECT ${COLUMNS} FROM feedback_updates WHERE ${where}`, params)).map(toUpdate)
  }

  async update(id: string): Promise<UpdateRecord | undefined> {
    return (await this.updates('id = $1', [id]))[0]
  }

  pinned(groupId: string): Promise<UpdateRecord[]> {
    return this.updates('group_id = $1 AND pinned ORDER BY created_at, id', [groupId])
  }

  page(groupId: string, before: FeedPosition | null, limit: number): Promise<UpdateRecord[]> {
    if (!before) return this.updates('group_id = $1 AND NOT pinned ORDER BY created_at DESC, id DESC LIMIT $2', [groupId, limit])
    return this.updates('group_id = $1 AND NOT pinned AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4', [groupId, before.at, before.id, limit])
  }

  async insert(u: UpdateContent & { groupId: string; authorId: string }): Promise<string> {
    const id = randomId()
    await this.db.query('INSERT INTO feedback_updates (id, group_id, author_id, title, body, status_label, links, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      id, u.groupId, u.authorId, u.title, JSON.stringify(u.body), u.statusLabel, JSON.stringify(u.links), Date.now(),
    ])
    return id
  }

  async keepVersion(u: UpdateRecord): Promise<void> {
    // The next number in the statement itself; two edits at once still clash on the primary key (and one is refused) rather than overwrite.
    await this.db.query(
      `INSERT INTO feedback_versions (update_id, version, title, body, status_label, links, saved_at)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6 FROM feedback_versions WHERE update_id = $1`,
      [u.id, u.title, JSON.stringify(u.body), u.statusLabel, JSON.stringify(u.links), u.editedAt ?? u.createdAt],
    )
  }

  async setContent(id: string, c: UpdateContent, editedAt: number): Promise<void> {
    await this.db.query('UPDATE feedback_updates SET title = $1, body = $2, status_label = $3, links = $4, edited_at = $5 WHERE id = $6', [
      c.title, JSON.stringify(c.body), c.statusLabel, JSON.stringify(c.links), editedAt, id,
    ])
  }

  async retract(id: string, at: number): Promise<void> {
    await this.db.query('UPDATE feedback_updates SET retracted_at = $1, pinned = false WHERE id = $2', [at, id])
  }

  async setPinned(id: string, pinned: boolean): Promise<void> {
    await this.db.query('UPDATE feedback_updates SET pinned = $1 WHERE id = $2', [pinned, id])
  }

  async versionsOf(id: string): Promise<UpdateVersionRecord[]> {
    const rows = await this.db.rows<Omit<UpdateVersionRecord, 'body'> & { body: string }>(
      'SELECT version, title, body, status_label AS "statusLabel", saved_at AS "savedAt" FROM feedback_versions WHERE update_id = $1 ORDER BY version',
      [id],
    )
    return rows.map((v) => ({ ...v, body: JSON.parse(v.body) }))
  }

  acksOf(id: string): Promise<Array<{ userId: string; at: number }>> {
    return this.db.rows('SELECT user_id AS "userId", at FROM feedback_acks WHERE update_id = $1 ORDER BY at', [id])
  }

  async addAck(id: string, userId: string): Promise<boolean> {
    return (await this.db.changes('INSERT INTO feedback_acks (update_id, user_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, userId, Date.now()])) > 0
  }

  async isRead(id: string, userId: string): Promise<boolean> {
    return !!(await this.db.row('SELECT 1 FROM feedback_reads WHERE update_id = $1 AND user_id = $2', [id, userId]))
  }

  async readersOf(id: string): Promise<string[]> {
    return (await this.db.rows<{ userId: string }>('SELECT user_id AS "userId" FROM feedback_reads WHERE update_id = $1', [id])).map((r) => r.userId)
  }

  async markRead(userId: string, groupId: string, ids?: string[]): Promise<void> {
    const which = ids ? 'AND id = ANY($4)' : ''
    await this.db.query(`INSERT INTO feedback_reads (update_id, user_id, at) SELECT id, $1, $2 FROM feedback_updates WHERE group_id = $3 ${which} ON CONFLICT DO NOTHING`, [
      userId, Date.now(), groupId, ...(ids ? [ids] : []),
    ])
  }

  async unreadCount(groupId: string, userId: string): Promise<number> {
    const row = await this.db.row<{ n: number }>(
      `SELECT COUNT(*) AS n FROM feedback_updates u WHERE u.group_id = $1 AND u.retracted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM feedback_reads r WHERE r.update_id = u.id AND r.user_id = $2)`,
      [groupId, userId],
    )
    return row!.n
  }

  async labelsOf(groupId: string): Promise<string[]> {
    return (await this.db.rows<{ label: string }>('SELECT label FROM feedback_labels WHERE group_id = $1 ORDER BY label', [groupId])).map((r) => r.label)
  }

  async addLabel(groupId: string, label: string): Promise<void> {
    await this.db.query('INSERT INTO feedback_labels (group_id, label) VALUES ($1, $2) ON CONFLICT DO NOTHING', [groupId, label])
  }
}
