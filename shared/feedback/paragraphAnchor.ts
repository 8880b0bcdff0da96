import * as Y from 'yjs'
import type { Node as PMNode } from '@tiptap/pm/model'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap'
import { parseRelativePosition, textBetween, type ProsemirrorMapping } from '../comments/anchor.js'
import { computeNumbering, type NumberedItem } from '../schema/numbering.js'

/** Characters of a paragraph's opening kept with a link, to name it once it is deleted. */
export const PARAGRAPH_QUOTE_LENGTH = 60

/**
 * A paragraph itself, not its number: a Yjs relative position at the paragraph's list item (its
 * Yjs id), which stays with it whatever is inserted or deleted around it and stops resolving when
 * it is deleted. Serialised as Y.relativePositionToJSON gives it.
 */
export type ParagraphPosition = { item: { client: number; clock: number }; assoc?: number }

/** Where a paragraph is now: its list item's position and live reference ("8", "6(b)"). */
export interface ResolvedParagraph {
  pos: number
  reference: string
  /** Found again by its opening words, not by its position (it was deleted and put back, e.g. by undo, or moved). */
  refound?: true
}

/** The document as both sides hold it: the Y.Doc, its body fragment, the ProseMirror document and the mapping between them. */
export interface BoundDocument {
  ydoc: Y.Doc
  fragment: Y.XmlFragment
  pm: PMNode
  mapping: ProsemirrorMapping
}

/** The opening of a paragraph's text, shortened at a word with "…": what a link shows once the paragraph is gone. */
export function paragraphQuote(pm: PMNode, item: Pick<NumberedItem, 'pos' | 'size'>): string {
  const text = textBetween(pm, item.pos, item.pos + item.size).replace(/\s+/g, ' ').trim()
  if (text.length <= PARAGRAPH_QUOTE_LENGTH) return text
  const cut = text.slice(0, PARAGRAPH_QUOTE_LENGTH - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > PARAGRAPH_QUOTE_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`
}

/** The relative position of a numbered paragraph (a list item at item.pos). */
export function paragraphPositionOf(doc: BoundDocument, item: Pick<NumberedItem, 'pos'>): ParagraphPosition {
  // A position just inside the list item names the item as its type: that type is the paragraph.
  const inside = Y.createAbsolutePositionFromRelativePosition(absolutePositionToRelativePosition(item.pos + 1, doc.fragment, doc.mapping), doc.ydoc)
  const id = inside?.type._item?.id
  if (!id) throw new Error(`no list item at ${item.pos}`)
  return { item: { client: id.client, clock: id.clock }, assoc: 0 }
}

/** The list item a paragraph position names, while it is in the document body and not deleted. */
function listItemOf(doc: BoundDocument, position: unknown): Y.XmlElement | null {
  const id = parseRelativePosition(position)?.item
  if (!id) return null
  let item: Y.Item | Y.GC
  try {
    item = Y.getItem(doc.ydoc.store, id)
  } catch {
    // A client id this document never had.
    return null
  }
  if (!(item instanceof Y.Item) || item.id.clock !== id.clock || item.deleted || !(item.content instanceof Y.ContentType)) return null
  if (!Y.isParentOf(doc.fragment, item)) return null
  const type = item.content.type
  return type instanceof Y.XmlElement && type.nodeName === 'listItem' ? type : null
}

/**
 * Where a linked paragraph is now: by its position while its list item exists; else, given the
 * opening words it had (`quote`), the one numbered paragraph that opens with exactly those words (a
 * paragraph deleted and put back by undo, or made a sub-point, is a new list item with the same
 * text); else null: it was deleted.
 */
export function resolveParagraph(doc: BoundDocument, position: unknown, quote?: string): ResolvedParagraph | null {
  const items = computeNumbering(doc.pm)
  const element = listItemOf(doc, position)
  const inside = element && relativePositionToAbsolutePosition(doc.ydoc, doc.fragment, Y.createRelativePositionFromTypeIndex(element, 0), doc.mapping)
  const numbered = inside !== null && items.find((i) => i.pos === inside - 1)
  if (numbered) return { pos: numbered.pos, reference: numbered.reference }
  if (!quote) return null
  const same = items.filter((i) => paragraphQuote(doc.pm, i) === quote)
  return same.length === 1 ? { pos: same[0].pos, reference: same[0].reference, refound: true } : null
}

/** A paragraph position as it travels in a link's address ("12345-67"). */
export function paragraphToken(position: ParagraphPosition): string {
  return `${position.item.client}-${position.item.clock}`
}

/** The paragraph position of a link's address, or null when it is not one. */
export function positionOfToken(token: string): ParagraphPosition | null {
  const m = /^(\d{1,16})-(\d{1,16})$/.exec(token)
  return m ? { item: { client: Number(m[1]), clock: Number(m[2]) }, assoc: 0 } : null
}
