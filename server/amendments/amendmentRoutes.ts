import { z } from 'zod'
import type { Scopes } from '../auth/scopes.js'
import type { AmendmentService } from './AmendmentService.js'
import { route } from '../http/route.js'
import { DocumentParams } from '../workspace/documentParams.js'
import { documentSummary, type PeriodLookup } from '../workspace/workspaceRoutes.js'
import { DecideProposalsSchema, SetModeSchema } from '../../shared/amendments/types.js'
import type { User } from '../auth/AccountStore.js'

const ProposalParams = z.object({ id: z.string(), proposalId: z.string().min(1).max(100) })

/** The editing mode and proposals of a document: list, support, withdraw, decide. AmendmentService decides what may happen now. */
export function amendmentRoutes({ scopes, amendments, periods }: { scopes: Scopes; amendments: AmendmentService; periods: PeriodLookup }) {
  const onDocument = ({ user, params }: { user: User; params: { id: string } }) => scopes.document(user, params.id)
  /** The document, and the open proposal acted on as the rule's target (its author). */
  const onProposal = async ({ user, params }: { user: User; params: { id: string; proposalId: string } }) => {
    const scope = await scopes.document(user, params.id)
    const proposal = await amendments.openProposal(scope.doc.id, params.proposalId)
    return { ...scope, target: { ...scope.target, authorId: proposal.authorId } }
  }
  return [
    route({
      method: 'PUT',
      url: '/api/documents/:id/mode',
      summary: 'Sets the editing mode: open co-editing, or amendments (members’ and the DG office’s changes become proposals)',
      params: DocumentParams,
      body: SetModeSchema,
      action: 'document.setMode',
      scope: onDocument,
      handler: async ({ scope, body }) => documentSummary(await amendments.setMode(scope.doc, body.mode), scope.group, scope.actor, await periods.current(scope.doc.id)),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/proposals',
      summary: 'The editing mode and the proposals: open ones in document order with live paragraph references, then decided ones',
      params: DocumentParams,
      action: 'document.read',
      scope: onDocument,
      handler: ({ user, scope }) => amendments.list(user, scope.doc),
    }),
    route({
      method: 'POST',
      url: '/api/documents/:id/proposals/:proposalId/support',
      summary: 'Joins a proposal for the caller’s delegation',
      params: ProposalParams,
      action: 'proposal.support',
      scope: onDocument,
      handler: ({ user, scope, params }) => amendments.support(user, scope.doc, params.proposalId),
    }),
    route({
      method: 'DELETE',
      url: '/api/documents/:id/proposals/:proposalId/support',
      summary: 'Withdraws the caller’s support of a proposal',
      params: ProposalParams,
      action: 'proposal.support',
      scope: onDocument,
      handler: ({ user, scope, params }) => amendments.unsupport(user, scope.doc, params.proposalId),
    }),
    route({
      method: 'POST',
      url: '/api/documents/:id/proposals/:proposalId/withdraw',
      summary: 'The author withdraws a proposal: its text leaves the document',
      params: ProposalParams,
      action: 'proposal.withdraw',
      scope: onProposal,
      handler: ({ user, scope, params }) => amendments.withdraw(user, scope.doc, params.proposalId),
    }),
    route({
      method: 'POST',
      url: '/api/documents/:id/proposals/decide',
      summary: 'The chair accepts or rejects proposals (one or several), with an optional reason, as one change of the document',
      params: DocumentParams,
      body: DecideProposalsSchema,
      action: 'proposal.decide',
      scope: onDocument,
      handler: async ({ user, scope, body }) => ({ decided: await amendments.decide(user, scope.doc, body.ids, body.decision, body.reason ?? null) }),
    }),
  ]
}
