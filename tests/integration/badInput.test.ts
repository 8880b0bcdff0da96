import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import WebSocket from 'ws'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, rawSocket } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { malformedFrame } from '../helpers/fuzz.js'
import { seeded } from '../helpers/crashTorture.js'
import { appendText, bodyText, typeText } from '../helpers/bodyText.js'
import { handleMessage, MalformedMessageError } from '../../server/transport/handleMessage.js'
import { SchemaViolationError, TooLargeError } from '../../server/transport/errors.js'
import { SocketConnection } from '../../server/transport/SocketConnection.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { MessageType } from '../../shared/protocol/messages.js'

/** What the server does to a socket that sends these frames: the close code it gets. */
async function closeCodeFor(url: string, token: string, frames: Array<Uint8Array | string>): Promise<number> {
  const ws = rawSocket(url, token)
  await new Promise((r) => ws.once('open', r))
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  for (const f of frames) ws.send(f)
  return closed
}

const syncUpdate = (update: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}

describe('bad input on the websocket', () => {
  const suite = serverSuite({ MAX_MESSAGE_BYTES: 256 * 1024, MAX_DOCUMENT_BYTES: 400 * 1024, MAX_AWARENESS_STATE_BYTES: 1024, MAX_MESSAGES_PER_SECOND: 50, MAX_CONNECTIONS_PER_USER: 8, MAX_CONNECTIONS_PER_ADDRESS: 200 })

  it('survives 50,000 malformed frames: each refused as malformed, too large or outside the schema, the document untouched', async () => {
    const { server } = suite
    const docId = server.docIds.dgResponse
    const room = (await server.rooms.open(docId))!
    const before = room.doc.getXmlFragment('default').toString()
    // A real server-side connection object around a socket stand-in that records what it is told.
    const sink = { readyState: 1, OPEN: 1, CLOSED: 3, CLOSING: 2, bufferedAmount: 0, sent: 0, send() { this.sent++ }, close() {}, terminate() {} }
    const access = { principal: { user: server.people.swiss.user, via: 'token' as const, tokenId: 'fuzz' }, canEdit: true, proposesOnly: false, user: { userId: 'fuzz', name: 'Fuzz', delegation: '', role: 'member', color: '#000000' } }
    const conn = new SocketConnection(sink as never, docId, access, { messagesPerSecond: 1e9, maxBufferedBytes: 1e9 })
    const limits = { maxDocumentBytes: 64 * 1024 * 1024, maxAwarenessStateBytes: 8192 }
    const rand = seeded(50_000)
    const outcomes = new Map<string, Record<string, number>>()
    for (let i = 0; i < 50_000; i++) {
      const { kind, frame } = malformedFrame(rand, i)
      let outcome = 'accepted'
      try {
        handleMessage(server.rooms, room, conn, frame, limits)
      } catch (error) {
        if (error instanceof MalformedMessageError) outcome = 'malformed'
        else if (error instanceof TooLargeError) outcome = 'too large'
        // Random bytes can read as a well-formed update with content no document has.
        else if (error instanceof SchemaViolationError) outcome = 'outside the schema'
        else throw error
      }
      const tally = outcomes.get(kind) ?? {}
      tally[outcome] = (tally[outcome] ?? 0) + 1
      outcomes.set(kind, tally)
    }
    await server.rooms.flush()
    expect(room.doc.getXmlFragment('default').toString()).toBe(before)
    // Frames that cannot be read are always refused; well-formed updates with missing dependencies wait harmlessly.
    for (const kind of ['truncated varint', 'huge length prefix', 'unknown message type', 'unknown sync type']) expect(outcomes.get(kind)).toEqual({ malformed: expect.any(Number) })
    // Updates with missing dependencies wait, until a document holds MAX_PENDING_BYTES of them; then they are refused.
    expect(outcomes.get('missing dependencies')!.accepted).toBeGreaterThan(0)
    // And the document still works for everyone.
    const c = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
    await c.synced
    expect(c.doc.getXmlFragment('default').toString()).toBe(before)
    const text = bodyText(c.doc)
    appendText(c.doc, 'fine')
    await waitFor(() => expect(bodyText(room.doc)).toBe(`${text}fine`))
    c.destroy()
  })

  it('closes sockets that send malformed frames with 4400, over real connections, and others do not notice', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    const watcher = connectClient(server.wsUrl, docId, { token: server.people.dg.token })
    await watcher.synced
    const rand = seeded(7)
    const codes = new Set<number>()
    for (let i = 0; i < 45; i++) {
      const { kind, frame } = malformedFrame(rand, i)
      if (kind === 'missing dependencies') continue
      codes.add(await closeCodeFor(`${server.wsUrl}/${docId}`, server.people.swiss.token, [frame]))
    }
    expect([...codes]).toEqual([CloseCodes.malformedMessage.code])
    expect(watcher.provider.wsconnected).toBe(true)
    watcher.destroy()
  })

  it('answers a text frame with 1003 and a message over MAX_MESSAGE_BYTES with 1009', async () => {
    const { server } = suite
    const url = `${server.wsUrl}/${server.docIds.chairReport}`
    expect(await closeCodeFor(url, server.people.swiss.token, ['{"type":"sync"}'])).toBe(CloseCodes.unsupportedData.code)
    expect(await closeCodeFor(url, server.people.swiss.token, [new Uint8Array(300 * 1024)])).toBe(CloseCodes.messageTooBig.code)
  })

  it('refuses an update that would grow the document past MAX_DOCUMENT_BYTES with 4413, storing none of it', async () => {
    const { server } = suite
    const created = await fetch(`${server.url}/api/documents`, { method: 'POST', headers: { authorization: `Bearer ${server.people.chair.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Big' }) }).then((r) => r.json())
    const big = new Y.Doc()
    typeText(big, 0, 'z'.repeat(200 * 1024))
    const url = `${server.wsUrl}/${created.id}`
    const ok = rawSocket(url, server.people.swiss.token)
    await new Promise((r) => ok.once('open', r))
    ok.send(syncUpdate(Y.encodeStateAsUpdate(big)))
    await waitFor(async () => expect(await server.storage.storedBytes(created.id)).toBeGreaterThan(200 * 1024))
    ok.close()
    const bigger = new Y.Doc()
    typeText(bigger, 0, 'q'.repeat(220 * 1024))
    expect(await closeCodeFor(url, server.people.swiss.token, [syncUpdate(Y.encodeStateAsUpdate(bigger))])).toBe(CloseCodes.tooLarge.code)
    expect(await server.storage.storedBytes(created.id)).toBeLessThan(400 * 1024)
  })

  it('refuses an awareness state larger than MAX_AWARENESS_STATE_BYTES with 4413', async () => {
    const { server } = suite
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MessageType.awareness)
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, 1)
    encoding.writeVarUint(inner, 424242)
    encoding.writeVarUint(inner, 1)
    encoding.writeVarString(inner, JSON.stringify({ user: { name: 'x'.repeat(5000) } }))
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
    expect(await closeCodeFor(`${server.wsUrl}/${server.docIds.chairReport}`, server.people.swiss.token, [encoding.toUint8Array(e)])).toBe(CloseCodes.tooLarge.code)
  })

  it('closes a connection that sends more than MAX_MESSAGES_PER_SECOND with 4529', async () => {
    const { server } = suite
    const step1 = new Uint8Array([0, 0, 1, 0])
    expect(await closeCodeFor(`${server.wsUrl}/${server.docIds.chairReport}`, server.people.swiss.token, Array.from({ length: 400 }, () => step1))).toBe(CloseCodes.rateLimited.code)
  })

  it('refuses connections past MAX_CONNECTIONS_PER_USER with HTTP 429', async () => {
    const { server } = suite
    const url = `${server.wsUrl}/${server.docIds.chairReport}`
    const open: WebSocket[] = []
    for (let i = 0; i < 8; i++) {
      const ws = rawSocket(url, server.people.observer.token)
      await new Promise((r) => ws.once('open', r))
      open.push(ws)
    }
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${server.people.observer.token}` } })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('open', () => resolve(101))
      ws.on('error', () => undefined)
    })
    expect(status).toBe(429)
    for (const ws of open) ws.close()
  })

  it('binds each socket to the document of its URL: edits made against another document change neither', async () => {
    const { server } = suite
    const docId = server.docIds.dgResponse
    const other = connectClient(server.wsUrl, server.docIds.chairReport, { token: server.people.swiss.token })
    await other.synced
    const room = (await server.rooms.open(docId))!
    const before = room.doc.getXmlFragment('default').toString()
    const otherBefore = (await server.rooms.open(server.docIds.chairReport))!.doc.getXmlFragment('default').toString()
    // A deletion made on the Chairperson's report, replayed into the DG response's socket.
    other.provider.disconnect()
    let foreign: Uint8Array | null = null
    other.doc.on('update', (u: Uint8Array) => (foreign = u))
    other.doc.getXmlFragment('default').delete(0, 1)
    const ws = rawSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
    await new Promise((r) => ws.once('open', r))
    ws.send(syncUpdate(foreign!))
    await new Promise((r) => setTimeout(r, 200))
    expect(room.doc.getXmlFragment('default').toString()).toBe(before)
    expect((await server.rooms.open(server.docIds.chairReport))!.doc.getXmlFragment('default').toString()).toBe(otherBefore)
    ws.close()
    other.destroy()
  })
})
