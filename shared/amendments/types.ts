import { z } from 'zod'
import type { PersonView } from '../comments/types.js'
import type { ProposalKind } from './proposal.js'
import type { SignerView } from '../signers/types.js'

/**
 * How a document is edited. open: direct co-editing (anyone may still choose to suggest);
 * amendments: every change by a member or the DG office is a proposal; the chair decides.
 */
export const EDITING_MODES = ['open', 'amendments'] as const
export type EditingMode = (typeof EDITING_MODES)[number]

/** Body of PUT /api/documents/:id/mode. */
export const SetModeSchema = z.strictObject({ mode: z.enum(EDITING_MODES) })

/** Body of POST /api/documents/:id/proposals/decide: the proposals, accept or reject, and the chair's reason. */
export const DecideProposalsSchema = z.strictObject({
  ids: z.array(z.string().min(1).max(100)).min(1).max(1000),
  decision: z.enum(['accept', 'reject']),
  reason: z.string().trim().max(2000).optional(),
})
export type DecideProposals = z.infer<typeof DecideProposalsSchema>

/** Where a proposal stands. open: in the text, awaiting the chair; the others are decided and gone from the text. */
export type ProposalState = 'open' | 'accepted' | 'rejected' | 'withdrawn'

/** A delegation that joined a proposal. */
export interface Supporter {
  userId: string
  name: string
  delegation: string
  at: string
}

/**
 * A proposal as the API shows it: what the document holds (text, kinds, live paragraph reference)
 * joined with what the server keeps (supporters, decision). Decided proposals keep the text they had
 * when they were decided.
 */
export interface ProposalView {
  id: string
  documentId: string
  author: PersonView
  /** The delegation the proposal was made for (its author's, when made). */
  delegation: string | null
  createdAt: string
  kinds: ProposalKind[]
  /** Text the proposal inserts, deletes, and reformats. */
  inserted: string
  deleted: string
  formatted: string
  /** The paragraph it is in now ("6", "9(b)"); for a decided one, where it was. */
  paraRef: string | null
  /** Its start in the current document (ProseMirror position), for ordering and scrolling; null once decided. */
  position: number | null
  state: ProposalState
  supporters: Supporter[]
  supportedByMe: boolean
  /** Delegations (and delegation groups) invited to co-sign it, and their answers: a joint proposal (shared/signers). Always sent by the server; none on a proposal still being typed. */
  signers?: SignerView[]
  decidedBy: PersonView | null
  decidedAt: string | null
  /** The chair's reason for accepting or rejecting it. */
  reason: string | null
}

/** GET /api/documents/:id/proposals: the document's mode, its open proposals in document order, then decided ones, newest first. */
export interface ProposalList {
  documentId: string
  mode: EditingMode
  proposals: ProposalView[]
  /** The change-feed cursor, for the event stream ('proposals' events carry a document id). */
  cursor: number
}
