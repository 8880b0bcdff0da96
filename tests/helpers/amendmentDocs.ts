import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { prosemirrorJSONToYXmlFragment, updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import type { ProposalAttrs } from '../../shared/amendments/proposal.js'

/** Two delegates of different delegations, and the chair. */
export const BRAZIL = { authorId: 'u-brazil', delegation: 'Brazil' }
export const CHILE = { authorId: 'u-chile', delegation: 'Chile' }

type MarkJSON = { type: string; attrs?: Record<string, unknown> }

/** A proposal's attributes: id, author and delegation, a fixed time. */
export const proposal = (id: string, author: { authorId: string; delegation: string | null }, createdAt = 1000): ProposalAttrs => ({ id, ...author, createdAt })

export const ins = (attrs: ProposalAttrs): MarkJSON => ({ type: 'proposalInsert', attrs: { ...attrs } })
export const del = (attrs: ProposalAttrs): MarkJSON => ({ type: 'proposalDelete', attrs: { ...attrs } })
export const fmt = (attrs: ProposalAttrs, added: string[], removed: string[] = []): MarkJSON => ({ type: 'proposalFormat', attrs: { ...attrs, added, removed } })
export const bold: MarkJSON = { type: 'bold' }

/** A run of text with marks. */
export const t = (text: string, ...marks: MarkJSON[]): JSONContent => ({ type: 'text', text, ...(marks.length ? { marks } : {}) })
/** A paragraph of runs (plain strings are unmarked text). */
export const p = (...content: Array<JSONContent | string>): JSONContent => ({ type: 'paragraph', content: content.map((c) => (typeof c === 'string' ? t(c) : c)).filter((c) => c.text !== '') })
export const h = (level: number, text: string): JSONContent => ({ type: 'heading', attrs: { level }, content: [t(text)] })
export const li = (...content: JSONContent[]): JSONContent => ({ type: 'listItem', content })
export const ol = (...items: JSONContent[]): JSONContent => ({ type: 'orderedList', content: items })

/** A Plenary document from blocks. */
export const docOf = (...content: JSONContent[]): PMNode => documentSchema().nodeFromJSON({ type: 'doc', content })

/** A Y.Doc holding a document, as the server stores it. */
export function yDocOf(doc: PMNode): { ydoc: Y.Doc; fragment: Y.XmlFragment } {
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment(DOCUMENT_FIELD)
  prosemirrorJSONToYXmlFragment(documentSchema(), doc.toJSON(), fragment)
  return { ydoc, fragment }
}

/** The ProseMirror document a Y.Doc renders as. */
export const pmOf = (ydoc: Y.Doc): PMNode => yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(DOCUMENT_FIELD), documentSchema())

/**
 * What the server sees when a client's editor turns its copy of `server` into `edited`: y-tiptap
 * writes the change to the client's Y.Doc, the update travels, the server applies it to a copy.
 */
export function throughYjs(server: Y.Doc, edited: PMNode): { before: PMNode; after: PMNode } {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const vector = Y.encodeStateVector(client)
  updateYFragment(client, client.getXmlFragment(DOCUMENT_FIELD), edited, { mapping: new Map(), isOMark: new Map() })
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server))
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(client, vector))
  return { before: pmOf(server), after: pmOf(copy) }
}

/** Each block's text on a line; inserted text in [+…], deleted text in [-…]. */
export function showProposals(doc: PMNode): string {
  const lines: string[] = []
  doc.descendants((node) => {
    if (!node.isTextblock) return true
    let line = ''
    node.forEach((child) => {
      const names = child.marks.map((m) => m.type.name)
      const text = child.text ?? '⏎'
      line += names.includes('proposalInsert') ? `[+${text}]` : names.includes('proposalDelete') ? `[-${text}]` : text
    })
    lines.push(line)
    return false
  })
  return lines.join('\n')
}
