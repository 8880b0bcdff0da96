import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { openEvents, type EventStream } from '../helpers/sse.js'
import { anchorOn } from '../helpers/anchors.js'
import type { Delivery } from '../../server/events/EventHub.js'
import { ROSTER_FROM } from '../../server/auth/access.js'

const G = 'iom-un-relations'
const body = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

/**
 * Event streams render each event once per audience (EventHub, AudienceRenderer): viewers of
 * different roles, authorship and flags on one document must each receive exactly the view they
 * would be given alone (the REST view of the same thread or update, rendered for them only), what
 * is withheld from them must never appear on their stream, and the server must render no more
 * views than there are distinct audiences among the streams. Run twice: with a few streams, each
 * viewer's role read alone; with a crowd (ROSTER_FROM streams and more), the group's roles read at once.
 */
describe.each([
  { crowd: 0, reads: 'each viewer\'s role alone' },
  { crowd: ROSTER_FROM, reads: 'the group\'s roles at once' },
])('event streams rendered once per audience ($crowd more members, $reads)', ({ crowd }) => {
  const suite = serverSuite()
  const streams: EventStream[] = []
  const deliveries: Delivery[] = []
  let writer: YClient
  /** Who watches: the cast, three more members of distinct delegations, and Brazil in a second tab. */
  const tokens: Record<string, string> = {}
  const extra = Array.from({ length: crowd }, (_, i) => `x${i}`)
  const watchers = ['chair', 'swiss', 'brazil', 'brazil-tab', 'dg', 'observer', 'm1', 'm2', 'm3', ...extra]
  const open: Record<string, EventStream> = {}
  const call = (who: string, method: string, path: string, b?: unknown) => api(suite.server.url, method, path, { as: { token: tokens[who] }, body: b })
  const lastOf = (who: string, kind: string, id: string) => open[who].events.filter((e) => e.event === kind && e.data.id === id).at(-1)?.data
  const deliveryOf = (kind: string, seq: number) => deliveries.find((d) => d.event.kind === kind && d.event.seq === seq)

  beforeAll(async () => {
    const { server } = suite
    for (const who of ['chair', 'swiss', 'brazil', 'dg', 'observer'] as const) tokens[who] = server.people[who].token
    tokens['brazil-tab'] = tokens.brazil
    for (const who of ['m1', 'm2', 'm3', ...extra]) {
      const user = await server.accounts.createUser({ email: `${who}.${Math.random().toString(36).slice(2, 8)}@test.example`, name: who })
      await server.groups.setMembership({ groupId: G, userId: user.id, role: 'member', delegation: `Delegation ${who}` })
      tokens[who] = (await server.accounts.createToken(user.id, 'tests')).token
    }
    server.hub.onDelivered = (d) => deliveries.push(d)
    writer = connectClient(server.wsUrl, server.docIds.dgResponse, { token: tokens.swiss })
    await writer.synced
    for (const who of watchers) {
      open[who] = await openEvents(server.url, tokens[who])
      streams.push(open[who])
    }
  })
  afterAll(() => {
    suite.server.hub.onDelivered = null
    for (const s of streams) s.close()
    writer.destroy()
  })

  it('gives the chair, the authors, the other roles and the other members each their own view of a thread with a pending reply, rendered once per audience', async () => {
    const started = await call('swiss', 'POST', `/api/documents/${suite.server.docIds.dgResponse}/threads`, { anchor: anchorOn(writer.doc, 'Second High-level Dialogue'), body: 'A published remark' })
    expect(started.status).toBe(201)
    const threadId = started.json.id
    expect((await call('m1', 'POST', `/api/messages/${started.json.messages[0].id}/flag`, {})).status).toBe(200)
    expect((await call('chair', 'PATCH', `/api/groups/${G}`, { preModeration: true })).status).toBe(200)
    const reply = await call('brazil', 'POST', `/api/threads/${threadId}/messages`, { body: 'A held reply for the chair only' })
    expect(reply.json.messages.at(-1).state).toBe('pending')
    const seq = reply.json.seq
    await waitFor(() => expect(watchers.every((who) => lastOf(who, 'thread', threadId)?.seq === seq)).toBe(true))

    // Each stream's view is the one its viewer is given alone.
    for (const who of watchers) expect(lastOf(who, 'thread', threadId), who).toEqual((await call(who, 'GET', `/api/threads/${threadId}`)).json)
    const replies = (who: string) => lastOf(who, 'thread', threadId).messages.length
    expect(replies('chair')).toBe(2)
    expect(replies('brazil')).toBe(2)
    expect(replies('brazil-tab')).toBe(2)
    for (const who of ['swiss', 'dg', 'observer', 'm1', 'm2', 'm3', ...extra]) {
      expect(replies(who), who).toBe(1)
      expect(open[who].raw(), who).not.toContain('A held reply')
    }
    expect(lastOf('m1', 'thread', threadId).messages[0].flaggedByMe).toBe(true)
    expect(lastOf('m2', 'thread', threadId)).toEqual(lastOf('m3', 'thread', threadId))

    // Audiences: the chair, Swiss (started the thread), Brazil (two streams, one audience), the DG
    // office, the observer, m1 (flagged) and m2 with m3 (and the crowd): 7 renders for 9 streams and the crowd's.
    const delivery = deliveryOf('thread', seq)!
    expect(delivery).toMatchObject({ streams: 9 + crowd, renders: 7 })
    await call('chair', 'PATCH', `/api/groups/${G}`, { preModeration: false })
  })

  it("gives each delegation its own view of a co-signed thread: the invited delegation's members may answer, no one else", async () => {
    const started = await call('swiss', 'POST', `/api/documents/${suite.server.docIds.dgResponse}/threads`, { anchor: anchorOn(writer.doc, 'Second High-level Dialogue'), body: 'A joint remark' })
    expect(started.status).toBe(201)
    const threadId = started.json.id
    const invited = await call('swiss', 'POST', `/api/documents/${suite.server.docIds.dgResponse}/signers`, { targetType: 'thread', targetId: threadId, delegation: 'Delegation m1' })
    expect(invited.status).toBe(201)
    await waitFor(() => expect(watchers.every((who) => lastOf(who, 'thread', threadId)?.signers.length === 1)).toBe(true))
    for (const who of watchers) expect(lastOf(who, 'thread', threadId), who).toEqual((await call(who, 'GET', `/api/threads/${threadId}`)).json)
    expect(lastOf('m1', 'thread', threadId).signers[0].mayAnswer).toBe(true)
    for (const who of ['m2', 'brazil', ...extra]) expect(lastOf(who, 'thread', threadId).signers[0].mayAnswer, who).toBe(false)
  })

  it('renders a feedback update once per role for readers who have not read or acknowledged it, and apart for one who has', async () => {
    const posted = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: 'Audience update', body: body('Audience update body'), links: [] })
    expect(posted.status).toBe(201)
    const id = posted.json.id
    await waitFor(() => expect(watchers.every((who) => lastOf(who, 'feedback', id))).toBe(true))
    for (const who of watchers) expect(lastOf(who, 'feedback', id), who).toEqual((await call(who, 'GET', `/api/feedback/${id}`)).json)
    const [first] = deliveries.filter((d) => d.event.kind === 'feedback' && d.event.entityId === id)
    // The chair, the members (Swiss, Brazil's two tabs, m1, m2, m3 and the crowd), the DG office, the observer.
    expect(first).toMatchObject({ streams: 9 + crowd, renders: 4 })

    expect((await call('m2', 'POST', `/api/feedback/${id}/acknowledge`)).status).toBe(200)
    await waitFor(() => expect(lastOf('m2', 'feedback', id)?.acknowledgedByMe).toBe(true))
    await waitFor(() => expect(lastOf('m3', 'feedback', id)?.acknowledgements).toBe(1))
    for (const who of watchers) expect(lastOf(who, 'feedback', id), who).toEqual((await call(who, 'GET', `/api/feedback/${id}`)).json)
    expect(lastOf('m3', 'feedback', id).acknowledgedByMe).toBe(false)
    expect(lastOf('chair', 'feedback', id).acknowledgedBy).toHaveLength(1)
    expect(lastOf('m3', 'feedback', id).acknowledgedBy).toBeNull()
    const acked = deliveries.filter((d) => d.event.kind === 'feedback' && d.event.entityId === id).at(-1)!
    expect(acked).toMatchObject({ streams: 9 + crowd, renders: 5 })
  })
})
