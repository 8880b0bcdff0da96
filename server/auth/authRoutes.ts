import { z } from 'zod'
import type { FastifyReply } from 'fastify'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Auth, SessionCookie } from './Auth.js'
import type { AccountStore, TokenRecord, User } from './AccountStore.js'
import type { RateLimiter } from './RateLimiter.js'
import { route } from '../http/route.js'
import { DomainError, notFound } from '../http/DomainError.js'
import { dummyPasswordHash, verifyPassword } from './secrets.js'
import { meView, type MeSources } from './meView.js'
import { CreateTokenSchema, LinkSignInSchema, LoginSchema } from '../../shared/authTypes.js'

export interface AuthRouteDeps {
  auth: Auth
  accounts: AccountStore
  groups: GroupStore
  loginPerAccount: RateLimiter
  loginPerAddress: RateLimiter
  /** Re-decide open websockets and event streams after a change of rights. */
  onAccessChanged: () => void
  /** Whether this server converts exports to PDF (told to the client in /api/me). */
  pdfExport: boolean
}

/** Sets the session cookie and answers like GET /api/me. */
export function signedIn(sources: MeSources, reply: FastifyReply, user: User, session: { csrfToken: string; cookie: SessionCookie }) {
  setCookie(reply, session.cookie)
  return meView(sources, user, session.csrfToken)
}

const setCookie = (reply: FastifyReply, c: SessionCookie) => reply.setCookie(c.name, c.value, c.options)

/**
 * The ceiling per address on the public routes that use a secret link (sign-in links, invitations).
 * Password sign-in has its own limits (per address and failures per account, LOGIN_MAX_*).
 */
export const PUBLIC_LINK_CEILING = { max: 60, perMs: 60_000 }

/** Sign-in with a password or a one-time link, sign-out, the caller's account, and personal access tokens. */
export function authRoutes(deps: AuthRouteDeps) {
  const { auth, accounts, groups, pdfExport } = deps
  // Made now, so the first sign-in with an unknown email takes no longer than any other.
  void dummyPasswordHash()

  return [
    route({
      method: 'POST',
      url: '/api/auth/login',
      summary: 'Sign in with email and password: sets the session cookie, answers the account and its CSRF token',
      auth: 'public',
      body: LoginSchema,
      handler: async ({ req, reply, body }) => {
        const user = await checkPassword(deps, auth.clientAddress(req.raw), body)
        return signedIn({ groups, accounts, pdfExport }, reply, user, await auth.signIn(req.raw, user))
      },
    }),
    route({
      method: 'POST',
      url: '/api/auth/link',
      summary: 'Sign in with a one-time sign-in link',
      auth: 'public',
      rateLimit: PUBLIC_LINK_CEILING,
      body: LinkSignInSchema,
      handler: async ({ req, reply, body }) => {
        const userId = await accounts.consumeSignInLink(body.token)
        const user = userId && (await accounts.userById(userId))
        if (!user) throw new DomainError('unauthenticated', 'invalid_link', 'this sign-in link is unknown, used or expired')
        return signedIn({ groups, accounts, pdfExport }, reply, user, await auth.signIn(req.raw, user))
      },
    }),
    route({
      method: 'POST',
      url: '/api/auth/logout',
      summary: 'Sign out: ends the session and clears its cookie',
      handler: async ({ req, reply, principal }) => {
        setCookie(reply, await auth.signOut(req.raw, principal))
        deps.onAccessChanged()
        return undefined
      },
    }),
    route({
      method: 'GET',
      url: '/api/me',
      summary: 'The caller’s account, groups and the session’s CSRF token',
      handler: ({ user, principal }) => meView({ groups, accounts, pdfExport }, user, principal.csrfToken ?? null),
    }),
    route({
      method: 'GET',
      url: '/api/tokens',
      summary: 'The caller’s personal access tokens (never their values)',
      handler: async ({ user }) => (await accounts.tokensOf(user.id)).map(tokenView),
    }),
    route({
      method: 'POST',
      url: '/api/tokens',
      summary: 'Create a personal access token; its value is answered once',
      body: CreateTokenSchema,
      status: 201,
      handler: async ({ user, body }) => {
        const { id, token } = await accounts.createToken(user.id, body.name)
        return { id, name: body.name, token }
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/tokens/:id',
      summary: 'Revoke one of the caller’s tokens; connections using it close',
      params: z.object({ id: z.string() }),
      handler: async ({ user, params }) => {
        if (!(await accounts.revokeToken({ id: params.id, userId: user.id }))) throw notFound('token_not_found', 'no active token with this id is yours')
        deps.onAccessChanged()
        return undefined
      },
    }),
  ]
}

/**
 * The account these credentials sign in, within the sign-in limits: per address, and failures per
 * account (429 with Retry-After past either); 401 for a wrong email or password.
 */
async function checkPassword(deps: AuthRouteDeps, address: string, body: z.infer<typeof LoginSchema>): Promise<User> {
  const user = await deps.accounts.userByEmail(body.email)
  // By account when there is one, so no spelling of its address gets a budget of its own.
  const accountKey = user ? `user:${user.id}` : `email:${body.email}`
  const wait = Math.max(deps.loginPerAddress.retryAfter(address), deps.loginPerAccount.retryAfter(accountKey))
  if (wait > 0) throw new DomainError('too_many', 'too_many_attempts', `too many sign-in attempts; try again in ${wait} s`, { headers: { 'Retry-After': String(wait) } })
  // Counted before the (slow, asynchronous) password check, in the same tick as the check above:
  // attempts sent in parallel are refused once the limit is reached, not after they were all tried.
  deps.loginPerAddress.hit(address)
  const notAFailure = deps.loginPerAccount.hit(accountKey)
  const matches = await verifyPassword(body.password, user?.passwordHash ?? null)
  // The password may have been reset while it was being checked: the new one decides.
  const current = user && (await deps.accounts.userByEmail(body.email))
  if (!matches || !current || current.id !== user.id || current.passwordHash !== user.passwordHash) {
    throw new DomainError('unauthenticated', 'invalid_credentials', 'wrong email or password')
  }
  // A success withdraws its own attempt only: failures stay counted until they leave the
  // 15-minute window, so signing in never gives anyone a fresh budget of guesses.
  notAFailure()
  return { id: current.id, email: current.email, name: current.name, isAdmin: current.isAdmin }
}

const tokenView = (t: TokenRecord) => ({
  id: t.id,
  name: t.name,
  createdAt: new Date(t.createdAt).toISOString(),
  lastUsedAt: t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : null,
  revoked: t.revokedAt !== null,
})
