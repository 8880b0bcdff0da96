import { afterAll, describe, expect, it } from 'vitest'
import { STORED_UPDATES_PER_STEP } from '../../server/documents/applyStoredContent.js'
import * as Y from 'yjs'
import { randomBytes } from 'node:crypto'
import { serverSuite } from '../helpers/serverSuite.js'
import type { TestServer } from '../helpers/testServer.js'
import { dropSchema, TEST_PG_URL } from '../helpers/testDatabase.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { bodyText, paragraphText, typeText } from '../helpers/bodyText.js'
import { newDocumentId } from '../../server/workspace/workspaceRoutes.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'

/** `edits` single-character updates, each its own stored row, as a crash before any compaction would leave them. */
function typedLog(edits: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < edits; i++) typeText(doc, i % 40 === 39 ? i - 3 : i, String.fromCharCode(97 + (i % 26)))
  return { updates, text: bodyText(doc) }
}

/**
 * Two writers typing and deleting in one paragraph, each receiving the other's updates as they go
 * (so updates refer to the other writer's content): `edits` stored rows in arrival order.
 */
function twoWritersLog(edits: number): { updates: Uint8Array[]; text: string } {
  const [a, b] = [new Y.Doc(), new Y.Doc()]
  const updates: Uint8Array[] = []
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && (updates.push(u), Y.applyUpdate(b, u, 'peer')))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && (updates.push(u), Y.applyUpdate(a, u, 'peer')))
  typeText(a, 0, 'start')
  for (let i = 0; updates.length < edits; i++) {
    const doc = i % 3 ? a : b
    const text = paragraphText(doc)
    if (i % 11 === 10 && text.length > 20) text.delete(text.length - 1 - (i % 13), 1 + (i % 3))
    else typeText(doc, i % 5 ? text.length : i % text.length, String.fromCharCode(65 + (i % 26)))
  }
  return { updates, text: bodyText(a) }
}

/** Counts event-loop turns until the returned stop() is called: a load in many steps lets many pass. */
function countTurns(): () => number {
  let turns = 0
  let counting = true
  const turn = () => {
    turns++
    if (counting) setImmediate(turn)
  }
  setImmediate(turn)
  return () => {
    counting = false
    return turns
  }
}

const LONG_LOG = { BACKGROUND_LOAD_AFTER_UPDATES: 1000, BACKGROUND_LOAD_AFTER_BYTES: 64 * 1024, COMPACT_AFTER_UPDATES: 1000 }

/** A new document whose stored log is these updates, one row each (as a crash before any compaction leaves it). */
async function documentWithLog(server: TestServer, title: string, updates: Uint8Array[]): Promise<string> {
  const docId = newDocumentId()
  await server.storage.createDocument({ id: docId, groupId: EXAMPLE_GROUP_ID, title })
  await server.storage.appendUpdates(updates.map((update) => ({ docId, update })))
  return docId
}

