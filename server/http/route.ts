import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Action, Actor, Target } from '../../shared/permissions.js'
import type { Principal } from '../auth/Auth.js'
import type { User } from '../auth/AccountStore.js'

/** What a route acts on, as its scope resolver found it, and who the caller is there. */
export interface Scope {
  /** The caller as an actor where the route acts (their role in the group concerned). */
  actor: Actor
  /** What the permission rule reads (edit roles, the author of a message, a thread's state …). */
  target?: Target
  /** The document's comment period, when it has one: a refusal only because it closed is a 409 with its closing time. */
  commentPeriod?: { closesAt: number; closed: boolean } | null
}

/** The parts of a request a scope resolver may read: validated params, body and query. */
export interface ScopeInput<P, B, Q> {
  user: User
  params: P
  body: B
  query: Q
}

/** What a handler receives: the validated request, who made it, and the scope the hooks resolved. */
export interface RouteContext<P, B, Q, S> {
  req: FastifyRequest
  reply: FastifyReply
  principal: Principal
  user: User
  params: P
  body: B
  query: Q
  scope: S
}

type Schema = z.ZodType

/**
 * One HTTP route, declared with everything the edge decides before its handler runs: whether it
 * needs a signed-in caller, the permission action it needs (a row of shared/permissions.ts, decided
 * by can() against the scope), and the zod schemas of its params, body and query. Handlers return
 * the JSON to send (undefined: 204), or the reply when they answered themselves (downloads, streams).
 */
export interface Route<P = unknown, B = unknown, Q = unknown, S extends Scope | void = Scope | void> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  /** One line for the API description (OpenAPI summary). */
  summary: string
  /** 'public' routes run without credentials; every other route answers 401 without them (the default). */
  auth?: 'public' | 'user'
  /** The permission the caller needs; decided by can() after the scope is resolved (403 when refused). */
  action?: Action
  /** Loads what the route acts on (404 when it does not exist) and the caller as an actor there. */
  scope?: (input: ScopeInput<P, B, Q>) => S | Promise<S>
  params?: Schema
  body?: Schema
  querystring?: Schema
  /** Status of a successful answer with a body (default 200). */
  status?: number
  /** Largest body this route accepts, when not MAX_BODY_BYTES; raw: the body is a file (a Buffer). */
  bodyLimit?: number
  rawBody?: boolean
  /** A ceiling per client address (@fastify/rate-limit), for public routes: 429 too_many_requests with Retry-After past it. */
  rateLimit?: { max: number; perMs: number }
  handler: (ctx: RouteContext<P, B, Q, S>) => unknown
}

/**
 * Declares a route; the generic parameters follow the schemas so handlers and scope resolvers see
 * typed params, body and query.
 */
export function route<PS extends Schema | undefined = undefined, BS extends Schema | undefined = undefined, QS extends Schema | undefined = undefined, S extends Scope | void = void>(
  declaration: Omit<Route<Infer<PS>, Infer<BS>, Infer<QS>, S>, 'params' | 'body' | 'querystring'> & { params?: PS; body?: BS; querystring?: QS },
): Route {
  return declaration as unknown as Route
}

type Infer<T> = T extends Schema ? z.infer<T> : Record<string, never>
