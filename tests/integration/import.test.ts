import { describe, expect, it } from 'vitest'
import { unzipSync, strFromU8 } from 'fflate'
import { Document, Packer, Paragraph, TextRun } from 'docx'
import { serverSuite } from '../helpers/serverSuite.js'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

describe('importing Word and Markdown files as new documents', () => {
  const suite = serverSuite({ MAX_IMPORT_BYTES: 64 * 1024 })
  const auth = (who: 'chair' | 'swiss' = 'chair') => ({ authorization: `Bearer ${suite.server.people[who].token}` })
  const get = (path: string) => fetch(`${suite.server.url}${path}`, { headers: auth() })
  const importFile = (title: string, type: string, body: Uint8Array | string, who: 'chair' | 'swiss' = 'chair') =>
    fetch(`${suite.server.url}/api/documents/import?title=${encodeURIComponent(title)}`, { method: 'POST', headers: { ...auth(who), 'content-type': type }, body: new Blob([body as BlobPart]) })
  const text = async (docId: string) => ((await (await get(`/api/documents/${docId}/content`)).json()) as { text: string }).text

  it('round-trips Markdown: export, import, export again gives the same text and numbering', async () => {
    const original = await (await get(`/api/documents/${suite.server.docIds.dgResponse}/export.md`)).text()
    const res = await importFile('DG response from Markdown', 'text/markdown', original)
    expect(res.status).toBe(201)
    const { document, warnings } = (await res.json()) as { document: { id: string }; warnings: string[] }
    expect(warnings).toEqual([])
    expect(await (await get(`/api/documents/${document.id}/export.md`)).text()).toBe(original)
    expect(await text(document.id)).toContain('(b) The resolution, as currently drafted')
  })

  it('round-trips Word: the exported .docx imports with the same numbering, text and header block', async () => {
    const docx = new Uint8Array(await (await get(`/api/documents/${suite.server.docIds.dgResponse}/export.docx`)).arrayBuffer())
    const res = await importFile('DG response from Word', DOCX, docx)
    expect(res.status).toBe(201)
    const { document } = (await res.json()) as { document: { id: string } }
    expect(await text(document.id)).toBe(await text(suite.server.docIds.dgResponse))
    // …and exports again as Word with the same numbering: 8 paragraphs, 7 sub-points.
    const again = unzipSync(new Uint8Array(await (await get(`/api/documents/${document.id}/export.docx`)).arrayBuffer()))
    const levels = [...strFromU8(again['word/document.xml']).matchAll(/<w:numPr><w:ilvl w:val="(\d)"\/>/g)].map((m) => Number(m[1]))
    expect(levels.filter((l) => l === 0)).toHaveLength(8)
    expect(levels.filter((l) => l === 1)).toHaveLength(7)
    // The import is credited to the person who imported it.
    expect([...(await suite.server.storage.clientOwners(document.id)).values()]).toEqual([suite.server.people.chair.user.id])
  })

  it('maps Markdown lists and typed paragraph markers to Plenary numbering, keeping emphasis and safe links only', async () => {
    const md = ['# Draft decision', '', '1. The Council **welcomes** the report;', '2. Requests:', '   1. a *first* thing;', '   2. a [second](https://iom.int) thing [bad](javascript:alert(1));', '', 'Closing words.', '', '3\\. Typed marker paragraph', '', '(a) typed sub-point', ''].join('\n')
    const res = await importFile('Typed', 'text/markdown', md)
    const { document, warnings } = (await res.json()) as { document: { id: string }; warnings: string[] }
    expect(await text(document.id)).toBe(
      ['Draft decision', '1. The Council welcomes the report;', '2. Requests:', '(a) a first thing;', '(b) a second thing [bad](javascript:alert(1));', 'Closing words.', '3. Typed marker paragraph', '(a) typed sub-point'].join('\n'),
    )
    // markdown-it refuses the javascript: link, so it stays visible as text, never a link.
    expect(warnings).toEqual([])
    const content = (await (await get(`/api/documents/${document.id}/content`)).json()) as { content: unknown }
    const json = JSON.stringify(content.content)
    expect(json).toContain('"type":"bold"')
    expect(json).toContain('"href":"https://iom.int"')
    expect(json).not.toMatch(/"href":"javascript:/)
  })

  it('recognises typed markers in a Word file without Word numbering, and warns about a gap', async () => {
    const para = (t: string) => new Paragraph({ children: [new TextRun(t)] })
    const file = await Packer.toBuffer(new Document({ sections: [{ children: [para('1. Introduction.'), para('(a) first point;'), para('(b) second point.'), para('3. Skipped a number.')] }] }))
    const res = await importFile('Typed Word', DOCX, new Uint8Array(file))
    const { document, warnings } = (await res.json()) as { document: { id: string }; warnings: string[] }
    expect(await text(document.id)).toBe(['1. Introduction.', '(a) first point;', '(b) second point.', '2. Skipped a number.'].join('\n'))
    expect(warnings).toEqual(['paragraph "3." found where 2. was expected'])
  })

  it('answers bad imports with a clear status and creates nothing', async () => {
    const before = (await suite.server.storage.listDocuments()).length
    expect((await importFile('x', 'application/pdf', 'PDF')).status).toBe(415)
    const garbage = await importFile('x', DOCX, new Uint8Array([1, 2, 3, 4]))
    expect(garbage.status).toBe(422)
    expect(((await garbage.json()) as { error: string }).error).toBe('unreadable_file')
    expect((await importFile('x', 'text/markdown', 'a'.repeat(70 * 1024))).status).toBe(413)
    expect((await importFile('', 'text/markdown', 'text')).status).toBe(400)
    expect((await importFile('x', 'text/markdown', 'text', 'swiss')).status).toBe(403)
    expect((await suite.server.storage.listDocuments()).length).toBe(before)
  })
})
