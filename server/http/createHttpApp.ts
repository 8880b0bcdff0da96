import fs from 'node:fs'
import path from 'node:path'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyStatic from '@fastify/static'
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySwagger from '@fastify/swagger'
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { Logger as PinoLogger } from 'pino'
import type { Auth } from '../auth/Auth.js'
import type { Route } from './route.js'
import { DomainError, STATUS_OF } from './DomainError.js'
import { parseRequestTarget, pathForLog } from './requestTarget.js'
import { redactPath } from './redactPath.js'
import { registerRoute } from './registerRoute.js'

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
}

export interface HttpAppOptions {
  auth: Auth
  /** pino, also the server's Logger; request logging is off (paths can carry secrets), errors are logged redacted. */
  pino: PinoLogger
  staticDir: string
  maxBodyBytes: number
  trustProxy: boolean
  routes: Route[]
}

/**
 * The HTTP side of the server on Fastify: security headers, JSON bodies validated by each route's
 * zod schemas, authentication and authorization as hooks from each route's declaration, one error
 * handler that turns domain errors into the JSON errors clients know, the built client (with its
 * Brotli and gzip copies), and the API described as OpenAPI 3.1 at GET /api/openapi.json.
 * The websocket upgrade is attached by the caller to app.server, on the same port.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<{ app: FastifyInstance; routes: string[] }> {
  const fastify = Fastify({
    loggerInstance: options.pino as unknown as FastifyBaseLogger,
    // No request logging: paths can carry secrets (invitation links); errors are logged redacted.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.maxBodyBytes,
    trustProxy: options.trustProxy,
    forceCloseConnections: true,
    return503OnClosing: true,
    // Errors Fastify raises before routing (a malformed %-escape in the path) go through the same handler.
    frameworkErrors: (error, req, reply) => sendError(error as FastifyError, req, reply),
  })
  const app = fastify as unknown as FastifyInstance
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // JSON only: a form or text body to a JSON route is 415, never parsed as a string.
  app.removeContentTypeParser(['text/plain'])

  const routes: string[] = []
  const patterns: Array<{ method: string; pattern: RegExp }> = []
  app.addHook('onRoute', (r) => {
    // Declared API routes only (not the client's files, not the description itself).
    if (!(r.config as { api?: boolean } | undefined)?.api || r.method === 'HEAD') return
    for (const method of [r.method].flat()) {
      routes.push(`${method} ${r.url}`)
      patterns.push({ method, pattern: new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+')}$`) })
    }
  })
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(SECURITY_HEADERS)
    // API answers are about one person and their documents: no cache keeps them (a download or the
    // event stream sets its own). The service worker never caches them either (client/offline/sw.ts).
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store')
    // Node hands any request target through: one that is not a URL at all is refused before routing.
    if (!parseRequestTarget(req.url)) throw new DomainError('invalid', 'bad_request_target', 'the request target is not a valid path')
  })

  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Plenary API', version: '1.0.0', description: 'Working groups, documents, comments, moderation, feedback and versions. Errors are `{ error, message }` with a stable `error` code.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token (Access tokens page or `npm run admin -- create-token`).' },
          session: { type: 'apiKey', in: 'cookie', name: 'plenary_session', description: 'The browser session; writes also need X-CSRF-Token.' },
        },
      },
    },
    transform: jsonSchemaTransform,
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  // Before the routes: each route keeps the error handler set when it is added.
  app.setErrorHandler((error: FastifyError, req, reply) => sendError(error, req, reply))
  for (const declaration of options.routes) registerRoute(app, options.auth, declaration)

  const built = fs.existsSync(path.join(options.staticDir, 'index.html'))
  if (built) {
    await app.register(fastifyStatic, {
      root: path.resolve(options.staticDir),
      preCompressed: true,
      wildcard: false,
      cacheControl: false,
      setHeaders: (reply, file) => reply.header('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    })
  }

  app.setNotFoundHandler((req, reply) => notFound(req, reply, patterns, built))
  return { app, routes }
}

/** Unknown API paths: 405 when another method exists there, else 404; any other GET is the client's own route. */
function notFound(req: FastifyRequest, reply: FastifyReply, patterns: Array<{ method: string; pattern: RegExp }>, built: boolean) {
  const pathname = req.url.split('?')[0]
  if (pathname.startsWith('/api/') || pathname === '/healthz') {
    const allowed = patterns.filter((p) => p.pattern.test(pathname)).map((p) => p.method)
    if (allowed.length) {
      reply.header('Allow', allowed.join(', '))
      return reply.code(405).send({ error: 'method_not_allowed', message: `${req.method} is not allowed on ${pathForLog(pathname)}` })
    }
    return reply.code(404).send({ error: 'not_found', message: `no API route ${req.method} ${pathForLog(pathname)}` })
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply.code(405).send({ error: 'method_not_allowed', message: `${req.method} is not allowed here` })
  const ext = path.extname(pathname)
  if (ext && ext !== '.html') return reply.code(404).send({ error: 'not_found', message: 'no such file' })
  if (!built) return reply.code(503).send({ error: 'client_not_built', message: 'the browser client is not built: run npm run build' })
  return reply.header('Cache-Control', 'no-cache').sendFile('index.html')
}

/** Fastify's own errors, by code, as the JSON errors Plenary has always answered. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'bad_request_target', message: 'the path has a malformed %-escape' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'send the body as application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'the request body is too large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'the request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'the request body is not valid JSON' },
}

/** The one error handler: domain errors and validation to their status and code; anything else 500, logged without secrets. */
function sendError(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    if (error.extra.headers) reply.headers(error.extra.headers)
    return reply.code(STATUS_OF[error.kind]).send({ ...error.extra.fields, error: error.code, message: error.message, ...(error.extra.details && { details: error.extra.details }) })
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => (v.instancePath ? `${v.instancePath.slice(1).replaceAll('/', '.')}: ${v.message}` : String(v.message)))
    return reply.code(400).send({ error: 'invalid_request', message: details.join('; '), details })
  }
  const known = error.code && FASTIFY_ERRORS[error.code]
  if (known) return reply.code(known.status).send({ error: known.code, message: known.message })
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) return reply.code(400).send({ error: 'invalid_json', message: 'the request body is not valid JSON' })
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return reply.code(error.statusCode).send({ error: 'invalid_request', message: error.message })
  req.log.error({ err: { message: error.message, stack: error.stack } }, `${req.method} ${redactPath(pathForLog(req.url))} failed`)
  return reply.code(500).send({ error: 'internal_error', message: 'the server could not handle this request' })
}
