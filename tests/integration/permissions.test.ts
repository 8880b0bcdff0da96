import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { serverSuite } from '../helpers/serverSuite.js'
import type { TestServer } from '../helpers/testServer.js'
import { connectClient, rawSocket, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { bodyText, typeText } from '../helpers/bodyText.js'
import type { Cast } from '../helpers/people.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { MessageType } from '../../shared/protocol/messages.js'

type Who = keyof Cast | 'anonymous'
const EVERYONE: Who[] = ['chair', 'swiss', 'dg', 'observer', 'outsider', 'admin', 'anonymous']

/** Expected HTTP status per caller; written out by hand from the roles described in the README. */
const MATRIX: Array<{ action: string; expect: Partial<Record<Who, number>>; request: (s: TestServer, scratch: string) => [string, string, unknown?] }> = [
  { action: 'list documents', expect: { chair: 200, swiss: 200, dg: 200, observer: 200, outsider: 200, admin: 200, anonymous: 401 }, request: () => ['GET', '/api/documents'] },
  { action: 'read a document', expect: { chair: 200, swiss: 200, dg: 200, observer: 200, outsider: 403, admin: 200, anonymous: 401 }, request: (s) => ['GET', `/api/documents/${s.docIds.dgResponse}`] },
  { action: 'read a document’s text', expect: { chair: 200, swiss: 200, dg: 200, observer: 200, outsider: 403, admin: 200, anonymous: 401 }, request: (s) => ['GET', `/api/documents/${s.docIds.dgResponse}/content`] },
  { action: 'create a document', expect: { chair: 201, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 403, anonymous: 401 }, request: () => ['POST', '/api/documents', { title: 'New', groupId: 'iom-un-relations' }] },
  { action: 'rename a document', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 403, anonymous: 401 }, request: (_s, scratch) => ['PATCH', `/api/documents/${scratch}`, { title: 'Renamed' }] },
  { action: 'set who can edit', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 403, anonymous: 401 }, request: (_s, scratch) => ['PUT', `/api/documents/${scratch}/permissions`, { editRoles: ['chair', 'member', 'dg-office'] }] },
  { action: 'set the document’s language', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 403, anonymous: 401 }, request: (_s, scratch) => ['PUT', `/api/documents/${scratch}/language`, { language: 'fr' }] },
  { action: 'delete a document', expect: { chair: 204, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 403, anonymous: 401 }, request: (_s, scratch) => ['DELETE', `/api/documents/${scratch}`] },
  { action: 'list members', expect: { chair: 200, swiss: 200, dg: 200, observer: 200, outsider: 403, admin: 200, anonymous: 401 }, request: () => ['GET', '/api/groups/iom-un-relations/members'] },
  { action: 'invite a member', expect: { chair: 201, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 201, anonymous: 401 }, request: () => ['POST', '/api/groups/iom-un-relations/invitations', { role: 'member', delegation: 'Chile' }] },
  { action: 'invite a chair', expect: { chair: 403, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 201, anonymous: 401 }, request: () => ['POST', '/api/groups/iom-un-relations/invitations', { role: 'chair', delegation: '' }] },
  { action: 'change a member’s delegation', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 200, anonymous: 401 }, request: (s) => ['PUT', `/api/groups/iom-un-relations/members/${s.people.brazil.user.id}`, { role: 'member', delegation: 'Brazil' }] },
  { action: 'let observers comment', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 200, anonymous: 401 }, request: () => ['PATCH', '/api/groups/iom-un-relations', { observersMayComment: false }] },
  { action: 'read dispositions', expect: { chair: 200, swiss: 200, dg: 200, observer: 200, outsider: 403, admin: 200, anonymous: 401 }, request: (_s, scratch) => ['GET', `/api/documents/${scratch}/dispositions`] },
  // Allowed, the DG office and the chair reach the target lookup: this document has no such thread (404).
  { action: 'record a disposition', expect: { chair: 404, swiss: 403, dg: 404, observer: 403, outsider: 403, admin: 403, anonymous: 401 }, request: (_s, scratch) => ['PUT', `/api/documents/${scratch}/dispositions/no-such-thread`, { value: 'noted' }] },
  { action: 'create a working group', expect: { chair: 403, swiss: 403, dg: 403, observer: 403, outsider: 403, admin: 201, anonymous: 401 }, request: () => ['POST', '/api/groups', { name: 'Working Group on Budget Reform' }] },
]

