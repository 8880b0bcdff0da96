import { describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient } from '../helpers/yClient.js'
import { anchorOn } from '../helpers/anchors.js'
import { api } from '../helpers/http.js'

describe('exports', () => {
  const suite = serverSuite()
  const get = (path: string, token = suite.server.people.swiss.token) => fetch(`${suite.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })

  it('exports a document as Markdown with its live numbering', async () => {
    const res = await get(`/api/documents/${suite.server.docIds.dgResponse}/export.md`)
    expect(res.headers.get('content-type')).toContain('text/markdown')
    expect(res.headers.get('content-disposition')).toContain('Director General_s Response.md')
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
    expect(lines[0]).toBe('paragraph,quoted passage,delegation,author,comment,replies,status,disposition')
    expect(lines[1].startsWith('1,Member State proprietorship,Brazil,Ana Brazil,"\'=HYPERLINK')).toBe(true)
    expect(csv).toContain('Karim DG (IOM Secretariat): We will report.')
    expect(csv.indexOf('On paragraph 8')).toBeGreaterThan(csv.indexOf('on paragraph 1'))
    expect(csv).not.toContain('Secret remark')
    expect(csv).toContain('[hidden by the chair]')
    expect(early.status).toBe(201)
  })
})