/** `count` clients open the document at once: it is loaded once, and each of them has `text`. */
async function crowdLoadsOnce(server: TestServer, clients: YClient[], docId: string, count: number, text: string): Promise<YClient[]> {
  const loadsBefore = server.rooms.loads
  const crowd = Array.from({ length: count }, () => connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
  clients.push(...crowd)
  await Promise.all(crowd.map((c) => c.synced))
  expect(server.rooms.loads - loadsBefore).toBe(1)
  for (const c of crowd) expect(bodyText(c.doc)).toBe(text)
  return crowd
}

/** A long log loaded by several clients at once through the worker, edited at once, then folded into a snapshot that reads back as what everyone has. */
async function loadEditCompact(server: TestServer, clients: YClient[]): Promise<void> {
  const { updates, text } = typedLog(6000)
  const docId = await documentWithLog(server, 'Long log', updates)
  expect(await server.rooms.needsPreload(docId)).toBe(true)

  const crowd = await crowdLoadsOnce(server, clients, docId, 3, text)

  // Edit at once, while the worker may still be compacting.
  typeText(crowd[0].doc, 0, 'EDIT ')
  await waitFor(() => expect(bodyText(crowd[2].doc)).toBe(`EDIT ${text}`))
  // A newcomer gets the whole state from the shared encoding, which must include the edit.
  const late = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
  clients.push(late)
  await late.synced
  expect(bodyText(late.doc)).toBe(`EDIT ${text}`)
  await waitFor(async () => expect(await server.storage.updatesAfterSnapshot(docId)).toBeLessThan(5), { timeout: 15_000 })
  // What storage holds now reads back as the document everyone has.
  const stored = await server.storage.loadContent(docId)
  const check = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(check, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(check, u)
  expect(bodyText(check)).toBe(`EDIT ${text}`)
}

/** A long log of two writers, with deletions, loads exactly as they left it, in many event-loop turns (at most 250 integrations and 4,000 stored updates per turn), then compacts. */
async function replayExactly(server: TestServer, clients: YClient[]): Promise<void> {
  const { updates, text } = twoWritersLog(8000)
  const docId = await documentWithLog(server, 'Two writers', updates)
  const stop = countTurns()
  const client = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
  clients.push(client)
  await client.synced
  expect(stop()).toBeGreaterThanOrEqual(updates.length / STORED_UPDATES_PER_STEP)
  expect(bodyText(client.doc)).toBe(text)
  await waitFor(async () => expect(await server.storage.updatesAfterSnapshot(docId)).toBe(0), { timeout: 15_000 })
  const check = new Y.Doc()
  Y.applyUpdate(check, (await server.storage.loadContent(docId)).snapshot!)
  expect(bodyText(check)).toBe(text)
}

describe('documents with a long stored log load (replayed a step per turn) and compact in the background worker', () => {
  const suite = serverSuite(LONG_LOG)
  const clients: YClient[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))

  it('loads once for concurrent clients, converges, compacts the log, and keeps edits made meanwhile', async () => {
    await loadEditCompact(suite.server, clients)
  })

  it('replays a long log of two writers with deletions exactly, without holding the event loop for the whole load', async () => {
    await replayExactly(suite.server, clients)
  })

  it('loses nothing when a compaction commits while the log is replayed (the replay starts again from its snapshot)', async () => {
    const { server } = suite
    const { updates, text } = typedLog(12_000)
    const docId = await documentWithLog(server, 'Compacted meanwhile', updates)
    const loadsBefore = server.rooms.loads
    const client = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    clients.push(client)
    // The replay has begun (its first 10,000 rows are read): fold the first 11,000 into a snapshot
    // and delete their rows, some of which the replay has not read yet.
    while (server.rooms.loads === loadsBefore) await new Promise(setImmediate)
    const doc = new Y.Doc()
    for (const u of updates.slice(0, 11_000)) Y.applyUpdate(doc, u)
    await server.storage.compact(docId, Y.encodeStateAsUpdate(doc), 11_000)
    await client.synced
    expect(bodyText(client.doc).length).toBe(text.length)
    expect(bodyText(client.doc)).toBe(text)
    expect(server.rooms.loads - loadsBefore).toBe(1)
  })

  it('loads a document with a big snapshot through the worker and leaves the snapshot as it is', async () => {
    const { server } = suite
    const docId = newDocumentId()
    await server.storage.createDocument({ id: docId, groupId: EXAMPLE_GROUP_ID, title: 'Big snapshot' })
    const { updates, text } = typedLog(40_000)
    const doc = new Y.Doc()
    updates.forEach((u) => Y.applyUpdate(doc, u))
    const snapshot = Y.encodeStateAsUpdate(doc)
    expect(snapshot.byteLength).toBeGreaterThan(64 * 1024)
    await server.storage.compact(docId, snapshot, 0)
    expect(await server.storage.updatesAfterSnapshot(docId)).toBe(0)
    expect(await server.rooms.needsPreload(docId)).toBe(true)

    const crowd = await crowdLoadsOnce(server, clients, docId, 2, text)
    typeText(crowd[0].doc, 0, 'EDIT ')
    await waitFor(() => expect(bodyText(crowd[1].doc)).toBe(`EDIT ${text}`))
    // Nothing to fold: the snapshot stays the one stored, the edit is one row after it.
    const stored = await server.storage.loadContent(docId)
    expect(stored.snapshot).toEqual(snapshot)
    expect(stored.updates.length).toBe(1)
  })

  it('never lets an older snapshot replace a newer one (a late background compaction after a newer inline one)', async () => {
    const { storage } = suite.server
    const docId = newDocumentId()
    await storage.createDocument({ id: docId, groupId: EXAMPLE_GROUP_ID, title: 'Snapshots' })
    const doc = new Y.Doc()
    typeText(doc, 0, 'old')
    const old = Y.encodeStateAsUpdate(doc)
    typeText(doc, 3, ' and new')
    const newer = Y.encodeStateAsUpdate(doc)
    const seq = (await storage.appendUpdates([{ docId, update: newer }])).get(docId)!
    await storage.compact(docId, newer, seq)
    suite.server.sqlite.compactInChunks(docId, old, seq - 1)
    const check = new Y.Doc()
    Y.applyUpdate(check, (await storage.loadContent(docId)).snapshot!)
    expect(bodyText(check)).toBe('old and new')
  })
  it('never fails a main-thread write with "database is locked" while the worker compacts (each write takes the lock at its start)', async () => {
    const { server } = suite
    const docId = await documentWithLog(server, 'Compacting', typedLog(12_000).updates)
    // Another document written over and over by the main thread: each compaction reads (the
    // deletions to fold) before it writes, the pattern that fails at once if another connection
    // commits in between and the transaction did not hold the write lock from its start.
    const other = newDocumentId()
    await server.storage.createDocument({ id: other, groupId: EXAMPLE_GROUP_ID, title: 'Busy neighbour' })
    const doc = new Y.Doc()
    const reader = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    clients.push(reader)
    const errors: string[] = []
    let writes = 0
    const done = reader.synced.then(() => waitFor(async () => expect(await server.storage.updatesAfterSnapshot(docId)).toBeLessThan(5), { timeout: 20_000 }))
    let finished = false
    void done.finally(() => (finished = true))
    while (!finished) {
      for (let i = 0; i < 50; i++) {
        typeText(doc, 0, 'x')
        try {
          const seq = (await server.storage.appendUpdates([{ docId: other, update: Y.encodeStateAsUpdate(doc) }])).get(other)!
          await server.storage.compact(other, Y.encodeStateAsUpdate(doc), seq)
          writes++
        } catch (e) {
          errors.push((e as Error).message)
        }
      }
      await new Promise(setImmediate)
    }
    await done
    expect(writes).toBeGreaterThan(100)
    expect(errors).toEqual([])
  })
})

describe('on PostgreSQL, documents with a long stored log are replayed a step per turn and compacted by the storage', () => {
  const schema = `plenary_longlog_${randomBytes(5).toString('hex')}`
  // Registered first, so it runs after the server has stopped.
  afterAll(() => dropSchema(schema))
  const suite = serverSuite({ ...LONG_LOG, DATABASE_URL: TEST_PG_URL, PG_SCHEMA: schema })
  const clients: YClient[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))

  it('loads once for concurrent clients, converges, compacts the log, and keeps edits made meanwhile', async () => {
    await loadEditCompact(suite.server, clients)
  })

  it('replays a long log of two writers with deletions exactly, without holding the event loop for the whole load', async () => {
    await replayExactly(suite.server, clients)
  })
})
