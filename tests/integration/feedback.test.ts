import { afterAll, describe, expect, it } from 'vitest'
import { linkWords } from '../helpers/catalogWords.js'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { openEvents, type EventStream } from '../helpers/sse.js'
import { anchorOn } from '../helpers/anchors.js'
import type { Cast } from '../helpers/people.js'

type Who = keyof Cast
const G = 'iom-un-relations'
const body = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

describe('DG office feedback updates', () => {
  const suite = serverSuite()
  const streams: EventStream[] = []
  const call = (who: Who, method: string, path: string, b?: unknown) => api(suite.server.url, method, path, { as: { token: suite.server.people[who].token }, body: b })
  const post = (who: Who, title: string, extra: Record<string, unknown> = {}) => call(who, 'POST', `/api/groups/${G}/feedback`, { title, body: body(`${title} body`), ...extra })
  const events = async (who: Who, options = {}) => {
    const s = await openEvents(suite.server.url, suite.server.people[who].token, options)
    streams.push(s)
    return s
  }

  /** Switzerland comments on "UN Migration" (paragraph 7 of the DG response). */
  const swissAsks = async (text: string) => {
    const c = connectClient(suite.server.wsUrl, suite.server.docIds.dgResponse, { token: suite.server.people.swiss.token })
    await c.synced
    const thread = await call('swiss', 'POST', `/api/documents/${suite.server.docIds.dgResponse}/threads`, { anchor: anchorOn(c.doc, 'UN Migration'), body: text })
    c.destroy()
    return thread
  }

  afterAll(() => {
    for (const s of streams) s.close()
  })

  it('lets only the DG office post updates', async () => {
    const expected: Record<string, number> = { dg: 201, chair: 403, swiss: 403, observer: 403, outsider: 403, admin: 403 }
    for (const [who, status] of Object.entries(expected)) expect((await post(who as Who, `By ${who}`)).status, who).toBe(status)
    const created = await post('dg', 'Consultations with the UN Secretariat', { statusLabel: 'Consultations held' })
    expect(created.json).toMatchObject({ title: 'Consultations with the UN Secretariat', statusLabel: 'Consultations held', author: { name: 'Karim DG', delegation: 'IOM Secretariat' }, retracted: false })
    for (const who of ['swiss', 'chair', 'observer'] as Who[]) {
      expect((await call(who, 'PATCH', `/api/feedback/${created.json.id}`, { title: 'x', body: body('x'), links: [] })).status).toBe(403)
      expect((await call(who, 'POST', `/api/feedback/${created.json.id}/retract`)).status).toBe(403)
    }
  })

  it('delivers a new update live to every member, with an unread badge that clears when read', async () => {
    const stream = await events('swiss')
    const before = (await call('swiss', 'GET', `/api/groups/${G}/feedback/unread`)).json.unread
    const created = await post('dg', 'Informal discussions held in New York')
    await waitFor(() => expect(stream.events.some((e) => e.event === 'feedback' && e.data.id === created.json.id && e.data.read === false)).toBe(true))
    expect((await call('swiss', 'GET', `/api/groups/${G}/feedback/unread`)).json.unread).toBe(before + 1)
    expect((await call('swiss', 'POST', `/api/groups/${G}/feedback/read`, { ids: [created.json.id] })).json.unread).toBe(before)
    expect((await call('swiss', 'POST', `/api/groups/${G}/feedback/read`, {})).json.unread).toBe(0)
    expect((await call('dg', 'GET', `/api/groups/${G}/feedback/unread`)).json.unread).toBe(0)
  })

  it('counts acknowledgements; the DG office and the chair see who, by delegation', async () => {
    const created = await post('dg', 'Action taken on paragraph 7')
    for (const who of ['swiss', 'brazil', 'swiss'] as Who[]) expect((await call(who, 'POST', `/api/feedback/${created.json.id}/acknowledge`)).status).toBe(200)
    expect((await call('dg', 'POST', `/api/feedback/${created.json.id}/acknowledge`)).status).toBe(403)
    const forDg = (await call('dg', 'GET', `/api/feedback/${created.json.id}`)).json
    expect(forDg.acknowledgements).toBe(2)
    expect(forDg.acknowledgedBy.map((a: { delegation: string }) => a.delegation)).toEqual(['Switzerland', 'Brazil'])
    expect((await call('chair', 'GET', `/api/feedback/${created.json.id}`)).json.acknowledgedBy).toHaveLength(2)
    const forMember = (await call('swiss', 'GET', `/api/feedback/${created.json.id}`)).json
    expect(forMember).toMatchObject({ acknowledgements: 2, acknowledgedByMe: true, acknowledgedBy: null })
  })

  it('keeps the edit history visible, and retracted updates marked, not removed', async () => {
    const created = await post('dg', 'First title')
    const edited = await call('dg', 'PATCH', `/api/feedback/${created.json.id}`, { title: 'Second title', body: body('Better wording'), statusLabel: 'Information', links: [] })
    expect(edited.status).toBe(200)
    expect(edited.json).toMatchObject({ title: 'Second title', editedAt: expect.any(String), previousVersions: [{ version: 1, title: 'First title' }] })
    const retracted = await call('dg', 'POST', `/api/feedback/${created.json.id}/retract`)
    expect(retracted.json).toMatchObject({ retracted: true, retractedAt: expect.any(String), title: 'Second title' })
    expect((await call('dg', 'PATCH', `/api/feedback/${created.json.id}`, { title: 'x', body: body('x'), links: [] })).status).toBe(409)
    const feed = (await call('swiss', 'GET', `/api/groups/${G}/feedback?limit=100`)).json
    expect(feed.updates.find((u: { id: string }) => u.id === created.json.id)).toMatchObject({ retracted: true })
  })

  it('lets the chair pin one update to the top', async () => {
    const a = await post('dg', 'Pin A')
    const b = await post('dg', 'Pin B')
    expect((await call('dg', 'POST', `/api/feedback/${a.json.id}/pin`)).status).toBe(403)
    await call('chair', 'POST', `/api/feedback/${a.json.id}/pin`)
    await call('chair', 'POST', `/api/feedback/${b.json.id}/pin`)
    const feed = (await call('swiss', 'GET', `/api/groups/${G}/feedback`)).json
    expect(feed.updates[0]).toMatchObject({ id: b.json.id, pinned: true })
    expect(feed.updates.filter((u: { pinned: boolean }) => u.pinned)).toHaveLength(1)
  })

  it('links an update to a paragraph, a comment thread and another update, and refuses links elsewhere', async () => {
    const { server } = suite
    const docId = server.docIds.dgResponse
    const thread = await swissAsks('What is meant?')
    const other = await post('dg', 'Earlier update')
    const links = [
      { type: 'paragraph', documentId: docId, paraRef: '7' },
      { type: 'thread', threadId: thread.json.id },
      { type: 'update', updateId: other.json.id },
    ]
    const created = await post('dg', 'Answer on paragraph 7', { links })
    expect(created.status).toBe(201)
    expect(created.json.links).toEqual([
      { type: 'paragraph', documentId: docId, paraRef: '7', position: expect.any(Object), quote: expect.stringMatching(/^Given the resolution/), liveRef: '7', title: "Director General's Response", label: "Director General's Response, para 7", broken: false },
      { type: 'thread', threadId: thread.json.id, documentId: docId, ref: '7', label: 'Comment on para 7', broken: false },
      { type: 'update', updateId: other.json.id, title: 'Earlier update', label: 'Earlier update', broken: false },
    ])
    // The page words each link from the facts sent with it: in English exactly as the server's label.
    for (const link of created.json.links) expect((await linkWords(link)).en).toBe(link.label)
    for (const bad of [
      { type: 'paragraph', documentId: docId, paraRef: '42' },
      { type: 'paragraph', documentId: 'nodoc', paraRef: '1' },
      { type: 'thread', threadId: 'nothread' },
      { type: 'update', updateId: 'noupdate' },
    ]) {
      const res = await post('dg', 'Bad link', { links: [bad] })
      expect(res.status).toBe(400)
      expect(res.json.error).toBe('invalid_link')
    }

    // The thread can be marked answered by the update, and then shows the link.
    expect((await call('swiss', 'PUT', `/api/threads/${thread.json.id}/answered`, { updateId: created.json.id })).status).toBe(403)
    const answered = await call('dg', 'PUT', `/api/threads/${thread.json.id}/answered`, { updateId: created.json.id })
    expect(answered.json.answeredBy).toEqual({ updateId: created.json.id, title: 'Answer on paragraph 7' })
    const seenByMember = (await call('brazil', 'GET', `/api/documents/${docId}/threads`)).json.threads.find((t: { id: string }) => t.id === thread.json.id)
    expect(seenByMember.answeredBy.title).toBe('Answer on paragraph 7')
  })

  it('moderates replies exactly as document comments', async () => {
    const created = await post('dg', 'Open for replies')
    const stream = await events('observer')
    await call('chair', 'PATCH', `/api/groups/${G}`, { preModeration: true })
    const held = await call('swiss', 'POST', `/api/feedback/${created.json.id}/replies`, { body: 'A reply awaiting approval' })
    expect(held.status).toBe(201)
    expect(held.json.messages[0].state).toBe('pending')
    expect((await call('brazil', 'GET', `/api/feedback/${created.json.id}/thread`)).json.messages).toEqual([])
    await call('chair', 'POST', `/api/messages/${held.json.messages[0].id}/approve`)
    await call('chair', 'PATCH', `/api/groups/${G}`, { preModeration: false })
    const second = await call('brazil', 'POST', `/api/feedback/${created.json.id}/replies`, { body: 'A reply to be hidden' })
    expect(second.json.messages.map((m: { body: string }) => m.body)).toEqual(['A reply awaiting approval', 'A reply to be hidden'])
    await waitFor(() => expect(stream.raw()).toContain('A reply to be hidden'))
    const rawBefore = stream.raw().length
    await call('chair', 'POST', `/api/messages/${second.json.messages[1].id}/hide`, { reason: 'Off topic' })
    await call('chair', 'POST', `/api/threads/${second.json.id}/lock`)
    expect((await call('swiss', 'POST', `/api/feedback/${created.json.id}/replies`, { body: 'late' })).status).toBe(409)
    const forSwiss = (await call('swiss', 'GET', `/api/feedback/${created.json.id}/thread`)).json
    expect(forSwiss.messages[1]).toMatchObject({ state: 'hidden', body: null })
    await new Promise((r) => setTimeout(r, 100))
    expect(stream.raw().slice(rawBefore)).not.toContain('A reply to be hidden')
    const log = (await call('chair', 'GET', `/api/groups/${G}/moderation/log`)).json
    expect(log.filter((e: { targetId: string }) => [held.json.messages[0].id, second.json.messages[1].id].includes(e.targetId)).map((e: { action: string }) => e.action)).toEqual(['approve', 'hide'])
    expect((await call('observer', 'POST', `/api/feedback/${created.json.id}/replies`, { body: 'observer' })).status).toBe(403)
  })

  it('keeps the reply thread open to everyone when its first reply is pending or rejected under pre-moderation', async () => {
    const created = await post('dg', 'Replies under pre-moderation')
    const id = created.json.id
    const stream = await events('observer')
    const reply = (who: Who, text: string) => call(who, 'POST', `/api/feedback/${id}/replies`, { body: text })
    const bodies = async (who: Who) => (await call(who, 'GET', `/api/feedback/${id}/thread`)).json.messages.map((m: { body: string | null }) => m.body)
    await call('chair', 'PATCH', `/api/groups/${G}`, { preModeration: true })
    try {
      const first = await reply('swiss', 'First reply, awaiting approval')
      expect(first.status).toBe(201)
      expect(first.json.messages[0].state).toBe('pending')
      // The update is sent again with its reply thread, though the reply waits: no card keeps a stale thread.
      const lastUpdate = () => stream.events.filter((e) => e.event === 'feedback' && e.data.id === id).at(-1)?.data
      await waitFor(() => expect(lastUpdate()).toMatchObject({ threadId: first.json.id, replies: 0 }))
      // Every later reply goes into the same thread, whoever writes it.
      const fromBrazil = await reply('brazil', 'Second reply, also queued')
      expect(fromBrazil.status).toBe(201)
      expect(fromBrazil.json.id).toBe(first.json.id)
      expect(fromBrazil.json.messages.map((m: { body: string }) => m.body)).toEqual(['Second reply, also queued'])
      expect((await reply('dg', 'The DG office answers')).status).toBe(201)
      expect((await reply('chair', 'The chair answers')).status).toBe(201)
      expect(await bodies('observer')).toEqual(['The chair answers'])
      expect(await bodies('swiss')).toEqual(['First reply, awaiting approval', 'The chair answers'])
      expect(await bodies('chair')).toEqual(['First reply, awaiting approval', 'Second reply, also queued', 'The DG office answers', 'The chair answers'])
      // Whoever wrote the queued first reply is not revealed through the thread either.
      const forObserver = (await call('observer', 'GET', `/api/feedback/${id}/thread`)).json
      expect(forObserver.author.name).toBe('Elena Chair')
      expect((await call('observer', 'GET', `/api/feedback/${id}`)).json).toMatchObject({ threadId: first.json.id, replies: 1 })

      await call('chair', 'POST', `/api/messages/${first.json.messages[0].id}/reject`, { reason: 'Off topic' })
      await call('chair', 'POST', `/api/messages/${fromBrazil.json.messages[0].id}/approve`)
      expect((await reply('swiss', 'Swiss, after the rejection')).status).toBe(201)
      expect(await bodies('observer')).toEqual(['Second reply, also queued', 'The chair answers'])
      const forSwiss = (await call('swiss', 'GET', `/api/feedback/${id}/thread`)).json.messages
      expect(forSwiss[0]).toMatchObject({ state: 'rejected', body: 'First reply, awaiting approval', hiddenReason: 'Off topic' })
      expect(forSwiss.at(-1)).toMatchObject({ state: 'pending', body: 'Swiss, after the rejection' })
      await waitFor(() => expect(stream.raw()).toContain('Second reply, also queued'))
      // The update on the stream counts the replies as the observer's own view of it does.
      const forObserverNow = (await call('observer', 'GET', `/api/feedback/${id}`)).json
      await waitFor(() => expect(lastUpdate()).toEqual(forObserverNow))
      expect(stream.raw()).not.toContain('First reply, awaiting approval')
      expect(stream.raw()).not.toContain('The DG office answers')
    } finally {
      await call('chair', 'PATCH', `/api/groups/${G}`, { preModeration: false })
    }
  })

  it('shows a link to a comment thread only to those who may see the thread', async () => {
    const thread = await swissAsks('A question on para 7')
    const created = await post('dg', 'Answer to the Swiss question', { links: [{ type: 'thread', threadId: thread.json.id }] })
    expect(created.json.links[0]).toMatchObject({ label: 'Comment on para 7', broken: false })
    await call('chair', 'PATCH', `/api/groups/${G}`, { preModeration: true })
    try {
      // Edited under pre-moderation, the opening message is back in the queue: the thread is gone for others.
      await call('swiss', 'PATCH', `/api/messages/${thread.json.messages[0].id}`, { body: 'A reworded question' })
    } finally {
      await call('chair', 'PATCH', `/api/groups/${G}`, { preModeration: false })
    }
    expect((await call('brazil', 'GET', `/api/feedback/${created.json.id}`)).json.links[0]).toMatchObject({ label: 'Deleted comment', broken: true })
    expect((await call('brazil', 'GET', `/api/feedback/${created.json.id}`)).json.links[0].documentId).toBeUndefined()
    expect(await linkWords((await call('brazil', 'GET', `/api/feedback/${created.json.id}`)).json.links[0])).toEqual({ en: 'Deleted comment', fr: 'Commentaire supprimé' })
    expect(await linkWords((await call('swiss', 'GET', `/api/feedback/${created.json.id}`)).json.links[0])).toEqual({ en: 'Comment on para 7', fr: 'Commentaire sur le par. 7' })
    for (const who of ['swiss', 'chair'] as Who[]) expect((await call(who, 'GET', `/api/feedback/${created.json.id}`)).json.links[0]).toMatchObject({ label: 'Comment on para 7', broken: false })
  })

  it('catches a reconnecting member up on updates posted while away', async () => {
    const first = await events('brazil')
    const marker = await post('dg', 'Before the drop')
    await waitFor(() => expect(first.events.some((e) => e.data.id === marker.json.id)).toBe(true))
    const lastSeen = first.lastId()!
    first.close()
    const missed = [await post('dg', 'Missed one'), await post('dg', 'Missed two')]
    await call('dg', 'PATCH', `/api/feedback/${missed[0].json.id}`, { title: 'Missed one (edited)', body: body('edited'), links: [] })
    const again = await events('brazil', { lastEventId: lastSeen })
    await waitFor(() => expect(again.events.filter((e) => e.event === 'feedback').map((e) => e.data.title)).toEqual(['Missed two', 'Missed one (edited)']))
  })

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const count = (await call('dg', 'GET', `/api/groups/${G}/feedback?limit=100`)).json.updates.length
    const cases: Array<[unknown, number, string]> = [
      [{ title: '', body: body('x'), links: [] }, 400, 'invalid_request'],
      [{ title: 'Heading', body: { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'h' }] }] }, links: [] }, 400, 'invalid_body'],
      [{ title: 'Empty', body: { type: 'doc', content: [{ type: 'paragraph' }] }, links: [] }, 400, 'invalid_body'],
      [{ title: 'Script link', body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] }, links: [] }, 400, 'invalid_body'],
      [{ title: 'Label', body: body('x'), statusLabel: 'Made up', links: [] }, 400, 'unknown_label'],
      [{ title: 'Extra', body: body('x'), links: [], author: 'me' }, 400, 'invalid_request'],
    ]
    for (const [b, status, code] of cases) {
      const res = await call('dg', 'POST', `/api/groups/${G}/feedback`, b)
      expect(res.status, JSON.stringify(b)).toBe(status)
      expect(res.json.error).toBe(code)
    }
    expect((await call('dg', 'GET', '/api/feedback/unknown')).status).toBe(404)
    expect((await call('outsider', 'GET', `/api/groups/${G}/feedback`)).status).toBe(403)
    expect((await call('dg', 'GET', `/api/groups/${G}/feedback?before=@@@`)).status).toBe(400)
    expect((await call('dg', 'GET', `/api/groups/${G}/feedback?limit=1000`)).status).toBe(400)
    expect((await call('dg', 'GET', `/api/groups/${G}/feedback?limit=100`)).json.updates.length).toBe(count)
    // The group can extend its labels.
    expect((await call('swiss', 'POST', `/api/groups/${G}/feedback-labels`, { label: 'Follow-up' })).status).toBe(403)
    expect((await call('chair', 'POST', `/api/groups/${G}/feedback-labels`, { label: 'Follow-up' })).json).toContain('Follow-up')
    expect((await post('dg', 'Labelled', { statusLabel: 'Follow-up' })).status).toBe(201)
  })

  it('pages through thousands of updates newest first, using the feed index', async () => {
    const { server } = suite
    const dgId = server.people.dg.user.id
    const insert = server.sqlite.db.prepare("INSERT INTO feedback_updates (id, group_id, author_id, title, body, links, created_at) VALUES (?, ?, ?, ?, ?, '[]', ?)")
    server.sqlite.db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`bulk${String(i).padStart(5, '0')}`, G, dgId, `Bulk ${i}`, JSON.stringify(body(`bulk ${i}`)), 1_000_000 + i)
    })()
    const seen: string[] = []
    let before: string | null = null
    let pages = 0
    do {
      const page: { json: { updates: Array<{ title: string; pinned: boolean }>; next: string | null } } = await call('swiss', 'GET', `/api/groups/${G}/feedback?limit=100${before ? `&before=${before}` : ''}`)
      seen.push(...page.json.updates.filter((u) => !u.pinned).map((u) => u.title))
      before = page.json.next
      pages++
    } while (before)
    const bulk = seen.filter((t) => t.startsWith('Bulk '))
    expect(bulk).toHaveLength(3000)
    expect(bulk[0]).toBe('Bulk 2999')
    expect(bulk.at(-1)).toBe('Bulk 0')
    expect(new Set(seen).size).toBe(seen.length)
    expect(pages).toBeGreaterThanOrEqual(30)
    const plan = server.sqlite.db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM feedback_updates WHERE group_id = ? AND pinned = 0 AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT 21")
      .all(G, 1, 1, 'x') as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' ')).toContain('feedback_feed')
    expect(plan.map((p) => p.detail).join(' ')).not.toContain('TEMP B-TREE')
  })
})
