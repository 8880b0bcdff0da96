import type { DelegationGroupRecord, SignatureRecord, SignerStore } from '../../signers/SignerStore.js'
import { SqliteStore } from './SqliteStore.js'
import type { Synchronous } from './asyncStore.js'

const SIGNATURE_COLUMNS = `id, group_id AS groupId, document_id AS documentId, target_type AS targetType, target_id AS targetId, signer_kind AS signerKind,
  signer, state, invited_by AS invitedBy, invited_at AS invitedAt, answered_by AS answeredBy, answered_at AS answeredAt`
const GROUP_COLUMNS = 'id, group_id AS groupId, name, delegations, coordinator, created_at AS createdAt'

type GroupRow = Omit<DelegationGroupRecord, 'delegations'> & { delegations: string }
/** A group's delegations are stored as a JSON array of names. */
const toGroup = (r: GroupRow): DelegationGroupRecord => ({ ...r, delegations: JSON.parse(r.delegations) as string[] })

/** Joint positions in the signatures and delegation_groups tables (migrations/signers.ts). */
export class SqliteSignerStore extends SqliteStore implements Synchronous<SignerStore> {
  private signatures(where: string, ...params: unknown[]): SignatureRecord[] {
    return this.sql(`SELECT ${SIGNATURE_COLUMNS} FROM signatures WHERE ${where} ORDER BY rowid`).all(...params) as SignatureRecord[]
  }

  signature(id: string): SignatureRecord | undefined {
    return this.signatures('id = ?', id)[0]
  }

  signaturesOf(targetType: SignatureRecord['targetType'], targetId: string): SignatureRecord[] {
    return this.signatures('target_type = ? AND target_id = ?', targetType, targetId)
  }

  signaturesOfDocument(documentId: string): SignatureRecord[] {
    return this.signatures('document_id = ?', documentId)
  }

  addSignature(s: SignatureRecord): boolean {
    return (
      this.sql(
        `INSERT INTO signatures (id, group_id, document_id, target_type, target_id, signer_kind, signer, state, invited_by, invited_at, answered_by, answered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ).run(s.id, s.groupId, s.documentId, s.targetType, s.targetId, s.signerKind, s.signer, s.state, s.invitedBy, s.invitedAt, s.answeredBy, s.answeredAt).changes > 0
    )
  }

  answer(id: string, state: 'confirmed' | 'declined', by: string, at: number): boolean {
    return this.sql(`UPDATE signatures SET state = ?, answered_by = ?, answered_at = ? WHERE id = ? AND state = 'invited'`).run(state, by, at, id).changes > 0
  }

  removeSignature(id: string): boolean {
    return this.sql('DELETE FROM signatures WHERE id = ?').run(id).changes > 0
  }

  groupSigns(delegationGroupId: string): boolean {
    return this.sql(`SELECT 1 FROM signatures WHERE signer_kind = 'group' AND signer = ? LIMIT 1`).get(delegationGroupId) !== undefined
  }

  delegationGroup(id: string): DelegationGroupRecord | undefined {
    const row = this.sql(`SELECT ${GROUP_COLUMNS} FROM delegation_groups WHERE id = ?`).get(id) as GroupRow | undefined
    return row && toGroup(row)
  }

  delegationGroups(groupId: string): DelegationGroupRecord[] {
    return (this.sql(`SELECT ${GROUP_COLUMNS} FROM delegation_groups WHERE group_id = ? ORDER BY name, id`).all(groupId) as GroupRow[]).map(toGroup)
  }

  saveDelegationGroup(g: DelegationGroupRecord): boolean {
    if (this.sql('SELECT 1 FROM delegation_groups WHERE group_id = ? AND name = ? AND id <> ?').get(g.groupId, g.name, g.id)) return false
    this.sql(
      `INSERT INTO delegation_groups (id, group_id, name, delegations, coordinator, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, delegations = excluded.delegations, coordinator = excluded.coordinator`,
    ).run(g.id, g.groupId, g.name, JSON.stringify(g.delegations), g.coordinator, g.createdAt)
    return true
  }

  deleteDelegationGroup(id: string): boolean {
    return this.sql('DELETE FROM delegation_groups WHERE id = ?').run(id).changes > 0
  }
}
