import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { strFromU8, unzipSync } from 'fflate'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { openEvents, type EventStream } from '../helpers/sse.js'
import { anchorOn, insertNear } from '../helpers/anchors.js'
import { copyOfDgResponse } from '../helpers/documentCopy.js'
import type { Cast } from '../helpers/people.js'
import type { CommentPeriodView } from '../../shared/periods/types.js'
import type { DocumentSummary } from '../../shared/types.js'
import type { VersionSummary } from '../../shared/versions/types.js'
import type { ThreadView } from '../../shared/comments/types.js'
import { DOCUMENT_FIELD } from '../../shared/schema/extensions.js'
import { after, propose } from '../helpers/proposing.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'

type Who = keyof Cast

const PASSAGE = 'risks the marginalization of IOM'
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('comment periods: open, close on time, refuse late comments and edits, extend, reopen', () => {
  const suite = serverSuite()
  const clients: YClient[] = []
  const streams: EventStream[] = []
  afterAll(() => {
    clients.forEach((c) => c.destroy())
    streams.forEach((s) => s.close())
  })
  const call = (who: Who, method: string, path: string, body?: unknown) => api(suite.server.url, method, path, { as: { token: suite.server.people[who].token }, body })
  const join = async (who: Who, docId: string) => {
    const client = connectClient(suite.server.wsUrl, docId, { token: suite.server.people[who].token })
    clients.push(client)
    await client.synced
    return client
  }
  const setPeriod = (docId: string, body: unknown, who: Who = 'chair') => call(who, 'PUT', `/api/documents/${docId}/comment-period`, body)
  const period = async (docId: string): Promise<CommentPeriodView | null> => (await call('observer', 'GET', `/api/documents/${docId}/comment-period`)).json
  /** Waits until the server has run the close (the frozen compilation exists). */
  const closed = (docId: string, closes = 1) =>
    waitFor(async () => expect((await period(docId))?.compilations).toHaveLength(closes), { timeout: 10_000 })
  /** A fresh document with the seeded text and a reader's copy of it (to anchor comments). */
  const fresh = async () => {
    const docId = await copyOfDgResponse(suite.server, 'Periods copy')
    const reader = await join('observer', docId)
    return { docId, reader }
  }
  const comment = (who: Who, docId: string, doc: Y.Doc, body: string) => call(who, 'POST', `/api/documents/${docId}/threads`, { anchor: anchorOn(doc, PASSAGE), body })
  const threads = async (docId: string): Promise<ThreadView[]> => (await call('chair', 'GET', `/api/documents/${docId}/threads`)).json.threads

  it('lets only the chair open a period, validates the body, and shows the period to everyone, in the document and the list', async () => {
    const { docId } = await fresh()
    for (const who of ['swiss', 'dg', 'observer'] as const) expect((await setPeriod(docId, { closesAt: inMs(3_600_000) }, who)).status).toBe(403)
    expect((await setPeriod(docId, { closesAt: inMs(3_600_000) }, 'outsider')).status).toBe(403)
    expect((await setPeriod('nosuchdocument', { closesAt: inMs(3_600_000) })).status).toBe(404)
    const refused = async (body: unknown, status: number, error: string) => {
      const res = await setPeriod(docId, body)
      expect(res.status).toBe(status)
      expect(res.json.error).toBe(error)
    }
    await refused({ closesAt: 'next Friday' }, 400, 'invalid_request')
    await refused({ closesAt: inMs(3_600_000), round: '' }, 400, 'invalid_request')
    await refused({ closesAt: inMs(3_600_000), color: 'red' }, 400, 'invalid_request')
    await refused({ closesAt: inMs(-60_000) }, 400, 'closes_at_in_past')
    await refused({ closesAt: inMs(400 * 24 * 3_600_000) }, 400, 'closes_at_too_far')
    expect(await period(docId)).toBeNull()

    const closesAt = new Date(Date.now() + 2 * 24 * 3_600_000).toISOString()
    const opened = await setPeriod(docId, { closesAt: closesAt.replace('Z', '+00:00'), round: 'First reading' })
    expect(opened.status).toBe(200)
    expect(opened.json).toMatchObject({ documentId: docId, round: 'First reading', closesAt, state: 'open', compilations: [] })
    expect(opened.json.history).toEqual([{ kind: 'open', at: expect.any(String), by: expect.objectContaining({ name: 'Elena Chair', delegation: 'Italy' }), from: null, to: closesAt }])
    expect(await period(docId)).toMatchObject({ round: 'First reading', closesAt, state: 'open' })
    const listed: DocumentSummary[] = (await call('swiss', 'GET', '/api/documents')).json
    expect(listed.find((d) => d.id === docId)?.commentPeriod).toMatchObject({ round: 'First reading', closesAt, state: 'open' })
    expect((await call('swiss', 'GET', `/api/documents/${docId}`)).json.commentPeriod).toMatchObject({ round: 'First reading' })
    // A different round while this one is open is refused; without a name the next round is numbered.
    expect((await setPeriod(docId, { closesAt: inMs(3_600_000), round: 'Second reading' })).json.error).toBe('comment_period_open')
    const other = await copyOfDgResponse(suite.server)
    expect((await setPeriod(other, { closesAt: inMs(3_600_000) })).json.round).toBe('Round 1')
  })

  it('keeps the group’s time zone as the IANA database spells it, and refuses names it does not know', async () => {
    const group = `/api/groups/${EXAMPLE_GROUP_ID}`
    expect((await call('swiss', 'PATCH', group, { timeZone: 'Europe/Zurich' })).status).toBe(403)
    for (const timeZone of ['Mars/Olympus', '', 'x'.repeat(65), 'Europe/Zurich ']) expect((await call('chair', 'PATCH', group, { timeZone })).status, timeZone).toBe(400)
    expect((await call('chair', 'PATCH', group, { timeZone: 'europe/zurich' })).status).toBe(200)
    expect((await suite.server.groups.getGroup(EXAMPLE_GROUP_ID))?.timeZone).toBe('Europe/Zurich')
    expect((await call('chair', 'PATCH', group, { timeZone: 'UTC' })).status).toBe(200)
  })

  it('refuses new comments, replies and edits from members once closed, with the closing time, storing nothing; the chair and the DG office still answer', async () => {
    const { docId, reader } = await fresh()
    const events = await openEvents(suite.server.url, suite.server.people.brazil.token)
    streams.push(events)
    const closesAt = inMs(1_500)
    await setPeriod(docId, { closesAt, round: 'First reading' })
    const early = await comment('swiss', docId, reader.doc, 'In time.')
    expect(early.status).toBe(201)
    await sleep(Date.parse(closesAt) - Date.now() + 50)

    const late = await comment('brazil', docId, reader.doc, 'Too late, Brazil.')
    expect(late.status).toBe(409)
    expect(late.json).toMatchObject({ error: 'comment_period_closed', closesAt: new Date(closesAt).toISOString() })
    expect(late.json.message).toContain(new Date(closesAt).toISOString())
    const reply = await call('brazil', 'POST', `/api/threads/${early.json.id}/messages`, { body: 'A late reply' })
    expect(reply).toMatchObject({ status: 409, json: { error: 'comment_period_closed' } })
    const edit = await call('swiss', 'PATCH', `/api/messages/${early.json.messages[0].id}`, { body: 'Changed after the close' })
    expect(edit).toMatchObject({ status: 409, json: { error: 'comment_period_closed' } })
    expect((await call('observer', 'GET', `/api/documents/${docId}/comment-period`)).json.state).toBe('closed')

    const stored = await threads(docId)
    expect(stored).toHaveLength(1)
    expect(stored[0].messages.map((m) => m.body)).toEqual(['In time.'])
    // The secretariat answers after the close.
    expect((await call('dg', 'POST', `/api/threads/${early.json.id}/messages`, { body: 'The DG office answers.' })).status).toBe(201)
    expect((await call('chair', 'POST', `/api/threads/${early.json.id}/messages`, { body: 'Noted by the chair.' })).status).toBe(201)
    // Everyone's page hears of the close.
    await waitFor(() => expect(events.events.some((e) => e.event === 'comment-period' && e.data.documentId === docId && e.data.period.state === 'closed')).toBe(true))
  })

  it('closes on time with nobody connected: a named version, and the comments table frozen as it was', async () => {
    const { docId, reader } = await fresh()
    const closesAt = inMs(1_500)
    await setPeriod(docId, { closesAt, round: 'First reading' })
    expect((await comment('swiss', docId, reader.doc, 'Switzerland asks to keep this.')).status).toBe(201)
    reader.destroy()
    await closed(docId)

    const versions: VersionSummary[] = (await call('swiss', 'GET', `/api/documents/${docId}/versions`)).json
    const named = versions.find((v) => v.kind === 'named')
    expect(named?.name).toMatch(/^First reading — closed \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(UTC\)$/)
    const current = (await period(docId))!
    expect(current.compilations).toEqual([{ n: 1, closedAt: new Date(closesAt).toISOString(), versionId: named!.id }])
    expect(current.history.map((c) => c.kind)).toEqual(['open', 'close'])

    const csvPath = `/api/documents/${docId}/comment-periods/${current.id}/comments.csv`
    const frozen = await fetch(`${suite.server.url}${csvPath}`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })
    expect(frozen.status).toBe(200)
    expect(frozen.headers.get('content-disposition')).toContain('First reading')
    const frozenCsv = await frozen.text()
    expect(frozenCsv).toContain('Switzerland asks to keep this.')
    const word = await fetch(`${suite.server.url}/api/documents/${docId}/comment-periods/${current.id}/comments.docx`, { headers: { authorization: `Bearer ${suite.server.people.swiss.token}` } })
    expect(word.status).toBe(200)
    // The frozen Word matrix is headed by its round.
    const files = unzipSync(new Uint8Array(await word.arrayBuffer()))
    const header = Object.entries(files).find(([name]) => /^word\/header\d+\.xml$/.test(name))
    expect(strFromU8(header![1]).replace(/<[^>]+>/g, '')).toContain(' · First reading · ')

    // Later activity changes the live table, never the frozen one.
    const chairView = await join('chair', docId)
    expect((await comment('chair', docId, chairView.doc, 'The chair, after the close.')).status).toBe(201)
    const live = await call('observer', 'GET', `/api/documents/${docId}/comments.csv`)
    expect((await (await fetch(`${suite.server.url}/api/documents/${docId}/comments.csv`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })).text())).toContain('The chair, after the close.')
    expect(live.status).toBe(200)
    const again = await (await fetch(`${suite.server.url}${csvPath}`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })).text()
    expect(again).toBe(frozenCsv)
    expect((await call('observer', 'GET', `/api/documents/${docId}/comment-periods/${current.id}/comments.csv?close=2`)).status).toBe(404)
    expect((await call('outsider', 'GET', csvPath)).status).toBe(403)

    // The next round is a new period; the first keeps its compilation.
    const second = await setPeriod(docId, { closesAt: inMs(3_600_000), round: 'Second reading' })
    expect(second.json).toMatchObject({ round: 'Second reading', state: 'open', compilations: [] })
    const rounds: CommentPeriodView[] = (await call('swiss', 'GET', `/api/documents/${docId}/comment-periods`)).json
    expect(rounds.map((r) => [r.round, r.state, r.compilations.length])).toEqual([
      ['First reading', 'closed', 1],
      ['Second reading', 'open', 0],
    ])
  })

  it('extends an open period and reopens a closed one, logging each change; members comment again', async () => {
    const { docId, reader } = await fresh()
    const first = inMs(1_500)
    await setPeriod(docId, { closesAt: first, round: 'First reading' })
    const later = inMs(3_600_000)
    const extended = await setPeriod(docId, { closesAt: later })
    expect(extended.status).toBe(200)
    expect(extended.json.history.at(-1)).toMatchObject({ kind: 'extend', by: { name: 'Elena Chair' }, from: new Date(first).toISOString(), to: new Date(later).toISOString() })
    await sleep(Date.parse(first) - Date.now() + 300)
    // The first closing time has passed: the extension holds, no close ran.
    expect((await comment('brazil', docId, reader.doc, 'Thanks to the extension.')).status).toBe(201)
    expect((await period(docId))!.compilations).toEqual([])

    // Brought forward, closed, then reopened: the same round, its first compilation kept.
    await setPeriod(docId, { closesAt: inMs(1_000) })
    await closed(docId)
    expect((await comment('brazil', docId, reader.doc, 'Refused.')).status).toBe(409)
    const reopenedUntil = inMs(3_600_000)
    const reopened = await setPeriod(docId, { closesAt: reopenedUntil, round: 'First reading' })
    expect(reopened.json).toMatchObject({ round: 'First reading', state: 'open', closesAt: new Date(reopenedUntil).toISOString() })
    expect(reopened.json.history.map((c: { kind: string }) => c.kind)).toEqual(['open', 'extend', 'extend', 'close', 'reopen'])
    expect(reopened.json.compilations).toHaveLength(1)
    expect((await comment('brazil', docId, reader.doc, 'After the reopening.')).status).toBe(201)
  })

  it('refuses a comment past the closing time even before the server’s close has run; a later change closes it first', async () => {
    const { docId, reader } = await fresh()
    const opened: CommentPeriodView = (await setPeriod(docId, { closesAt: inMs(3_600_000), round: 'First reading' })).json
    // The stored closing time moves into the past behind the server's back: its timer still waits for the hour.
    const past = Date.now() - 1_000
    suite.server.sqlite.db.prepare('UPDATE comment_periods SET closes_at = ? WHERE id = ?').run(past, opened.id)
    const late = await comment('swiss', docId, reader.doc, 'After the time, before the timer.')
    expect(late).toMatchObject({ status: 409, json: { error: 'comment_period_closed', closesAt: new Date(past).toISOString() } })
    expect(await period(docId)).toMatchObject({ state: 'closed', compilations: [] })
    expect(await threads(docId)).toEqual([])
    // Reopening runs the close it missed (version and compilation), then reopens.
    const reopened: CommentPeriodView = (await setPeriod(docId, { closesAt: inMs(3_600_000) })).json
    expect(reopened.history.map((c) => c.kind)).toEqual(['open', 'close', 'reopen'])
    expect(reopened.compilations).toHaveLength(1)
    expect((await comment('swiss', docId, reader.doc, 'Now in time again.')).status).toBe(201)
  })

  it('ends members’ websocket edits and proposals at the close, the chair still edits', async () => {
    const { docId } = await fresh()
    const closesAt = inMs(1_500)
    await setPeriod(docId, { closesAt })
    const swiss = await join('swiss', docId)
    const chair = await join('chair', docId)
    const serverText = () => suite.server.rooms.peek(docId)!.doc.getXmlFragment(DOCUMENT_FIELD).toString()
    insertNear(swiss.doc, PASSAGE, 0, 'BEFORE-CLOSE ')
    await waitFor(() => expect(serverText()).toContain('BEFORE-CLOSE'))
    await closed(docId)

    insertNear(swiss.doc, PASSAGE, 0, 'AFTER-CLOSE ')
    insertNear(chair.doc, PASSAGE, 0, 'CHAIR-AFTER ')
    await waitFor(() => expect(serverText()).toContain('CHAIR-AFTER'))
    await sleep(500)
    expect(serverText()).not.toContain('AFTER-CLOSE')
    const forSwiss: DocumentSummary = (await call('swiss', 'GET', `/api/documents/${docId}`)).json
    expect(forSwiss.access).toMatchObject({ canEdit: false, canComment: false })
    expect(forSwiss.access.capabilities['proposal.create']).toBe(false)
  })

  it('refuses a member’s proposal in amendments mode once the period has closed, and took it before', async () => {
    const { docId } = await fresh()
    expect((await call('chair', 'PUT', `/api/documents/${docId}/mode`, { mode: 'amendments' })).status).toBe(200)
    const closesAt = inMs(1_500)
    await setPeriod(docId, { closesAt })
    const author = { authorId: suite.server.people.brazil.user.id, delegation: 'Brazil' }
    const proposals = async () => (await call('chair', 'GET', `/api/documents/${docId}/proposals`)).json.proposals.map((p: { inserted: string }) => p.inserted)
    const early = await join('brazil', docId)
    propose(early.doc, author, (s) => s.tr.insertText(' (in time)', after(s.doc, PASSAGE)))
    await waitFor(async () => expect(await proposals()).toEqual([' (in time)']))
    await closed(docId)
    const late = await join('brazil', docId)
    propose(late.doc, author, (s) => s.tr.insertText(' (too late)', after(s.doc, PASSAGE)))
    await sleep(700)
    expect(await proposals()).toEqual([' (in time)'])
    expect(suite.server.rooms.peek(docId)!.doc.getXmlFragment(DOCUMENT_FIELD).toString()).not.toContain('too late')
  })

  it('once closed, refuses members’ other changes to the record too (withdrawing or supporting a proposal, deleting or resolving their comment, co-signing), with the closing time; the chair still acts', async () => {
    const { docId, reader } = await fresh()
    expect((await call('chair', 'PUT', `/api/documents/${docId}/mode`, { mode: 'amendments' })).status).toBe(200)
    const closesAt = inMs(1_500)
    await setPeriod(docId, { closesAt })
    const brazil = await join('brazil', docId)
    propose(brazil.doc, { authorId: suite.server.people.brazil.user.id, delegation: 'Brazil' }, (s) => s.tr.insertText(' (Brazil)', after(s.doc, PASSAGE)))
    let proposalId = ''
    await waitFor(async () => {
      proposalId = (await call('chair', 'GET', `/api/documents/${docId}/proposals`)).json.proposals[0]?.id
      expect(proposalId).toBeTruthy()
    })
    const thread = (await comment('brazil', docId, reader.doc, 'Brazil, in time.')).json as ThreadView
    const chairThread = (await comment('chair', docId, reader.doc, 'The chair, in time.')).json as ThreadView
    await closed(docId)
    const refusedAfterClose = async (res: Promise<{ status: number; json: { error?: string; closesAt?: string } }>) => {
      const r = await res
      expect(r.status).toBe(409)
      expect(r.json).toMatchObject({ error: 'comment_period_closed', closesAt: new Date(closesAt).toISOString() })
    }
    await refusedAfterClose(call('brazil', 'POST', `/api/documents/${docId}/proposals/${proposalId}/withdraw`))
    await refusedAfterClose(call('swiss', 'POST', `/api/documents/${docId}/proposals/${proposalId}/support`))
    await refusedAfterClose(call('brazil', 'DELETE', `/api/messages/${thread.messages[0].id}`))
    await refusedAfterClose(call('brazil', 'POST', `/api/threads/${thread.id}/resolve`))
    await refusedAfterClose(call('brazil', 'POST', `/api/documents/${docId}/signers`, { targetType: 'thread', targetId: thread.id, delegation: 'Switzerland' }))
    // Nothing changed: the proposal is still open, the comment still there.
    expect((await call('chair', 'GET', `/api/documents/${docId}/proposals`)).json.proposals.map((p: { id: string }) => p.id)).toEqual([proposalId])
    expect((await threads(docId)).find((t) => t.id === thread.id)).toMatchObject({ status: 'open', messages: [expect.objectContaining({ body: 'Brazil, in time.' })] })
    // The chair still resolves its own thread and decides.
    expect((await call('chair', 'POST', `/api/threads/${chairThread.id}/resolve`)).status).toBe(200)
  })
})
