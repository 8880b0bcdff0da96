import type { Router } from '../http/Router.js'
import type { Storage } from '../persistence/Storage.js'
import type { Auth } from './Auth.js'
import type { RateLimiter } from './RateLimiter.js'
import { HttpError } from '../http/HttpError.js'
import { readJson } from '../http/json.js'
import { hashPassword, verifyPassword } from './secrets.js'
import { AcceptInvitationSchema, CreateTokenSchema, LinkSignInSchema, LoginSchema, type MeResponse } from '../../shared/authTypes.js'
import type { Principal } from './Auth.js'
import type { User } from './AccountStore.js'

export interface AuthRouteDeps {
  auth: Auth
  storage: Storage
  maxBodyBytes: number
  loginPerAccount: RateLimiter
  loginPerAddress: RateLimiter
  /** Re-decide open websocket connections after a change of rights. */
  onAccessChanged: () => void
}

function me(deps: AuthRouteDeps, user: User, csrfToken: string | null): MeResponse {
  return {
    user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin },
    memberships: deps.auth.accounts.membershipsOf(user.id).map((m) => ({
      groupId: m.groupId,
      groupName: deps.storage.getGroup(m.groupId)?.name ?? m.groupId,
      role: m.role,
      delegation: m.delegation,
    })),
    csrfToken,
  }
}

/** Sign-in, sign-out, one-time links, invitations and personal access tokens. */
export function addAuthRoutes(router: Router, deps: AuthRouteDeps) {
  const { auth, maxBodyBytes } = deps
  const accounts = auth.accounts

  router
    .add('POST', '/api/auth/login', async ({ req, res }) => {
      const address = req.socket.remoteAddress ?? 'unknown'
      const body = await readJson(req, LoginSchema, maxBodyBytes)
      const accountKey = body.email
      const wait = Math.max(deps.loginPerAddress.retryAfter(address), deps.loginPerAccount.retryAfter(accountKey))
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait))
        throw new HttpError(429, 'too_many_attempts', `too many sign-in attempts; try again in ${wait} s`)
      }
      deps.loginPerAddress.hit(address)
      const user = accounts.userByEmail(body.email)
      if (!user || !(await verifyPassword(body.password, user.passwordHash))) {
        deps.loginPerAccount.hit(accountKey)
        throw new HttpError(401, 'invalid_credentials', 'wrong email or password')
      }
      deps.loginPerAccount.reset(accountKey)
      const { csrfToken } = auth.signIn(req, res, user)
      return me(deps, user, csrfToken)
    })
    .add('POST', '/api/auth/link', async ({ req, res }) => {
      const body = await readJson(req, LinkSignInSchema, maxBodyBytes)
      const userId = accounts.consumeSignInLink(body.token)
      const user = userId && accounts.userById(userId)
      if (!user) throw new HttpError(401, 'invalid_link', 'this sign-in link is unknown, used or expired')
      const { csrfToken } = auth.signIn(req, res, user)
      return me(deps, user, csrfToken)
    })
    .add('POST', '/api/auth/logout', ({ req, res }) => {
      const p = auth.require(req)
      auth.signOut(req, res, p)
      deps.onAccessChanged()
      return undefined
    })
    .add('GET', '/api/me', ({ req }) => {
      const p = auth.require(req)
      return me(deps, p.user, p.csrfToken ?? null)
    })
    .add('GET', '/api/invitations/:token', ({ params }) => {
      const inv = accounts.invitation(params.token)
      if (!inv) throw new HttpError(404, 'invitation_not_found', 'this invitation link is unknown')
      const usable = !inv.usedAt && inv.expiresAt > Date.now()
      return { groupName: deps.storage.getGroup(inv.groupId)?.name ?? '', role: inv.role, delegation: inv.delegation, usable, expiresAt: new Date(inv.expiresAt).toISOString() }
    })
    .add('POST', '/api/invitations/:token/accept', async ({ req, res, params }) => {
      const body = await readJson(req, AcceptInvitationSchema, maxBodyBytes)
      const inv = accounts.invitation(params.token)
      if (!inv) throw new HttpError(404, 'invitation_not_found', 'this invitation link is unknown')
      if (inv.usedAt || inv.expiresAt <= Date.now()) throw new HttpError(410, 'invitation_used_or_expired', 'this invitation was already used or has expired')
      if (accounts.userByEmail(body.email)) throw new HttpError(409, 'email_taken', 'an account with this email exists; sign in and ask the chair to add you')
      const passwordHash = await hashPassword(body.password)
      // One transaction: the invitation is claimed exactly once, or no account is created.
      const user = accounts.transaction(() => {
        const created = accounts.createUser({ email: body.email, name: body.name, passwordHash })
        if (!accounts.useInvitation(params.token, created.id)) throw new HttpError(410, 'invitation_used_or_expired', 'this invitation was already used or has expired')
        accounts.setMembership({ groupId: inv.groupId, userId: created.id, role: inv.role, delegation: inv.delegation })
        return created
      })
      const { csrfToken } = auth.signIn(req, res, user)
      return me(deps, user, csrfToken)
    }, 201)
    .add('GET', '/api/tokens', ({ req }) => {
      const p = auth.require(req)
      return accounts.tokensOf(p.user.id).map(tokenView)
    })
    .add('POST', '/api/tokens', async ({ req }) => {
      const p = auth.require(req)
      const body = await readJson(req, CreateTokenSchema, maxBodyBytes)
      const { id, token } = accounts.createToken(p.user.id, body.name)
      return { id, name: body.name, token }
    }, 201)
    .add('DELETE', '/api/tokens/:id', ({ req, params }) => {
      const p: Principal = auth.require(req)
      if (!accounts.revokeToken({ id: params.id, userId: p.user.id })) throw new HttpError(404, 'token_not_found', 'no active token with this id is yours')
      deps.onAccessChanged()
      return undefined
    })
}

const tokenView = (t: { id: string; name: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }) => ({
  id: t.id,
  name: t.name,
  createdAt: new Date(t.createdAt).toISOString(),
  lastUsedAt: t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : null,
  revoked: t.revokedAt !== null,
})
