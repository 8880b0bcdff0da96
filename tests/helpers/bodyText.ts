import * as Y from 'yjs'
import { waitFor } from './waitFor.js'

/**
 * Plain text in a Plenary document, as an editor writes it: paragraphs (Y.XmlElement "paragraph")
 * holding a Y.XmlText, in the "default" fragment. The server refuses content outside the document
 * schema, so tests and benchmarks that only need "some text that syncs" write it this way.
 */
export function body(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment('default')
}

/** The text of every paragraph's Y.XmlText, joined with nothing between: what tests compare. */
export function bodyText(doc: Y.Doc): string {
  let text = ''
  for (const node of body(doc).toArray()) {
    if (!(node instanceof Y.XmlElement)) continue
    for (const child of node.toArray()) if (child instanceof Y.XmlText) text += plainText(child)
  }
  return text
}

/** The length of bodyText(doc). */
export function bodyLength(doc: Y.Doc): number {
  return bodyText(doc).length
}

/** The characters of a Y.XmlText, without the markup its toString() adds around formatted runs. */
export function plainText(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')
}

/**
 * The Y.XmlText of the last paragraph, creating one at the end when the body has none. Clients that
 * each create one on an empty document get a paragraph each; bodyText still converges.
 */
export function paragraphText(doc: Y.Doc): Y.XmlText {
  const fragment = body(doc)
  const last = fragment.length ? fragment.get(fragment.length - 1) : null
  if (last instanceof Y.XmlElement && last.nodeName === 'paragraph' && last.get(0) instanceof Y.XmlText) return last.get(0) as Y.XmlText
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  doc.transact(() => fragment.insert(fragment.length, [paragraph]))
  return text
}

/**
 * Types text at an index of the last paragraph (clamped to its length), as an editor would: one
 * update, which also creates the paragraph when there is none.
 */
export function typeText(doc: Y.Doc, index: number, text: string): void {
  doc.transact(() => {
    const target = paragraphText(doc)
    target.insert(Math.min(index, target.length), text)
  })
}

/** Types text at the end of the body (of its last paragraph): on a seeded document, bodyText then ends with it. */
export function appendText(doc: Y.Doc, text: string): void {
  typeText(doc, Number.POSITIVE_INFINITY, text)
}

/**
 * Makes writers type into one paragraph: the first creates it when the body does not end with one,
 * and this waits until every other doc has it (otherwise each would create its own on an empty body).
 */
export async function shareParagraph(first: Y.Doc, others: Y.Doc[], timeout = 5000): Promise<void> {
  const { client, clock } = paragraphText(first)._item!.id
  await waitFor(
    () => {
      if (others.some((doc) => Y.getState(doc.store, client) <= clock)) throw new Error('a writer does not have the shared paragraph yet')
    },
    { timeout },
  )
}
