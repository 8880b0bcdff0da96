import { afterAll, describe, expect, it } from 'vitest'
import { startTestServer, removeDataDir, tempDataDir, type TestServer } from '../helpers/testServer.js'
import { schemaFor } from '../helpers/testDatabase.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import * as Y from 'yjs'
import { bodyLength, bodyText, typeText } from '../helpers/bodyText.js'
import { RoundRobinProxy } from '../../scripts/cluster/RoundRobinProxy.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'

/**
 * PostgreSQL going away under a server: the server reaches it through a TCP relay the test cuts
 * (every connection dropped, new ones refused) and opens again on the same port.
 */
describe('PostgreSQL unavailable', () => {
  let server: TestServer
  let relay: RoundRobinProxy
  const clients: YClient[] = []
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server?.close()
    await relay?.close()
    if (server) removeDataDir(server.dataDir)
  })

  it('broadcasts nothing unstored, tells the writer (4503) and /healthz, keeps the process up, and stores and delivers the edit once PostgreSQL is back', async () => {
    relay = new RoundRobinProxy([{ host: '127.0.0.1', port: 5432 }])
    const port = await relay.listen()
    const dataDir = tempDataDir()
    server = await startTestServer({ DATA_DIR: dataDir, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`, PG_SCHEMA: schemaFor(dataDir) })
    const docId = server.docIds.chairReport
    const a = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    const b = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
    clients.push(a, b)
    await Promise.all([a.synced, b.synced])
    const before = bodyLength(b.doc)

    await relay.close()
    const closed = new Promise<number>((resolve) => a.provider.once('connection-close', (e) => resolve(e?.code ?? -1)))
    typeText(a.doc, 0, 'while the database is away ')
    expect(await closed).toBe(CloseCodes.storageFailure.code)
    await new Promise((r) => setTimeout(r, 200))
    expect(bodyLength(b.doc)).toBe(before)
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(503)
    expect((await health.json()).storage).toBe('failing')

    relay = new RoundRobinProxy([{ host: '127.0.0.1', port: 5432 }])
    await relay.listen(port)
    // The writer's client kept its edit and sends it again on reconnecting: stored, then delivered.
    await waitFor(() => expect(bodyLength(b.doc) - before).toBe('while the database is away '.length), { timeout: 15_000 })
    await waitFor(async () => expect((await fetch(`${server.url}/healthz`)).status).toBe(200), { timeout: 10_000 })
    // And it is in PostgreSQL: the document rebuilt from what is stored has it.
    const stored = await server.storage.loadContent(docId)
    const rebuilt = new Y.Doc()
    for (const u of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(rebuilt, u)
    expect(bodyText(rebuilt)).toContain('while the database is away')
  })
})
