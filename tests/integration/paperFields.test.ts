import { afterAll, describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { threeParagraphDraft } from '../helpers/matrixDrafts.js'
import { castClients } from '../helpers/castClients.js'
import { waitFor } from '../helpers/waitFor.js'
import { openEvents } from '../helpers/sse.js'
import { api } from '../helpers/http.js'
import { removeDataDir, startTestServer } from '../helpers/testServer.js'
import type { Cast } from '../helpers/people.js'

type Who = keyof Cast

const PAPER = { symbol: 'C/105/CRP/3', distribution: 'English only', date: '2014-11-26', session: '105th Session' }
const EMPTY = { symbol: '', distribution: '', date: '', session: '' }

describe('the paper’s header fields: the chair and the DG office set them, every reader sees them', () => {
  const suite = serverSuite()
  const { call } = castClients(suite)
  const draft = () => threeParagraphDraft(suite.server)
  const setPaper = (who: Who, docId: string, body: unknown) => call(who, 'PUT', `/api/documents/${docId}/paper`, body)

  it('are empty on a new document; the chair and the DG office may set them, members, observers and non-members may not, and an unknown document is not found', async () => {
    const docId = await draft()
    expect((await call('swiss', 'GET', `/api/documents/${docId}`)).json.paper).toEqual(EMPTY)
    for (const who of ['chair', 'dg'] as const) expect((await call(who, 'GET', `/api/documents/${docId}`)).json.access.capabilities['document.setPaper'], who).toBe(true)
    for (const who of ['swiss', 'observer'] as const) expect((await call(who, 'GET', `/api/documents/${docId}`)).json.access.capabilities['document.setPaper'], who).toBe(false)

    // Refused as every document route refuses them (403: the group's documents are listed to no outsider anyway).
    for (const who of ['swiss', 'brazil', 'observer', 'outsider', 'admin'] as const) {
      const res = await setPaper(who, docId, PAPER)
      expect(res.status, who).toBe(403)
      expect(res.json.error, who).toBe('forbidden')
    }
    expect((await setPaper('chair', 'no-such-document', PAPER)).status).toBe(404)
    expect((await call('chair', 'GET', `/api/documents/${docId}`)).json.paper).toEqual(EMPTY)

    const byChair = await setPaper('chair', docId, PAPER)
    expect(byChair.status).toBe(200)
    expect(byChair.json).toMatchObject({ id: docId, paper: PAPER, access: { capabilities: { 'document.setPaper': true } } })
    const byDg = await setPaper('dg', docId, { ...PAPER, symbol: 'C/105/CRP/3/Rev.1' })
    expect(byDg.status).toBe(200)
    expect(byDg.json.paper.symbol).toBe('C/105/CRP/3/Rev.1')
  })

  it('are returned by GET and in the documents list, to members and observers alike; "" clears one and spaces are trimmed', async () => {
    const docId = await draft()
    expect((await setPaper('dg', docId, { ...PAPER, distribution: '  General  ' })).status).toBe(200)
    const stored = { ...PAPER, distribution: 'General' }
    for (const who of ['swiss', 'observer'] as const) {
      expect((await call(who, 'GET', `/api/documents/${docId}`)).json.paper, who).toEqual(stored)
      expect((await call(who, 'GET', '/api/documents')).json.find((d: { id: string }) => d.id === docId).paper, who).toEqual(stored)
    }
    expect((await setPaper('chair', docId, { ...stored, date: '', session: '' })).status).toBe(200)
    expect((await call('observer', 'GET', `/api/documents/${docId}`)).json.paper).toEqual({ ...stored, date: '', session: '' })
  })

  it('refuses what is not one short line, an impossible day, a missing or an unknown field, each with a message that says which', async () => {
    const docId = await draft()
    const cases: Array<[unknown, RegExp]> = [
      [{ ...PAPER, symbol: 'C/'.repeat(51) }, /^symbol: symbol must be at most 100 characters$/],
      [{ ...PAPER, session: 'x'.repeat(101) }, /^session: session must be at most 100 characters$/],
      [{ ...PAPER, distribution: 'English\nonly' }, /^distribution: distribution must be one line of text$/],
      [{ ...PAPER, symbol: 'C/105\u0007/CRP/3' }, /^symbol: symbol must be one line of text$/],
      [{ ...PAPER, session: '105th\u2028Session' }, /^session: session must be one line of text$/],
      [{ ...PAPER, date: '2014-02-30' }, /^date: date must be a day written YYYY-MM-DD, or empty$/],
      [{ ...PAPER, date: '26 November 2014' }, /^date: date must be a day written YYYY-MM-DD, or empty$/],
      [{ ...PAPER, date: 20141126 }, /^date: date must be a string$/],
      [{ symbol: PAPER.symbol, distribution: PAPER.distribution, date: PAPER.date }, /^session: session must be a string$/],
      [{ ...PAPER, language: 'fr' }, /language/],
    ]
    for (const [body, message] of cases) {
      const res = await setPaper('chair', docId, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error).toBe('invalid_request')
      expect(res.json.message, JSON.stringify(body)).toMatch(message)
    }
    expect((await call('chair', 'GET', `/api/documents/${docId}`)).json.paper).toEqual(EMPTY)
    // The longest accepted: 100 characters, and the last day of February in a leap year.
    expect((await setPaper('chair', docId, { ...PAPER, symbol: 'S'.repeat(100), date: '2016-02-29' })).status).toBe(200)
  })

  it('are set on the example workspace’s DG response, read from its header block', async () => {
    const res = await call('observer', 'GET', `/api/documents/${suite.server.docIds.dgResponse}`)
    expect(res.json.paper).toEqual({ symbol: '', distribution: 'English only', date: '2014-11-26', session: '105th Session' })
  })

  it('reach another member’s open page as a document-paper event', async () => {
    const docId = await draft()
    const swiss = await openEvents(suite.server.url, suite.server.people.swiss.token)
    try {
      await waitFor(() => expect(swiss.raw()).toContain(':'))
      expect((await setPaper('chair', docId, PAPER)).status).toBe(200)
      await waitFor(() => expect(swiss.events.find((e) => e.event === 'document-paper')?.data).toEqual({ documentId: docId, paper: PAPER }))
    } finally {
      swiss.close()
    }
  })
})

describe('the paper’s header fields after a restart', () => {
  const cleanups: Array<() => unknown> = []
  afterAll(async () => {
    for (const clean of cleanups.reverse()) await clean()
  })

  it('are still there when the server starts again on the same data', async () => {
    const first = await startTestServer()
    cleanups.push(() => removeDataDir(first.dataDir))
    const docId = await threeParagraphDraft(first)
    expect((await api(first.url, 'PUT', `/api/documents/${docId}/paper`, { as: first.people.chair, body: PAPER })).status).toBe(200)
    const chair = first.people.chair
    await first.close()

    const second = await startTestServer({ DATA_DIR: first.dataDir })
    cleanups.push(() => second.close())
    expect((await api(second.url, 'GET', `/api/documents/${docId}`, { as: chair })).json.paper).toEqual(PAPER)
  })
})