describe('permissions enforced by the server', () => {
  const suite = serverSuite({ ACCESS_RECHECK_MS: 100 })
  const clients: YClient[] = []
  const as = (who: Who) => (who === 'anonymous' ? undefined : { token: suite.server.people[who].token })
  const join = (who: keyof Cast, docId = suite.server.docIds.dgResponse) => {
    const c = connectClient(suite.server.wsUrl, docId, { token: suite.server.people[who].token })
    clients.push(c)
    return c
  }
  const newDoc = async (title = 'Scratch') => (await api(suite.server.url, 'POST', '/api/documents', { as: as('chair'), body: { title } })).json.id as string
  /** The HTTP status of a websocket upgrade with these headers (101 when accepted). */
  const upgradeStatus = (docId: string, headers: Record<string, string>, query = '') =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`${suite.server.wsUrl}/${docId}${query}`, { headers })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('open', () => {
        ws.close()
        resolve(101)
      })
      ws.on('error', () => undefined)
    })
  afterAll(() => {
    for (const c of clients) c.destroy()
  })

  describe('the HTTP permission matrix, role by role', () => {
    for (const row of MATRIX) {
      it.each(EVERYONE)(`${row.action}: %s`, async (who) => {
        const { server } = suite
        const scratch = await newDoc()
        const [method, path, body] = row.request(server, scratch)
        const res = await api(server.url, method, path, { as: as(who), body })
        expect(res.status).toBe(row.expect[who])
        if (res.status >= 400) expect(res.json).toMatchObject({ error: expect.any(String), message: expect.any(String) })
      })
    }
  })

  describe('the websocket', () => {
    it('refuses an upgrade without credentials with 401 and a stranger to the group with 403', async () => {
      const { server } = suite
      expect(await upgradeStatus(server.docIds.dgResponse, {})).toBe(401)
      expect(await upgradeStatus(server.docIds.dgResponse, { authorization: `Bearer ${server.people.outsider.token}` })).toBe(403)
      expect(await upgradeStatus(server.docIds.dgResponse, { authorization: `Bearer ${server.people.swiss.token}` })).toBe(101)
    })

    it('refuses forged and misplaced tokens and cookies', async () => {
      const { server } = suite
      expect(await upgradeStatus(server.docIds.dgResponse, { authorization: 'Bearer plt_forged' })).toBe(401)
      expect(await upgradeStatus(server.docIds.dgResponse, { authorization: `Basic ${server.people.swiss.token}` })).toBe(401)
      expect(await upgradeStatus(server.docIds.dgResponse, { cookie: 'plenary_session=pls_forged' })).toBe(401)
      // A token is not a session id, and the URL is no place for it.
      expect(await upgradeStatus(server.docIds.dgResponse, { cookie: `plenary_session=${server.people.swiss.token}` })).toBe(401)
      expect(await upgradeStatus(server.docIds.dgResponse, {}, `?token=${server.people.swiss.token}`)).toBe(401)
      expect(await upgradeStatus(server.docIds.dgResponse, {}, `?access_token=${server.people.swiss.token}`)).toBe(401)
    })

    it('lets chair, members and the DG office edit, and keeps observers and admins read-only', async () => {
      const { server } = suite
      const docId = await newDoc('Edit matrix')
      const reader = join('chair', docId)
      await reader.synced
      for (const who of ['chair', 'swiss', 'dg', 'observer', 'admin'] as const) {
        const c = join(who, docId)
        await c.synced
        typeText(c.doc, 0, `[${who}]`)
      }
      await waitFor(() => expect(bodyText(reader.doc)).toMatch(/\[dg\]/))
      await new Promise((r) => setTimeout(r, 200))
      const text = bodyText(server.rooms.peek(docId)!.doc)
      for (const who of ['chair', 'swiss', 'dg']) expect(text).toContain(`[${who}]`)
      for (const who of ['observer', 'admin']) expect(text).not.toContain(`[${who}]`)
    })

    it('never applies updates from a hand-made read-only client, tells it so, and counts the attempts', async () => {
      const { server } = suite
      const docId = server.docIds.dgResponse
      const member = join('swiss', docId)
      await member.synced
      const before = Y.encodeStateVector(server.rooms.peek(docId)!.doc)
      const ws = rawSocket(`${server.wsUrl}/${docId}`, server.people.observer.token)
      const received: Uint8Array[] = []
      ws.on('message', (d: Buffer) => received.push(new Uint8Array(d)))
      await new Promise((r) => ws.once('open', r))
      // A forged edit, as sync step 2 and as an update.
      const forged = new Y.Doc()
      forged.getXmlFragment('default').insert(0, [new Y.XmlText('forged by an observer')])
      for (const write of [syncProtocol.writeSyncStep2, syncProtocol.writeUpdate]) {
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MessageType.sync)
        if (write === syncProtocol.writeSyncStep2) write(encoder, forged, new Uint8Array([0]))
        else syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(forged))
        ws.send(encoding.toUint8Array(encoder))
      }
      await waitFor(() => {
        const denied = received.filter((m) => decoding.readVarUint(decoding.createDecoder(m)) === MessageType.auth)
        expect(denied.length).toBe(2)
      })
      const conn = [...server.rooms.peek(docId)!.connections].find((c) => (c as { access?: { principal: { user: { id: string } } } }).access?.principal.user.id === server.people.observer.user.id) as unknown as { deniedWrites: number }
      expect(conn.deniedWrites).toBe(2)
      expect(Y.encodeStateVector(server.rooms.peek(docId)!.doc)).toEqual(before)
      await new Promise((r) => setTimeout(r, 100))
      expect(member.doc.getXmlFragment('default').toString()).not.toContain('forged by an observer')
      expect(ws.readyState).toBe(ws.OPEN)
      ws.close()
    })

    it('sets the name, delegation and colour of every cursor itself, so nobody can pose as someone else', async () => {
      const { server } = suite
      const docId = server.docIds.chairReport
      const spoofer = join('swiss', docId)
      const watcher = join('brazil', docId)
      await Promise.all([spoofer.synced, watcher.synced])
      spoofer.provider.awareness.setLocalStateField('user', { name: 'Elena Chair', delegation: 'Italy', role: 'chair', color: '#000000' })
      await waitFor(() =>
        expect(watcher.provider.awareness.getStates().get(spoofer.doc.clientID)?.user).toMatchObject({ name: 'Lukas Swiss', delegation: 'Switzerland', role: 'member' }),
      )
      watcher.provider.awareness.setLocalStateField('cursor', null)
      await waitFor(() => expect(server.rooms.peek(docId)!.awareness.getStates().get(watcher.doc.clientID)?.user?.name).toBe('Ana Brazil'))
      // Claiming the watcher's own awareness client id is ignored.
      const ws = rawSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
      await new Promise((r) => ws.once('open', r))
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MessageType.awareness)
      const inner = encoding.createEncoder()
      encoding.writeVarUint(inner, 1)
      encoding.writeVarUint(inner, watcher.doc.clientID)
      encoding.writeVarUint(inner, 999)
      encoding.writeVarString(inner, JSON.stringify({ user: { name: 'Hijacked' } }))
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
      ws.send(encoding.toUint8Array(encoder))
      await new Promise((r) => setTimeout(r, 200))
      expect(watcher.provider.awareness.getStates().get(watcher.doc.clientID)?.user?.name).not.toBe('Hijacked')
      expect(server.rooms.peek(docId)!.awareness.getStates().get(watcher.doc.clientID)?.user?.name).toBe('Ana Brazil')
      ws.close()
    })

    it('applies a change of edit rights live: connections close with 4511 and come back read-only', async () => {
      const { server } = suite
      const docId = await newDoc('DG only')
      const member = join('swiss', docId)
      await member.synced
      const closed = new Promise<number>((resolve) => member.provider.once('connection-close', (e) => resolve(e?.code ?? -1)))
      const started = Date.now()
      await api(server.url, 'PUT', `/api/documents/${docId}/permissions`, { as: as('chair'), body: { editRoles: ['dg-office'] } })
      expect(await closed).toBe(CloseCodes.permissionsChanged.code)
      expect(Date.now() - started).toBeLessThan(1000)
      await waitFor(() => expect(member.provider.synced).toBe(true))
      typeText(member.doc, 0, 'member after the change')
      const dg = join('dg', docId)
      await dg.synced
      typeText(dg.doc, 0, 'dg after the change ')
      await waitFor(() => expect(bodyText(server.rooms.peek(docId)!.doc)).toContain('dg after the change'))
      await new Promise((r) => setTimeout(r, 100))
      expect(bodyText(server.rooms.peek(docId)!.doc)).not.toContain('member after the change')
    })

    it('closes a connection with 4401 within a second when its token is revoked', async () => {
      const { server } = suite
      const created = await api(server.url, 'POST', '/api/tokens', { as: as('brazil'), body: { name: 'to revoke' } })
      const c = connectClient(server.wsUrl, server.docIds.chairReport, { token: created.json.token })
      clients.push(c)
      await c.synced
      const closed = new Promise<number>((resolve) => c.provider.once('connection-close', (e) => resolve(e?.code ?? -1)))
      const revoke = await api(server.url, 'DELETE', `/api/tokens/${created.json.id}`, { as: as('brazil') })
      expect(revoke.status).toBe(204)
      expect(await closed).toBe(CloseCodes.unauthenticated.code)
    })

    it('closes with 4403 when the member is removed from the group', async () => {
      const { server } = suite
      const docId = await newDoc('Removal')
      const invite = await api(server.url, 'POST', '/api/groups/iom-un-relations/invitations', { as: as('chair'), body: { role: 'member', delegation: 'Peru' } })
      const accepted = await api(server.url, 'POST', `/api/invitations/${invite.json.token}/accept`, { body: { name: 'Pia Peru', email: 'pia@peru.example', password: 'a long enough password' } })
      expect(accepted.status).toBe(201)
      const token = (await server.accounts.createToken(accepted.json.user.id, 'x')).token
      const c = connectClient(server.wsUrl, docId, { token })
      clients.push(c)
      await c.synced
      const closed = new Promise<number>((resolve) => c.provider.once('connection-close', (e) => resolve(e?.code ?? -1)))
      await api(server.url, 'DELETE', `/api/groups/iom-un-relations/members/${accepted.json.user.id}`, { as: as('chair') })
      expect(await closed).toBe(CloseCodes.forbidden.code)
    })
  })
})
