import type { GroupRecord, GroupStore, MemberView, Membership, Person, StoredTemplate } from '../../groups/GroupStore.js'
import { TEMPLATE_COLUMNS } from '../templateRows.js'
import { PostgresStore } from './PostgresStore.js'

const GROUP_COLUMNS = 'id, name, observers_may_comment AS "observersMayComment", pre_moderation AS "preModeration", time_zone AS "timeZone"'
const MEMBERSHIP_COLUMNS = 'm.group_id AS "groupId", m.user_id AS "userId", m.role, m.delegation'

/** Groups and memberships in the groups and memberships tables (migrations/groups.ts). */
export class PostgresGroupStore extends PostgresStore implements GroupStore {
  listGroups(): Promise<GroupRecord[]> {
    return this.db.rows<GroupRecord>(`SELECT ${GROUP_COLUMNS} FROM groups ORDER BY created_at, id`)
  }

  getGroup(id: string): Promise<GroupRecord | undefined> {
    return this.db.row<GroupRecord>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE id = $1`, [id])
  }

  async createGroup(group: { id: string; name: string }): Promise<void> {
    await this.db.query('INSERT INTO groups (id, name, created_at) VALUES ($1, $2, $3)', [group.id, group.name, Date.now()])
  }

  async setObserversMayComment(groupId: string, allowed: boolean): Promise<void> {
    await this.db.query('UPDATE groups SET observers_may_comment = $1 WHERE id = $2', [allowed, groupId])
  }

  async setPreModeration(groupId: string, on: boolean): Promise<void> {
    await this.db.query('UPDATE groups SET pre_moderation = $1 WHERE id = $2', [on, groupId])
  }

  async setTimeZone(groupId: string, timeZone: string): Promise<void> {
    await this.db.query('UPDATE groups SET time_zone = $1 WHERE id = $2', [timeZone, groupId])
  }

  async wordTemplate(groupId: string): Promise<StoredTemplate | undefined> {
    const row = await this.db.row<Omit<StoredTemplate, 'file' | 'uploadedAt'> & { file: Buffer; uploadedAt: string }>(`SELECT ${TEMPLATE_COLUMNS} FROM group_templates WHERE group_id = $1`, [groupId])
    return row && { ...row, file: new Uint8Array(row.file), uploadedAt: Number(row.uploadedAt) }
  }

  async wordTemplateUploadedAt(groupId: string): Promise<number | undefined> {
    const row = await this.db.row<{ at: string }>('SELECT uploaded_at AS at FROM group_templates WHERE group_id = $1', [groupId])
    return row && Number(row.at)
  }

  async setWordTemplate(groupId: string, t: StoredTemplate | null): Promise<void> {
    if (!t) return void (await this.db.query('DELETE FROM group_templates WHERE group_id = $1', [groupId]))
    await this.db.query(
      `INSERT INTO group_templates (group_id, name, file, parts, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (group_id) DO UPDATE SET name = excluded.name, file = excluded.file, parts = excluded.parts, uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by`,
      [groupId, t.name, Buffer.from(t.file), t.parts, t.uploadedAt, t.uploadedBy],
    )
  }

  async setMembership(m: Membership): Promise<void> {
    await this.db.query(
      `INSERT INTO memberships (group_id, user_id, role, delegation, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role, delegation = excluded.delegation`,
      [m.groupId, m.userId, m.role, m.delegation, Date.now()],
    )
  }

  async removeMembership(groupId: string, userId: string): Promise<boolean> {
    return (await this.db.changes('DELETE FROM memberships WHERE group_id = $1 AND user_id = $2', [groupId, userId])) > 0
  }

  membership(groupId: string, userId: string): Promise<Membership | undefined> {
    return this.db.row<Membership>(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.group_id = $1 AND m.user_id = $2`, [groupId, userId])
  }

  membershipsOf(userId: string): Promise<Membership[]> {
    return this.db.rows<Membership>(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.user_id = $1 ORDER BY m.created_at`, [userId])
  }

  membershipsIn(groupId: string): Promise<Membership[]> {
    return this.db.rows<Membership>(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.group_id = $1`, [groupId])
  }

  members(groupId: string): Promise<MemberView[]> {
    return this.db.rows<MemberView>(
      `SELECT ${MEMBERSHIP_COLUMNS}, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = $1 ORDER BY m.role, u.name`,
      [groupId],
    )
  }

  async personIn(groupId: string, userId: string): Promise<Person> {
    const row = await this.db.row<{ name: string; delegation: string | null }>(
      'SELECT u.name, m.delegation FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.group_id = $1 WHERE u.id = $2',
      [groupId, userId],
    )
    return { id: userId, name: row?.name ?? 'Former member', delegation: row?.delegation ?? '' }
  }
}
