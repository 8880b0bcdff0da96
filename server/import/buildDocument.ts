import type { JSONContent } from '@tiptap/core'
import { markerFor } from '../../shared/schema/numbering.js'
import type { PaperFields } from '../../shared/paper.js'

/**
 * One block read from an imported file, before numbering is turned into structure.
 * Word numbering and Markdown lists give the level directly; otherwise markers typed at the start
 * of the text ("6. ", "(b) ", "(ii) ") are recognised, as in a conference room paper.
 */
export interface ImportBlock {
  kind: 'paragraph' | 'heading' | 'bullet'
  /** 1-3 for headings. */
  headingLevel?: number
  /** 0: not numbered (look for a typed marker); 1: numbered paragraph; 2: (a); 3: (i); 4: (A). */
  level: number
  /** For a typed "(x)" marker whose depth the file showed (Markdown indentation): the level. */
  levelHint?: number
  /** A further paragraph of the numbered item above (Markdown list items with several paragraphs). */
  continuation?: boolean
  /** Centred (Word): part of the header block when it comes before the first numbered paragraph. */
  centered?: boolean
  inline: JSONContent[]
}

export interface ImportResult {
  doc: JSONContent
  /** What a person should check: numbering gaps, content that was dropped. */
  warnings: string[]
  /** The paper's header fields the file gave (Word), for the new document to store. */
  paper?: PaperFields
}

interface Item {
  content: JSONContent[]
  children: Item[]
}

const NUMBER = /^(\d+)\.\s+/
const LETTER = /^\(([a-zA-Z]+)\)\s+/
const ROMAN = /^[ivxlcdm]+$/

/** A block's text, without its marks. */
export const textOf = (inline: JSONContent[]) => inline.map((n) => n.text ?? '').join('')

/** Removes the first `length` characters of the inline content (a typed marker). */
function stripPrefix(inline: JSONContent[], length: number): JSONContent[] {
  const out: JSONContent[] = []
  let left = length
  for (const node of inline) {
    if (left > 0 && node.type === 'text') {
      const text = node.text ?? ''
      if (text.length <= left) {
        left -= text.length
        continue
      }
      out.push({ ...node, text: text.slice(left) })
      left = 0
      continue
    }
    out.push(node)
  }
  return out
}

/** Joins neighbouring text nodes with the same marks, and drops empty ones (ProseMirror refuses empty text). */
function normalizeInline(inline: JSONContent[]): JSONContent[] {
  const out: JSONContent[] = []
  for (const node of inline) {
    if (node.type === 'text' && !node.text) continue
    const last = out[out.length - 1]
    if (last?.type === 'text' && node.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) last.text += node.text!
    else out.push({ ...node })
  }
  return out
}

function textblock(block: ImportBlock, inline = block.inline): JSONContent {
  const content = normalizeInline(inline)
  const node: JSONContent = block.kind === 'heading' ? { type: 'heading', attrs: { level: Math.min(Math.max(block.headingLevel ?? 1, 1), 3) } } : { type: 'paragraph' }
  if (content.length) node.content = content
  return node
}

function listJSON(items: Item[]): JSONContent {
  return {
    type: 'orderedList',
    content: items.map((item) => ({ type: 'listItem', content: [...item.content, ...(item.children.length ? [listJSON(item.children)] : [])] })),
  }
}

/**
 * Builds a Plenary document from imported blocks: numbered paragraphs become the nested ordered
 * lists whose numbering Plenary computes (1. / (a) / (i) / (A)), so the markers themselves are
 * not kept as text. Leading centred blocks become the header block.
 */
export function buildDocument(blocks: ImportBlock[], warnings: string[] = []): ImportResult {
  const top: Array<{ item: Item } | { node: JSONContent } | { bullets: JSONContent[] }> = []
  let stack: Item[] = []
  let topCount = 0
  const header: JSONContent[] = []
  let seenNumbered = false

  for (const block of blocks) {
    let level = block.kind === 'heading' || block.kind === 'bullet' ? 0 : block.level
    let inline = block.inline
    const text = textOf(inline)
    if (level === 0 && block.kind === 'paragraph' && !block.continuation) {
      const num = NUMBER.exec(text)
      const letter = num ? null : LETTER.exec(text)
      if (num) {
        level = 1
        if (Number(num[1]) !== topCount + 1) warnings.push(`paragraph "${num[1]}." found where ${topCount + 1}. was expected`)
        inline = stripPrefix(inline, num[0].length)
      } else if (letter && stack.length) {
        const marker = letter[1]
        if (block.levelHint) level = block.levelHint
        else if (/^[A-Z]+$/.test(marker) && stack.length >= 3) level = 4
        else if (ROMAN.test(marker) && stack.length >= 2) {
          // "(i)" after "(h)" is the ninth sub-point, not a sub-sub-point.
          const siblings = stack[0].children.length
          level = markerFor(2, siblings + 1) === marker ? 2 : 3
        } else level = 2
        inline = stripPrefix(inline, letter[0].length)
      }
    }

    if (block.continuation && stack.length) {
      stack[stack.length - 1].content.push(textblock(block, inline))
      continue
    }
    if (level === 0) {
      stack = []
      if (!seenNumbered && block.centered && block.kind !== 'bullet') {
        header.push(textblock(block, inline))
        continue
      }
      if (block.kind === 'bullet') {
        const last = top[top.length - 1]
        const li = { type: 'listItem', content: [textblock({ ...block, kind: 'paragraph' }, inline)] }
        if (last && 'bullets' in last) last.bullets.push(li)
        else top.push({ bullets: [li] })
        continue
      }
      top.push({ node: textblock(block, inline) })
      continue
    }

    seenNumbered = true
    const item: Item = { content: [textblock(block, inline)], children: [] }
    if (level > 1 && !stack.length) warnings.push(`sub-point "${text.slice(0, 40)}" has no paragraph above it; kept as a numbered paragraph`)
    else if (level > stack.length + 1) warnings.push(`"${text.slice(0, 40)}" skips a numbering level; placed one level below the item above`)
    const depth = stack.length ? Math.min(level, stack.length + 1) : 1
    if (depth === 1) {
      topCount++
      top.push({ item })
      stack = [item]
    } else {
      stack[depth - 2].children.push(item)
      stack = [...stack.slice(0, depth - 1), item]
    }
  }

  const content: JSONContent[] = []
  if (header.length) content.push({ type: 'docHeader', content: header })
  let run: Item[] = []
  const closeRun = () => {
    if (run.length) content.push(listJSON(run))
    run = []
  }
  for (const entry of top) {
    if ('item' in entry) {
      run.push(entry.item)
      continue
    }
    closeRun()
    content.push('node' in entry ? entry.node : { type: 'bulletList', content: entry.bullets })
  }
  closeRun()
  if (!content.length) content.push({ type: 'paragraph' })
  return { doc: { type: 'doc', content }, warnings }
}
