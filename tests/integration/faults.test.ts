import { afterEach, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { startTestServer, removeDataDir, tempDataDir } from '../helpers/testServer.js'
import { startChildServer, startChildWithDocument } from '../helpers/childServer.js'
import { connectClient, rawSocket, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { crashTorture } from '../helpers/crashTorture.js'
import { appendText, bodyLength, bodyText, typeText } from '../helpers/bodyText.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'

const run = promisify(execFile)
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
const track = (c: YClient) => (cleanups.push(() => c.destroy()), c)

describe('faults', () => {
  it('survives crash torture: 10 random kill -9 under several writers lose nothing anyone saw', async () => {
    const dataDir = tempDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const result = await crashTorture(dataDir, { rounds: 10, writers: 3, seed: 20261128 })
    expect(result.failures).toEqual([])
    expect(result.editsTyped).toBeGreaterThan(100)
    expect(result.editsSeenBeforeKills).toBeGreaterThan(0)
  }, 120_000)

  it('restarts gracefully on SIGTERM under load: clients reconnect by themselves and nothing is lost', async () => {
    const dataDir = tempDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const started = await startChildWithDocument(dataDir, 'brazil@example.org')
    let server = started.child
    const { token, docId } = started
    const port = new URL(server.url).port
    const a = track(connectClient(server.wsUrl, docId, { token }))
    const b = track(connectClient(server.wsUrl, docId, { token }))
    await Promise.all([a.synced, b.synced])
    let n = 0
    const typing = setInterval(() => appendText(a.doc, `<${n++}>`), 5)
    await new Promise((r) => setTimeout(r, 300))
    server.process.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    await new Promise((r) => setTimeout(r, 200))
    server = await startChildServer(dataDir, { PORT: port })
    cleanups.push(() => server.process.kill('SIGKILL'))
    await new Promise((r) => setTimeout(r, 300))
    clearInterval(typing)
    await waitFor(() => {
      const text = bodyText(b.doc)
      expect((text.match(/<\d+>/g) ?? []).length).toBe(n)
      expect(text).toBe(bodyText(a.doc))
    }, { timeout: 15_000 })
  }, 60_000)

  it('drops a client that stops reading instead of buffering for it without bound (4509)', { timeout: 60_000 }, async () => {
    const server = await startTestServer({ MAX_BUFFERED_BYTES: 64 * 1024, COMPACT_AFTER_BYTES: 64 * 1024 * 1024 })
    cleanups.push(() => removeDataDir(server.dataDir), () => server.close())
    const docId = server.docIds.chairReport
    const slow = rawSocket(`${server.wsUrl}/${docId}`, server.people.brazil.token)
    await new Promise((r) => slow.once('open', r))
    // Stop reading from the TCP socket, as a frozen client would.
    ;(slow as unknown as { _socket: { pause(): void } })._socket.pause()
    const writer = track(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    await writer.synced
    const seedLength = bodyLength(writer.doc)
    // More than the kernel's socket buffers hold, so the server's own send buffer must grow.
    for (let i = 0; i < 160; i++) {
      typeText(writer.doc, 0, 'x'.repeat(50_000))
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5))
    }
    await waitFor(() => expect(server.rooms.peek(docId)!.connections.size).toBe(1), { timeout: 10_000 })
    // Everyone else carries on.
    const other = track(connectClient(server.wsUrl, docId, { token: server.people.dg.token }))
    await other.synced
    expect(bodyLength(other.doc) - seedLength).toBe(8_000_000)
  })

  it('detects half-open connections by ping and cleans them up (4508)', async () => {
    const server = await startTestServer({ KEEPALIVE_MS: 150 })
    cleanups.push(() => removeDataDir(server.dataDir), () => server.close())
    const WebSocket = (await import('ws')).default
    const silent = new WebSocket(`${server.wsUrl}/${server.docIds.chairReport}`, { headers: { authorization: `Bearer ${server.people.swiss.token}` }, autoPong: false })
    await new Promise((r) => silent.once('open', r))
    const code = await new Promise<number>((resolve) => silent.once('close', (c) => resolve(c)))
    expect([CloseCodes.keepAliveTimeout.code, 1006]).toContain(code)
    await waitFor(() => expect(server.rooms.peek(server.docIds.chairReport)?.connections.size ?? 0).toBe(0))
  })

  it('reports a full disk: the failed write is never broadcast, the writer is told, and health turns red', async () => {
    const server = await startTestServer()
    cleanups.push(() => removeDataDir(server.dataDir), () => server.close())
    const docId = server.docIds.chairReport
    const a = track(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    const b = track(connectClient(server.wsUrl, docId, { token: server.people.brazil.token }))
    await Promise.all([a.synced, b.synced])
    const seedLength = bodyLength(b.doc)
    // SQLite's page limit makes every further write fail with SQLITE_FULL, as a full disk does.
    const pages = server.sqlite.db.pragma('page_count', { simple: true }) as number
    server.sqlite.db.pragma(`max_page_count = ${pages}`)
    const closed = new Promise<number>((resolve) => a.provider.once('connection-close', (e) => resolve(e?.code ?? -1)))
    typeText(a.doc, 0, 'y'.repeat(200_000))
    expect(await closed).toBe(CloseCodes.storageFailure.code)
    await new Promise((r) => setTimeout(r, 200))
    expect(bodyLength(b.doc) - seedLength).toBe(0)
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(503)
    expect((await health.json()).storage).toBe('failing')
    // Space comes back: the client re-sends what it kept, and it is stored and delivered.
    server.sqlite.db.pragma('max_page_count = 1073741823')
    await waitFor(() => expect(bodyLength(b.doc) - seedLength).toBe(200_000), { timeout: 10_000 })
    await waitFor(async () => expect((await fetch(`${server.url}/healthz`)).status).toBe(200))
  })

  it('backs up the database online and restores it: a server on the copy has the same content', async () => {
    const server = await startTestServer()
    cleanups.push(() => removeDataDir(server.dataDir))
    const docId = server.docIds.dgResponse
    const a = track(connectClient(server.wsUrl, docId, { token: server.people.swiss.token }))
    await a.synced
    const seed = bodyText(a.doc)
    appendText(a.doc, 'before the backup')
    await waitFor(async () => expect((await server.storage.loadContent(docId)).updates.length).toBeGreaterThan(1))
    const backupDir = tempDataDir()
    cleanups.push(() => removeDataDir(backupDir))
    const file = path.join(backupDir, 'plenary.db')
    const res = await run(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', 'backup', file], { env: { ...process.env, DATA_DIR: server.dataDir } })
    expect(res.stdout).toContain('backup written')
    const expected = (await fetch(`${server.url}/api/documents/${docId}/content`, { headers: { authorization: `Bearer ${server.people.swiss.token}` } }).then((r) => r.json())).text
    await server.close()
    expect(fs.existsSync(file)).toBe(true)
    const restored = await startTestServer({ DATA_DIR: backupDir })
    cleanups.push(() => restored.close())
    const content = await fetch(`${restored.url}/api/documents/${docId}/content`, { headers: { authorization: `Bearer ${server.people.swiss.token}` } }).then((r) => r.json())
    expect(content.text).toBe(expected)
    const c = track(connectClient(restored.wsUrl, docId, { token: server.people.swiss.token }))
    await c.synced
    expect(bodyText(c.doc)).toBe(`${seed}before the backup`)
  })
})
