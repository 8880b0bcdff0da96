import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { serverSuite } from '../helpers/serverSuite.js'
import { api } from '../helpers/http.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'
import { secretariatTemplate as template, uploadTemplate } from '../helpers/wordTemplates.js'

type Who = 'chair' | 'swiss' | 'dg' | 'observer' | 'outsider'

/** A Word file's parts as text, by name. */
async function partsOf(res: Response): Promise<Record<string, string>> {
  expect(res.status).toBe(200)
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]))
}

/** The <w:style> with this id in styles.xml. */
const styleOf = (styles: string, id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? ''

/** The header and footer parts a section references, by kind ("header default"), read through document.xml.rels. */
function sectionParts(parts: Record<string, string>): Record<string, string> {
  const rels = parts['word/_rels/document.xml.rels']
  const out: Record<string, string> = {}
  for (const [, kind, type, id] of parts['word/document.xml'].matchAll(/<w:(header|footer)Reference w:type="(\w+)" r:id="(\w+)"\/>/g)) {
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1]
    out[`${kind} ${type}`] = parts[`word/${target}`]
  }
  return out
}

/** The paragraph (<w:p>…</w:p>) whose text is `text`. */
const paragraphWith = (xml: string, text: string) => [...xml.matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)].map((m) => m[0]).find((p) => p.replace(/<[^>]+>/g, '') === text) ?? ''

