import { z } from 'zod'
import type { Auth } from '../auth/Auth.js'
import type { AccountStore } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { InvitationStore } from './InvitationStore.js'
import type { Scopes } from '../auth/scopes.js'
import { route } from '../http/route.js'
import { conflict, DomainError, notFound } from '../http/DomainError.js'
import { hashPassword } from '../auth/secrets.js'
import { PUBLIC_LINK_CEILING, signedIn } from '../auth/authRoutes.js'
import { AcceptInvitationSchema, CreateInvitationSchema } from '../../shared/authTypes.js'

export interface InvitationRouteDeps {
  auth: Auth
  accounts: AccountStore
  groups: GroupStore
  invitations: InvitationStore
  scopes: Scopes
  invitationTtlMs: number
  /** The base of links: PUBLIC_URL, else the server's own address. Never the request's Host header. */
  linkBase: () => string
  /** Whether this server converts exports to PDF (in the sign-in answer, as in /api/me). */
  pdfExport: boolean
}

const TokenParams = z.object({ token: z.string() })

/** Single-use links to join a group with a role and delegation: created by the chair, read and accepted by anyone holding one. */
export function invitationRoutes(deps: InvitationRouteDeps) {
  const { accounts, groups, invitations } = deps

  /** The invitation, when it can still be used by this email: 404, 410 or 409 otherwise. */
  const acceptable = async (token: string, email: string) => {
    const inv = await invitations.invitation(token)
    if (!inv) throw invitationNotFound()
    if (inv.usedAt || inv.expiresAt <= Date.now()) throw new DomainError('gone', 'invitation_used_or_expired', 'this invitation was already used or has expired')
    if (await accounts.userByEmail(email)) throw conflict('email_taken', 'an account with this email exists; sign in and ask the chair to add you')
    return inv
  }

  return [
    route({
      method: 'POST',
      url: '/api/groups/:id/invitations',
      summary: 'Create a single-use invitation link to join the group with a role and delegation',
      action: 'group.invite',
      params: z.object({ id: z.string() }),
      body: CreateInvitationSchema,
      status: 201,
      scope: async ({ user, params, body }) => {
        const scope = await deps.scopes.group(user, params.id)
        return { ...scope, target: { ...scope.target, grantedRole: body.role } }
      },
      handler: async ({ user, params, body }) => {
        const { token, expiresAt } = await invitations.createInvitation({ groupId: params.id, role: body.role, delegation: body.delegation, createdBy: user.id, ttlMs: deps.invitationTtlMs })
        return { token, url: `${deps.linkBase()}/#/invite/${token}`, role: body.role, delegation: body.delegation, expiresAt: new Date(expiresAt).toISOString() }
      },
    }),
    route({
      method: 'GET',
      url: '/api/invitations/:token',
      summary: 'What an invitation offers (group, role, delegation) and whether it can still be used',
      auth: 'public',
      rateLimit: PUBLIC_LINK_CEILING,
      params: TokenParams,
      handler: async ({ params }) => {
        const inv = await invitations.invitation(params.token)
        if (!inv) throw invitationNotFound()
        const usable = !inv.usedAt && inv.expiresAt > Date.now()
        return { groupName: (await groups.getGroup(inv.groupId))?.name ?? '', role: inv.role, delegation: inv.delegation, usable, expiresAt: new Date(inv.expiresAt).toISOString() }
      },
    }),
    route({
      method: 'POST',
      url: '/api/invitations/:token/accept',
      summary: 'Accept an invitation: creates the account, joins the group and signs in',
      auth: 'public',
      rateLimit: PUBLIC_LINK_CEILING,
      params: TokenParams,
      body: AcceptInvitationSchema,
      status: 201,
      handler: async ({ req, reply, params, body }) => {
        // Checked before the slow password hash, and again below in the transaction that consumes the
        // invitation: another accept may have used it, or taken the email, in between.
        await acceptable(params.token, body.email)
        const passwordHash = await hashPassword(body.password)
        const user = await accounts.transaction(async () => {
          const inv = await acceptable(params.token, body.email)
          const created = await accounts.createUser({ email: body.email, name: body.name, passwordHash })
          await invitations.useInvitation(params.token, created.id)
          await groups.setMembership({ groupId: inv.groupId, userId: created.id, role: inv.role, delegation: inv.delegation })
          return created
        })
        return signedIn({ groups, accounts: deps.auth.accounts, pdfExport: deps.pdfExport }, reply, user, await deps.auth.signIn(req.raw, user))
      },
    }),
  ]
}

const invitationNotFound = () => notFound('invitation_not_found', 'this invitation link is unknown')
