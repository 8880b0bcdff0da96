import type { IncomingMessage } from 'node:http'
import { DomainError, forbidden } from '../http/DomainError.js'
import type { AccountStore, User } from './AccountStore.js'

export const SESSION_COOKIE = 'plenary_session'
export const CSRF_HEADER = 'x-csrf-token'

/** Who made a request, and how they proved it. */
export interface Principal {
  user: User
  via: 'session' | 'token'
  sessionId?: string
  csrfToken?: string
  tokenId?: string
}

/**
 * The value of one cookie in a Cookie header, or undefined. Other applications on the same host
 * send their cookies too, in any syntax ("tracking=50%off"): only cookies with this name are
 * decoded, and one that does not decode is skipped, never an error. When the name comes twice the
 * first that decodes wins (browsers send the cookie of the most specific path first).
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1')
    try {
      return decodeURIComponent(raw)
    } catch {
      // Not a value Plenary wrote: look further.
    }
  }
  return undefined
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface AuthOptions {
  sessionTtlMs: number
  /** Behind a reverse proxy: trust X-Forwarded-Proto and the last X-Forwarded-For address. */
  trustProxy: boolean
  /** PUBLIC_URL when configured: the origin browsers use, accepted as same-origin, and https means Secure cookies. */
  publicUrl?: string
}

/**
 * Authentication at the edge: a session cookie (browsers) or `Authorization: Bearer <token>`
 * (integrations), checked on every HTTP request and websocket upgrade. Tokens are accepted in the
 * Authorization header only, never in a URL, where they would end up in logs.
 */
export class Auth {
  constructor(
    readonly accounts: AccountStore,
    readonly options: AuthOptions,
  ) {}

  /** The authenticated principal, or null when the request carries no valid credentials. */
  async principal(req: IncomingMessage): Promise<Principal | null> {
    const header = req.headers.authorization
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header)
      const owner = match ? await this.accounts.tokenOwner(match[1]) : undefined
      const user = owner && (await this.accounts.userById(owner.userId))
      return user ? { user, via: 'token', tokenId: owner!.id } : null
    }
    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE)
    if (!sessionId) return null
    const session = await this.accounts.session(sessionId)
    const user = session && (await this.accounts.userById(session.userId))
    return user ? { user, via: 'session', sessionId, csrfToken: session!.csrfToken } : null
  }

  /** Is this principal's credential still valid (re-checked for open connections)? */
  async stillValid(p: Principal): Promise<boolean> {
    if (!(await this.accounts.userById(p.user.id))) return false
    if (p.via === 'token') return this.accounts.tokenActive(p.tokenId!)
    return !!(await this.accounts.session(p.sessionId!))
  }

  /**
   * The principal of a request that must be signed in: 401 otherwise. Cookie-authenticated writes
   * must also carry the session's CSRF token in X-CSRF-Token and, when the browser sends one, a
   * same-origin Origin header (403 otherwise). Bearer-token requests are not exposed to CSRF.
   */
  async require(req: IncomingMessage): Promise<Principal> {
    const p = await this.principal(req)
    if (!p) throw new DomainError('unauthenticated', 'unauthenticated', 'sign in first (session cookie or Authorization: Bearer token)')
    if (p.via === 'session' && UNSAFE.has(req.method ?? '')) this.checkCsrf(req, p)
    return p
  }

  private checkCsrf(req: IncomingMessage, p: Principal): void {
    if (!this.sameOrigin(req)) throw forbidden('cross-origin request refused', 'csrf_failed')
    if (req.headers[CSRF_HEADER] !== p.csrfToken) throw forbidden('missing or wrong X-CSRF-Token header', 'csrf_failed')
  }

  /**
   * True when the request has no Origin header, or one naming this server: the configured public
   * origin, or the Host the browser itself addressed (a browser never lets a page forge Host).
   */
  sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin
    if (!origin) return true
    try {
      const url = new URL(origin)
      return url.host === req.headers.host || (!!this.options.publicUrl && url.origin === new URL(this.options.publicUrl).origin)
    } catch {
      return false
    }
  }

  /**
   * The client's address, for rate limits: the socket's peer, or behind a trusted proxy the last
   * X-Forwarded-For entry (the one the proxy itself appended; earlier ones are the client's word).
   */
  clientAddress(req: IncomingMessage): string {
    const peer = req.socket.remoteAddress ?? 'unknown'
    if (!this.options.trustProxy) return peer
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((a) => a.trim()).filter(Boolean)
    return forwarded.at(-1) ?? peer
  }

  private isHttps(req: IncomingMessage): boolean {
    if ((req.socket as { encrypted?: boolean }).encrypted) return true
    if (this.options.publicUrl?.startsWith('https:')) return true
    return this.options.trustProxy && String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https'
  }

  /** Starts a session for the user: the cookie to set, and the CSRF token for the client. */
  async signIn(req: IncomingMessage, user: User): Promise<{ csrfToken: string; cookie: SessionCookie }> {
    const { sessionId, csrfToken } = await this.accounts.createSession(user.id, this.options.sessionTtlMs)
    return { csrfToken, cookie: this.cookie(req, sessionId, Math.floor(this.options.sessionTtlMs / 1000)) }
  }

  /** Ends the principal's session: the cookie that clears it in the browser. */
  async signOut(req: IncomingMessage, p: Principal): Promise<SessionCookie> {
    if (p.sessionId) await this.accounts.deleteSession(p.sessionId)
    return this.cookie(req, '', 0)
  }

  private cookie(req: IncomingMessage, value: string, maxAge: number): SessionCookie {
    return { name: SESSION_COOKIE, value, options: { path: '/', httpOnly: true, sameSite: 'lax', maxAge, secure: this.isHttps(req) } }
  }
}

/** The session cookie, as @fastify/cookie's reply.setCookie takes it. */
export interface SessionCookie {
  name: string
  value: string
  options: { path: string; httpOnly: boolean; sameSite: 'lax'; maxAge: number; secure: boolean }
}
