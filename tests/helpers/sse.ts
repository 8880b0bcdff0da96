/** One Server-Sent Event as received. */
export interface ReceivedEvent {
  id: number
  event: string
  data: any
}

export interface EventStream {
  events: ReceivedEvent[]
  /** Everything the server sent on this stream, byte for byte (to prove what never arrived). */
  raw: () => string
  lastId: () => number | undefined
  close: () => void
}

/** A real SSE client over fetch: GET /api/events with a bearer token, parsing events as they arrive. */
export async function openEvents(baseUrl: string, token: string, options: { lastEventId?: number; since?: number } = {}): Promise<EventStream> {
  const controller = new AbortController()
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' }
  if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId)
  const query = options.since !== undefined ? `?since=${options.since}` : ''
  const res = await fetch(`${baseUrl}/api/events${query}`, { headers, signal: controller.signal })
  if (res.status !== 200) throw new Error(`event stream refused: ${res.status}`)
  const events: ReceivedEvent[] = []
  let raw = ''
  let buffer = ''
  const decoder = new TextDecoder()
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true })
        raw += text
        buffer += text
        let end
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const fields: Record<string, string> = {}
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue
            const colon = line.indexOf(':')
            if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '')
          }
          if (fields.data !== undefined) events.push({ id: Number(fields.id), event: fields.event ?? 'message', data: JSON.parse(fields.data) })
        }
      }
    } catch {
      // aborted
    }
  })()
  return { events, raw: () => raw, lastId: () => events.at(-1)?.id, close: () => controller.abort() }
}
