import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, removeDataDir, tempDataDir } from '../helpers/testServer.js'
import { serverSuite } from '../helpers/serverSuite.js'
import { startChildServer, startChildWithDocument, type ChildServer } from '../helpers/childServer.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { appendText, body, bodyLength, bodyText, shareParagraph, typeText } from '../helpers/bodyText.js'
import { SqliteDocumentStore } from '../../server/persistence/sqlite/SqliteDocumentStore.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
const track = (c: YClient) => (cleanups.push(() => c.destroy()), c)

/** Everything a fresh client receives for a document: its full state, encoded. */
async function fullState(wsUrl: string, docId: string, token: string): Promise<{ update: Uint8Array; xml: string }> {
  const c = connectClient(wsUrl, docId, { token })
  await c.synced
  const result = { update: Y.encodeStateAsUpdate(c.doc), xml: c.doc.getXmlFragment('default').toString() }
  c.destroy()
  return result
}

describe('durable documents', () => {
  it('brings every document back byte for byte after a restart on the same DATA_DIR', async () => {
    const dataDir = tempDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const first = await startTestServer({ DATA_DIR: dataDir })
    const { dgResponse, chairReport } = first.docIds
    const token = first.people.swiss.token
    const a = track(connectClient(first.wsUrl, dgResponse, { token: first.people.swiss.token }))
    await a.synced
    const fragment = a.doc.getXmlFragment('default')
    a.doc.transact(() => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('Added before the restart.')])
      fragment.insert(fragment.length, [p])
    })
    const b = track(connectClient(first.wsUrl, chairReport, { token: first.people.swiss.token }))
    await b.synced
    appendText(b.doc, 'chair notes')
    await waitFor(async () => expect((await first.storage.loadContent(chairReport)).updates.length).toBeGreaterThan(1))
    const before = { dg: await fullState(first.wsUrl, dgResponse, token), chair: await fullState(first.wsUrl, chairReport, token) }
    a.destroy()
    b.destroy()
    await first.close()

    const second = await startTestServer({ DATA_DIR: dataDir })
    cleanups.push(() => second.close())
    expect(second.docIds).toEqual(first.docIds)
    const after = { dg: await fullState(second.wsUrl, dgResponse, token), chair: await fullState(second.wsUrl, chairReport, token) }
    expect(after.dg.xml).toContain('Added before the restart.')
    expect(Buffer.from(after.dg.update).equals(Buffer.from(before.dg.update))).toBe(true)
    expect(Buffer.from(after.chair.update).equals(Buffer.from(before.chair.update))).toBe(true)
  })

  it('writes an update to SQLite before any other client receives it', async () => {
    const server = await startTestServer()
    cleanups.push(() => removeDataDir(server.dataDir), () => server.close())
    const docId = server.docIds.chairReport
    const reader = new SqliteDocumentStore(server.dataDir)
    cleanups.push(() => reader.close())
    const a = track(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    const b = track(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    await Promise.all([a.synced, b.synced])
    // The document is seeded: the edit is appended to its text.
    const seed = bodyText(b.doc)
    let storedWhenSeen: string | null = null
    body(b.doc).observeDeep(() => {
      // Read the database from a second connection at the moment B sees the edit.
      const stored = reader.loadContent(docId)
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.mergeUpdates([...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]))
      storedWhenSeen = bodyText(doc)
    })
    appendText(a.doc, 'seen means stored')
    await waitFor(() => expect(storedWhenSeen).toBe(`${seed}seen means stored`))
  })

  it('compacts the update log into a snapshot without losing updates that arrive around it', async () => {
    const server = await startTestServer({ COMPACT_AFTER_UPDATES: 25 })
    cleanups.push(() => removeDataDir(server.dataDir))
    const docId = server.docIds.chairReport
    const a = track(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    const b = track(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    await Promise.all([a.synced, b.synced])
    // The document is seeded: the writers type into one new paragraph at its end.
    const seed = bodyText(a.doc)
    await shareParagraph(b.doc, [a.doc])
    // Two writers, interleaved, so compactions happen while the other's updates are in flight.
    for (let i = 0; i < 120; i++) {
      typeText((i % 2 ? a : b).doc, 0, `${i},`)
      if (i % 7 === 0) await new Promise((r) => setImmediate(r))
    }
    await waitFor(() => expect(bodyText(a.doc)).toBe(bodyText(b.doc)))
    await waitFor(() => expect(bodyText(a.doc).slice(seed.length).split(',').filter(Boolean)).toHaveLength(120))
    // The last compaction follows the last flush (at once on SQLite, a round trip later on PostgreSQL).
    await waitFor(async () => {
      const stored = await server.storage.loadContent(docId)
      expect(stored.snapshot).not.toBeNull()
      expect(stored.updates.length).toBeLessThan(25)
    })
    const expected = bodyText(a.doc)
    a.destroy()
    b.destroy()
    await server.close()
    const again = await startTestServer({ DATA_DIR: server.dataDir })
    cleanups.push(() => again.close())
    const c = track(connectClient(again.wsUrl, docId, { token: again.people.swiss.token }))
    await c.synced
    expect(bodyText(c.doc)).toBe(expected)
  })
})

describe('compaction by size', () => {
  const suite = serverSuite({ COMPACT_AFTER_UPDATES: 1_000_000, COMPACT_AFTER_BYTES: 4096 })

  it('folds the log into a snapshot once the stored updates pass COMPACT_AFTER_BYTES', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    const a = track(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    await a.synced
    const seedLength = bodyLength(a.doc)
    for (let i = 0; i < 10; i++) {
      typeText(a.doc, 0, 'x'.repeat(1000))
      await new Promise((r) => setTimeout(r, 5))
    }
    await waitFor(() => expect(bodyLength(a.doc) - seedLength).toBe(10_000))
    await waitFor(async () => {
      const stored = await server.storage.loadContent(docId)
      expect(stored.snapshot).not.toBeNull()
      expect(stored.updates.reduce((n, u) => n + u.byteLength, 0)).toBeLessThan(4096)
    })
  })
})

describe('crashes and restarts of the server process', () => {
  let child: ChildServer | undefined
  afterEach(() => {
    child?.process.kill('SIGKILL')
  })

  it('keeps an update another client has seen after kill -9', async () => {
    const dataDir = tempDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const started = await startChildWithDocument(dataDir)
    child = started.child
    const { token, docId } = started
    const writer = track(connectClient(child.wsUrl, docId, { token }))
    const witness = track(connectClient(child.wsUrl, docId, { token }))
    await Promise.all([writer.synced, witness.synced])
    const seedLength = bodyLength(witness.doc)
    for (let i = 0; i < 50; i++) appendText(writer.doc, String(i % 10))
    await waitFor(() => expect(bodyLength(witness.doc) - seedLength).toBe(50))
    const seen = bodyText(witness.doc)
    // Stop the writer from re-sending on reconnect: only what the server stored may count.
    writer.destroy()
    witness.provider.disconnect()
    child.process.kill('SIGKILL')
    expect(await child.exited).toBe('SIGKILL')

    child = await startChildServer(dataDir)
    const fresh = track(connectClient(child.wsUrl, docId, { token }))
    await fresh.synced
    expect(bodyText(fresh.doc)).toBe(seen)
  })

  it('on SIGTERM stores everything, closes sockets with 1012 and exits 0', async () => {
    const dataDir = tempDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const started = await startChildWithDocument(dataDir)
    child = started.child
    const { token, docId } = started
    const c = track(connectClient(child.wsUrl, docId, { token }))
    await c.synced
    const closeCode = new Promise<number>((resolve) => c.provider.once('connection-close', (e) => resolve(e?.code ?? -1)))
    const witness = track(connectClient(child.wsUrl, docId, { token }))
    await witness.synced
    // The document is seeded: the edit is appended to its text.
    const seed = bodyText(witness.doc)
    appendText(c.doc, 'typed just before shutdown')
    await waitFor(() => expect(bodyText(witness.doc)).toBe(`${seed}typed just before shutdown`))
    child.process.kill('SIGTERM')
    expect(await closeCode).toBe(CloseCodes.serviceRestart.code)
    expect(await child.exited).toBe(0)
    c.provider.disconnect()
    witness.provider.disconnect()

    child = await startChildServer(dataDir)
    const fresh = track(connectClient(child.wsUrl, docId, { token }))
    await fresh.synced
    expect(bodyText(fresh.doc)).toBe(`${seed}typed just before shutdown`)
  })
})
