import { z } from 'zod'
import type { User } from '../auth/AccountStore.js'
import type { Scopes } from '../auth/scopes.js'
import { route } from '../http/route.js'
import { DocumentParams } from '../workspace/documentParams.js'
import { AnswerSignerSchema, DelegationGroupSchema, InviteSignerSchema } from '../../shared/signers/types.js'
import { signatureTarget } from './SignerPresenter.js'
import type { ResolvedSignature, ResolvedTarget, SignerService } from './SignerService.js'
import type { DelegationGroups } from './DelegationGroups.js'

const SignerParams = z.object({ id: z.string(), signerId: z.string().min(1).max(64) })
const GroupParams = z.object({ id: z.string() })
const DelegationGroupParams = z.object({ id: z.string(), delegationGroupId: z.string().min(1).max(64) })

/** Co-signers of a document's threads and proposals, and the chair's delegation groups. */
export function signerRoutes({ scopes, signers, delegationGroups }: { scopes: Scopes; signers: SignerService; delegationGroups: DelegationGroups }) {
  /** The document, and the signed target with the caller's delegation, as the rule's target. */
  const onTarget = async (user: User, docId: string, resolve: (doc: Awaited<ReturnType<Scopes['document']>>['doc']) => Promise<{ target: ResolvedTarget; signature?: ResolvedSignature }>) => {
    const scope = await scopes.document(user, docId)
    const found = await resolve(scope.doc)
    const answering = found.signature ? signers.answering(found.signature) : []
    return { ...scope, ...found, target: { ...scope.target, ...signatureTarget(found.target, scope.membership?.delegation ?? '', answering) }, signed: found.target }
  }
  const onSignature = ({ user, params }: { user: User; params: { id: string; signerId: string } }) =>
    onTarget(user, params.id, async (doc) => {
      const signature = await signers.signature(user, doc, params.signerId)
      return { target: signature.target, signature }
    })
  const onGroup = ({ user, params }: { user: User; params: { id: string } }) => scopes.group(user, params.id)

  return [
    route({
      method: 'POST',
      url: '/api/documents/:id/signers',
      summary: 'Invites a delegation, or a delegation group, to co-sign a thread or open proposal of the document (the author’s delegation)',
      params: DocumentParams,
      body: InviteSignerSchema,
      status: 201,
      action: 'signer.invite',
      scope: ({ user, params, body }) => onTarget(user, params.id, async (doc) => ({ target: await signers.target(user, doc, body.targetType, body.targetId) })),
      handler: ({ user, scope, body }) => signers.invite(user, scope.doc, scope.signed, body),
    }),
    route({
      method: 'POST',
      url: '/api/documents/:id/signers/:signerId/answer',
      summary: 'The invited delegation (for a group, its coordinator) confirms or declines co-signing',
      params: SignerParams,
      body: AnswerSignerSchema,
      action: 'signer.answer',
      scope: onSignature,
      handler: ({ user, scope, body }) => signers.answer(user, scope.doc, scope.signature!, body.answer),
    }),
    route({
      method: 'DELETE',
      url: '/api/documents/:id/signers/:signerId',
      summary: 'The author’s delegation withdraws an invitation to co-sign (or a co-signer)',
      params: SignerParams,
      action: 'signer.withdraw',
      scope: onSignature,
      handler: ({ user, scope }) => signers.withdraw(user, scope.doc, scope.signature!),
    }),
    route({
      method: 'GET',
      url: '/api/groups/:id/delegations',
      summary: 'The member delegations of a working group and its delegation groups: whom a joint position can be signed with',
      params: GroupParams,
      action: 'delegationGroup.read',
      scope: onGroup,
      handler: async ({ params }) => ({ delegations: await signers.delegationsOf(params.id), groups: await delegationGroups.list(params.id) }),
    }),
    route({
      method: 'POST',
      url: '/api/groups/:id/delegation-groups',
      summary: 'The chair defines a delegation group: a name, its delegations and the coordinator who answers for it',
      params: GroupParams,
      body: DelegationGroupSchema,
      status: 201,
      action: 'delegationGroup.manage',
      scope: onGroup,
      handler: ({ params, body }) => delegationGroups.create(params.id, body),
    }),
    route({
      method: 'PUT',
      url: '/api/groups/:id/delegation-groups/:delegationGroupId',
      summary: 'The chair renames a delegation group or changes its delegations and coordinator',
      params: DelegationGroupParams,
      body: DelegationGroupSchema,
      action: 'delegationGroup.manage',
      scope: onGroup,
      handler: ({ params, body }) => delegationGroups.update(params.id, params.delegationGroupId, body),
    }),
    route({
      method: 'DELETE',
      url: '/api/groups/:id/delegation-groups/:delegationGroupId',
      summary: 'The chair deletes a delegation group that signs nothing',
      params: DelegationGroupParams,
      action: 'delegationGroup.manage',
      scope: onGroup,
      handler: async ({ params }) => {
        await delegationGroups.delete(params.id, params.delegationGroupId)
      },
    }),
  ]
}
