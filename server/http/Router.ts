import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError } from './HttpError.js'
import { sendJson } from './json.js'
import { decodePathSegment, parseRequestTarget } from './requestTarget.js'

export interface RouteContext {
  req: IncomingMessage
  res: ServerResponse
  params: Record<string, string>
  url: URL
}

/** A handler returns the JSON body to send with `status` (default 200), undefined for 204, or null when it answered itself. */
type Handler = (ctx: RouteContext) => Promise<unknown> | unknown

interface Route {
  path: string
  method: string
  pattern: RegExp
  keys: string[]
  status: number
  handler: Handler
}

/** A minimal method + path router: "/api/documents/:id" patterns, JSON in and out. */
export class Router {
  private readonly routes: Route[] = []

  /** Every route as "METHOD /path/:param", for documentation and the every-endpoint permission test. */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.path}`)
  }

  add(method: string, path: string, handler: Handler, status = 200): this {
    const keys: string[] = []
    const pattern = new RegExp(
      `^${path.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
        keys.push(key)
        return '([^/]+)'
      })}$`,
    )
    this.routes.push({ method, path, pattern, keys, status, handler })
    return this
  }

  /** Handles the request if a route's path matches; returns false when none does. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = parseRequestTarget(req.url)
    if (!url) throw new HttpError(400, 'bad_request_target', 'the request target is not a valid path')
    const matches = this.routes.filter((r) => r.pattern.test(url.pathname))
    if (!matches.length) return false
    const route = matches.find((r) => r.method === req.method)
    if (!route) {
      res.setHeader('Allow', matches.map((r) => r.method).join(', '))
      throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`)
    }
    const values = route.pattern.exec(url.pathname)!.slice(1)
    const decoded = values.map(decodePathSegment)
    if (decoded.includes(null)) throw new HttpError(400, 'bad_request_target', 'the path has a malformed %-escape')
    const params = Object.fromEntries(route.keys.map((k, i) => [k, decoded[i]!]))
    const body = await route.handler({ req, res, params, url })
    if (body !== null && !res.headersSent) sendJson(res, body === undefined ? 204 : route.status, body)
    return true
  }
}
