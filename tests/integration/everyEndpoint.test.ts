import { beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import * as syncProtocol from 'y-protocols/sync'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, rawSocket } from '../helpers/yClient.js'
import { anchorOn } from '../helpers/anchors.js'
import { api } from '../helpers/http.js'
import { waitFor } from '../helpers/waitFor.js'
import { bodyText, typeText } from '../helpers/bodyText.js'
import { MessageType } from '../../shared/protocol/messages.js'

/** Routes anyone may call without signing in. */
const PUBLIC = new Set(['GET /healthz', 'POST /api/auth/login', 'POST /api/auth/link', 'GET /api/invitations/:token', 'POST /api/invitations/:token/accept'])

describe('every endpoint and every websocket message type', () => {
  const suite = serverSuite()
  let ids: Record<string, string>
  beforeAll(async () => {
    const { server } = suite
    const c = connectClient(server.wsUrl, server.docIds.dgResponse, { token: server.people.swiss.token })
    await c.synced
    const thread = await api(server.url, 'POST', `/api/documents/${server.docIds.dgResponse}/threads`, { as: { token: server.people.swiss.token }, body: { anchor: anchorOn(c.doc, 'UNDSS'), body: 'x' } })
    c.destroy()
    const update = await api(server.url, 'POST', '/api/groups/iom-un-relations/feedback', { as: { token: server.people.dg.token }, body: { title: 'x', body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] }, links: [] } })
    const token = await api(server.url, 'POST', '/api/tokens', { as: { token: server.people.swiss.token }, body: { name: 'x' } })
    ids = {
      id: server.docIds.dgResponse,
      groupId: 'iom-un-relations',
      userId: server.people.brazil.user.id,
      token: 'inv_unknown',
      threadId: thread.json.id,
      messageId: thread.json.messages[0].id,
      updateId: update.json.id,
      tokenId: token.json.id,
    }
  })

  /** A concrete path for a route pattern, with real ids of the right kind. */
  const concrete = (route: string) => {
    const [method, pattern] = route.split(' ')
    const path = pattern.replace(/:(\w+)/g, (_, key: string) => {
      if (pattern.startsWith('/api/groups')) return key === 'id' ? ids.groupId : ids[key]
      if (pattern.startsWith('/api/threads')) return ids.threadId
      if (pattern.startsWith('/api/messages')) return ids.messageId
      if (pattern.startsWith('/api/feedback')) return ids.updateId
      if (pattern.startsWith('/api/tokens')) return ids.tokenId
      if (pattern.startsWith('/api/invitations')) return ids.token
      return ids[key] ?? ids.id
    })
    return { method, path }
  }

  it('lists the routes it checks', () => {
    const { server } = suite
    expect(server.routes.length).toBeGreaterThan(45)
  })

  it('refuses every non-public route without credentials with 401', async () => {
    const { server } = suite
    const failures: string[] = []
    for (const route of server.routes) {
      if (PUBLIC.has(route)) continue
      const { method, path } = concrete(route)
      const res = await api(server.url, method, path, { body: method === 'GET' || method === 'DELETE' ? undefined : {} })
      if (res.status !== 401) failures.push(`${route} → ${res.status}`)
    }
    expect(failures).toEqual([])
  })

  it("refuses someone outside the group on every route that touches the group's content", async () => {
    const { server } = suite
    const failures: string[] = []
    for (const route of server.routes) {
      if (PUBLIC.has(route) || /^(GET \/api\/me|GET \/api\/me\/preferences|PUT \/api\/me\/preferences|POST \/api\/auth\/logout|GET \/api\/notifications|POST \/api\/notifications\/read|GET \/api\/tokens|POST \/api\/tokens|DELETE \/api\/tokens\/:id|GET \/api\/groups|GET \/api\/documents|GET \/api\/events|POST \/api\/groups|POST \/api\/documents)$/.test(route)) continue
      const { method, path } = concrete(route)
      const res = await api(server.url, method, path, { as: { token: server.people.outsider.token }, body: method === 'GET' || method === 'DELETE' ? undefined : {} })
      // 400 means the body was refused before the lookup; either way nothing of the group is read or changed.
      if (![400, 403, 404].includes(res.status) || (res.status === 400 && !['invalid_request', 'invalid_json'].includes(res.json?.error))) failures.push(`${route} → ${res.status}`)
    }
    expect(failures).toEqual([])
    // Lists never show the group to an outsider.
    expect((await api(server.url, 'GET', '/api/documents', { as: { token: server.people.outsider.token } })).json).toEqual([])
    expect((await api(server.url, 'GET', '/api/groups', { as: { token: server.people.outsider.token } })).json).toEqual([])
  })

  it('answers each websocket message type per role: observers read, follow cursors and query them, but never write', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    const member = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    await member.synced
    member.provider.awareness.setLocalStateField('cursor', { anchor: 1 })
    const ws = rawSocket(`${server.wsUrl}/${docId}`, server.people.observer.token)
    const got: Array<{ type: number; sub?: number }> = []
    ws.on('message', (d: Buffer) => {
      const dec = decoding.createDecoder(new Uint8Array(d))
      const type = decoding.readVarUint(dec)
      got.push({ type, sub: type === MessageType.sync ? decoding.readVarUint(dec) : undefined })
    })
    await new Promise((r) => ws.once('open', r))
    const send = (write: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder()
      write(e)
      ws.send(encoding.toUint8Array(e))
    }
    send((e) => (encoding.writeVarUint(e, MessageType.sync), syncProtocol.writeSyncStep1(e, new Y.Doc())))
    send((e) => encoding.writeVarUint(e, MessageType.queryAwareness))
    send((e) => {
      encoding.writeVarUint(e, MessageType.awareness)
      const inner = encoding.createEncoder()
      encoding.writeVarUint(inner, 1)
      encoding.writeVarUint(inner, 777)
      encoding.writeVarUint(inner, 1)
      encoding.writeVarString(inner, JSON.stringify({ cursor: null }))
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
    })
    send((e) => (encoding.writeVarUint(e, MessageType.auth), encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'ignored')))
    const forged = new Y.Doc()
    typeText(forged, 0, 'observer write')
    send((e) => (encoding.writeVarUint(e, MessageType.sync), syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(forged))))
    await waitFor(() => {
      expect(got.some((m) => m.type === MessageType.sync && m.sub === syncProtocol.messageYjsSyncStep2)).toBe(true)
      expect(got.filter((m) => m.type === MessageType.awareness).length).toBeGreaterThanOrEqual(2)
      expect(got.some((m) => m.type === MessageType.auth)).toBe(true)
    })
    await waitFor(() => expect(member.provider.awareness.getStates().get(777)?.user?.name).toBe('Mei Observer'))
    expect(bodyText(server.rooms.peek(docId)!.doc)).not.toContain('observer write')
    expect(ws.readyState).toBe(ws.OPEN)
    ws.close()
    member.destroy()
  })
})
