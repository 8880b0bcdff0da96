import { describe, expect, it } from 'vitest'
import { unzipSync, strFromU8 } from 'fflate'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient } from '../helpers/yClient.js'
import { anchorOn } from '../helpers/anchors.js'
import { api } from '../helpers/http.js'

/** The parts of a .docx read back: document.xml and comments.xml. */
async function readDocx(res: Response) {
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
  return { document: strFromU8(files['word/document.xml']), comments: files['word/comments.xml'] ? strFromU8(files['word/comments.xml']) : '', numbering: strFromU8(files['word/numbering.xml']) }
}

describe('Word export', () => {
  const suite = serverSuite()
  const get = (path: string) => fetch(`${suite.server.url}${path}`, { headers: { authorization: `Bearer ${suite.server.people.swiss.token}` } })

  it('exports the DG response with Word numbering for paragraphs and sub-points', async () => {
    const res = await get(`/api/documents/${suite.server.docIds.dgResponse}/export.docx`)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const { document, numbering } = await readDocx(res)
    const levels = [...document.matchAll(/<w:numPr><w:ilvl w:val="(\d)"\/>/g)].map((m) => Number(m[1]))
    expect(levels.filter((l) => l === 0)).toHaveLength(8)
    expect(levels.filter((l) => l === 1)).toHaveLength(7)
    expect(numbering).toContain('w:val="lowerLetter"')
    expect(numbering).toContain('(%2)')
    expect(document).toContain('I wish to thank the outgoing Chairperson')
    expect(document).toContain('CONFERENCE ROOM PAPER')
    // Numbers are Word numbering, not typed text.
    expect(document).not.toMatch(/<w:t[^>]*>\d+\. I wish/)
  })

  it('puts comment threads on their passages as Word comments when asked', async () => {
    const c = connectClient(suite.server.wsUrl, suite.server.docIds.dgResponse, { token: suite.server.people.swiss.token })
    await c.synced
    const thread = (await api(suite.server.url, 'POST', `/api/documents/${suite.server.docIds.dgResponse}/threads`, { as: { token: suite.server.people.swiss.token }, body: { anchor: anchorOn(c.doc, 'strict neutrality'), body: 'Welcome clarification.' } })).json
    c.destroy()
    await new Promise((r) => setTimeout(r, 1100))
    const { document, comments } = await readDocx(await get(`/api/documents/${suite.server.docIds.dgResponse}/export.docx?comments=1`))
    expect(comments).toContain('Lukas Swiss (Switzerland): Welcome clarification.')
    // Dated when the thread was started, not when the file was made.
    expect(comments).toContain(`w:date="${new Date(thread.createdAt).toISOString().slice(0, 19)}`)
    const start = document.indexOf('<w:commentRangeStart w:id="0"/>')
    const end = document.indexOf('<w:commentRangeEnd w:id="0"/>')
    expect(start).toBeGreaterThan(-1)
    expect(document.slice(start, end).replace(/<[^>]+>/g, '')).toBe('strict neutrality')
    const plain = await readDocx(await get(`/api/documents/${suite.server.docIds.dgResponse}/export.docx`))
    expect(plain.document).not.toContain('commentRangeStart')
  })

  it('compiles the comments table as a Word table, one row per thread sorted by paragraph', async () => {
    const docId = suite.server.docIds.dgResponse
    const c = connectClient(suite.server.wsUrl, docId, { token: suite.server.people.swiss.token })
    await c.synced
    await api(suite.server.url, 'POST', `/api/documents/${docId}/threads`, { as: { token: suite.server.people.brazil.token }, body: { anchor: anchorOn(c.doc, 'I would provide regular feedback'), body: 'On paragraph 8.' } })
    c.destroy()
    const res = await get(`/api/documents/${docId}/comments.docx`)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const { document } = await readDocx(res)
    const rows = [...document.matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((m) => [...m[1].matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((c) => c[1].replace(/<[^>]+>/g, '')))
    expect(rows[0]).toEqual(['Paragraph', 'Quoted passage', 'Delegation', 'Author', 'Comment', 'Replies', 'Status', 'Disposition'])
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['5(a)', 'strict neutrality', 'Switzerland', 'Welcome clarification.'],
      ['8', 'I would provide regular feedback', 'Brazil', 'On paragraph 8.'],
    ])
    expect((await fetch(`${suite.server.url}/api/documents/${docId}/comments.docx`, { headers: { authorization: `Bearer ${suite.server.people.outsider.token}` } })).status).toBe(403)
  })
})
