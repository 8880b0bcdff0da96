import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { strToU8, zipSync } from 'fflate'
import { DeletedTextRun, InsertedTextRun, TextRun } from 'docx'
import type { Node as PMNode } from '@tiptap/pm/model'
import { importDocx } from '../../server/import/importDocx.js'
import { markRevisions } from '../../server/import/markRevisions.js'
import { initialContent } from '../../server/seed/seedExampleWorkspace.js'
import { inspectUpdate } from '../../server/documents/inspectUpdate.js'
import { documentUpdateRules } from '../../server/documents/updateRules.js'
import { toDocx } from '../../server/export/toDocx.js'
import { proposalsIn } from '../../shared/amendments/proposalsIn.js'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import { BRAZIL, CHILE, bold, del, docOf, fmt, ins, li, ol, p, proposal, showProposals, t } from '../helpers/amendmentDocs.js'
import { wordFileOf } from '../helpers/wordFile.js'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'

/** A .docx around a hand-written document body. */
function docxOf(body: string): Buffer {
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`
  return Buffer.from(zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), '_rels/.rels': strToU8(RELS), 'word/document.xml': strToU8(document) }))
}

const change = (tag: 'ins' | 'del' | 'moveTo' | 'moveFrom', id: number, author: string, date: string, runs: string) => `<w:${tag} w:id="${id}" w:author="${author}" w:date="${date}">${runs}</w:${tag}>`
const run = (text: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`
const deleted = (text: string) => `<w:r><w:delText xml:space="preserve">${text}</w:delText></w:r>`
const para = (...content: string[]) => `<w:p>${content.join('')}</w:p>`

async function imported(file: Buffer): Promise<PMNode> {
  const { doc } = await importDocx(file)
  const node = documentSchema().nodeFromJSON(doc)
  node.check()
  return node
}

const BRAZIL_DATE = '2026-01-02T10:30:00Z'
const CHILE_DATE = '2026-01-03T09:00:00Z'

describe('importing Word tracked changes as proposals', () => {
  it('turns w:ins into proposed insertions and w:del into proposed deletions, by their authors as delegations', async () => {
    const file = await wordFileOf([
      new TextRun('The Council '),
      new InsertedTextRun({ id: 1, author: 'Brazil', date: BRAZIL_DATE, text: 'warmly ' }),
      new TextRun('welcomes'),
      new DeletedTextRun({ id: 2, author: 'Chile', date: CHILE_DATE, text: ' the' }),
      new TextRun(' report.'),
    ])
    const doc = await imported(file)
    expect(showProposals(doc)).toBe('The Council [+warmly ]welcomes[- the] report.')
    expect(proposalsIn(doc).map(({ kinds, delegation, authorId, createdAt, inserted, deleted }) => ({ kinds, delegation, authorId, createdAt, inserted, deleted }))).toEqual([
      { kinds: ['insert'], delegation: 'Brazil', authorId: '', createdAt: Date.parse(BRAZIL_DATE), inserted: 'warmly ', deleted: '' },
      { kinds: ['delete'], delegation: 'Chile', authorId: '', createdAt: Date.parse(CHILE_DATE), inserted: '', deleted: ' the' },
    ])
  })

  it('makes one proposal of a deletion and the insertion right after it by the same author at the same time', async () => {
    const doc = await imported(
      docxOf(
        para(
          run('Member States '),
          change('del', 1, 'Brazil', BRAZIL_DATE, deleted('welcome')),
          change('ins', 2, 'Brazil', BRAZIL_DATE, run('note')),
          change('ins', 3, 'Brazil', BRAZIL_DATE, run(' with concern', '<w:b/>')),
          run(' the report'),
          change('ins', 4, 'Brazil', '2026-01-02T11:00:00Z', run(' today')),
          run('.'),
        ),
      ),
    )
    expect(showProposals(doc)).toBe('Member States [-welcome][+note][+ with concern] the report[+ today].')
    const proposals = proposalsIn(doc)
    expect(proposals.map((p) => [p.kinds, p.deleted, p.inserted])).toEqual([
      [['delete', 'insert'], 'welcome', 'note with concern'],
      [['insert'], '', ' today'],
    ])
  })

  it('keeps both proposals on text one delegation inserted and another proposes to delete; leaves out what a delegation deleted of its own insertion', async () => {
    const doc = await imported(
      docxOf(
        para(
          run('Agreed '),
          change('ins', 1, 'Brazil', BRAZIL_DATE, change('del', 2, 'Chile', CHILE_DATE, deleted('contested'))),
          change('ins', 3, 'Brazil', BRAZIL_DATE, run(' kept') + change('del', 4, 'Brazil', BRAZIL_DATE, deleted(' withdrawn'))),
          run('.'),
        ),
      ),
    )
    expect(doc.textContent).toBe('Agreed contested kept.')
    const contested = doc.firstChild!.child(1)
    expect(contested.marks.map((m) => [m.type.name, m.attrs.delegation])).toEqual([
      ['proposalInsert', 'Brazil'],
      ['proposalDelete', 'Chile'],
    ])
  })

  it('reads moves as a deletion and an insertion, formatting changes as formatting proposals, and decodes authors', async () => {
    const doc = await imported(
      docxOf(
        para(
          change('moveFrom', 1, 'C&#244;te d&apos;Ivoire', CHILE_DATE, run('Moved text. ')),
          run('Stays. '),
          `<w:r><w:rPr><w:b/><w:rPrChange w:id="2" w:author="Norway" w:date="${CHILE_DATE}"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>Reformatted</w:t></w:r>`,
          `<w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="Norway" w:date="${CHILE_DATE}"><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:rPrChange></w:rPr><w:t> only size</w:t></w:r>`,
          change('moveTo', 4, 'C&#244;te d&apos;Ivoire', CHILE_DATE, run(' Moved text.')),
        ),
      ),
    )
    expect(showProposals(doc)).toBe("[-Moved text. ]Stays. Reformatted only size[+ Moved text.]")
    const proposals = proposalsIn(doc)
    expect(proposals.map((p) => [p.delegation, p.kinds])).toEqual([
      ["Côte d'Ivoire", ['delete']],
      ['Norway', ['format']],
      ["Côte d'Ivoire", ['insert']],
    ])
    const reformatted = doc.firstChild!.child(2)
    expect(reformatted.text).toBe('Reformatted')
    const format = reformatted.marks.find((m) => m.type.name === 'proposalFormat')!
    expect([format.attrs.added, format.attrs.removed]).toEqual([['bold'], ['italic']])
    expect(reformatted.marks.map((m) => m.type.name)).toContain('bold')
  })

  it('keeps paragraphs apart where a paragraph mark was deleted, its text proposed for deletion', async () => {
    const doc = await imported(
      docxOf(
        para(run('First paragraph.')) +
          `<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="Chile" w:date="${CHILE_DATE}"/></w:rPr></w:pPr>${change('del', 2, 'Chile', CHILE_DATE, deleted('Second paragraph, proposed for deletion.'))}</w:p>` +
          para(run('Third paragraph.')),
      ),
    )
    expect(showProposals(doc)).toBe('First paragraph.\n[-Second paragraph, proposed for deletion.]\nThird paragraph.')
  })

  it('gives a tracked change without a date the time of the import, and one without an author no delegation', async () => {
    const before = Date.now()
    const doc = await imported(docxOf(para(run('Text'), '<w:ins w:id="1"><w:r><w:t> added</w:t></w:r></w:ins>')))
    const [proposal] = proposalsIn(doc)
    expect(proposal.delegation).toBeNull()
    expect(proposal.createdAt).toBeGreaterThanOrEqual(before)
  })

  it('does not let a bookmark in the file pose as a tracked change', async () => {
    const doc = await imported(docxOf(para('<w:bookmarkStart w:id="0" w:name="_plenary0000000000000000_s0"/>', run('Plain '), change('ins', 1, 'Brazil', BRAZIL_DATE, run('added')))))
    expect(showProposals(doc)).toBe('Plain [+added]')
  })

  it('builds a first update the server’s update inspector accepts, overlapping deletions under hashed keys', async () => {
    const doc = await imported(
      docxOf(para(run('Keep '), change('del', 1, 'Brazil', BRAZIL_DATE, change('del', 2, 'Chile', CHILE_DATE, deleted('both'))), change('ins', 3, 'Brazil', BRAZIL_DATE, run(' new')))),
    )
    expect(doc.firstChild!.child(1).marks.filter((m) => m.type.name === 'proposalDelete')).toHaveLength(2)
    const { update } = initialContent(doc.toJSON())
    expect(() => inspectUpdate(new Y.Doc(), update, documentUpdateRules())).not.toThrow()
    const ydoc = new Y.Doc()
    Y.applyUpdate(ydoc, update)
    const text = (ydoc.getXmlFragment(DOCUMENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText
    const keys = (text.toDelta() as Array<{ attributes?: object }>).flatMap((op) => Object.keys(op.attributes ?? {}))
    expect(keys.filter((k) => k.startsWith('proposalDelete--'))).toHaveLength(2)
    expect(keys).toContain('proposalInsert')
  })

  it('imports a Word file without tracked changes as before', async () => {
    const doc = await imported(docxOf(para(run('Plain '), run('bold', '<w:b/>'))))
    expect(doc.toJSON()).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Plain ' }, { type: 'text', text: 'bold', marks: [{ type: 'bold' }] }] }] })
  })
})

describe('Word export and import round trip', () => {
  it('keeps proposals: their kinds, text, delegations and times (to the second)', async () => {
    const replace = proposal('p-replace', BRAZIL, Date.UTC(2026, 0, 2, 10, 30, 15, 250))
    const paragraph = proposal('p-paragraph', BRAZIL, Date.UTC(2026, 0, 2, 10, 31))
    const annex = proposal('p-annex', CHILE, Date.UTC(2026, 0, 3, 9))
    const now = proposal('p-now', CHILE, Date.UTC(2026, 0, 3, 9, 5))
    const original = docOf(
      ol(li(p('The Council ', t('welcomes', del(replace)), t('notes', ins(replace)), ' the report', t(' and its annex', del(annex)), ' ', t('now', fmt(now, ['bold']), bold), '.'))),
      p(t('A new paragraph.', ins(paragraph))),
    )
    const doc = await imported(await toDocx(original, 'Draft'))
    expect(showProposals(doc)).toBe(showProposals(original))
    const summary = (d: PMNode) => proposalsIn(d).map(({ kinds, delegation, createdAt, inserted, deleted, formatted, format }) => ({ kinds, delegation, createdAt, inserted, deleted, formatted, format }))
    expect(summary(doc)).toEqual(
      summary(original).map((p) => ({ ...p, createdAt: Math.floor(p.createdAt / 1000) * 1000 })),
    )
  })
})

describe('markRevisions', () => {
  it('leaves parts other than the main document as they are', () => {
    expect(markRevisions(`<w:styles xmlns:w="${W}"><w:style/></w:styles>`, 'x')).toBeNull()
    expect(markRevisions(`<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body/></w:document>`, 'x')).toEqual({ xml: `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body/></w:document>`, revisions: [] })
  })

  it('reads only the four formats, whatever else an element is called', () => {
    const xml = `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:rPr><w:constructor/><w:b/><w:rPrChange w:id="1" w:author="A"><w:rPr><w:toString/></w:rPr></w:rPrChange></w:rPr><w:t>x</w:t></w:r></w:p></w:body></w:document>`
    const marked = markRevisions(xml, 'm')!
    expect(marked.revisions).toEqual([{ kind: 'format', wordId: '1', author: 'A', date: '', added: ['bold'], removed: [] }])
    expect(marked.xml).toContain('<w:bookmarkStart w:name="ms0"/><w:r>')
    expect(marked.xml).toContain('</w:r><w:bookmarkStart w:name="me0"/>')
  })
})
