import type { GroupRecord, GroupStore, MemberView, Membership, Person, StoredTemplate } from '../../groups/GroupStore.js'
import { TEMPLATE_COLUMNS } from '../templateRows.js'
import type { SqliteDatabase } from './SqliteDatabase.js'
import type { Synchronous } from './asyncStore.js'

const GROUP_COLUMNS = 'id, name, observers_may_comment = 1 AS observersMayComment, pre_moderation = 1 AS preModeration, time_zone AS timeZone'
const MEMBERSHIP_COLUMNS = 'm.group_id AS groupId, m.user_id AS userId, m.role, m.delegation'

/** SQLite answers 0/1 for a comparison: the record's booleans. */
const toGroup = (r: { id: string; name: string; observersMayComment: number; preModeration: number; timeZone: string }): GroupRecord => ({
  id: r.id,
  name: r.name,
  observersMayComment: r.observersMayComment === 1,
  preModeration: r.preModeration === 1,
  timeZone: r.timeZone,
})

/** Groups and memberships in the groups and memberships tables (migrations/groups.ts). */
export class SqliteGroupStore implements Synchronous<GroupStore> {
  constructor(private readonly db: SqliteDatabase) {}

  private sql(text: string) {
    return this.db.statement(text)
  }

  listGroups(): GroupRecord[] {
    return (this.sql(`SELECT ${GROUP_COLUMNS} FROM groups ORDER BY created_at, id`).all() as Parameters<typeof toGroup>[0][]).map(toGroup)
  }

  getGroup(id: string): GroupRecord | undefined {
    const row = this.sql(`SELECT ${GROUP_COLUMNS} FROM groups WHERE id = ?`).get(id) as Parameters<typeof toGroup>[0] | undefined
    return row && toGroup(row)
  }

  createGroup(group: { id: string; name: string }): void {
    this.sql('INSERT INTO groups (id, name, created_at) VALUES (?, ?, ?)').run(group.id, group.name, Date.now())
  }

  setObserversMayComment(groupId: string, allowed: boolean): void {
    this.sql('UPDATE groups SET observers_may_comment = ? WHERE id = ?').run(allowed ? 1 : 0, groupId)
  }

  setPreModeration(groupId: string, on: boolean): void {
    this.sql('UPDATE groups SET pre_moderation = ? WHERE id = ?').run(on ? 1 : 0, groupId)
  }

  setTimeZone(groupId: string, timeZone: string): void {
    this.sql('UPDATE groups SET time_zone = ? WHERE id = ?').run(timeZone, groupId)
  }

  wordTemplate(groupId: string): StoredTemplate | undefined {
    const row = this.sql(`SELECT ${TEMPLATE_COLUMNS} FROM group_templates WHERE group_id = ?`).get(groupId) as (Omit<StoredTemplate, 'file'> & { file: Buffer }) | undefined
    return row && { ...row, file: new Uint8Array(row.file) }
  }

  wordTemplateUploadedAt(groupId: string): number | undefined {
    return (this.sql('SELECT uploaded_at AS at FROM group_templates WHERE group_id = ?').get(groupId) as { at: number } | undefined)?.at
  }

  setWordTemplate(groupId: string, t: StoredTemplate | null): void {
    if (!t) return void this.sql('DELETE FROM group_templates WHERE group_id = ?').run(groupId)
    this.sql(
      `INSERT INTO group_templates (group_id, name, file, parts, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id) DO UPDATE SET name = excluded.name, file = excluded.file, parts = excluded.parts, uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by`,
    ).run(groupId, t.name, Buffer.from(t.file), t.parts, t.uploadedAt, t.uploadedBy)
  }

  setMembership(m: Membership): void {
    this.sql(
      `INSERT INTO memberships (group_id, user_id, role, delegation, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(group_id, user_id) DO UPDATE SET role = excluded.role, delegation = excluded.delegation`,
    ).run(m.groupId, m.userId, m.role, m.delegation, Date.now())
  }

  removeMembership(groupId: string, userId: string): boolean {
    return this.sql('DELETE FROM memberships WHERE group_id = ? AND user_id = ?').run(groupId, userId).changes > 0
  }

  membership(groupId: string, userId: string): Membership | undefined {
    return this.sql(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.group_id = ? AND m.user_id = ?`).get(groupId, userId) as Membership | undefined
  }

  membershipsOf(userId: string): Membership[] {
    return this.sql(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.user_id = ? ORDER BY m.created_at`).all(userId) as Membership[]
  }

  membershipsIn(groupId: string): Membership[] {
    return this.sql(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.group_id = ?`).all(groupId) as Membership[]
  }

  members(groupId: string): MemberView[] {
    return this.sql(
      `SELECT ${MEMBERSHIP_COLUMNS}, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = ? ORDER BY m.role, u.name`,
    ).all(groupId) as MemberView[]
  }

  personIn(groupId: string, userId: string): Person {
    const row = this.sql(
      `SELECT u.name, m.delegation FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.group_id = ? WHERE u.id = ?`,
    ).get(groupId, userId) as { name: string; delegation: string | null } | undefined
    return { id: userId, name: row?.name ?? 'Former member', delegation: row?.delegation ?? '' }
  }
}
