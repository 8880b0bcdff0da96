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
    await api(suite.server.url, 'POST', `/api/documents/${suite.server.docIds.dgResponse}/threads`, { as: { token: suite.server.people.swiss.token }, body: { anchor: anchorOn(c.doc, 'strict neutrality'), body: 'Welcome clarification.' } })
    c.destroy()
    const { document, comments } = await readDocx(await get(`/api/documents/${suite.server.docIds.dgResponse}/export.docx?comments=1`))
    expect(comments).toContain('Lukas Swiss (Switzerland): Welcome clarification.')
    const start = document.indexOf('<w:commentRangeStart w:id="0"/>')
    const end = document.indexOf('<w:commentRangeEnd w:id="0"/>')
    expect(start).toBeGreaterThan(-1)
    expect(document.slice(start, end).replace(/<[^>]+>/g, '')).toBe('strict neutrality')
    const plain = await readDocx(await get(`/api/documents/${suite.server.docIds.dgResponse}/export.docx`))
    expect(plain.document).not.toContain('commentRangeStart')
  })
})
