import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import type { Node as PMNode } from '@tiptap/pm/model'
import { toDocx, type DocxComment } from '../../server/export/toDocx.js'
import { toMarkdown } from '../../server/export/toMarkdown.js'
import { decideAll, markdownWithProposals, wordWithProposals } from '../../server/export/withProposals.js'
import { BRAZIL, CHILE, bold, del, docOf, fmt, ins, li, ol, p, proposal, t } from '../helpers/amendmentDocs.js'

const BRAZIL_AT = Date.UTC(2026, 0, 2, 10, 30, 15, 250)
const CHILE_AT = Date.UTC(2026, 0, 3, 9, 0, 0)
const brazil = proposal('p-brazil', BRAZIL, BRAZIL_AT)
const chile = proposal('p-chile', CHILE, CHILE_AT)

/**
 * 1. The Council [+warmly ]welcomes[- the] report and its[- annex] by consensus.
 * A proposed paragraph by Brazil, and "annex" proposed for deletion by Chile and then by Brazil.
 */
const amended = () =>
  docOf(
    ol(
      li(
        p(
          'The Council ',
          t('warmly ', ins(brazil)),
          'welcomes',
          t(' the', del(chile)),
          ' report and its',
          t(' annex', del(brazil), del(chile)),
          ' ',
          t('now', fmt(chile, ['bold']), bold),
          ' by consensus.',
        ),
      ),
    ),
    p(t('A new paragraph proposed by Brazil.', ins(brazil))),
  )

async function documentXml(doc: PMNode, comments: DocxComment[] = []) {
  const files = unzipSync(new Uint8Array(await toDocx(doc, 'Draft', comments)))
  const part = (name: string) => (files[name] ? strFromU8(files[name]) : '')
  return { document: part('word/document.xml'), comments: part('word/comments.xml') }
}

/** The text Word shows with its tracked changes accepted (w:t only) or rejected (w:t and w:delText, inserted runs left out). */
function wordText(xml: string, as: 'accepted' | 'rejected'): string {
  const body = as === 'rejected' ? xml.replace(/<w:ins [^>]*>.*?<\/w:ins>/gs, '') : xml
  const pattern = as === 'rejected' ? /<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g : /<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g
  return [...body.matchAll(/<w:p>.*?<\/w:p>/gs)].map((para) => [...para[0].matchAll(pattern)].map((m) => m[1]).join('')).filter(Boolean).join('\n')
}

