import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { appendText, bodyText } from '../helpers/bodyText.js'

describe('broadcast batching in crowded documents', () => {
  // Above 2 connections a document is crowded; with 4 the window is the full 300 ms.
  const suite = serverSuite({ BATCH_AFTER_CONNECTIONS: 2, BROADCAST_INTERVAL_MS: 300 })
  const clients: YClient[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))

  it('sends edits arriving within the window to each reader in one message, stored first, nothing lost', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    for (let i = 0; i < 4; i++) clients.push(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    await Promise.all(clients.map((c) => c.synced))
    const [writer, reader] = clients
    await new Promise((r) => setTimeout(r, 400))
    let messages = 0
    reader.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin === reader.provider) messages++
    })
    // The document is seeded: the edits are appended to its text.
    const seed = bodyText(writer.doc)
    for (let i = 0; i < 5; i++) {
      appendText(writer.doc, `${i}`)
      await new Promise((r) => setTimeout(r, 10))
    }
    await waitFor(() => expect(bodyText(reader.doc)).toBe(`${seed}01234`))
    // The first edit goes out at once; the other four wait for the window and travel together.
    expect(messages).toBeLessThanOrEqual(2)
    // Everything a reader received was stored before it was sent.
    const stored = await server.storage.loadContent(docId)
    const check = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(check, stored.snapshot)
    for (const u of stored.updates) Y.applyUpdate(check, u)
    expect(bodyText(check)).toBe(`${seed}01234`)
  })
})
