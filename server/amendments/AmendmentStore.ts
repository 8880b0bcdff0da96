import type { ProposalKind } from '../../shared/amendments/proposal.js'
import type { ProposalState } from '../../shared/amendments/types.js'
import type { Transactional } from '../persistence/Transactional.js'

/**
 * What the server keeps of a proposal: the document holds its text (as marks); this holds who it
 * belongs to and where it stands. A row exists once someone supported it or it was decided; a
 * decided one keeps the text it had then. Times are milliseconds since the epoch.
 */
export interface ProposalRecord {
  id: string
  documentId: string
  groupId: string
  authorId: string
  delegation: string | null
  createdAt: number
  state: ProposalState
  kinds: ProposalKind[]
  inserted: string
  deleted: string
  formatted: string
  paraRef: string | null
  decidedBy: string | null
  decidedAt: number | null
  reason: string | null
}

/** A delegation's support of a proposal. */
export interface SupportRecord {
  proposalId: string
  userId: string
  delegation: string
  at: number
}

/** Proposals' decisions and supporters (the amendments capability). */
export interface AmendmentStore extends Transactional {
  proposal(id: string): Promise<ProposalRecord | undefined>
  /** A document's recorded proposals, oldest first. */
  proposalsOf(documentId: string): Promise<ProposalRecord[]>
  /** Records a proposal, or replaces what is recorded of it (its text, its state and decision). */
  saveProposal(proposal: ProposalRecord): Promise<void>
  /** Supporters of a document's proposals, in the order they joined. */
  supportersOf(documentId: string): Promise<SupportRecord[]>
  /** False when this person already supports it. */
  addSupport(support: SupportRecord): Promise<boolean>
  /** False when this person did not support it. */
  removeSupport(proposalId: string, userId: string): Promise<boolean>
}
