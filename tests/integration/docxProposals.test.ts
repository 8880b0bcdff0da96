import { beforeAll, describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { DeletedTextRun, InsertedTextRun, TextRun } from 'docx'
import type { JSONContent } from '@tiptap/core'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient } from '../helpers/yClient.js'
import { anchorOn, insertNear } from '../helpers/anchors.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { BRAZIL, CHILE, del, docOf, ins, li, ol, p, proposal, t } from '../helpers/amendmentDocs.js'
import { EXAMPLE_GROUP_ID, initialUpdate } from '../../server/seed/seedExampleWorkspace.js'
import { newDocumentId } from '../../server/workspace/workspaceRoutes.js'
import { DocumentReader } from '../../server/documents/DocumentReader.js'
import { DocumentExports } from '../../server/export/DocumentExports.js'
import { proposalsIn } from '../../shared/amendments/proposalsIn.js'
import type { ProposalView } from '../../shared/amendments/types.js'
import { wordFileOf } from '../helpers/wordFile.js'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const BRAZIL_AT = Date.UTC(2026, 0, 2, 10, 30)
const CHILE_AT = Date.UTC(2026, 0, 3, 9, 0)

/**
 * 1. The Working Group [+warmly ]welcomes the report[- of the Director General].
 * 2. Requests the Secretariat to report[+ annually] on progress[- and results].
 * Brazil and Chile propose; both propose to delete " and results".
 */
function amendedDraft(): JSONContent {
  const brazilIns = proposal('brazil-ins', BRAZIL, BRAZIL_AT)
  const brazilDel = proposal('brazil-del', BRAZIL, BRAZIL_AT + 60_000)
  const chileDel = proposal('chile-del', CHILE, CHILE_AT)
  const chileIns = proposal('chile-ins', CHILE, CHILE_AT + 60_000)
  const chileDel2 = proposal('chile-del-2', CHILE, CHILE_AT + 120_000)
  return docOf(
    ol(
      li(p('The Working Group ', t('warmly ', ins(brazilIns)), 'welcomes the report', t(' of the Director General', del(chileDel)), '.')),
      li(p('Requests the Secretariat to report', t(' annually', ins(chileIns)), ' on progress', t(' and results', del(brazilDel), del(chileDel2)), '.')),
    ),
  ).toJSON()
}

const documentXml = async (res: Response) => {
  expect(res.status).toBe(200)
  return strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml'])
}

/** The tracked changes in a document.xml: kind, author, date and text. */
const changesIn = (xml: string) =>
  [...xml.matchAll(/<w:(ins|del) w:id="\d+" w:author="([^"]*)" w:date="([^"]*)">(.*?)<\/w:\1>/gs)].map((m) => [m[1], m[2], m[3], m[4].replace(/<[^>]+>/g, '')])

/** The text Word shows with the tracked changes as they are (w:t only: inserted text in, deleted text out). */
const visibleText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')

