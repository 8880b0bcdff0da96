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
    expect(comments).toMatch(/w:author="Lukas Swiss \(Switzerland\)"[^>]*>.*Welcome clarification\./)
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
    expect(rows[0]).toEqual(['Paragraph', 'Delegation(s)', 'Comment or proposed text', 'Disposition', 'Explanation', 'Answering paragraph'])
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['5(a)', 'Switzerland', 'Welcome clarification.'],
      ['8', 'Brazil', 'On paragraph 8.'],
    ])
    expect((await fetch(`${suite.server.url}/api/documents/${docId}/comments.docx`, { headers: { authorization: `Bearer ${suite.server.people.outsider.token}` } })).status).toBe(403)
  })

  it('writes each reply as its own Word reply comment, with its own author, initials and time, linked to the first through commentsExtended', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    const as = (who: 'swiss' | 'brazil' | 'dg' | 'chair') => ({ as: { token: server.people[who].token } })
    const c = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    await c.synced
    const thread = (await api(server.url, 'POST', `/api/documents/${docId}/threads`, { ...as('swiss'), body: { anchor: anchorOn(c.doc, 'Mandate of the Working Group'), body: 'Opening remark.' } })).json
    c.destroy()
    // A second apart, so that a date taken from the thread or the export could not pass for the replies' own.
    await new Promise((r) => setTimeout(r, 1100))
    await api(server.url, 'POST', `/api/threads/${thread.id}/messages`, { ...as('brazil'), body: { body: 'Brazil agrees.' } })
    await new Promise((r) => setTimeout(r, 1100))
    const last = (await api(server.url, 'POST', `/api/threads/${thread.id}/messages`, { ...as('dg'), body: { body: 'Secretariat notes.' } })).json
    await api(server.url, 'POST', `/api/messages/${last.messages[2].id}/hide`, { ...as('chair'), body: { reason: 'x' } })
    const messages = (await api(server.url, 'GET', `/api/threads/${thread.id}`, as('swiss'))).json.messages as Array<{ createdAt: string }>

    const files = unzipSync(new Uint8Array(await (await get(`/api/documents/${docId}/export.docx?comments=1`)).arrayBuffer()))
    const comments = [...strFromU8(files['word/comments.xml']).matchAll(/<w:comment ([^>]*)>(.*?)<\/w:comment>/gs)].map((m) => ({
      attr: (name: string) => new RegExp(`${name}="([^"]*)"`).exec(m[1])?.[1],
      paraId: /w14:paraId="([0-9A-F]+)"/.exec(m[2])?.[1],
      text: m[2].replace(/<[^>]+>/g, ''),
    }))
    expect(comments.map((m) => [m.attr('w:author'), m.attr('w:initials'), m.text])).toEqual([
      ['Lukas Swiss (Switzerland)', 'LS', 'Opening remark.'],
      ['Ana Brazil (Brazil)', 'AB', 'Brazil agrees.'],
      ['Karim DG (IOM Secretariat)', 'KD', '[hidden by the chair]'],
    ])
    expect(comments.map((m) => m.attr('w:date'))).toEqual(messages.map((m) => new Date(m.createdAt).toISOString()))
    const extended = strFromU8(files['word/commentsExtended.xml'])
    const entries = [...extended.matchAll(/<w15:commentEx ([^>]*)\/>/g)].map((m) => ({ paraId: /w15:paraId="([^"]+)"/.exec(m[1])?.[1], parent: /w15:paraIdParent="([^"]+)"/.exec(m[1])?.[1] }))
    expect(entries).toEqual([
      { paraId: comments[0].paraId, parent: undefined },
      { paraId: comments[1].paraId, parent: comments[0].paraId },
      { paraId: comments[2].paraId, parent: comments[0].paraId },
    ])
    expect(strFromU8(files['[Content_Types].xml'])).toContain('/word/commentsExtended.xml')
    expect(strFromU8(files['word/_rels/document.xml.rels'])).toContain('commentsExtended.xml')
    // Every reply marks the same passage as its parent, as Word writes replies.
    const document = strFromU8(files['word/document.xml'])
    for (const id of [0, 1, 2]) {
      const start = document.indexOf(`<w:commentRangeStart w:id="${id}"/>`)
      expect(document.slice(start, document.indexOf(`<w:commentRangeEnd w:id="${id}"/>`)).replace(/<[^>]+>/g, '')).toBe('Mandate of the Working Group')
    }
  })
})
