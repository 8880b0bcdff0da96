import type { FastifyInstance } from 'fastify'
import type { Router } from './Router.js'
import { HttpError } from './HttpError.js'
import { sendJson } from './json.js'
import { pathForLog } from './requestTarget.js'
import { redactPath } from './redactPath.js'

/**
 * Serves the routes of the old Router through Fastify while they are being moved to declared routes:
 * each keeps its own body reading (nothing is parsed for it) and answers on the raw response.
 */
export function mountLegacyRouter(app: FastifyInstance, router: Router, headers: Record<string, string>): void {
  app.register(async (child) => {
    child.removeAllContentTypeParsers()
    child.addContentTypeParser('*', (_req, _payload, done) => done(null))
    for (const entry of router.list()) {
      const [method, url] = entry.split(' ')
      child.route({
        method,
        url,
        config: { api: true },
        handler: async (req, reply) => {
          reply.hijack()
          for (const [name, value] of Object.entries(headers)) reply.raw.setHeader(name, value)
          try {
            await router.handle(req.raw, reply.raw)
          } catch (error) {
            if (reply.raw.headersSent) return void reply.raw.destroy()
            if (error instanceof HttpError) return sendJson(reply.raw, error.status, { error: error.code, message: error.message, ...(error.details && { details: error.details }) })
            req.log.error({ err: { message: (error as Error).message } }, `${req.method} ${redactPath(pathForLog(req.url))} failed`)
            sendJson(reply.raw, 500, { error: 'internal_error', message: 'the server could not handle this request' })
          }
        },
      })
    }
  })
}
