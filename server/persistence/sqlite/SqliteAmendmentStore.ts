import type { AmendmentStore, ProposalRecord, SupportRecord } from '../../amendments/AmendmentStore.js'
import { SqliteStore } from './SqliteStore.js'
import type { Synchronous } from './asyncStore.js'

const PROPOSAL_COLUMNS = `id, document_id AS documentId, group_id AS groupId, author_id AS authorId, delegation, created_at AS createdAt,
  state, kinds, inserted, deleted, formatted, para_ref AS paraRef, decided_by AS decidedBy, decided_at AS decidedAt, reason`

const toProposal = (row: Omit<ProposalRecord, 'kinds'> & { kinds: string }): ProposalRecord => ({ ...row, kinds: JSON.parse(row.kinds) as ProposalRecord['kinds'] })

/** Proposals and their supporters in the proposals and proposal_supporters tables (migrations/amendments.ts). */
export class SqliteAmendmentStore extends SqliteStore implements Synchronous<AmendmentStore> {
  proposal(id: string): ProposalRecord | undefined {
    const row = this.sql(`SELECT ${PROPOSAL_COLUMNS} FROM proposals WHERE id = ?`).get(id) as Parameters<typeof toProposal>[0] | undefined
    return row && toProposal(row)
  }

  proposalsOf(documentId: string): ProposalRecord[] {
    return (this.sql(`SELECT ${PROPOSAL_COLUMNS} FROM proposals WHERE document_id = ? ORDER BY created_at, id`).all(documentId) as Parameters<typeof toProposal>[0][]).map(toProposal)
  }

  saveProposal(p: ProposalRecord): void {
    this.sql(
      `INSERT INTO proposals (id, document_id, group_id, author_id, delegation, created_at, state, kinds, inserted, deleted, formatted, para_ref, decided_by, decided_at, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, kinds = excluded.kinds, inserted = excluded.inserted, deleted = excluded.deleted,
         formatted = excluded.formatted, para_ref = excluded.para_ref, decided_by = excluded.decided_by, decided_at = excluded.decided_at, reason = excluded.reason`,
    ).run(p.id, p.documentId, p.groupId, p.authorId, p.delegation, p.createdAt, p.state, JSON.stringify(p.kinds), p.inserted, p.deleted, p.formatted, p.paraRef, p.decidedBy, p.decidedAt, p.reason)
  }

  supportersOf(documentId: string): SupportRecord[] {
    return this.sql('SELECT proposal_id AS proposalId, user_id AS userId, delegation, at FROM proposal_supporters WHERE document_id = ? ORDER BY at, user_id').all(documentId) as SupportRecord[]
  }

  addSupport(s: SupportRecord): boolean {
    return (
      this.sql('INSERT INTO proposal_supporters (proposal_id, document_id, user_id, delegation, at) SELECT ?, document_id, ?, ?, ? FROM proposals WHERE id = ? ON CONFLICT DO NOTHING')
        .run(s.proposalId, s.userId, s.delegation, s.at, s.proposalId).changes > 0
    )
  }

  removeSupport(proposalId: string, userId: string): boolean {
    return this.sql('DELETE FROM proposal_supporters WHERE proposal_id = ? AND user_id = ?').run(proposalId, userId).changes > 0
  }
}
