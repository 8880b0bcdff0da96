import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { randomUUID } from 'node:crypto'
import { createServer, type PlenaryServer } from '../../server/createServer.js'
import { loadConfig, type Config } from '../../server/config.js'
import { startTestServer, removeDataDir, type TestServer } from '../helpers/testServer.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { appendText, bodyText } from '../helpers/bodyText.js'
import { freePort, RedisProcess } from '../helpers/redisProcess.js'
import { openEvents, type EventStream } from '../helpers/sse.js'
import { anchorOn } from '../helpers/anchors.js'
import { commentStorm, expectEachOnceInOrder, expectResumedTail } from '../helpers/clusterEvents.js'

/**
 * Two nodes relaying through a real Redis, sharing one database (here one SQLite file, which two
 * processes may share; the PostgreSQL cluster tests start separate node processes).
 */
async function twoNodes(overrides: Partial<Config> = {}, overridesB: Partial<Config> = {}) {
  const cluster: Partial<Config> = {
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test-${randomUUID()}:`,
    CLUSTER_CHECK_MS: 300,
    CLUSTER_POLL_MS: 100,
    CLUSTER_NODE_TIMEOUT_MS: 600,
    ...overrides,
  }
  const a = await startTestServer({ ...cluster, NODE_ID: 'a' })
  const b = await createServer(loadConfig({}, { PORT: 0, LOG_LEVEL: 'silent', DOC_UNLOAD_DELAY_MS: 200, ...cluster, ...overridesB, NODE_ID: 'b', DATA_DIR: a.dataDir, SEED_EXAMPLE: false }))
  const clients: YClient[] = []
  return {
    a,
    b,
    wsB: b.url.replace(/^http/, 'ws') + '/collab',
    connect(wsUrl: string, token: string, docId = a.docIds.dgResponse) {
      const c = connectClient(wsUrl, docId, { token })
      clients.push(c)
      return c
    },
    async close() {
      for (const c of clients) c.destroy()
      await b.close()
      await a.close()
      removeDataDir(a.dataDir)
    },
  }
}

/** Both nodes' rooms hold every stored update of the document, and the same content. */
async function expectConverged(a: TestServer, b: PlenaryServer, docId: string, clients: YClient[]) {
  await waitFor(
    async () => {
      const stored = await a.storage.loadContent(docId)
      const roomA = a.rooms.peek(docId)!
      const roomB = b.rooms.peek(docId)!
      expect(roomA.lastSeq).toBe(stored.lastSeq)
      expect(roomB.lastSeq).toBe(stored.lastSeq)
      const texts = clients.map((c) => bodyText(c.doc))
      expect(new Set(texts).size).toBe(1)
      const fromStorage = new Y.Doc()
      if (stored.snapshot) Y.applyUpdate(fromStorage, stored.snapshot)
      for (const u of stored.updates) Y.applyUpdate(fromStorage, u)
      expect(bodyText(fromStorage)).toBe(texts[0])
    },
    { timeout: 10_000 },
  )
}

describe('two nodes relaying through Redis', () => {
  let nodes: Awaited<ReturnType<typeof twoNodes>>
  afterAll(() => nodes?.close())

  it('sends an edit made on one node to the clients of the other, and each node holds it stored', async () => {
    nodes = await twoNodes()
    const { a, b, wsB, connect } = nodes
    const onA = connect(a.wsUrl, a.people.swiss.token)
    const onB = connect(wsB, a.people.dg.token)
    await Promise.all([onA.synced, onB.synced])
    appendText(onA.doc, ' from node a')
    await waitFor(() => expect(bodyText(onB.doc)).toContain('from node a'))
    appendText(onB.doc, ' from node b')
    await waitFor(() => expect(bodyText(onA.doc)).toContain('from node b'))
    await expectConverged(a, b, a.docIds.dgResponse, [onA, onB])
    expect(a.rooms.peek(a.docIds.dgResponse)!.seqs.hasGap).toBe(false)
  })

  it('shows the cursors of one node’s clients to the other’s, and removes them when they leave', async () => {
    const { a, wsB, connect } = nodes
    const onA = connect(a.wsUrl, a.people.chair.token)
    const onB = connect(wsB, a.people.swiss.token)
    await Promise.all([onA.synced, onB.synced])
    onA.provider.awareness.setLocalStateField('cursor', { at: 1 })
    await waitFor(() => expect(onB.provider.awareness.getStates().get(onA.doc.clientID)?.cursor).toEqual({ at: 1 }))
    // The server wrote who it is; the other node passes that on unchanged.
    expect(onB.provider.awareness.getStates().get(onA.doc.clientID)?.user?.name).toBe(a.people.chair.user.name)
    onA.provider.disconnect()
    await waitFor(() => expect(onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false))
  })
})

describe('a relay that loses messages', () => {
  let nodes: Awaited<ReturnType<typeof twoNodes>>
  afterAll(() => nodes?.close())

  it('converges when one node drops half of what it relays (the other reads the rest from the database)', async () => {
    nodes = await twoNodes({}, { CLUSTER_DROP_RELAY_RATIO: 0.5 })
    const { a, b, wsB, connect } = nodes
    const onA = connect(a.wsUrl, a.people.swiss.token)
    const onB = connect(wsB, a.people.brazil.token)
    await Promise.all([onA.synced, onB.synced])
    for (let i = 0; i < 40; i++) {
      appendText(i % 2 ? onA.doc : onB.doc, ` w${i}`)
      await new Promise((r) => setTimeout(r, 5))
    }
    await expectConverged(a, b, a.docIds.dgResponse, [onA, onB])
    for (let i = 0; i < 40; i++) expect(bodyText(onA.doc)).toContain(` w${i}`)
  })
})

describe('Redis stopped and restarted mid-burst', () => {
  let nodes: Awaited<ReturnType<typeof twoNodes>>
  const redis = new RedisProcess(0)
  afterAll(async () => {
    await nodes?.close()
    await redis.shutdown().catch(() => {})
  })

  it('keeps each node serving its clients, reads the other node’s edits from the database meanwhile, and converges with nothing lost', async () => {
    Object.assign(redis, { port: await freePort() })
    await redis.start()
    nodes = await twoNodes({ REDIS_URL: redis.url })
    const { a, b, wsB, connect } = nodes
    const onA = connect(a.wsUrl, a.people.swiss.token)
    const onB = connect(wsB, a.people.brazil.token)
    await Promise.all([onA.synced, onB.synced])
    const burst = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        appendText(i % 2 ? onA.doc : onB.doc, ` r${i}`)
        await new Promise((r) => setTimeout(r, 10))
      }
    }
    await burst(0, 10)
    await redis.shutdown()
    await burst(10, 30)
    // Without Redis the nodes still see each other's edits, through the database.
    await waitFor(() => expect(bodyText(onA.doc)).toContain(' r28'), { timeout: 10_000 })
    await redis.start()
    await burst(30, 40)
    await expectConverged(a, b, a.docIds.dgResponse, [onA, onB])
    for (let i = 0; i < 40; i++) expect(bodyText(onB.doc)).toContain(` r${i}`)
  })
})

describe('live events across nodes', () => {
  let nodes: Awaited<ReturnType<typeof twoNodes>>
  const streams: EventStream[] = []
  afterAll(async () => {
    for (const s of streams) s.close()
    await nodes?.close()
  })

  it('gives every stream on every node each change exactly once, in order, and a stream resumed on the other node exactly the missing tail', async () => {
    nodes = await twoNodes({}, { CLUSTER_DROP_RELAY_RATIO: 0.2 })
    const { a, b, wsB, connect } = nodes
    const docId = a.docIds.dgResponse
    const reader = connect(wsB, a.people.swiss.token)
    await reader.synced
    const onA = await openEvents(a.url, a.people.chair.token)
    const onB = await openEvents(b.url, a.people.swiss.token)
    streams.push(onA, onB)
    const anchor = anchorOn(reader.doc, 'Working Group on Budget Reform')
    const ids = await commentStorm({ urls: [b.url, a.url], token: a.people.swiss.token, docId, anchor, count: 40 })
    await expectEachOnceInOrder([onA, onB], ids)
    // Swiss's stream drops after half the events; resuming on the other node gives exactly the rest.
    streams.push(await expectResumedTail(onB, a.url, a.people.swiss.token))
  })
})

