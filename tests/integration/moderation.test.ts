import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { openEvents, type EventStream } from '../helpers/sse.js'
import { anchorOn } from '../helpers/anchors.js'
import type { Cast } from '../helpers/people.js'
import type { ThreadView } from '../../shared/comments/types.js'

type Who = keyof Cast

describe("the chair's moderation", () => {
  const suite = serverSuite()
  let docId: string
  let writer: YClient
  const streams: EventStream[] = []
  const as = (who: Who) => ({ token: suite.server.people[who].token })
  const call = (who: Who, method: string, path: string, body?: unknown) => api(suite.server.url, method, path, { as: as(who), body })
  const threadsOf = async (who: Who): Promise<ThreadView[]> => (await call(who, 'GET', `/api/documents/${docId}/threads`)).json.threads
  const startThread = (who: Who, phrase: string, body: string) => call(who, 'POST', `/api/documents/${docId}/threads`, { anchor: anchorOn(writer.doc, phrase), body })
  const events = async (who: Who) => {
    const s = await openEvents(suite.server.url, suite.server.people[who].token)
    streams.push(s)
    return s
  }

  beforeAll(async () => {
    const { server } = suite
    docId = server.docIds.dgResponse
    writer = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    await writer.synced
  })
  afterAll(() => {
    for (const s of streams) s.close()
    writer.destroy()
  })

  it('hides a message from members once the chair hides it: its text never reaches them again', async () => {
    const brazilStream = await events('brazil')
    const created = await startThread('swiss', 'Second High-level Dialogue', 'An intemperate remark about another delegation')
    const messageId = created.json.messages[0].id
    await waitFor(() => expect(brazilStream.events.some((e) => e.data.id === created.json.id)).toBe(true))
    const rawBefore = brazilStream.raw().length

    const hidden = await call('chair', 'POST', `/api/messages/${messageId}/hide`, { reason: 'Personal remark' })
    expect(hidden.status).toBe(200)
    await waitFor(() => expect(brazilStream.events.filter((e) => e.data.id === created.json.id).at(-1)?.data.messages[0].state).toBe('hidden'))
    const after = brazilStream.raw().slice(rawBefore)
    expect(after).not.toContain('intemperate')
    expect(after).not.toContain('Personal remark')

    const forBrazil = (await threadsOf('brazil')).find((t) => t.id === created.json.id)!
    expect(forBrazil.messages[0]).toMatchObject({ state: 'hidden', body: null, hiddenReason: null })
    expect(JSON.stringify(await call('brazil', 'GET', `/api/threads/${created.json.id}`))).not.toContain('intemperate')
    const forAuthor = (await threadsOf('swiss')).find((t) => t.id === created.json.id)!
    expect(forAuthor.messages[0]).toMatchObject({ state: 'hidden', body: 'An intemperate remark about another delegation', hiddenReason: 'Personal remark' })
    const forChair = (await threadsOf('chair')).find((t) => t.id === created.json.id)!
    expect(forChair.messages[0]).toMatchObject({ state: 'hidden', hiddenReason: 'Personal remark' })

    const restored = await call('chair', 'POST', `/api/messages/${messageId}/restore`)
    expect(restored.json.messages[0]).toMatchObject({ state: 'published', body: 'An intemperate remark about another delegation' })
  })

  it('under pre-moderation, shows new messages only to their author and the chair until approved', async () => {
    expect((await call('chair', 'PATCH', '/api/groups/iom-un-relations', { preModeration: true })).status).toBe(200)
    const brazilStream = await events('brazil')
    const created = await startThread('swiss', 'Global Migration Group', 'Awaiting approval text')
    expect(created.json.messages[0].state).toBe('pending')
    expect((await threadsOf('swiss')).find((t) => t.id === created.json.id)?.messages[0].state).toBe('pending')
    expect((await threadsOf('chair')).find((t) => t.id === created.json.id)?.messages[0].body).toBe('Awaiting approval text')
    expect((await threadsOf('brazil')).find((t) => t.id === created.json.id)).toBeUndefined()
    expect((await call('brazil', 'GET', `/api/threads/${created.json.id}`)).status).toBe(404)

    const queue = await call('chair', 'GET', '/api/groups/iom-un-relations/moderation/queue')
    expect(queue.json.counts.pending).toBeGreaterThanOrEqual(1)
    expect(queue.json.pending.map((m: { body: string }) => m.body)).toContain('Awaiting approval text')
    // Each item says where it was written: the document's title and the thread's paragraph.
    const waiting = queue.json.pending.find((m: { body: string }) => m.body === 'Awaiting approval text')
    expect(waiting).toMatchObject({ targetType: 'document', where: "Director General's Response", paraRef: expect.any(String) })
    expect((await call('swiss', 'GET', '/api/groups/iom-un-relations/moderation/queue')).status).toBe(403)

    // The chair's own comments are never held.
    const chairs = await startThread('chair', 'Geneva Migration Group', 'Chair note')
    expect(chairs.json.messages[0].state).toBe('published')

    await new Promise((r) => setTimeout(r, 100))
    expect(brazilStream.raw()).not.toContain('Awaiting approval text')
    await call('chair', 'POST', `/api/messages/${created.json.messages[0].id}/approve`)
    await waitFor(() => expect(brazilStream.events.some((e) => e.data.id === created.json.id && e.data.messages[0].body === 'Awaiting approval text')).toBe(true))

    // Editing an approved message sends it back to the queue.
    const edited = await call('swiss', 'PATCH', `/api/messages/${created.json.messages[0].id}`, { body: 'Edited after approval' })
    expect(edited.json.messages[0].state).toBe('pending')
    expect((await threadsOf('brazil')).find((t) => t.id === created.json.id)).toBeUndefined()

    const reply = await call('brazil', 'POST', `/api/threads/${chairs.json.id}/messages`, { body: 'A held reply' })
    expect(reply.json.messages.at(-1).state).toBe('pending')
    expect((await threadsOf('swiss')).find((t) => t.id === chairs.json.id)?.messages.map((m) => m.body)).toEqual(['Chair note'])
    const rejected = await call('chair', 'POST', `/api/messages/${reply.json.messages.at(-1).id}/reject`, { reason: 'Off topic' })
    expect(rejected.json.messages.at(-1).state).toBe('rejected')
    expect((await threadsOf('brazil')).find((t) => t.id === chairs.json.id)?.messages.at(-1)).toMatchObject({ state: 'rejected', hiddenReason: 'Off topic' })
    await call('chair', 'PATCH', '/api/groups/iom-un-relations', { preModeration: false })
  })

  it('locks a thread against new replies, except from the chair', async () => {
    const created = await startThread('brazil', 'Multi-donor', 'Lock me')
    expect((await call('swiss', 'POST', `/api/threads/${created.json.id}/lock`)).status).toBe(403)
    expect((await call('chair', 'POST', `/api/threads/${created.json.id}/lock`)).json.locked).toBe(true)
    const refused = await call('swiss', 'POST', `/api/threads/${created.json.id}/messages`, { body: 'Too late' })
    expect(refused.status).toBe(409)
    expect(refused.json.error).toBe('thread_locked')
    expect((await call('chair', 'POST', `/api/threads/${created.json.id}/messages`, { body: 'Closing remark' })).status).toBe(201)
    expect((await call('chair', 'POST', `/api/threads/${created.json.id}/unlock`)).json.locked).toBe(false)
  })

  it('lets members flag a message for the chair, counted in the queue', async () => {
    const created = await startThread('dg', 'UN Migration', 'Flag me')
    const messageId = created.json.messages[0].id
    expect((await call('swiss', 'POST', `/api/messages/${messageId}/flag`, { reason: 'Inaccurate' })).status).toBe(200)
    expect((await call('brazil', 'POST', `/api/messages/${messageId}/flag`, {})).json.messages[0].flaggedByMe).toBe(true)
    expect((await call('observer', 'POST', `/api/messages/${messageId}/flag`, {})).status).toBe(403)
    const queue = (await call('chair', 'GET', '/api/groups/iom-un-relations/moderation/queue')).json
    expect(queue.flagged.find((m: { id: string }) => m.id === messageId)).toMatchObject({ flags: 2 })
    expect((await threadsOf('swiss')).find((t) => t.id === created.json.id)?.messages[0].flags).toBe(0)
  })

  it('keeps an append-only moderation log the chair can read and download as CSV', async () => {
    const { server } = suite
    const log = await call('chair', 'GET', '/api/groups/iom-un-relations/moderation/log')
    expect(log.status).toBe(200)
    const actions = log.json.map((e: { action: string }) => e.action)
    for (const a of ['hide', 'restore', 'pre-moderation on', 'approve', 'reject', 'lock', 'unlock', 'flag']) expect(actions).toContain(a)
    expect(log.json.find((e: { action: string }) => e.action === 'hide')).toMatchObject({ actor: { name: 'Elena Chair' }, reason: 'Personal remark', before: 'published', after: 'hidden' })
    expect((await call('swiss', 'GET', '/api/groups/iom-un-relations/moderation/log')).status).toBe(403)

    const csv = await fetch(`${server.url}/api/groups/iom-un-relations/moderation/log?format=csv`, { headers: { authorization: `Bearer ${server.people.chair.token}` } })
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toContain('attachment')
    const text = await csv.text()
    expect(text.split('\r\n')[0]).toBe('id,at,actor,delegation,action,target type,target id,document,paragraph,text,reason,before,after')
    // Each entry says which document, paragraph and text it concerns, not only an id.
    const hidden = log.json.find((e: { action: string }) => e.action === 'hide')
    expect(hidden.context).toMatchObject({ where: "Director General's Response", documentId: server.docIds.dgResponse })
    expect(hidden.context.paraRef).toMatch(/^\d/)
    expect(hidden.context.text.length).toBeGreaterThan(0)
    expect(text).toContain(`Director General's Response,${hidden.context.paraRef},${hidden.context.text}`)
    expect(text).toContain('Personal remark')

    expect(() => server.sqlite.db.prepare("UPDATE moderation_log SET reason = 'rewritten'").run()).toThrow(/append-only/)
    expect(() => server.sqlite.db.prepare('DELETE FROM moderation_log').run()).toThrow(/append-only/)
  })

  describe('the permission matrix of comment actions', () => {
    const ROLES: Who[] = ['chair', 'swiss', 'dg', 'observer', 'outsider']
    const cases: Array<{ action: string; expect: Record<string, number>; run: (who: Who, ctx: { threadId: string; messageId: string }) => Promise<{ status: number }> }> = [
      { action: 'start a thread', expect: { chair: 201, swiss: 201, dg: 201, observer: 403, outsider: 403 }, run: (who) => startThread(who, 'Second Committee', 'matrix') },
      { action: 'reply', expect: { chair: 201, swiss: 201, dg: 201, observer: 403, outsider: 404 }, run: (who, c) => call(who, 'POST', `/api/threads/${c.threadId}/messages`, { body: 'reply' }) },
      { action: "edit brazil's message", expect: { chair: 403, swiss: 403, dg: 403, observer: 403, outsider: 404 }, run: (who, c) => call(who, 'PATCH', `/api/messages/${c.messageId}`, { body: 'edit' }) },
      { action: 'resolve brazil’s thread', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 404 }, run: (who, c) => call(who, 'POST', `/api/threads/${c.threadId}/resolve`) },
      { action: 'lock', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 404 }, run: (who, c) => call(who, 'POST', `/api/threads/${c.threadId}/lock`) },
      { action: 'hide', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 404 }, run: (who, c) => call(who, 'POST', `/api/messages/${c.messageId}/hide`, { reason: 'r' }) },
      { action: 'flag', expect: { chair: 200, swiss: 200, dg: 200, observer: 403, outsider: 404 }, run: (who, c) => call(who, 'POST', `/api/messages/${c.messageId}/flag`, {}) },
      { action: 'delete brazil’s message', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 404 }, run: (who, c) => call(who, 'DELETE', `/api/messages/${c.messageId}`) },
      { action: 'read the queue', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 403 }, run: (who) => call(who, 'GET', '/api/groups/iom-un-relations/moderation/queue') },
      { action: 'switch pre-moderation', expect: { chair: 200, swiss: 403, dg: 403, observer: 403, outsider: 403 }, run: (who) => call(who, 'PATCH', '/api/groups/iom-un-relations', { preModeration: false }) },
    ]
    for (const c of cases) {
      it.each(ROLES)(`${c.action}: %s`, async (who) => {
        const thread = await startThread('brazil', 'Secretary-General', 'matrix target')
        const res = await c.run(who, { threadId: thread.json.id, messageId: thread.json.messages[0].id })
        expect(res.status).toBe(c.expect[who])
      })
    }

    it('lets an observer comment once the chair allows it', async () => {
      await call('chair', 'PATCH', '/api/groups/iom-un-relations', { observersMayComment: true })
      expect((await startThread('observer', 'Second Committee', 'observer view')).status).toBe(201)
      await call('chair', 'PATCH', '/api/groups/iom-un-relations', { observersMayComment: false })
    })

    it('lets the author and the chair resolve and reopen', async () => {
      const thread = await startThread('brazil', 'Secretary-General', 'resolve me')
      expect((await call('brazil', 'POST', `/api/threads/${thread.json.id}/resolve`)).json.status).toBe('resolved')
      expect((await call('brazil', 'POST', `/api/threads/${thread.json.id}/resolve`)).status).toBe(409)
      expect((await call('chair', 'POST', `/api/threads/${thread.json.id}/reopen`)).json.status).toBe('open')
    })
  })
})
