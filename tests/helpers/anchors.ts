import * as Y from 'yjs'
import { initProseMirrorDoc } from '@tiptap/y-tiptap'
import { createAnchor, findQuote, resolveAnchor, type Anchor, type ProsemirrorMapping } from '../../shared/comments/anchor.js'
import { documentSchema } from '../../shared/schema/extensions.js'

/** The ProseMirror view of a client's Y.Doc, as its editor would have it. */
export function pmOf(doc: Y.Doc) {
  const fragment = doc.getXmlFragment('default')
  const { doc: pm, mapping } = initProseMirrorDoc(fragment, documentSchema())
  return { fragment, pm, mapping: mapping as ProsemirrorMapping }
}

/** An anchor on the first occurrence of a phrase in a client's copy of the document, made as the editor makes it. */
export function anchorOn(doc: Y.Doc, phrase: string): Anchor {
  const { fragment, pm, mapping } = pmOf(doc)
  const found = findQuote(pm, { exact: phrase, prefix: '', suffix: '' })
  if (!found) throw new Error(`phrase not in document: ${phrase}`)
  return createAnchor(pm, fragment, mapping, found.from, found.to)
}

/** Where an anchor is in a client's copy now. */
export function resolveIn(doc: Y.Doc, anchor: Anchor) {
  const { fragment, pm, mapping } = pmOf(doc)
  const r = resolveAnchor(doc, fragment, pm, mapping, anchor)
  return { ...r, text: r.from !== null ? pm.textBetween(r.from, r.to!, '\n', ' ') : null }
}

/** Inserts text into the Y.XmlText of the paragraph containing a phrase, at an offset from the phrase's start. */
export function insertNear(doc: Y.Doc, phrase: string, offsetFromPhrase: number, text: string): void {
  const target = findText(doc.getXmlFragment('default'), phrase)
  if (!target) throw new Error(`phrase not found: ${phrase}`)
  target.node.insert(target.index + offsetFromPhrase, text)
}

/** Deletes a phrase from the Y.XmlText that holds it. */
export function deletePhrase(doc: Y.Doc, phrase: string): void {
  const target = findText(doc.getXmlFragment('default'), phrase)
  if (!target) throw new Error(`phrase not found: ${phrase}`)
  target.node.delete(target.index, phrase.length)
}

function findText(node: Y.XmlFragment | Y.XmlElement, phrase: string): { node: Y.XmlText; index: number } | null {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      const plain = child.toDelta().map((d: { insert: string }) => d.insert).join('')
      const index = plain.indexOf(phrase)
      if (index !== -1) return { node: child, index }
    } else if (child instanceof Y.XmlElement) {
      const found = findText(child, phrase)
      if (found) return found
    }
  }
  return null
}
