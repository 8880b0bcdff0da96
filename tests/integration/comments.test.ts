import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { openEvents, type EventStream } from '../helpers/sse.js'
import { anchorOn, deletePhrase, insertNear, resolveIn } from '../helpers/anchors.js'
import type { Cast } from '../helpers/people.js'
import type { ThreadView } from '../../shared/comments/types.js'

const PASSAGE = 'risks the marginalization of IOM'

describe('inline comments and threads', () => {
  const suite = serverSuite()
  let docId: string
  const clients: YClient[] = []
  const streams: EventStream[] = []
  const as = (who: keyof Cast) => ({ token: suite.server.people[who].token })
  const join = async (who: keyof Cast, id = docId) => {
    const c = connectClient(suite.server.wsUrl, id, { token: suite.server.people[who].token })
    clients.push(c)
    await c.synced
    return c
  }
  const events = async (who: keyof Cast, options = {}) => {
    const s = await openEvents(suite.server.url, suite.server.people[who].token, options)
    streams.push(s)
    return s
  }
  const threads = async (who: keyof Cast, id = docId): Promise<ThreadView[]> => (await api(suite.server.url, 'GET', `/api/documents/${id}/threads`, { as: as(who) })).json.threads
  const comment = async (who: keyof Cast, doc: Y.Doc, phrase: string, body: string, id = docId) =>
    api(suite.server.url, 'POST', `/api/documents/${id}/threads`, { as: as(who), body: { anchor: anchorOn(doc, phrase), body } })

  beforeAll(() => {
    docId = suite.server.docIds.dgResponse
  })
  afterAll(() => {
    for (const s of streams) s.close()
    for (const c of clients) c.destroy()
  })

  it('anchors a comment on a passage, with its quote and paragraph reference', async () => {
    const swiss = await join('swiss')
    const res = await comment('swiss', swiss.doc, PASSAGE, 'Could the DG elaborate on this risk?')
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      quote: { exact: PASSAGE, prefix: expect.stringMatching(/as currently drafted, $/), suffix: expect.stringMatching(/^ and the creation/) },
      paraRefAtCreation: '6(b)',
      paraRef: '6(b)',
      anchorState: 'anchored',
      status: 'open',
      author: { name: 'Lukas Swiss', delegation: 'Switzerland' },
      messages: [{ body: 'Could the DG elaborate on this risk?', state: 'published' }],
    })
    // Commenting never writes to the document.
    expect(swiss.doc.getXmlFragment('default').toString()).not.toContain('elaborate')
  })

  it('lets the anchor follow inserts before and inside the passage made by another client', async () => {
    const { server } = suite
    const swiss = await join('swiss')
    const brazil = await join('brazil')
    const anchor = anchorOn(swiss.doc, 'the creation of new, additional')
    const created = await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: as('swiss'), body: { anchor, body: 'Which arrangements?' } })
    expect(created.json.paraRef).toBe('6(b)')
    // Brazil types before the passage and inside it.
    insertNear(brazil.doc, 'the creation of new, additional', 0, 'in particular ')
    insertNear(brazil.doc, 'the creation of new, additional', 'the creation of new,'.length, ' possibly')
    await waitFor(() => expect(resolveIn(swiss.doc, anchor).text).toBe('the creation of new, possibly additional'))
    await waitFor(async () => {
      const t = (await threads('chair')).find((x) => x.id === created.json.id)!
      expect(t).toMatchObject({ anchorState: 'anchored', paraRef: '6(b)' })
    })
    // A new paragraph inserted before paragraph 4 renumbers everything after it live: 6(b) becomes 7(b).
    const fragment = brazil.doc.getXmlFragment('default')
    const list = fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'orderedList') as Y.XmlElement
    const item = new Y.XmlElement('listItem')
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText('A paragraph added before paragraph 6.')])
    item.insert(0, [p])
    list.insert(3, [item])
    await waitFor(async () => {
      const t = (await threads('chair')).find((x) => x.id === created.json.id)!
      expect(t).toMatchObject({ anchorState: 'anchored', paraRef: '7(b)', paraRefAtCreation: '6(b)' })
    })
    expect(resolveIn(swiss.doc, anchor).text).toBe('the creation of new, possibly additional')
  })

  it('orphans a thread whose passage is deleted, and re-anchors it by its quote', async () => {
    const swiss = await join('swiss')
    const phrase = 'exploration of the possibility of a legally binding convention'
    const created = await comment('swiss', swiss.doc, phrase, 'Is this realistic?')
    deletePhrase(swiss.doc, phrase)
    await waitFor(async () => expect((await threads('swiss')).find((t) => t.id === created.json.id)).toMatchObject({ anchorState: 'orphaned', paraRef: null }))
    // Someone pastes the same words back, in another paragraph.
    insertNear(swiss.doc, 'Although IOM does not take a position', 0, `${phrase} `)
    await waitFor(async () => expect((await threads('swiss')).find((t) => t.id === created.json.id)).toMatchObject({ anchorState: 'reanchored', paraRef: '5' }))
    expect((await threads('swiss')).find((t) => t.id === created.json.id)!.quote!.exact).toBe(phrase)
  })

  it('supports overlapping comments on the same text', async () => {
    const dg = await join('dg')
    const a = await comment('dg', dg.doc, 'IOM is indisputably the leading organization on migration', 'Whole claim')
    const b = await comment('chair', dg.doc, 'the leading organization', 'Overlapping part')
    expect(a.status).toBe(201)
    expect(b.status).toBe(201)
    const list = await threads('observer')
    for (const id of [a.json.id, b.json.id]) expect(list.find((t) => t.id === id)?.anchorState).toBe('anchored')
    // Threads come in document order.
    const positions = list.filter((t) => t.position !== null).map((t) => t.position!)
    expect(positions).toEqual([...positions].sort((x, y) => x - y))
  })

  it('pushes new threads and replies live to everyone allowed to see them', async () => {
    const { server } = suite
    const stream = await events('observer')
    const brazil = await join('brazil')
    const created = await comment('brazil', brazil.doc, 'near universal membership', 'Live?')
    await waitFor(() => expect(stream.events.some((e) => e.event === 'thread' && e.data.id === created.json.id)).toBe(true))
    await api(server.url, 'POST', `/api/threads/${created.json.id}/messages`, { as: as('swiss'), body: { body: 'Yes, live.' } })
    await waitFor(() => expect(stream.events.filter((e) => e.data.id === created.json.id).at(-1)?.data.messages.map((m: { body: string }) => m.body)).toEqual(['Live?', 'Yes, live.']))
  })

  it('catches a disconnected client up on what it missed, without duplicates and without gaps', async () => {
    const { server } = suite
    const brazil = await join('brazil')
    const created = await comment('brazil', brazil.doc, 'serves States in the same way', 'Catch-up thread')
    const first = await events('swiss', { since: created.json.seq - 1 })
    await waitFor(() => expect(first.events.some((e) => e.data.id === created.json.id)).toBe(true))
    const lastSeen = first.lastId()!
    first.close()
    // While swiss is away: three replies and a resolve.
    for (const body of ['one', 'two', 'three']) await api(server.url, 'POST', `/api/threads/${created.json.id}/messages`, { as: as('dg'), body: { body } })
    await api(server.url, 'POST', `/api/threads/${created.json.id}/resolve`, { as: as('brazil') })
    const again = await events('swiss', { lastEventId: lastSeen })
    await waitFor(() => expect(again.events.some((e) => e.data.id === created.json.id)).toBe(true))
    await new Promise((r) => setTimeout(r, 100))
    const mine = again.events.filter((e) => e.data.id === created.json.id)
    expect(mine).toHaveLength(1)
    expect(mine[0].data.messages.map((m: { body: string }) => m.body)).toEqual(['Catch-up thread', 'one', 'two', 'three'])
    expect(mine[0].data.status).toBe('resolved')
    const ids = again.events.map((e) => e.id)
    expect(ids.every((id) => id > lastSeen)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
  })

  it('notifies a mentioned member, with an unread count', async () => {
    const { server } = suite
    const stream = await events('brazil')
    const swiss = await join('swiss')
    const before = (await api(server.url, 'GET', '/api/notifications', { as: as('brazil') })).json.unread
    await comment('swiss', swiss.doc, 'Multi-donor Trust Funds', 'What do you think, @Ana Brazil?')
    await waitFor(() => expect(stream.events.some((e) => e.event === 'notification' && e.data.actor.name === 'Lukas Swiss')).toBe(true))
    const after = (await api(server.url, 'GET', '/api/notifications', { as: as('brazil') })).json
    expect(after.unread).toBe(before + 1)
    expect(after.items[0]).toMatchObject({ kind: 'mention', read: false, excerpt: 'What do you think, @Ana Brazil?' })
    expect((await api(server.url, 'POST', '/api/notifications/read', { as: as('brazil'), body: {} })).json.unread).toBe(0)
  })

  it('notifies the author of a thread of each reply by someone else (once, even when also mentioned), never of their own', async () => {
    const { server } = suite
    const swiss = await join('swiss')
    const started = (await comment('swiss', swiss.doc, 'Global Migration Group', 'Which agencies joined?')).json
    const replies = async () => (await api(server.url, 'GET', '/api/notifications', { as: as('swiss') })).json.items.filter((n: { kind: string; threadId: string }) => n.threadId === started.id)
    await api(server.url, 'POST', `/api/threads/${started.id}/messages`, { as: as('dg'), body: { body: 'Eighteen, as of today.' } })
    await api(server.url, 'POST', `/api/threads/${started.id}/messages`, { as: as('brazil'), body: { body: '@Lukas Swiss, see also paragraph 7.' } })
    await api(server.url, 'POST', `/api/threads/${started.id}/messages`, { as: as('swiss'), body: { body: 'Thank you both.' } })
    const got = await replies()
    expect(got.map((n: { kind: string; actor: { name: string } }) => `${n.kind} ${n.actor.name}`)).toEqual(['mention Ana Brazil', 'reply Karim DG'])
    expect(got[1]).toMatchObject({ excerpt: 'Eighteen, as of today.', targetType: 'document', read: false })
    // Read one by one (the link to the thread marks its notification read).
    const { unread } = (await api(server.url, 'POST', '/api/notifications/read', { as: as('swiss'), body: { ids: [got[1].id] } })).json
    expect((await replies()).find((n: { id: string }) => n.id === got[1].id).read).toBe(true)
    expect(unread).toBeGreaterThanOrEqual(1)
  })

  it('shows a mention only while its reader may see the message: not after removal from the group, nor hidden or queued text', async () => {
    const { server } = suite
    const G = 'iom-un-relations'
    const pia = await server.accounts.createUser({ email: 'pia.notes@peru.example', name: 'Pia Peru' })
    const addPia = () => server.groups.setMembership({ groupId: G, userId: pia.id, role: 'member', delegation: 'Peru' })
    await addPia()
    const piaAs = { token: (await server.accounts.createToken(pia.id, 'tests')).token }
    const notes = async () => (await api(server.url, 'GET', '/api/notifications', { as: piaAs })).json
    const excerpt = (n: { items: Array<{ messageId: string; excerpt: string }> }, messageId: string) => n.items.find((i) => i.messageId === messageId)?.excerpt
    const swiss = await join('swiss')
    const kept = (await comment('swiss', swiss.doc, 'UNDSS', '@Pia Peru, the first wording')).json.messages[0].id
    const hidden = (await comment('swiss', swiss.doc, 'IASC', '@Pia Peru, a remark the chair hides')).json.messages[0].id
    const queued = (await comment('swiss', swiss.doc, 'UNJSPF', '@Pia Peru, a remark edited under pre-moderation')).json.messages[0].id
    let n = await notes()
    expect(n.unread).toBe(3)
    expect(excerpt(n, kept)).toBe('@Pia Peru, the first wording')

    await api(server.url, 'POST', `/api/messages/${hidden}/hide`, { as: as('chair'), body: { reason: 'Off topic' } })
    n = await notes()
    expect(excerpt(n, hidden)).toBe('')
    expect(JSON.stringify(n)).not.toContain('a remark the chair hides')

    // Under pre-moderation an edit goes back to the queue: the mention is gone until it is approved.
    await api(server.url, 'PATCH', `/api/groups/${G}`, { as: as('chair'), body: { preModeration: true } })
    try {
      expect((await api(server.url, 'PATCH', `/api/messages/${queued}`, { as: as('swiss'), body: { body: '@Pia Peru, a queued wording' } })).json.messages[0].state).toBe('pending')
    } finally {
      await api(server.url, 'PATCH', `/api/groups/${G}`, { as: as('chair'), body: { preModeration: false } })
    }
    n = await notes()
    expect(JSON.stringify(n)).not.toContain('queued wording')
    expect(n.items.map((i: { messageId: string }) => i.messageId)).not.toContain(queued)
    expect(n.unread).toBe(2)

    expect((await api(server.url, 'DELETE', `/api/groups/${G}/members/${pia.id}`, { as: as('chair') })).status).toBe(204)
    await api(server.url, 'PATCH', `/api/messages/${kept}`, { as: as('swiss'), body: { body: '@Pia Peru, a wording after the removal' } })
    n = await notes()
    expect(n).toEqual({ unread: 0, items: [] })

    // Back in the group, the mentions are there again, with the current text.
    await addPia()
    n = await notes()
    expect(n.unread).toBe(2)
    expect(excerpt(n, kept)).toBe('@Pia Peru, a wording after the removal')
  })

  it('lets authors edit and delete their own messages, shown as edited and deleted', async () => {
    const { server } = suite
    const swiss = await join('swiss')
    const created = await comment('swiss', swiss.doc, 'UNDSS', 'First wording')
    const messageId = created.json.messages[0].id
    expect((await api(server.url, 'PATCH', `/api/messages/${messageId}`, { as: as('brazil'), body: { body: 'Hijack' } })).status).toBe(403)
    const edited = await api(server.url, 'PATCH', `/api/messages/${messageId}`, { as: as('swiss'), body: { body: 'Second wording' } })
    expect(edited.json.messages[0]).toMatchObject({ body: 'Second wording', editedAt: expect.any(String) })
    expect((await api(server.url, 'DELETE', `/api/messages/${messageId}`, { as: as('brazil') })).status).toBe(403)
    const deleted = await api(server.url, 'DELETE', `/api/messages/${messageId}`, { as: as('swiss') })
    expect(deleted.json.messages[0]).toMatchObject({ state: 'deleted', body: null })
  })

  describe('bad input', () => {
    it.each([
      ['an empty body', { body: '   ' }, 400, 'invalid_request'],
      ['an oversized body', { body: 'x'.repeat(5001) }, 400, 'invalid_request'],
      ['a missing anchor', { body: 'hello' }, 400, 'invalid_request'],
    ])('refuses %s', async (_what, extra, status, code) => {
      const { server } = suite
      const swiss = await join('swiss')
      const body = { anchor: anchorOn(swiss.doc, 'UNJSPF'), ...extra }
      if (!('anchor' in extra) && _what === 'a missing anchor') delete (body as Partial<typeof body>).anchor
      const res = await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: as('swiss'), body })
      expect(res.status).toBe(status)
      expect(res.json.error).toBe(code)
    })

    it('refuses an anchor from another document, one past its end, and a quote that does not match', async () => {
      const { server } = suite
      const chairDoc = await join('swiss', server.docIds.chairReport)
      const foreign = anchorOn(chairDoc.doc, 'Findings of the Working Group')
      const count = (await threads('chair')).length
      const r1 = await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: as('swiss'), body: { anchor: foreign, body: 'wrong doc' } })
      expect(r1.status).toBe(400)
      expect(r1.json.error).toBe('invalid_anchor')
      const swiss = await join('swiss')
      const good = anchorOn(swiss.doc, 'UNCTs')
      const past = { ...good, end: { ...(good.end as object), item: { client: (good.end as { item: { client: number } }).item.client, clock: 99_999_999 } } }
      expect((await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: as('swiss'), body: { anchor: past, body: 'past the end' } })).json.error).toBe('invalid_anchor')
      const wrongQuote = { ...good, quote: { ...good.quote, exact: 'something else' } }
      expect((await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: as('swiss'), body: { anchor: wrongQuote, body: 'quote' } })).json.error).toBe('quote_mismatch')
      expect((await threads('chair')).length).toBe(count)
    })

    it('keeps HTML and script in bodies as plain text', async () => {
      const swiss = await join('swiss')
      const body = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
      const res = await comment('swiss', swiss.doc, 'IASC', body)
      expect(res.json.messages[0].body).toBe(body)
    })

    it('answers unknown and foreign ids with 404, and invalid JSON with 400', async () => {
      const { server } = suite
      expect((await api(server.url, 'POST', '/api/threads/nope/messages', { as: as('swiss'), body: { body: 'x' } })).status).toBe(404)
      expect((await api(server.url, 'POST', '/api/messages/nope/hide', { as: as('chair'), body: { reason: 'x' } })).status).toBe(404)
      expect((await api(server.url, 'GET', '/api/documents/unknown1/threads', { as: as('swiss') })).status).toBe(404)
      const [someThread] = await threads('chair')
      expect((await api(server.url, 'POST', `/api/threads/${someThread.id}/messages`, { as: as('outsider'), body: { body: 'x' } })).status).toBe(404)
      const res = await fetch(`${server.url}/api/threads/${someThread.id}/messages`, { method: 'POST', headers: { authorization: `Bearer ${server.people.swiss.token}`, 'content-type': 'application/json' }, body: '{"body": ' })
      expect(res.status).toBe(400)
    })
  })
})
