import type { JSONContent } from '@tiptap/core'
import { markerFor } from '../schema/numbering.js'
import type { PaperFields } from '../paper.js'
import { readPaperHeader } from './paperHeader.js'

/**
 * Parser for the plain-text form of a UN / IOM conference room paper, such as
 * shared/fixtures/dg-response-council-105.txt:
 *
 * ```
 * English only 26 November 2014          ← header block: every line before the first marker; the
 * CONFERENCE ROOM PAPER                     paper's fields (distribution, date, symbol, session) are
 * COUNCIL                                   read from it (paperHeader.ts) and their lines taken out
 * …
 * - 1. Paragraph text                    ← level-1 numbered paragraph
 * - (a) Sub-point text                   ← level 2 under the paragraph above
 * - (i) Sub-sub-point                    ← level 3 (roman), unless it continues a letter run (h) → (i)
 * continued line                         ← joined to the item above when that item had not ended
 * ```
 *
 * The markers themselves are dropped: numbering is computed from the structure afterwards.
 * Inline enumerations ("(a) …; (b) …" inside a paragraph) stay as text.
 */

export interface ImportResult {
  doc: JSONContent
  /** Things a person should check: numbering gaps in the source, unexpected lines. */
  warnings: string[]
  /** The paper's header fields found in the header block ('' where none). */
  paper: PaperFields
}

interface Item {
  level: number
  marker: string
  text: string
  children: Item[]
}

type BodyBlock = { kind: 'item'; item: Item } | { kind: 'text'; text: string }

const NUMBER_MARKER = /^-\s+(\d+)\.\s+(.*)$/
const LETTER_MARKER = /^-\s+\(([a-zA-Z]+)\)\s+(.*)$/
const ROMAN_ONLY = /^[ivxlcdm]+$/
/** A paragraph that ends like this is finished; anything else was cut by a page break. */
const FINISHED = /[.;:?!"”’)\]]$/

/** Is a header line a title line? Titles are set in capitals and are long. */
function isTitleLine(line: string): boolean {
  return line.length > 30 && line === line.toUpperCase() && /[A-Z]/.test(line)
}

function paragraph(text: string): JSONContent {
  return text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' }
}

function listJSON(items: Item[]): JSONContent {
  return {
    type: 'orderedList',
    content: items.map((item) => ({
      type: 'listItem',
      content: [paragraph(item.text), ...(item.children.length ? [listJSON(item.children)] : [])],
    })),
  }
}

/** Parses the text of a conference room paper into a Plenary (Tiptap) document. */
export function importUnText(source: string): ImportResult {
  const warnings: string[] = []
  const lines = source.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim())
  const firstMarker = lines.findIndex((l) => NUMBER_MARKER.test(l) || LETTER_MARKER.test(l))
  const headerBlock = (firstMarker === -1 ? lines : lines.slice(0, firstMarker)).filter(Boolean)
  const { paper, taken } = readPaperHeader(headerBlock)
  const headerLines = headerBlock.filter((_, i) => !taken.has(i))
  const bodyLines = firstMarker === -1 ? [] : lines.slice(firstMarker).filter(Boolean)

  const body: BodyBlock[] = []
  // The open item at each level: stack[0] is the current level-1 paragraph, and so on.
  const stack: Item[] = []
  // The block that the next unmarked line may continue.
  let last: { text: string } | null = null

  for (const line of bodyLines) {
    const num = NUMBER_MARKER.exec(line)
    const letter = num ? null : LETTER_MARKER.exec(line)
    if (num) {
      const item: Item = { level: 1, marker: num[1], text: num[2], children: [] }
      const expected = body.filter((b) => b.kind === 'item').length + 1
      if (Number(num[1]) !== expected) warnings.push(`paragraph "${num[1]}." found where ${expected}. was expected`)
      body.push({ kind: 'item', item })
      stack.length = 0
      stack.push(item)
      last = item
      continue
    }
    if (letter) {
      const marker = letter[1]
      let level = 2
      if (ROMAN_ONLY.test(marker) && stack.length >= 2) {
        // "(i)" after "(h)" is a letter; otherwise a roman numeral under the current sub-point.
        const siblings = stack[0].children
        const previousLetter = siblings.length ? markerFor(2, siblings.length) : ''
        const isNextLetter = markerFor(2, siblings.length + 1) === marker && previousLetter !== ''
        level = isNextLetter ? 2 : 3
      }
      const parent = stack[level - 2]
      if (!parent) {
        warnings.push(`sub-point "(${marker})" has no paragraph above it; kept as a paragraph`)
        const item: Item = { level: 1, marker, text: letter[2], children: [] }
        body.push({ kind: 'item', item })
        stack.length = 0
        stack.push(item)
        last = item
        continue
      }
      const item: Item = { level, marker, text: letter[2], children: [] }
      const expected = markerFor(level, parent.children.length + 1)
      if (marker.toLowerCase() !== expected) warnings.push(`sub-point "(${marker})" found where (${expected}) was expected`)
      parent.children.push(item)
      stack.length = level - 1
      stack.push(item)
      last = item
      continue
    }
    // A line without a marker: the rest of a paragraph cut by a page break, or free text.
    if (last && !FINISHED.test(last.text)) {
      last.text = `${last.text} ${line}`
      continue
    }
    const block = { kind: 'text' as const, text: line }
    body.push(block)
    stack.length = 0
    last = block
  }

  const content: JSONContent[] = []
  if (headerLines.length) {
    content.push({
      type: 'docHeader',
      content: headerLines.map((line) =>
        isTitleLine(line) ? { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: line }] } : paragraph(line),
      ),
    })
  }
  let run: Item[] = []
  const closeRun = () => {
    if (run.length) content.push(listJSON(run))
    run = []
  }
  for (const block of body) {
    if (block.kind === 'item') run.push(block.item)
    else {
      closeRun()
      content.push(paragraph(block.text))
    }
  }
  closeRun()
  if (!content.length) content.push(paragraph(''))
  return { doc: { type: 'doc', content }, warnings, paper }
}

/** Words of a text, for checking that an import neither lost nor duplicated anything. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

/** The words of the source without the paragraph markers ("- 1.", "- (a)") that the import turns into structure. */
export function sourceWordCount(source: string): number {
  const stripped = source
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^-\s+(\d+\.|\([a-zA-Z]+\))\s+/, ''))
    .join('\n')
  return countWords(stripped)
}