describe('Word export of proposals as tracked changes', () => {
  it('writes insertions and deletions as w:ins and w:del by their delegations, at their times', async () => {
    const { document } = await documentXml(amended())
    const changes = [...document.matchAll(/<w:(ins|del) w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)">(.*?)<\/w:\1>/gs)].map((m) => ({
      kind: m[1],
      id: m[2],
      author: m[3],
      date: m[4],
      text: m[5].replace(/<[^>]+>/g, ''),
    }))
    expect(changes.map(({ kind, author, date, text }) => [kind, author, date, text])).toEqual([
      ['ins', 'Brazil', '2026-01-02T10:30:15Z', 'warmly '],
      ['del', 'Chile', '2026-01-03T09:00:00Z', ' the'],
      // Two delegations delete " annex": Word shows the first to propose it.
      ['del', 'Brazil', '2026-01-02T10:30:15Z', ' annex'],
      ['ins', 'Brazil', '2026-01-02T10:30:15Z', 'A new paragraph proposed by Brazil.'],
    ])
    expect(document).toContain('<w:delText xml:space="preserve"> the</w:delText>')
    // Every annotation id is unique: the tracked changes, the paragraph mark, the rPrChange, the comment.
    const ids = [...document.matchAll(/<w:(?:ins|del|rPrChange) w:id="(\d+)"/g)].map((m) => m[1])
    expect(ids).toHaveLength(6)
    expect(new Set(ids).size).toBe(6)
    expect(ids).not.toContain('0')
    // Numbering keeps working.
    expect(document).toContain('<w:numPr><w:ilvl w:val="0"/>')
  })

  it('tracks the paragraph mark of a proposed paragraph, so rejecting it in Word removes the paragraph', async () => {
    const { document } = await documentXml(amended())
    const proposed = [...document.matchAll(/<w:p>.*?<\/w:p>/gs)].map((m) => m[0]).find((para) => para.includes('A new paragraph'))!
    expect(proposed).toMatch(/<w:pPr>.*<w:rPr><w:ins w:id="\d+" w:author="Brazil" w:date="2026-01-02T10:30:15Z"\/><\/w:rPr><\/w:pPr>/s)
    const agreed = [...document.matchAll(/<w:p>.*?<\/w:p>/gs)].map((m) => m[0]).find((para) => para.includes('The Council'))!
    expect(agreed).not.toMatch(/<w:pPr>.*<w:rPr><w:(ins|del) /s)
  })

  it('names the second delegation proposing to delete the same text in a Word comment on that text', async () => {
    const { document, comments } = await documentXml(amended())
    expect(comments).toMatch(/<w:comment w:id="0" w:initials="C" w:author="Chile" w:date="2026-01-03T09:00:00(\.000)?Z">.*Chile also proposes to delete this text\./s)
    const start = document.indexOf('<w:commentRangeStart w:id="0"/>')
    const end = document.indexOf('<w:commentRangeEnd w:id="0"/>')
    expect(document.slice(start, end).replace(/<[^>]+>/g, '')).toBe(' annex')
  })

  it('writes a formatting proposal as w:rPrChange holding the formatting before it', async () => {
    const { document } = await documentXml(amended())
    const run = /<w:r><w:rPr><w:b\/>.*?<w:rPrChange w:id="\d+" w:author="Chile" w:date="2026-01-03T09:00:00Z"><w:rPr>(.*?)<\/w:rPr><\/w:rPrChange><\/w:rPr><w:t xml:space="preserve">now<\/w:t>/s.exec(document)
    expect(run).not.toBeNull()
    expect(run![1]).not.toMatch(/<w:b\/>/)
  })

  it('writes text one delegation inserts and another proposes to delete as a w:del inside a w:ins', async () => {
    const doc = docOf(p('Agreed ', t('contested', ins(brazil), del(chile)), '.'))
    const { document } = await documentXml(doc)
    expect(document).toMatch(/<w:ins w:id="\d+" w:author="Brazil"[^>]*><w:del w:id="\d+" w:author="Chile"[^>]*><w:r>.*?<w:delText xml:space="preserve">contested<\/w:delText><\/w:r><\/w:del><\/w:ins>/s)
  })

  it('attributes a proposal without a delegation to a name the caller gives, else to "Unknown delegation"', async () => {
    const anonymous = proposal('p-nobody', { authorId: 'u-chair', delegation: null }, BRAZIL_AT)
    const doc = docOf(p('Text ', t('added', ins(anonymous))))
    const read = async (authors?: Map<string, string>) => strFromU8(unzipSync(new Uint8Array(await toDocx(doc, 'Draft', [], { authors })))['word/document.xml'])
    expect(await read()).toContain('w:author="Unknown delegation"')
    expect(await read(new Map([['p-nobody', 'Maria Chair']]))).toContain('w:author="Maria Chair"')
  })

  it('exports the clean text: no tracked change, insertions left out, deletions kept, formats put back', async () => {
    const clean = wordWithProposals(amended(), 'clean', [])
    const { document } = await documentXml(clean.doc)
    expect(document).not.toMatch(/<w:(ins|del|rPrChange)\b/)
    expect(wordText(document, 'accepted')).toBe('The Council welcomes the report and its annex now by consensus.')
    expect(document).not.toMatch(/<w:b\/>/)
    // …the same text Word shows when all the tracked changes are rejected.
    expect(wordText((await documentXml(amended())).document, 'rejected')).toBe(wordText(document, 'accepted'))
  })

  it('exports the text as if every proposal were accepted', async () => {
    const { document } = await documentXml(wordWithProposals(amended(), 'accepted', []).doc)
    expect(document).not.toMatch(/<w:(ins|del|rPrChange)\b/)
    expect(wordText(document, 'accepted')).toBe('The Council warmly welcomes report and its now by consensus.\nA new paragraph proposed by Brazil.')
    expect(document).toMatch(/<w:b\/>.*now/s)
    expect(wordText((await documentXml(amended())).document, 'accepted')).toBe(wordText(document, 'accepted'))
  })

  it('moves comment ranges to where their passages are in the clean text', async () => {
    const doc = amended()
    let at = -1
    doc.descendants((node, pos) => {
      if (node.isText && node.text!.includes('report')) at = pos + node.text!.indexOf('report')
    })
    const comment: DocxComment = { from: at, to: at + 'report'.length, author: 'Lukas Swiss (Switzerland)', text: ['On the report'] }
    const clean = wordWithProposals(doc, 'clean', [comment])
    const { document } = await documentXml(clean.doc, clean.comments)
    const start = document.indexOf('<w:commentRangeStart w:id="0"/>')
    const end = document.indexOf('<w:commentRangeEnd w:id="0"/>')
    expect(start).toBeGreaterThan(-1)
    expect(document.slice(start, end).replace(/<[^>]+>/g, '')).toBe('report')
  })

  it('decides every proposal on a copy, leaving the document as it was', () => {
    const doc = amended()
    const json = JSON.stringify(doc.toJSON())
    expect(decideAll(doc, 'reject').doc.textContent).toBe('The Council welcomes the report and its annex now by consensus.')
    expect(JSON.stringify(doc.toJSON())).toBe(json)
  })
})

describe('Markdown export of proposals', () => {
  it('gives the agreed text by default, CriticMarkup when tracked, the accepted text when asked', () => {
    const md = (shown: 'clean' | 'tracked' | 'accepted') => toMarkdown(markdownWithProposals(amended(), shown)).trim()
    expect(md('clean')).toBe('1\\. The Council welcomes the report and its annex now by consensus.')
    expect(md('tracked')).toBe(
      '1\\. The Council {++warmly ++}welcomes{-- the--} report and its{-- annex--} **now** by consensus.\n\n{++A new paragraph proposed by Brazil.++}',
    )
    expect(md('accepted')).toBe('1\\. The Council warmly welcomes report and its **now** by consensus.\n\nA new paragraph proposed by Brazil.')
  })
})