describe('amendments in the record: Word tracked changes, the clean text, import, the comments table', () => {
  const suite = serverSuite()
  const auth = (who: 'chair' | 'swiss' = 'swiss') => ({ authorization: `Bearer ${suite.server.people[who].token}` })
  const get = (path: string) => fetch(`${suite.server.url}${path}`, { headers: auth() })
  const importFile = (title: string, body: Uint8Array) =>
    fetch(`${suite.server.url}/api/documents/import?title=${encodeURIComponent(title)}`, { method: 'POST', headers: { ...auth('chair'), 'content-type': DOCX }, body: new Blob([body as BlobPart]) })
  const contentOf = async (docId: string) => ((await (await get(`/api/documents/${docId}/content`)).json()) as { content: JSONContent; text: string })
  let docId = ''

  beforeAll(async () => {
    docId = newDocumentId()
    await suite.server.storage.createDocument({ id: docId, groupId: EXAMPLE_GROUP_ID, title: 'Amended draft', initialUpdate: initialUpdate(amendedDraft()) })
  })

  it('exports open proposals of two delegations as Word tracked changes by delegation and time', async () => {
    const xml = await documentXml(await get(`/api/documents/${docId}/export.docx`))
    expect(changesIn(xml)).toEqual([
      ['ins', 'Brazil', '2026-01-02T10:30:00Z', 'warmly '],
      ['del', 'Chile', '2026-01-03T09:00:00Z', ' of the Director General'],
      ['ins', 'Chile', '2026-01-03T09:01:00Z', ' annually'],
      ['del', 'Brazil', '2026-01-02T10:31:00Z', ' and results'],
    ])
    expect(xml).toContain('<w:delText xml:space="preserve"> of the Director General</w:delText>')
    // Word numbering stays, and Chile's second deletion is named in a Word comment.
    expect(xml.match(/<w:numPr><w:ilvl w:val="0"\/>/g)).toHaveLength(2)
    const files = unzipSync(new Uint8Array(await (await get(`/api/documents/${docId}/export.docx`)).arrayBuffer()))
    expect(strFromU8(files['word/comments.xml'])).toContain('Chile also proposes to delete this text.')
  })

  it('exports the agreed text with ?proposals=clean and the accepted text with ?proposals=accepted', async () => {
    const clean = await documentXml(await get(`/api/documents/${docId}/export.docx?proposals=clean`))
    expect(clean).not.toMatch(/<w:(ins|del)\b/)
    expect(visibleText(clean)).toBe('The Working Group welcomes the report of the Director General.Requests the Secretariat to report on progress and results.')
    const accepted = await documentXml(await get(`/api/documents/${docId}/export.docx?proposals=accepted`))
    expect(accepted).not.toMatch(/<w:(ins|del)\b/)
    expect(visibleText(accepted)).toBe('The Working Group warmly welcomes the report.Requests the Secretariat to report annually on progress.')
    expect((await get(`/api/documents/${docId}/export.docx?proposals=everything`)).status).toBe(400)
  })

  it('exports Markdown with the agreed text by default and CriticMarkup when asked for tracked changes', async () => {
    expect(await (await get(`/api/documents/${docId}/export.md`)).text()).toBe(
      '1\\. The Working Group welcomes the report of the Director General.\n\n2\\. Requests the Secretariat to report on progress and results.\n',
    )
    expect(await (await get(`/api/documents/${docId}/export.md?proposals=tracked`)).text()).toContain('1\\. The Working Group {++warmly ++}welcomes the report{-- of the Director General--}.')
  })

  it('imports a Word file with tracked changes as a document with proposals by the authors’ delegations, which clients then edit', async () => {
    const file = await wordFileOf([
      new TextRun('1. The Council '),
      new InsertedTextRun({ id: 1, author: 'Brazil', date: '2026-02-01T08:00:00Z', text: 'warmly ' }),
      new TextRun('welcomes the report'),
      new DeletedTextRun({ id: 2, author: 'Chile', date: '2026-02-02T08:00:00Z', text: ' and its annex' }),
      new TextRun('.'),
    ])
    const res = await importFile('Tracked changes from Word', new Uint8Array(file))
    expect(res.status).toBe(201)
    const { document } = (await res.json()) as { document: { id: string } }
    const marks = JSON.stringify((await contentOf(document.id)).content)
    expect(marks).toMatch(/"type":"proposalInsert","attrs":\{"id":"p[0-9a-f]+","authorId":"","delegation":"Brazil","createdAt":1769932800000\}/)
    expect(marks).toMatch(/"type":"proposalDelete","attrs":\{"id":"p[0-9a-f]+","authorId":"","delegation":"Chile","createdAt":1770019200000\}/)

    // The server loads it and takes a member's edit; the proposals stay and export again as tracked changes.
    const c = connectClient(suite.server.wsUrl, document.id, { token: suite.server.people.swiss.token })
    try {
      await c.synced
      insertNear(c.doc, 'report', 0, 'annual ')
      await waitFor(async () => expect((await contentOf(document.id)).text).toContain('welcomes the annual report'))
    } finally {
      c.destroy()
    }
    expect(changesIn(await documentXml(await get(`/api/documents/${document.id}/export.docx`)))).toEqual([
      ['ins', 'Brazil', '2026-02-01T08:00:00Z', 'warmly '],
      ['del', 'Chile', '2026-02-02T08:00:00Z', ' and its annex'],
    ])
  })

  it('keeps the proposals through a Word export and import', async () => {
    const exported = new Uint8Array(await (await get(`/api/documents/${docId}/export.docx`)).arrayBuffer())
    const res = await importFile('Amended draft, back from Word', exported)
    expect(res.status).toBe(201)
    const { document } = (await res.json()) as { document: { id: string } }
    const summary = (content: JSONContent) =>
      proposalsIn(docOf(...content.content!)).map((p) => ({ kinds: p.kinds, delegation: p.delegation, createdAt: p.createdAt, inserted: p.inserted, deleted: p.deleted, paraRef: p.paraRef }))
    const original = summary(amendedDraft())
    // Chile's deletion of " and results" is Brazil's in Word (first to propose it); the comment names Chile.
    expect(summary((await contentOf(document.id)).content)).toEqual(original.filter((p) => !(p.delegation === 'Chile' && p.deleted === ' and results')))
    expect((await contentOf(document.id)).text).toBe((await contentOf(docId)).text)
  })

  it('compiles the comments table with a row per proposal among the threads, by paragraph', async () => {
    const c = connectClient(suite.server.wsUrl, docId, { token: suite.server.people.swiss.token })
    try {
      await c.synced
      for (const [phrase, body] of [
        ['Requests the Secretariat', 'On paragraph 2'],
        ['welcomes the report', 'On paragraph 1'],
      ])
        expect((await api(suite.server.url, 'POST', `/api/documents/${docId}/threads`, { as: { token: suite.server.people.swiss.token }, body: { anchor: anchorOn(c.doc, phrase), body } })).status).toBe(201)
    } finally {
      c.destroy()
    }
    // The proposal service is the integrator's; here its view is read from the live document, Norway supporting Brazil.
    const documents = new DocumentReader(suite.server.rooms, suite.server.storage)
    const list = async (_user: unknown, id: string): Promise<ProposalView[]> => {
      using current = await documents.read(id)
      return proposalsIn(current.pm).map((p) => ({
        id: p.id,
        documentId: id,
        author: { id: p.authorId, name: `Delegate of ${p.delegation}`, delegation: p.delegation ?? '' },
        delegation: p.delegation,
        createdAt: new Date(p.createdAt).toISOString(),
        kinds: p.kinds,
        inserted: p.inserted,
        deleted: p.deleted,
        formatted: p.formatted,
        paraRef: p.paraRef,
        position: p.from,
        state: 'open',
        supporters: p.delegation === 'Brazil' ? [{ userId: 'u-norway', name: 'Delegate of Norway', delegation: 'Norway', at: new Date(CHILE_AT).toISOString() }] : [],
        supportedByMe: false,
        decidedBy: null,
        decidedAt: null,
        reason: null,
      }))
    }
    const exportsWithProposals = new DocumentExports({ documents, versions: { read: () => Promise.reject(new Error('no versions here')) }, comments: suite.server.comments, proposals: { list } })
    const record = (await suite.server.storage.listDocuments()).find((d) => d.id === docId)!
    const csv = String((await exportsWithProposals.commentsCsv(suite.server.people.swiss.user, record)).body)
    const rows = csv.trim().split('\r\n').slice(1)
    expect(rows.map((r) => r.split(',')[0])).toEqual(['1', '1', '1', '2', '2', '2', '2'])
    expect(rows[0]).toBe('1,Brazil (supported by Norway),Insert: warmly ,,,')
    expect(rows[1]).toBe('1,Chile,Delete:  of the Director General,,,')
    expect(rows[2]).toContain('On paragraph 1')
    expect(rows.slice(3).map((r) => r.split(',')[2])).toEqual(['Delete:  and results', 'Insert:  annually', 'Delete:  and results', 'On paragraph 2'])
    // Through the API, with the proposal service createServer wires in: the same rows.
    const served = (await (await get(`/api/documents/${docId}/comments.csv`)).text()).trim().split('\r\n').slice(1)
    expect(served.map((r) => r.split(',')[0])).toEqual(['1', '1', '1', '2', '2', '2', '2'])
    expect(served.map((r) => r.split(',')[2])).toEqual(rows.map((r) => r.split(',')[2]))
  })
})
