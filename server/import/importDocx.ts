import mammoth from 'mammoth'
import type { JSONContent } from '@tiptap/core'
import { isAllowedLink } from '../../shared/schema/extensions.js'
import { buildDocument, type ImportBlock, type ImportResult } from './buildDocument.js'

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
}

function runs(elements: DocxElement[], marks: JSONContent['marks'], out: JSONContent[], warnings: Set<string>): void {
  for (const el of elements) {
    if (el.type === 'text') out.push(marks?.length ? { type: 'text', text: el.value, marks } : { type: 'text', text: el.value })
    else if (el.type === 'tab') out.push({ type: 'text', text: ' ', ...(marks?.length ? { marks } : {}) })
    else if (el.type === 'break') out.push({ type: 'hardBreak' })
    else if (el.type === 'run') {
      const own = [
        ...(marks ?? []),
        ...(el.isBold ? [{ type: 'bold' }] : []),
        ...(el.isItalic ? [{ type: 'italic' }] : []),
        ...(el.isUnderline ? [{ type: 'underline' }] : []),
        ...(el.isStrikethrough ? [{ type: 'strike' }] : []),
      ]
      runs(el.children ?? [], own, out, warnings)
    } else if (el.type === 'hyperlink') {
      const href = el.href ?? ''
      runs(el.children ?? [], isAllowedLink(href) ? [...(marks ?? []), { type: 'link', attrs: { href } }] : marks, out, warnings)
    } else if (el.type === 'image') warnings.add('images are not imported')
    else if (el.children) runs(el.children, marks, out, warnings)
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
 */
export async function importDocx(buffer: Buffer): Promise<ImportResult> {
  let model: DocxElement | null = null
  const result = await mammoth.convertToHtml(
    { buffer },
    {
      transformDocument: (document: DocxElement) => {
        model = document
        return document
      },
    },
  )
  const warnings = new Set<string>()
  const blocks: ImportBlock[] = []
  const visit = (el: DocxElement) => {
    if (el.type === 'paragraph') {
      const inline: JSONContent[] = []
      runs(el.children ?? [], undefined, inline, warnings)
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
  const built = buildDocument(
    blocks.filter((b, i) => b.inline.length || (i > 0 && blocks[i - 1].inline.length)),
    [...warnings],
  )
  return built
}
