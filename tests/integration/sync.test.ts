import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { serverSuite } from '../helpers/serverSuite.js'
import { rawSocket, connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { appendText, bodyLength, bodyText, paragraphText, plainText, shareParagraph, typeText } from '../helpers/bodyText.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'

/** A seeded pseudo-random generator (mulberry32), so a failing interleaving can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('live sync over the y-websocket protocol', () => {
  const suite = serverSuite()
  const clients: YClient[] = []
  /** A new document in the example group, created by the chair through the API. */
  const createDocument = (title: string): Promise<{ id: string }> =>
    fetch(`${suite.server.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.server.people.chair.token}` },
      body: JSON.stringify({ title }),
    }).then((r) => r.json())
  const client = (docId: string) => {
    const c = connectClient(suite.server.wsUrl, docId, { token: suite.server.people.swiss.token })
    clients.push(c)
    return c
  }
  afterAll(() => {
    for (const c of clients) c.destroy()
  })

  it('sends a new client the stored document', async () => {
    const { server } = suite
    const c = client(server.docIds.dgResponse)
    await c.synced
    expect(c.doc.getXmlFragment('default').toString()).toContain('I wish to thank the outgoing Chairperson')
  })

  it('makes two clients converge', async () => {
    const { server } = suite
    const a = client(server.docIds.chairReport)
    const b = client(server.docIds.chairReport)
    await Promise.all([a.synced, b.synced])
    const seedLength = bodyLength(a.doc)
    typeText(a.doc, 0, 'from A ')
    typeText(b.doc, 0, 'from B ')
    await waitFor(() => {
      expect(bodyLength(a.doc) - seedLength).toBe(14)
      expect(bodyText(b.doc)).toBe(bodyText(a.doc))
    })
  })

  it('makes 20 clients editing concurrently at random converge to the same text', async () => {
    const { server } = suite
    const created = await createDocument('Concurrency')
    const crowd = Array.from({ length: 20 }, () => client(created.id))
    await Promise.all(crowd.map((c) => c.synced))
    // The document is empty: one client creates the paragraph they all type into.
    await shareParagraph(crowd[0].doc, crowd.slice(1).map((c) => c.doc))
    const rand = random(20261128)
    const chunks: string[] = []
    const settle = (check: () => void) => waitFor(check, { timeout: 10_000 })
    // Phase 1: every client inserts uniquely marked chunks at random places, with random pauses.
    for (let round = 0; round < 10; round++) {
      for (const [i, c] of crowd.entries()) {
        const text = paragraphText(c.doc)
        const chunk = `<${i}.${round}>`
        chunks.push(chunk)
        // Insert between whole chunks so every chunk stays contiguous and can be counted.
        const boundaries = [0, ...[...plainText(text)].flatMap((ch, at) => (ch === '>' ? [at + 1] : []))]
        text.insert(boundaries[Math.floor(rand() * boundaries.length)], chunk)
      }
      await new Promise((r) => setTimeout(r, Math.floor(rand() * 15)))
    }
    await settle(() => {
      const first = bodyText(crowd[0].doc)
      for (const c of crowd) expect(bodyText(c.doc)).toBe(first)
      // Nothing lost, nothing duplicated.
      for (const chunk of chunks) expect(first.split(chunk)).toHaveLength(2)
      expect(first).toHaveLength(chunks.join('').length)
    })
    // Phase 2: concurrent random deletes and inserts; all copies still end up identical.
    for (let round = 0; round < 5; round++) {
      for (const c of crowd) {
        const text = paragraphText(c.doc)
        if (rand() < 0.5) text.delete(Math.floor(rand() * (text.length - 3)), 3)
        else text.insert(Math.floor(rand() * (text.length + 1)), '+')
      }
    }
    await settle(() => {
      const first = bodyText(crowd[0].doc)
      for (const c of crowd) expect(bodyText(c.doc)).toBe(first)
      expect(bodyText(server.rooms.peek(created.id)!.doc)).toBe(first)
    })
  })

  it('loads a document once when many clients connect at the same moment', async () => {
    const { server } = suite
    const created = await createDocument('Loaded once')
    const loadsBefore = server.rooms.loads
    const burst = Array.from({ length: 10 }, () => client(created.id))
    await Promise.all(burst.map((c) => c.synced))
    expect(server.rooms.loads - loadsBefore).toBe(1)
  })

  it('unloads a document after its last client leaves, and keeps its content', async () => {
    const { server } = suite
    const created = await createDocument('Unload me')
    const c = connectClient(server.wsUrl, created.id, { token: server.people.swiss.token })
    await c.synced
    typeText(c.doc, 0, 'kept after unload')
    await waitFor(async () => expect((await server.storage.loadContent(created.id)).updates.length).toBeGreaterThan(0))
    expect(server.rooms.peek(created.id)).toBeDefined()
    c.destroy()
    await waitFor(() => expect(server.rooms.peek(created.id)).toBeUndefined(), { timeout: 3000 })
    const stored = await server.storage.loadContent(created.id)
    expect(stored.snapshot).not.toBeNull()
    expect(stored.updates).toHaveLength(0)
    const again = client(created.id)
    await again.synced
    expect(bodyText(again.doc)).toBe('kept after unload')
  })

  it('merges edits made offline when the client reconnects', async () => {
    const { server } = suite
    const a = client(server.docIds.chairReport)
    const b = client(server.docIds.chairReport)
    await Promise.all([a.synced, b.synced])
    a.provider.disconnect()
    typeText(a.doc, 0, 'written offline by A. ')
    typeText(b.doc, 0, 'written online by B. ')
    await new Promise((r) => setTimeout(r, 100))
    expect(bodyText(b.doc)).not.toContain('offline by A')
    a.provider.connect()
    await waitFor(() => {
      for (const c of [a, b]) {
        expect(bodyText(c.doc)).toContain('written offline by A.')
        expect(bodyText(c.doc)).toContain('written online by B.')
      }
      expect(bodyText(a.doc)).toBe(bodyText(b.doc))
    })
  })

  it('relays cursors and presence (awareness) between clients, under the name the server knows', async () => {
    const { server } = suite
    const a = client(server.docIds.dgResponse)
    const b = client(server.docIds.dgResponse)
    await Promise.all([a.synced, b.synced])
    a.provider.awareness.setLocalStateField('user', { name: 'Alice', delegation: 'Switzerland', color: '#1d4ed8' })
    await waitFor(() => expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user).toMatchObject({ name: 'Lukas Swiss', delegation: 'Switzerland', role: 'member' }))
    a.provider.disconnect()
    await waitFor(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false))
  })

  it('gives everyone in a document a caret colour of their own, the same in all of one person’s tabs', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    const people = ['chair', 'swiss', 'brazil', 'dg', 'observer'] as const
    const clients = people.map((who) => connectClient(server.wsUrl, docId, { token: server.people[who].token }))
    const secondTab = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    const all = [...clients, secondTab]
    await Promise.all(all.map((c) => c.synced))
    for (const c of all) c.provider.awareness.setLocalStateField('cursor', null)
    const colors = () => {
      const byUser = new Map<string, Set<string>>()
      // As everyone sees everyone else (a client's own state carries no server-written user field).
      for (const c of all) {
        for (const state of c.provider.awareness.getStates().values()) {
          const user = state.user as { userId: string; color: string } | undefined
          if (user) byUser.set(user.userId, (byUser.get(user.userId) ?? new Set()).add(user.color))
        }
      }
      return byUser
    }
    await waitFor(() => expect(colors().size).toBe(people.length))
    const byUser = colors()
    for (const set of byUser.values()) expect(set.size).toBe(1)
    expect(new Set([...byUser.values()].map((s) => [...s][0])).size).toBe(people.length)
    for (const c of all) c.destroy()
  })

  it('refuses an unknown document id with close code 4404 and creates nothing', async () => {
    const { server } = suite
    const ws = rawSocket(`${server.wsUrl}/doesNotExist123`, server.people.swiss.token)
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)))
    expect(code).toBe(CloseCodes.documentNotFound.code)
    expect(await server.storage.getDocument('doesNotExist123')).toBeUndefined()
    expect(server.rooms.peek('doesNotExist123')).toBeUndefined()
  })

  it('answers upgrades outside /collab/<id> with HTTP 404', async () => {
    const { server } = suite
    const ws = rawSocket(`${server.url.replace('http', 'ws')}/elsewhere`, server.people.swiss.token)
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)))
    expect(status).toBe(404)
  })

  it('closes a connection that sends a text frame with 1003, and others keep working', async () => {
    const { server } = suite
    const a = client(server.docIds.chairReport)
    await a.synced
    const ws = rawSocket(`${server.wsUrl}/${server.docIds.chairReport}`, server.people.swiss.token)
    await new Promise((r) => ws.once('open', r))
    ws.send('hello')
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)))
    expect(code).toBe(CloseCodes.unsupportedData.code)
    const b = client(server.docIds.chairReport)
    await b.synced
    // The document is seeded (and written by earlier tests): the edit is appended to its text.
    const seed = bodyText(b.doc)
    appendText(a.doc, 'still fine')
    await waitFor(() => expect(bodyText(b.doc)).toBe(`${seed}still fine`))
  })

  it('closes a connection that sends garbage with 4400', async () => {
    const { server } = suite
    const ws = rawSocket(`${server.wsUrl}/${server.docIds.chairReport}`, server.people.swiss.token)
    await new Promise((r) => ws.once('open', r))
    ws.send(new Uint8Array([0, 2, 200, 200, 200, 200, 200]))
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)))
    expect(code).toBe(CloseCodes.malformedMessage.code)
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
  })

  it('keeps Y.Doc state identical between server and clients (state vectors)', async () => {
    const { server } = suite
    const c = client(server.docIds.chairReport)
    await c.synced
    await waitFor(() => {
      const room = server.rooms.peek(server.docIds.chairReport)!
      expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(room.doc))
    })
  })
})
