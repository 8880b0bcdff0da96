import * as Y from 'yjs'
import type { Node as PMNode } from '@tiptap/pm/model'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap'

/** y-tiptap's map from Yjs types to the ProseMirror nodes they render. */
export type ProsemirrorMapping = Map<Y.AbstractType<any>, PMNode | PMNode[]>
import { paragraphReferenceAt } from '../schema/numbering.js'

/** Characters of context kept on each side of a quote, to re-find it when its anchor is lost. */
export const QUOTE_CONTEXT = 32

/** A quote selector: the passage's text and a little text on each side. */
export interface QuoteSelector {
  exact: string
  prefix: string
  suffix: string
}

/** Where a comment points: Yjs relative positions (JSON) that follow concurrent edits, plus the quote. */
export interface Anchor {
  start: unknown
  end: unknown
  quote: QuoteSelector
}

/** The text between two positions, blocks joined by a newline: what a quote compares. */
export function textBetween(doc: PMNode, from: number, to: number): string {
  return doc.textBetween(from, to, '\n', ' ')
}

/** The quote selector of a passage. */
export function quoteAt(doc: PMNode, from: number, to: number): QuoteSelector {
  return {
    exact: textBetween(doc, from, to),
    prefix: textBetween(doc, Math.max(0, from - QUOTE_CONTEXT), from).slice(-QUOTE_CONTEXT),
    suffix: textBetween(doc, to, Math.min(doc.content.size, to + QUOTE_CONTEXT)).slice(0, QUOTE_CONTEXT),
  }
}

/**
 * y-tiptap's relative positions stick to the character on their left. A comment's start should
 * stick to the first character of the passage instead, so that text typed just before the passage
 * stays outside the highlight.
 */
function stickRight(rel: Y.RelativePosition, ydoc: Y.Doc): Y.RelativePosition {
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, ydoc)
  return abs ? Y.createRelativePositionFromTypeIndex(abs.type, abs.index, 0) : rel
}

/** Makes the anchor of a selection in an editor bound to a Y.XmlFragment. */
export function createAnchor(doc: PMNode, fragment: Y.XmlFragment, mapping: ProsemirrorMapping, from: number, to: number): Anchor {
  return {
    start: Y.relativePositionToJSON(stickRight(absolutePositionToRelativePosition(from, fragment, mapping), fragment.doc!)),
    end: Y.relativePositionToJSON(absolutePositionToRelativePosition(to, fragment, mapping)),
    quote: quoteAt(doc, from, to),
  }
}

/** A flat view of the document's text with the ProseMirror position of every character. */
function flatten(doc: PMNode): { text: string; positions: number[] } {
  let text = ''
  const positions: number[] = []
  let lastBlockEnd = -1
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      if (lastBlockEnd >= 0) {
        text += '\n'
        positions.push(lastBlockEnd)
      }
      lastBlockEnd = pos + node.nodeSize - 1
    }
    if (node.isText) {
      for (let i = 0; i < node.text!.length; i++) {
        text += node.text![i]
        positions.push(pos + i)
      }
    }
    return true
  })
  return { text, positions }
}

/** Finds a quote in the document, preferring the occurrence whose surroundings match best. */
export function findQuote(doc: PMNode, quote: QuoteSelector): { from: number; to: number } | null {
  if (!quote.exact) return null
  const { text, positions } = flatten(doc)
  let best: { at: number; score: number } | null = null
  for (let at = text.indexOf(quote.exact); at !== -1; at = text.indexOf(quote.exact, at + 1)) {
    let score = 0
    const before = text.slice(Math.max(0, at - quote.prefix.length), at)
    const after = text.slice(at + quote.exact.length, at + quote.exact.length + quote.suffix.length)
    while (score < before.length && before[before.length - 1 - score] === quote.prefix[quote.prefix.length - 1 - score]) score++
    let s2 = 0
    while (s2 < after.length && after[s2] === quote.suffix[s2]) s2++
    if (!best || score + s2 > best.score) best = { at, score: score + s2 }
  }
  if (!best) return null
  const end = best.at + quote.exact.length - 1
  return { from: positions[best.at], to: positions[end] + 1 }
}

export type AnchorState = 'anchored' | 'reanchored' | 'orphaned'

export interface ResolvedAnchor {
  state: AnchorState
  from: number | null
  to: number | null
  /** The live paragraph reference ("6(b)") of the passage, or null outside numbered paragraphs. */
  paraRef: string | null
}

/** Parses an anchor position from JSON; null when it is not a relative position. */
export function parseRelativePosition(json: unknown): Y.RelativePosition | null {
  if (!json || typeof json !== 'object') return null
  try {
    return Y.createRelativePositionFromJSON(json)
  } catch {
    return null
  }
}

/**
 * Where an anchor is now: its relative positions if they still span text; otherwise the quote,
 * found again by its text and context ("reanchored"); otherwise "orphaned" (the passage is gone).
 */
export function resolveAnchor(ydoc: Y.Doc, fragment: Y.XmlFragment, doc: PMNode, mapping: ProsemirrorMapping, anchor: Anchor): ResolvedAnchor {
  const start = parseRelativePosition(anchor.start)
  const end = parseRelativePosition(anchor.end)
  const from = start && relativePositionToAbsolutePosition(ydoc, fragment, start, mapping)
  const to = end && relativePositionToAbsolutePosition(ydoc, fragment, end, mapping)
  if (from !== null && to !== null && from < to && to <= doc.content.size) {
    return { state: 'anchored', from, to, paraRef: paragraphReferenceAt(doc, from) }
  }
  const found = findQuote(doc, anchor.quote)
  if (found) return { state: 'reanchored', ...found, paraRef: paragraphReferenceAt(doc, found.from) }
  return { state: 'orphaned', from: null, to: null, paraRef: null }
}

/**
 * Whether both anchor positions point into this document: at items this Y.Doc has, inside its
 * body fragment. Anchors made in another document, or past the end, fail.
 */
export function anchorBelongsTo(ydoc: Y.Doc, fragment: Y.XmlFragment, anchor: Anchor): boolean {
  for (const json of [anchor.start, anchor.end]) {
    const rel = parseRelativePosition(json)
    if (!rel) return false
    const abs = Y.createAbsolutePositionFromRelativePosition(rel, ydoc)
    if (!abs) return false
    let type: Y.AbstractType<unknown> | null = abs.type as Y.AbstractType<unknown>
    while (type && type !== (fragment as unknown)) type = (type._item?.parent as Y.AbstractType<unknown> | undefined) ?? null
    if (!type) return false
    if (abs.index > abs.type._length) return false
  }
  return true
}
