import type { Router } from '../http/Router.js'
import type { Storage } from '../persistence/Storage.js'
import type { Auth } from './Auth.js'
import type { RateLimiter } from './RateLimiter.js'
import { HttpError } from '../http/HttpError.js'
import { readJson } from '../http/json.js'
import { dummyPasswordHash, hashPassword, verifyPassword } from './secrets.js'
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
  // Made now, so the first sign-in with an unknown email takes no longer than any other.
  void dummyPasswordHash()

  /** The invitation, when it can still be used by this email: 404, 410 or 409 otherwise. */
  const acceptable = (token: string, email: string) => {
    const inv = accounts.invitation(token)
    if (!inv) throw new HttpError(404, 'invitation_not_found', 'this invitation link is unknown')
    if (inv.usedAt || inv.expiresAt <= Date.now()) throw new HttpError(410, 'invitation_used_or_expired', 'this invitation was already used or has expired')
    if (accounts.userByEmail(email)) throw new HttpError(409, 'email_taken', 'an account with this email exists; sign in and ask the chair to add you')
    return inv
  }

  router
    .add('POST', '/api/auth/login', async ({ req, res }) => {
      const address = auth.clientAddress(req)
      const body = await readJson(req, LoginSchema, maxBodyBytes)
      const user = accounts.userByEmail(body.email)
      // By account when there is one, so no spelling of its address gets a budget of its own.
      const accountKey = user ? `user:${user.id}` : `email:${body.email}`
      const wait = Math.max(deps.loginPerAddress.retryAfter(address), deps.loginPerAccount.retryAfter(accountKey))
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait))
        throw new HttpError(429, 'too_many_attempts', `too many sign-in attempts; try again in ${wait} s`)
      }
      // Counted before the (slow, asynchronous) password check, in the same tick as the check above:
      // attempts sent in parallel are refused once the limit is reached, not after they were all tried.
      deps.loginPerAddress.hit(address)
      const notAFailure = deps.loginPerAccount.hit(accountKey)
      const matches = await verifyPassword(body.password, user?.passwordHash ?? null)
      // The password may have been reset while it was being checked: the new one decides.
      const current = user && accounts.userByEmail(body.email)
      if (!matches || !current || current.id !== user.id || current.passwordHash !== user.passwordHash) {
        throw new HttpError(401, 'invalid_credentials', 'wrong email or password')
      }
      // A success withdraws its own attempt only: failures stay counted until they leave the
      // 15-minute window, so signing in never gives anyone a fresh budget of guesses.
      notAFailure()
      const { csrfToken } = auth.signIn(req, res, current)
      return me(deps, current, csrfToken)
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
      // Checked before the slow password hash, and again below in the transaction that consumes the
      // invitation: another accept may have used it, or taken the email, in between.
      acceptable(params.token, body.email)
      const passwordHash = await hashPassword(body.password)
      const user = accounts.transaction(() => {
        const inv = acceptable(params.token, body.email)
        const created = accounts.createUser({ email: body.email, name: body.name, passwordHash })
        accounts.useInvitation(params.token, created.id)
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
