import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { can } from '../../shared/permissions.js'
import type { Auth, Principal } from '../auth/Auth.js'
import { DomainError, forbidden } from './DomainError.js'
import { refusal } from '../auth/access.js'
import { periodClosed } from '../periods/PeriodGate.js'
import type { Route, Scope } from './route.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A declared API route: listed, described and checked for 405 (not the client's files). */
    api?: boolean
  }
  interface FastifyRequest {
    principal: Principal | null
    scope: Scope | void
  }
}

/**
 * Registers one declared route: authentication (401, and CSRF for cookie writes) and the scope and
 * permission check (404 / 403) run as preHandler hooks built from the declaration, so a handler only
 * ever runs for a caller the table allows.
 */
export function registerRoute(app: FastifyInstance, auth: Auth, r: Route): void {
  const authenticate = async (req: FastifyRequest) => {
    req.principal = r.auth === 'public' ? await auth.principal(req.raw) : await auth.require(req.raw)
  }
  const authorize = async (req: FastifyRequest) => {
    const principal = req.principal
    if (!principal) return
    const input = { user: principal.user, params: req.params, body: req.body, query: req.query }
    const scope = r.scope ? await r.scope(input as never) : undefined
    req.scope = scope
    if (!r.action) return
    const actor = scope?.actor ?? { userId: principal.user.id, isAdmin: principal.user.isAdmin, role: null }
    if (can(actor, r.action, scope?.target)) return
    // Refused only because the comment period closed: say so, and when (409 comment_period_closed).
    if (scope?.commentPeriod?.closed && can(actor, r.action, { ...scope.target, commentPeriodClosed: false })) throw periodClosed(scope.commentPeriod.closesAt)
    throw forbidden(refusal(r.action))
  }
  const declare = (target: FastifyInstance) => target.withTypeProvider<ZodTypeProvider>().route({
    method: r.method,
    url: r.url,
    bodyLimit: r.bodyLimit,
    config: { api: true, ...(r.rateLimit && { rateLimit: rateLimitOf(auth, r.rateLimit) }) },
    schema: {
      summary: r.summary,
      tags: [r.url.split('/')[2] ?? 'server'],
      ...(r.params && { params: r.params }),
      ...(r.body && { body: r.body }),
      ...(r.querystring && { querystring: r.querystring }),
      ...(r.auth !== 'public' && { security: [{ bearer: [] }, { session: [] }] }),
    },
    // Who is calling is decided before the body is read (401 and 403 csrf_failed come first, as before); the
    // scope and permission after it is validated, since a rule may read it.
    onRequest: authenticate,
    preHandler: authorize,
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const principal = req.principal!
      const result = await r.handler({ req, reply, principal, user: principal?.user, params: req.params, body: req.body, query: req.query, scope: req.scope } as never)
      if (reply.sent || result === reply) return reply
      if (result === undefined) return reply.code(204).send()
      // A handler may set its own status (health answers 503 while storage fails); else the declared one.
      if (r.status && reply.statusCode === 200) reply.code(r.status)
      return reply.send(result)
    },
  })
  // A file upload: in its own context, where any content type is read as a Buffer (elsewhere only JSON is accepted).
  if (!r.rawBody) return void declare(app)
  app.register(async (child) => {
    child.removeAllContentTypeParsers()
    child.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: r.bodyLimit }, (_req, body, done) => done(null, body))
    declare(child)
  })
}

/** A route's per-address ceiling as @fastify/rate-limit takes it: the address the trusted proxy saw, and the JSON error of every 429. */
function rateLimitOf(auth: Auth, limit: { max: number; perMs: number }) {
  return {
    max: limit.max,
    timeWindow: limit.perMs,
    keyGenerator: (req: FastifyRequest) => auth.clientAddress(req.raw),
    errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => {
      const seconds = String(Math.max(1, Math.ceil(context.ttl / 1000)))
      return new DomainError('too_many', 'too_many_requests', `too many requests; try again in ${seconds} s`, { headers: { 'Retry-After': seconds } })
    },
  }
}
