import { randomBytes } from 'node:crypto'
import mammoth from 'mammoth'
import type { JSONContent } from '@tiptap/core'
import { isAllowedLink } from '../../shared/schema/extensions.js'
import { buildDocument, textOf, type ImportBlock, type ImportResult } from './buildDocument.js'
import { fitPaper, readPaperHeader } from '../../shared/import/paperHeader.js'
import { docxCustomPaper, docxHeaderSymbol } from './docxPaper.js'
import { docxFile } from './docxFile.js'
import { markRevisions, type DocxRevision } from './markRevisions.js'
import { RevisionMarks } from './RevisionMarks.js'

/** The parts of mammoth's document model Plenary reads. */
interface DocxElement {
  type: string
  children?: DocxElement[]
  value?: string
  styleName?: string | null
  alignment?: string | null
  numbering?: { level: string; isOrdered: boolean } | null
  isBold?: boolean
  isItalic?: boolean
  isUnderline?: boolean
  isStrikethrough?: boolean
  href?: string
  /** A bookmark's name. */
  name?: string
}

/** Appends text with its marks and those of the tracked changes it is in, unless the changes leave it out. */
function text(value: string, marks: JSONContent['marks'], out: JSONContent[], revisions: RevisionMarks): void {
  const proposals = revisions.forText(value.length)
  if (!proposals) return
  const all = [...(marks ?? []), ...proposals]
  out.push(all.length ? { type: 'text', text: value, marks: all } : { type: 'text', text: value })
}

function runs(elements: DocxElement[], marks: JSONContent['marks'], out: JSONContent[], warnings: Set<string>, revisions: RevisionMarks): void {
  for (const el of elements) {
    if (el.type === 'text') text(el.value ?? '', marks, out, revisions)
    else if (el.type === 'tab' || (el.type === 'break' && revisions.inserting)) text(' ', marks, out, revisions)
    else if (el.type === 'break') out.push({ type: 'hardBreak' })
    else if (el.type === 'bookmarkStart') revisions.bookmark(el.name)
    else if (el.type === 'run') {
      const own = [
        ...(marks ?? []),
        ...(el.isBold ? [{ type: 'bold' }] : []),
        ...(el.isItalic ? [{ type: 'italic' }] : []),
        ...(el.isUnderline ? [{ type: 'underline' }] : []),
        ...(el.isStrikethrough ? [{ type: 'strike' }] : []),
      ]
      runs(el.children ?? [], own, out, warnings, revisions)
    } else if (el.type === 'hyperlink') {
      const href = el.href ?? ''
      runs(el.children ?? [], isAllowedLink(href) ? [...(marks ?? []), { type: 'link', attrs: { href } }] : marks, out, warnings, revisions)
    } else if (el.type === 'image') warnings.add('images are not imported')
    else if (el.children) runs(el.children, marks, out, warnings, revisions)
  }
}

/** Word's heading and title styles, by name. */
function headingLevel(styleName: string | null | undefined): number | null {
  if (!styleName) return null
  if (/^title$/i.test(styleName)) return 1
  const m = /^heading\s*(\d)$/i.exec(styleName)
  return m ? Math.min(Number(m[1]), 3) : null
}

/**
 * Reads a Word file with mammoth's document model (not its HTML): paragraphs with Word numbering
 * keep their level (1. / (a) / (i) / (A)); typed markers are recognised too; headings, bold,
 * italic, underline, strike and links are kept; centred lines before the first numbered
 * paragraph become the header block. Tables come in as paragraphs; images are left out.
 * Tracked changes become proposals by their authors' delegations (markRevisions, RevisionMarks):
 * mammoth alone would accept every insertion and drop every deletion. The paper's header fields
 * (symbol, distribution, date, session) come from the file's properties, its page header and its
 * first paragraphs (paperOf).
 */
export async function importDocx(buffer: Buffer): Promise<ImportResult> {
  let model: DocxElement | null = null
  // Bookmark names no file can guess, so a file's own bookmarks cannot pose as tracked changes.
  const prefix = `_plenary${randomBytes(8).toString('hex')}_`
  let revisions: DocxRevision[] = []
  const file = docxFile(buffer, (_name, xml) => {
    const marked = markRevisions(xml, prefix)
    if (!marked) return xml
    revisions = marked.revisions
    return marked.xml
  })
  const result = await mammoth.convertToHtml(
    // mammoth reads a `file` (exists, read) in place of a buffer; its typings leave that input out.
    { file } as unknown as { buffer: Buffer },
    {
      transformDocument: (document: DocxElement) => {
        model = document
        return document
      },
    },
  )
  const warnings = new Set<string>()
  const blocks: ImportBlock[] = []
  const tracked = new RevisionMarks(revisions, prefix)
  const visit = (el: DocxElement) => {
    if (el.type === 'paragraph') {
      const inline: JSONContent[] = []
      tracked.paragraph()
      runs(el.children ?? [], undefined, inline, warnings, tracked)
      const heading = headingLevel(el.styleName)
      const centered = el.alignment === 'center'
      if (heading) blocks.push({ kind: 'heading', headingLevel: heading, level: 0, centered, inline })
      else if (el.numbering && !el.numbering.isOrdered) blocks.push({ kind: 'bullet', level: 0, inline })
      else if (el.numbering) blocks.push({ kind: 'paragraph', level: Number(el.numbering.level) + 1, inline })
      else if (inline.length || !centered) blocks.push({ kind: 'paragraph', level: 0, centered, inline })
      return
    }
    if (el.type === 'table') warnings.add('tables are imported as paragraphs')
    for (const child of el.children ?? []) visit(child)
  }
  if (model) visit(model)
  for (const message of result.messages) if (message.type === 'error') warnings.add(message.message)
  const { kept, paper } = await paperOf(file, blocks)
  const built = buildDocument(
    kept.filter((b, i) => b.inline.length || (i > 0 && kept[i - 1].inline.length)),
    [...warnings, ...paper.warnings],
  )
  return { ...built, paper: paper.fields }
}

/** Paragraphs looked at for the paper's fields: the first ones, before the first numbered paragraph. */
const MAX_LEADING_BLOCKS = 12
const TYPED_MARKER = /^(\d+\.|\([a-zA-Z]+\))\s/

/**
 * The paper's header fields: from the first paragraphs (which then leave the text: the fields say
 * it now), the symbol of a page header, and the file's custom properties, which Plenary's Word
 * export writes and which come first.
 */
async function paperOf(file: ReturnType<typeof docxFile>, blocks: ImportBlock[]) {
  const end = blocks.findIndex((b, i) => i >= MAX_LEADING_BLOCKS || b.level > 0 || b.kind === 'bullet' || TYPED_MARKER.test(textOf(b.inline)))
  const { paper: inText, taken } = readPaperHeader(blocks.slice(0, end === -1 ? blocks.length : end).map((b) => textOf(b.inline)))
  const symbol = await docxHeaderSymbol(file)
  const warnings: string[] = []
  const fields = fitPaper({ ...inText, ...(symbol && { symbol }), ...(await docxCustomPaper(file)) }, warnings)
  return { kept: blocks.filter((_, i) => !taken.has(i)), paper: { fields, warnings } }
}
