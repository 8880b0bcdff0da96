import type { AmendmentStore, ProposalRecord, SupportRecord } from '../../amendments/AmendmentStore.js'
import { PostgresStore } from './PostgresStore.js'

const PROPOSAL_COLUMNS = `id, document_id AS "documentId", group_id AS "groupId", author_id AS "authorId", delegation, created_at AS "createdAt",
  state, kinds, inserted, deleted, formatted, para_ref AS "paraRef", decided_by AS "decidedBy", decided_at AS "decidedAt", reason`

type ProposalRow = Omit<ProposalRecord, 'kinds'> & { kinds: string }

const toProposal = (row: ProposalRow): ProposalRecord => ({ ...row, kinds: JSON.parse(row.kinds) as ProposalRecord['kinds'] })

/** Proposals and their supporters in the proposals and proposal_supporters tables (migrations/amendments.ts). */
export class PostgresAmendmentStore extends PostgresStore implements AmendmentStore {
  async proposal(id: string): Promise<ProposalRecord | undefined> {
    const row = await this.db.row<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM proposals WHERE id = $1`, [id])
    return row && toProposal(row)
  }

  async proposalsOf(documentId: string): Promise<ProposalRecord[]> {
    return (await this.db.rows<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM proposals WHERE document_id = $1 ORDER BY created_at, id`, [documentId])).map(toProposal)
  }

  async saveProposal(p: ProposalRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO proposals (id, document_id, group_id, author_id, delegation, created_at, state, kinds, inserted, deleted, formatted, para_ref, decided_by, decided_at, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, kinds = excluded.kinds, inserted = excluded.inserted, deleted = excluded.deleted,
         formatted = excluded.formatted, para_ref = excluded.para_ref, decided_by = excluded.decided_by, decided_at = excluded.decided_at, reason = excluded.reason`,
      [p.id, p.documentId, p.groupId, p.authorId, p.delegation, p.createdAt, p.state, JSON.stringify(p.kinds), p.inserted, p.deleted, p.formatted, p.paraRef, p.decidedBy, p.decidedAt, p.reason],
    )
  }

  supportersOf(documentId: string): Promise<SupportRecord[]> {
    return this.db.rows<SupportRecord>('SELECT proposal_id AS "proposalId", user_id AS "userId", delegation, at FROM proposal_supporters WHERE document_id = $1 ORDER BY at, user_id', [documentId])
  }

  async addSupport(s: SupportRecord): Promise<boolean> {
    return (
      (await this.db.changes('INSERT INTO proposal_supporters (proposal_id, document_id, user_id, delegation, at) SELECT $1, document_id, $2, $3, $4 FROM proposals WHERE id = $1 ON CONFLICT DO NOTHING', [
        s.proposalId, s.userId, s.delegation, s.at,
      ])) > 0
    )
  }

  async removeSupport(proposalId: string, userId: string): Promise<boolean> {
    return (await this.db.changes('DELETE FROM proposal_supporters WHERE proposal_id = $1 AND user_id = $2', [proposalId, userId])) > 0
  }
}
