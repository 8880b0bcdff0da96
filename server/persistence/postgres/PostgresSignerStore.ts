import type { DelegationGroupRecord, SignatureRecord, SignerStore } from '../../signers/SignerStore.js'
import { isUniqueViolation, type SqlValue } from './PostgresDatabase.js'
import { PostgresStore } from './PostgresStore.js'

const SIGNATURE_COLUMNS = `id, group_id AS "groupId", document_id AS "documentId", target_type AS "targetType", target_id AS "targetId", signer_kind AS "signerKind",
  signer, state, invited_by AS "invitedBy", invited_at AS "invitedAt", answered_by AS "answeredBy", answered_at AS "answeredAt"`
const GROUP_COLUMNS = 'id, group_id AS "groupId", name, delegations, coordinator, created_at AS "createdAt"'

type GroupRow = Omit<DelegationGroupRecord, 'delegations'> & { delegations: string }
/** A group's delegations are stored as a JSON array of names. */
const toGroup = (r: GroupRow): DelegationGroupRecord => ({ ...r, delegations: JSON.parse(r.delegations) as string[] })

/** Joint positions in the signatures and delegation_groups tables (migrations/signers.ts). */
export class PostgresSignerStore extends PostgresStore implements SignerStore {
  private signatures(where: string, params: SqlValue[]): Promise<SignatureRecord[]> {
    return this.db.rows<SignatureRecord>(`SELECT ${SIGNATURE_COLUMNS} FROM signatures WHERE ${where} ORDER BY ord`, params)
  }

  async signature(id: string): Promise<SignatureRecord | undefined> {
    return (await this.signatures('id = $1', [id]))[0]
  }

  signaturesOf(targetType: SignatureRecord['targetType'], targetId: string): Promise<SignatureRecord[]> {
    return this.signatures('target_type = $1 AND target_id = $2', [targetType, targetId])
  }

  signaturesOfDocument(documentId: string): Promise<SignatureRecord[]> {
    return this.signatures('document_id = $1', [documentId])
  }

  async addSignature(s: SignatureRecord): Promise<boolean> {
    const sql = `INSERT INTO signatures (id, group_id, document_id, target_type, target_id, signer_kind, signer, state, invited_by, invited_at, answered_by, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`
    return (await this.db.changes(sql, [s.id, s.groupId, s.documentId, s.targetType, s.targetId, s.signerKind, s.signer, s.state, s.invitedBy, s.invitedAt, s.answeredBy, s.answeredAt])) > 0
  }

  async answer(id: string, state: 'confirmed' | 'declined', by: string, at: number): Promise<boolean> {
    return (await this.db.changes(`UPDATE signatures SET state = $1, answered_by = $2, answered_at = $3 WHERE id = $4 AND state = 'invited'`, [state, by, at, id])) > 0
  }

  async removeSignature(id: string): Promise<boolean> {
    return (await this.db.changes('DELETE FROM signatures WHERE id = $1', [id])) > 0
  }

  async groupSigns(delegationGroupId: string): Promise<boolean> {
    return (await this.db.row(`SELECT 1 AS one FROM signatures WHERE signer_kind = 'group' AND signer = $1 LIMIT 1`, [delegationGroupId])) !== undefined
  }

  async delegationGroup(id: string): Promise<DelegationGroupRecord | undefined> {
    const row = await this.db.row<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM delegation_groups WHERE id = $1`, [id])
    return row && toGroup(row)
  }

  async delegationGroups(groupId: string): Promise<DelegationGroupRecord[]> {
    return (await this.db.rows<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM delegation_groups WHERE group_id = $1 ORDER BY name, id`, [groupId])).map(toGroup)
  }

  async saveDelegationGroup(g: DelegationGroupRecord): Promise<boolean> {
    const sql = `INSERT INTO delegation_groups (id, group_id, name, delegations, coordinator, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, delegations = excluded.delegations, coordinator = excluded.coordinator`
    // The UNIQUE (group_id, name) constraint decides, also between two saves at once.
    try {
      await this.db.query(sql, [g.id, g.groupId, g.name, JSON.stringify(g.delegations), g.coordinator, g.createdAt])
      return true
    } catch (error) {
      if (isUniqueViolation(error)) return false
      throw error
    }
  }

  async deleteDelegationGroup(id: string): Promise<boolean> {
    return (await this.db.changes('DELETE FROM delegation_groups WHERE id = $1', [id])) > 0
  }
}
