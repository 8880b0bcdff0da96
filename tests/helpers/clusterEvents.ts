import { expect } from 'vitest'
import type { Anchor } from '../../shared/comments/anchor.js'
import { api } from './http.js'
import { openEvents, type EventStream } from './sse.js'
import { waitFor } from './waitFor.js'

/** `count` comment threads started at once, spread over the nodes' addresses in turn; their ids. */
export async function commentStorm(opts: { urls: string[]; token: string; docId: string; anchor: Anchor; count: number }): Promise<Set<string>> {
  const created = await Promise.all(
    Array.from({ length: opts.count }, (_, i) =>
      api(opts.urls[i % opts.urls.length], 'POST', `/api/documents/${opts.docId}/threads`, { as: { token: opts.token }, body: { anchor: opts.anchor, body: `point ${i}` } }),
    ),
  )
  expect(created.map((r) => r.status)).toEqual(created.map(() => 201))
  return new Set(created.map((r) => r.json.id as string))
}

/** Every stream received each of these threads, and every event once, in sequence order. */
export async function expectEachOnceInOrder(streams: EventStream[], ids: Set<string>): Promise<void> {
  for (const stream of streams) {
    await waitFor(() => expect(new Set(stream.events.filter((e) => e.event === 'thread').map((e) => e.data.id))).toEqual(ids), { timeout: 15_000 })
    const seqs = stream.events.map((e) => e.id)
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
    expect(new Set(seqs).size).toBe(seqs.length)
  }
}

/** A stream cut after half its events and resumed on another node with Last-Event-ID gets exactly the rest. */
export async function expectResumedTail(stream: EventStream, otherNodeUrl: string, token: string): Promise<EventStream> {
  const cut = stream.events[Math.floor(stream.events.length / 2)].id
  const resumed = await openEvents(otherNodeUrl, token, { lastEventId: cut })
  const tail = stream.events.filter((e) => e.id > cut)
  await waitFor(() => expect(resumed.events.map((e) => e.id)).toEqual(tail.map((e) => e.id)))
  return resumed
}
