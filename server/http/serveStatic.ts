import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from './json.js'
import { decodePathSegment, parseRequestTarget } from './requestTarget.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
}

/**
 * Serves the built client from root. Paths are resolved and checked to stay inside root;
 * unknown non-file paths get index.html so the client's own routes work on reload.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'method_not_allowed', message: `${req.method} is not allowed here` })
    return
  }
  const requested = parseRequestTarget(req.url)
  const pathname = requested && decodePathSegment(requested.pathname)
  if (pathname === null || pathname.includes('\0')) {
    sendJson(res, 400, { error: 'bad_path', message: 'the path is not valid' })
    return
  }
  const file = path.resolve(root, `.${pathname}`)
  if (file !== root && !file.startsWith(root + path.sep)) {
    sendJson(res, 404, { error: 'not_found', message: 'no such file' })
    return
  }
  const candidate = fs.existsSync(file) && fs.statSync(file).isFile() ? file : null
  const ext = path.extname(pathname)
  if (!candidate && ext && ext !== '.html') {
    sendJson(res, 404, { error: 'not_found', message: 'no such file' })
    return
  }
  const target = candidate ?? path.join(root, 'index.html')
  if (!fs.existsSync(target)) {
    sendJson(res, 503, { error: 'client_not_built', message: 'the browser client is not built: run npm run build' })
    return
  }
  const immutable = target.includes(`${path.sep}assets${path.sep}`)
  const encoded = precompressed(target, String(req.headers['accept-encoding'] ?? ''))
  const sent = encoded?.file ?? target
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(target)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'Content-Length': fs.statSync(sent).size,
    Vary: 'Accept-Encoding',
    ...(encoded && { 'Content-Encoding': encoded.encoding }),
  })
  if (req.method === 'HEAD') res.end()
  else fs.createReadStream(sent).pipe(res)
}

/** Encodings in order of preference, with the suffix of the copy the build wrote (vite.config.ts). */
const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
]

/** The build's compressed copy of a file that the request accepts, if there is one. */
function precompressed(file: string, acceptEncoding: string): { file: string; encoding: string } | null {
  const accepted = new Map(
    acceptEncoding.split(',').map((part) => {
      const [name, ...params] = part.trim().toLowerCase().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean)
      return [name, q === undefined ? 1 : Number(q)] as const
    }),
  )
  for (const { encoding, suffix } of ENCODINGS) {
    if (!((accepted.get(encoding) ?? 0) > 0)) continue
    if (fs.existsSync(file + suffix)) return { file: file + suffix, encoding }
  }
  return null
}
