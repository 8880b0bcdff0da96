import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import { HttpError } from './HttpError.js'

/** Sends a JSON response (or an empty 204). */
export function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(text)
}

/** Reads a request body of at most maxBytes; 413 when larger. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (declared > maxBytes) throw new HttpError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new HttpError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Reads, parses and validates a JSON body against a zod schema: 415, 400 or the parsed value. */
export async function readJson<T extends z.ZodType>(req: IncomingMessage, schema: T, maxBytes: number): Promise<z.infer<T>> {
  const type = req.headers['content-type'] ?? ''
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json')
  const raw = await readBody(req, maxBytes)
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch {
    throw new HttpError(400, 'invalid_json', 'the request body is not valid JSON')
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    throw new HttpError(400, 'invalid_request', details.join('; '), details)
  }
  return parsed.data
}
