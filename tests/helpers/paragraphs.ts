import * as Y from 'yjs'
import { computeNumbering } from '../../shared/schema/numbering.js'
import { pmOf } from './anchors.js'

/** The list item (a numbered paragraph) whose own text contains a phrase, in a client's copy of the document. */
export function listItemWith(doc: Y.Doc, phrase: string): Y.XmlElement {
  const found = doc
    .getXmlFragment('default')
    .createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'listItem')
  for (const item of found) {
    const first = (item as Y.XmlElement).get(0)
    if (first instanceof Y.XmlElement && first.toString().includes(phrase)) return item as Y.XmlElement
  }
  throw new Error(`no paragraph with: ${phrase}`)
}

/** Deletes the numbered paragraph containing a phrase, as deleting it in the editor does. */
export function deleteParagraph(doc: Y.Doc, phrase: string): void {
  const item = listItemWith(doc, phrase)
  const list = item.parent as Y.XmlElement
  list.delete(list.toArray().indexOf(item), 1)
}

/** Inserts a new numbered paragraph with this text just before the one containing a phrase. */
export function insertParagraphBefore(doc: Y.Doc, phrase: string, text: string): void {
  const item = listItemWith(doc, phrase)
  const list = item.parent as Y.XmlElement
  const added = new Y.XmlElement('listItem')
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  added.insert(0, [p])
  list.insert(list.toArray().indexOf(item), [added])
}

/** The reference ("7", "6(b)") the paragraph containing a phrase has in a client's copy now. */
export function referenceOf(doc: Y.Doc, phrase: string): string {
  const { pm } = pmOf(doc)
  const item = computeNumbering(pm).find((i) => pm.nodeAt(i.pos)!.firstChild!.textContent.includes(phrase))
  if (!item) throw new Error(`no numbered paragraph with: ${phrase}`)
  return item.reference
}
