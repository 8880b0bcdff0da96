import { describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient } from '../helpers/yClient.js'
import { anchorOn } from '../helpers/anchors.js'
import { api } from '../helpers/http.js'
import { strFromU8, unzipSync } from 'fflate'

describe('exports', () => {
  const suite = serverSuite()
  const get = (path: string, token = suite.server.people.swiss.token) => fetch(`${suite.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })

  it('exports a document as Markdown with its live numbering', async () => {
    const res = await get(`/api/documents/${suite.server.docIds.dgResponse}/export.md`)
    expect(res.headers.get('content-type')).toContain('text/markdown')
    const today = new Date().toISOString().slice(0, 10)
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`Director General's Response - ${today}.md`).replace("'", '%27')}`)
    expect(res.headers.get('content-disposition')).toContain(`filename="Director General's Response - ${today}.md"`)
    expect((await get(`/api/documents/${suite.server.docIds.dgResponse}/comments.csv`)).headers.get('content-disposition')).toContain(`filename="Director General's Response - ${today} - comments.csv"`)
    // Each file says what it is: Word with comments, and the chair's moderation copy apart from what may be circulated.
    const nameOf = async (path: string, token = suite.server.people.chair.token) => /filename="([^"]+)"/.exec((await get(`/api/documents/${suite.server.docIds.dgResponse}/${path}`, token)).headers.get('content-disposition') ?? '')?.[1]
    expect(await nameOf('export.docx')).toBe(`Director General's Response - ${today}.docx`)
    expect(await nameOf('export.docx?comments=1')).toBe(`Director General's Response - ${today} - with comments.docx`)
    expect(await nameOf('export.docx?comments=1&moderation=1')).toBe(`Director General's Response - ${today} - moderation copy (internal).docx`)
    expect(await nameOf('comments.csv?moderation=1')).toBe(`Director General's Response - ${today} - comments - moderation copy (internal).csv`)
    expect(await nameOf('comments.docx?moderation=1')).toBe(`Director General's Response - ${today} - comments - moderation copy (internal).docx`)
    expect(await nameOf('comments.docx')).toBe(`Director General's Response - ${today} - comments.docx`)
    const md = await res.text()
    expect(md).toMatch(/^8\\\. I would provide regular feedback/m)
    expect((await get(`/api/documents/${suite.server.docIds.dgResponse}/export.md`, suite.server.people.outsider.token)).status).toBe(403)
  })

  it('compiles the comments table as CSV, sorted by paragraph, without hidden text', async () => {
    const docId = suite.server.docIds.dgResponse
    const c = connectClient(suite.server.wsUrl, docId, { token: suite.server.people.swiss.token })
    await c.synced
    const post = (who: 'swiss' | 'brazil', phrase: string, body: string) =>
      api(suite.server.url, 'POST', `/api/documents/${docId}/threads`, { as: { token: suite.server.people[who].token }, body: { anchor: anchorOn(c.doc, phrase), body } })
    const late = await post('swiss', 'I would provide regular feedback', 'On paragraph 8')
    const early = await post('brazil', 'Member State proprietorship', '=HYPERLINK("x") on paragraph 1')
    const hidden = await post('brazil', 'UNJSPF', 'Secret remark')
    await api(suite.server.url, 'POST', `/api/threads/${late.json.id}/messages`, { as: { token: suite.server.people.dg.token }, body: { body: 'We will report.' } })
    await api(suite.server.url, 'POST', `/api/messages/${hidden.json.messages[0].id}/hide`, { as: { token: suite.server.people.chair.token }, body: { reason: 'x' } })
    c.destroy()
    const csv = await (await get(`/api/documents/${docId}/comments.csv`)).text()
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('paragraph,delegation(s),comment or proposed text,disposition,explanation,answering paragraph')
    expect(lines[1].startsWith('1,Brazil,"\'=HYPERLINK')).toBe(true)
    expect(csv).toContain('Karim DG (IOM Secretariat): We will report.')
    expect(csv.indexOf('On paragraph 8')).toBeGreaterThan(csv.indexOf('on paragraph 1'))
    expect(csv).not.toContain('Secret remark')
    expect(csv).toContain('[hidden by the chair]')
    expect(early.status).toBe(201)
  })

  it('gives the chair the same record as everyone (no hidden, rejected or waiting text) unless the chair asks for the moderation copy, which marks each', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    const c = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    await c.synced
    const as = (who: 'swiss' | 'brazil' | 'chair' | 'dg') => ({ token: server.people[who].token })
    const thread = (await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: as('swiss'), body: { anchor: anchorOn(c.doc, 'Mandate of the Working Group'), body: 'Visible opening' } })).json
    c.destroy()
    const reply = async (who: 'brazil' | 'dg', body: string) => (await api(server.url, 'POST', `/api/threads/${thread.id}/messages`, { as: as(who), body: { body } })).json.messages.at(-1).id as string
    const hidden = await reply('brazil', 'Hidden reply text')
    await api(server.url, 'POST', `/api/messages/${hidden}/hide`, { as: as('chair'), body: { reason: 'insulting' } })
    await api(server.url, 'PATCH', '/api/groups/iom-un-relations', { as: as('chair'), body: { preModeration: true } })
    const rejected = await reply('dg', 'Rejected reply text')
    await api(server.url, 'POST', `/api/messages/${rejected}/reject`, { as: as('chair'), body: { reason: 'off topic' } })
    await reply('brazil', 'Waiting reply text')
    await api(server.url, 'PATCH', '/api/groups/iom-un-relations', { as: as('chair'), body: { preModeration: false } })
    for (const path of ['comments.csv', 'comments.docx', 'export.docx?comments=1']) {
      const text = async (res: Response) => (path.endsWith('csv') ? res.text() : Object.values(unzipSync(new Uint8Array(await res.arrayBuffer()))).map((f) => strFromU8(f)).join(''))
      const record = await text(await get(`/api/documents/${docId}/${path}`, server.people.chair.token))
      expect(record).toContain('Visible opening')
      expect(record).toContain('[hidden by the chair]')
      for (const withheld of ['Hidden reply text', 'Rejected reply text', 'Waiting reply text']) expect(record).not.toContain(withheld)
      const copy = await text(await get(`/api/documents/${docId}/${path}${path.includes('?') ? '&' : '?'}moderation=1`, server.people.chair.token))
      expect(copy).toContain('[hidden by the chair: insulting] Hidden reply text')
      expect(copy).toContain('[rejected by the chair: off topic] Rejected reply text')
      expect(copy).toContain('[awaiting approval] Waiting reply text')
      expect((await get(`/api/documents/${docId}/${path}${path.includes('?') ? '&' : '?'}moderation=1`)).status).toBe(403)
    }
  })
})
