import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { appendText, bodyText } from '../helpers/bodyText.js'
import type { TestServer } from '../helpers/testServer.js'

/** Four clients of the chair's report; returns the writer, a reader and a counter of the messages the reader gets. */
async function meeting(server: TestServer, clients: YClient[]) {
  const docId = server.docIds.chairReport
  for (let i = 0; i < 4; i++) clients.push(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
  await Promise.all(clients.map((c) => c.synced))
  const [writer, reader] = clients
  await new Promise((r) => setTimeout(r, 400))
  const received = { messages: 0 }
  reader.doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin === reader.provider) received.messages++
  })
  return { docId, writer, reader, received }
}

/** Everything the reader received is what storage holds: it was stored before it was sent. */
async function expectStored(server: TestServer, docId: string, text: string) {
  const stored = await server.storage.loadContent(docId)
  const check = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(check, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(check, u)
  expect(bodyText(check)).toBe(text)
}

describe('broadcast batching in hot documents', () => {
  // Every flush counts as hot here, and may take only 0.1% of the time: each waits up to 300 ms after the last.
  const suite = serverSuite({ HOT_FLUSH_MS: 0, BROADCAST_SHARE_PERCENT: 0.1, BROADCAST_INTERVAL_MS: 300 })
  const clients: YClient[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))

  it('sends edits arriving while a hot room waits to each reader in one message, stored first, nothing lost', async () => {
    const { server } = suite
    const { docId, writer, reader, received } = await meeting(server, clients)
    const seed = bodyText(writer.doc)
    for (let i = 0; i < 5; i++) {
      appendText(writer.doc, `${i}`)
      await new Promise((r) => setTimeout(r, 1))
    }
    await waitFor(() => expect(bodyText(reader.doc)).toBe(`${seed}01234`))
    // The first edit goes out at once; the other four wait for the window and travel together.
    expect(received.messages).toBeLessThanOrEqual(2)
    await expectStored(server, docId, `${seed}01234`)
  })
})

describe('no batching in a small meeting', () => {
  const suite = serverSuite()
  const clients: YClient[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))

  it('flushes each edit as it comes when the room is idle', async () => {
    const { server } = suite
    const { docId, writer, reader, received } = await meeting(server, clients)
    const seed = bodyText(writer.doc)
    for (let i = 0; i < 3; i++) {
      appendText(writer.doc, `${i}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    await waitFor(() => expect(bodyText(reader.doc)).toBe(`${seed}012`))
    // Each edit reached the reader on its own, none held back to travel with the next.
    expect(received.messages).toBe(3)
    await expectStored(server, docId, `${seed}012`)
  })
})