describe('Papers of record: the Word export looks like the organisation’s paper', () => {
  const suite = serverSuite()
  const token = (who: Who) => suite.server.people[who].token
  const get = (who: Who, path: string) => fetch(`${suite.server.url}${path}`, { headers: { authorization: `Bearer ${token(who)}` } })
  const upload = (who: Who, body: Uint8Array, type?: string, name?: string) => uploadTemplate(suite.server, token(who), body, type, name)
  const setPaper = (who: Who, body: unknown) => api(suite.server.url, 'PUT', `/api/documents/${suite.server.docIds.dgResponse}/paper`, { as: { token: token(who) }, body })
  const paper = { symbol: 'C/105/CRP/20', distribution: 'English only', date: '2014-11-26', session: '105th Session' }

  it('writes the built-in UN-style paper: black bold centred titles in Times New Roman 12, A4, the distribution line and date flush right, the symbol and "- 2 -" from page 2', async () => {
    expect((await setPaper('chair', paper)).status).toBe(200)
    const parts = await partsOf(await get('swiss', `/api/documents/${suite.server.docIds.dgResponse}/export.docx`))
    const styles = parts['word/styles.xml']
    const heading = styleOf(styles, 'Heading1')
    expect(heading).toContain('<w:color w:val="000000"/>')
    expect(heading).toContain('<w:b/>')
    expect(heading).toContain('<w:jc w:val="center"/>')
    expect(heading).toContain('w:ascii="Times New Roman"')
    expect(/<w:docDefaults>[\s\S]*w:ascii="Times New Roman"[\s\S]*<w:sz w:val="24"\/>[\s\S]*<\/w:docDefaults>/.test(styles)).toBe(true)
    // No heading keeps a word processor's blue.
    for (const id of ['Title', 'Heading1', 'Heading2', 'Heading3']) expect(styleOf(styles, id)).not.toMatch(/w:color w:val="(?!000000)/)

    const document = parts['word/document.xml']
    // A4 with a first page of its own.
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
    expect(document).toContain('<w:titlePg/>')
    // Symbol, distribution and date flush right at the top of page 1, the date in the document's language.
    for (const line of ['C/105/CRP/20', 'English only', '26 November 2014']) expect(paragraphWith(document, line)).toContain('<w:jc w:val="right"/>')
    expect(document.indexOf('English only')).toBeLessThan(document.indexOf('CONFERENCE ROOM PAPER'))
    // The title block: bold and centred (its own style), the session in it before the titles.
    expect(paragraphWith(document, 'CONFERENCE ROOM PAPER')).toContain('<w:pStyle w:val="TitleBlock"/>')
    expect(styleOf(styles, 'TitleBlock')).toMatch(/<w:jc w:val="center"\/>[\s\S]*<w:b\/>/)

    const sections = sectionParts(parts)
    expect(sections['header default']).toContain('C/105/CRP/20')
    expect(sections['header first']).not.toContain('C/105/CRP/20')
    // "- 2 -": a PAGE field between dashes, centred, from page 2.
    const footer = sections['footer default']
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/)
    expect(footer.replace(/<w:instrText[\s\S]*?<\/w:instrText>/g, '').replace(/<[^>]+>/g, '')).toBe('-  -')
    expect(footer).toContain('<w:jc w:val="center"/>')
    expect(sections['footer first']).not.toContain('PAGE')
    // The fields are Word document properties too.
    expect(parts['docProps/custom.xml']).toMatch(/name="Symbol"[\s\S]*C\/105\/CRP\/20/)
  })

  it('names the downloads by the symbol first, as papers of record are filed, and by the title alone without one', async () => {
    const doc = suite.server.docIds.dgResponse
    const today = new Date().toISOString().slice(0, 10)
    const nameOf = async (path: string) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec((await get('swiss', path)).headers.get('content-disposition') ?? '')?.[1] ?? '')
    expect((await setPaper('chair', paper)).status).toBe(200)
    expect(await nameOf(`/api/documents/${doc}/export.docx`)).toBe(`C_105_CRP_20 - Director General's Response - ${today}.docx`)
    expect(await nameOf(`/api/documents/${doc}/export.md`)).toBe(`C_105_CRP_20 - Director General's Response - ${today}.md`)
    expect(await nameOf(`/api/documents/${doc}/comments.csv`)).toBe(`C_105_CRP_20 - Director General's Response - ${today} - comments.csv`)
    expect((await setPaper('chair', { ...paper, symbol: '' })).status).toBe(200)
    expect(await nameOf(`/api/documents/${doc}/export.docx`)).toBe(`Director General's Response - ${today}.docx`)
    expect((await setPaper('chair', paper)).status).toBe(200)
  })

  it('writes the date in the document’s language', async () => {
    expect((await api(suite.server.url, 'PUT', `/api/documents/${suite.server.docIds.dgResponse}/language`, { as: { token: token('chair') }, body: { language: 'fr' } })).status).toBe(200)
    const parts = await partsOf(await get('swiss', `/api/documents/${suite.server.docIds.dgResponse}/export.docx`))
    expect(paragraphWith(parts['word/document.xml'], '26 novembre 2014')).toContain('<w:jc w:val="right"/>')
    expect((await api(suite.server.url, 'PUT', `/api/documents/${suite.server.docIds.dgResponse}/language`, { as: { token: token('chair') }, body: { language: 'en' } })).status).toBe(200)
  })

  it('writes the comments matrix on landscape A4 with the title, round and date in the page header and "- 2 -" page numbers', async () => {
    const parts = await partsOf(await get('swiss', `/api/documents/${suite.server.docIds.dgResponse}/comments.docx?round=${encodeURIComponent('First reading')}`))
    const document = parts['word/document.xml']
    expect(document).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/)
    const sections = sectionParts(parts)
    const header = sections['header default'].replace(/<[^>]+>/g, '')
    expect(header).toContain('First reading')
    expect(header).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4}/)
    expect(sections['footer default']).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/)
    expect(styleOf(parts['word/styles.xml'], 'Heading1')).toContain('<w:color w:val="000000"/>')
  })

  it('takes the styles, page, header and footer of the template the chair uploads, and goes back to the built-in one when it is removed', async () => {
    const file = await template()
    // Only the chair (or an admin) sets it.
    for (const who of ['swiss', 'dg', 'observer', 'outsider'] as const) expect((await upload(who, file)).status).toBe(403)
    const res = await upload('chair', file)
    expect(res.status).toBe(200)
    expect((await res.json()).template).toMatchObject({ name: 'IOM CRP.dotx', uploadedBy: 'Elena Chair', font: 'Arial', page: 'Letter', header: true, footer: true })
    // Everyone in the group sees which template is set.
    expect((await api(suite.server.url, 'GET', `/api/groups/${EXAMPLE_GROUP_ID}/template`, { as: { token: token('observer') } })).json.template.name).toBe('IOM CRP.dotx')
    expect(Buffer.from(await (await get('swiss', `/api/groups/${EXAMPLE_GROUP_ID}/template/file`)).arrayBuffer()).equals(file)).toBe(true)

    const parts = await partsOf(await get('swiss', `/api/documents/${suite.server.docIds.dgResponse}/export.docx`))
    const styles = parts['word/styles.xml']
    expect(/<w:docDefaults>[\s\S]*w:ascii="Arial"[\s\S]*<\/w:docDefaults>/.test(styles)).toBe(true)
    expect(styleOf(styles, 'Heading1')).toContain('<w:color w:val="1F4E79"/>')
    expect(styles).not.toContain('Times New Roman')
    const document = parts['word/document.xml']
    expect(document).toMatch(/<w:pgSz w:w="12240" w:h="15840"/)
    expect(document).not.toContain('Template body text')
    const sections = sectionParts(parts)
    // The template has no first page of its own: its header is on every page, its field showing the symbol.
    for (const type of ['default', 'first']) {
      expect(sections[`header ${type}`]).toContain('WORKING GROUP TEMPLATE HEADER')
      expect(sections[`header ${type}`]).toContain('C/105/CRP/20')
      expect(sections[`header ${type}`]).not.toContain('XX/000')
      expect(sections[`footer ${type}`]).toContain('Template footer')
    }
    // The text itself is still the document's, with its title block style where the template lacks one.
    expect(paragraphWith(document, 'CONFERENCE ROOM PAPER')).toContain('<w:pStyle w:val="TitleBlock"/>')
    expect(styleOf(styles, 'TitleBlock')).toContain('<w:b/>')

    for (const who of ['swiss', 'dg'] as const) expect((await api(suite.server.url, 'DELETE', `/api/groups/${EXAMPLE_GROUP_ID}/template`, { as: { token: token(who) } })).status).toBe(403)
    expect((await api(suite.server.url, 'DELETE', `/api/groups/${EXAMPLE_GROUP_ID}/template`, { as: { token: token('chair') } })).json).toEqual({ template: null })
    const back = await partsOf(await get('swiss', `/api/documents/${suite.server.docIds.dgResponse}/export.docx`))
    expect(back['word/styles.xml']).toContain('Times New Roman')
    expect(back['word/document.xml']).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
  })

  it('refuses what is not a Word template with a specific error', async () => {
    const refused = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status)
      expect((await res.json()).error).toBe(code)
    }
    await refused(await upload('chair', new TextEncoder().encode('not a zip at all')), 422, 'not_a_word_template')
    // A zip that is not a Word file.
    const { zipSync } = await import('fflate')
    await refused(await upload('chair', zipSync({ 'a.txt': new TextEncoder().encode('hello') })), 422, 'not_a_word_template')
    // A zip bomb that admits it: declared sizes past the limit.
    await refused(await upload('chair', zipSync({ 'word/styles.xml': new Uint8Array(20 * 1024 * 1024) }, { level: 9 })), 413, 'template_too_large')
    // Word's parts with styles no XML reader can read: refused, not stored to break every later export.
    await refused(await upload('chair', zipSync({ 'word/styles.xml': new TextEncoder().encode('<w:styles><w:style w:styleId="A"><unclosed></w:styles>'), 'word/document.xml': new TextEncoder().encode('<w:document><w:body><w:sectPr/></w:body></w:document>') })), 422, 'not_a_word_template')
    await refused(await upload('chair', await template(), 'text/plain'), 415, 'unsupported_media_type')
    await refused(await upload('chair', await template(), undefined, 'template.exe'), 400, 'invalid_request')
    await refused(await upload('chair', new Uint8Array(6 * 1024 * 1024)), 413, 'payload_too_large')
    // Nothing was stored.
    expect((await api(suite.server.url, 'GET', `/api/groups/${EXAMPLE_GROUP_ID}/template`, { as: { token: token('chair') } })).json).toEqual({ template: null })
  })
})
