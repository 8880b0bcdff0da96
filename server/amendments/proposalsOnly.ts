import * as Y from 'yjs'
import type { Attrs, Node as PMNode, Schema } from '@tiptap/pm/model'
import { markNameOfYjsKey } from '../../shared/schema/markNameOfYjsKey.js'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import type { DocumentRoom } from '../documents/DocumentRoom.js'
import { readDocument } from '../documents/documentText.js'
import { takePending } from '../documents/takePending.js'
import { checkAmendmentChange } from '../../shared/amendments/checkAmendmentChange.js'

/** An update from someone who may only propose changed the agreed text: refused with a permission-denied message; the connection stays. */
export class NotAProposal extends Error {}

/**
 * A copy of a room's document that updates are tried on before the room takes them, and the
 * room's document as ProseMirror (kept from the last check while nothing else changed it).
 */
interface Shadow {
  doc: Y.Doc
  /** The room's document now, as ProseMirror; null once the room changed in a way no check saw. */
  current: PMNode | null
  /** What the last accepted check found the document would become. */
  checked: PMNode | null
}

const shadows = new WeakMap<DocumentRoom, Shadow>()

/**
 * In amendments mode, an update from a member or the DG office may only add their own proposals or
 * change them: applied to a copy of the document first and the two ProseMirror documents compared
 * (checkAmendmentChange); NotAProposal when it changes anything else, and the room's document never
 * sees it. Content that waits for missing dependencies is judged when it integrates. Cost: for an
 * update that only changes text in existing paragraphs (typing), reading those paragraphs twice;
 * otherwise reading the document; and a copy of it per room while such people edit it.
 */
export function checkProposalsOnly(room: DocumentRoom, update: Uint8Array, author: { userId: string; delegation: string }): void {
  const shadow = shadowOf(room)
  const changed: Y.AbstractType<any>[] = []
  const capture = (tr: Y.Transaction) => void changed.push(...tr.changed.keys())
  shadow.doc.on('afterTransaction', capture)
  try {
    Y.applyUpdate(shadow.doc, update)
  } finally {
    shadow.doc.off('afterTransaction', capture)
  }
  takePending(shadow.doc)
  const options = { delegation: author.delegation || null }
  // Text changed inside existing paragraphs only (typing, marking): those paragraphs are compared
  // alone. Anything else (a paragraph added, removed, split, an attribute) compares the documents.
  const paragraphs = changedTextblocks(changed)
  if (paragraphs) {
    const schema = documentSchema()
    for (const { inShadow, path } of paragraphs) {
      const inRoom = elementAt(room.doc.getXmlFragment(DOCUMENT_FIELD), path)
      const result = checkAmendmentChange(alone(schema, inRoom), alone(schema, inShadow), author.userId, options)
      if (!result.ok) refuse(room, shadow, result.reason)
    }
    shadow.current = null
    return
  }
  const before = (shadow.current ??= readDocument(room.doc))
  const after = readDocument(shadow.doc)
  const result = checkAmendmentChange(before, after, author.userId, options)
  if (!result.ok) refuse(room, shadow, result.reason)
  shadow.checked = after
}

function refuse(room: DocumentRoom, shadow: Shadow, reason: string): never {
  // The copy holds the refused change: start again from the room's document next time.
  shadows.delete(room)
  shadow.doc.destroy()
  throw new NotAProposal(reason)
}

/**
 * The paragraphs (textblocks) whose text an update changed, with their path of child indexes from
 * the document; null when it changed anything but the text of existing textblocks.
 */
function changedTextblocks(changed: Y.AbstractType<any>[]): Array<{ inShadow: Y.XmlElement; path: number[] }> | null {
  const schema = documentSchema()
  const blocks = new Map<Y.XmlElement, number[]>()
  for (const type of changed) {
    const parent = type instanceof Y.XmlText ? type.parent : null
    if (!(parent instanceof Y.XmlElement) || !schema.nodes[parent.nodeName]?.isTextblock) return null
    if (!blocks.has(parent)) blocks.set(parent, pathOf(parent))
  }
  return [...blocks].map(([inShadow, path]) => ({ inShadow, path }))
}

function pathOf(element: Y.XmlElement): number[] {
  const path: number[] = []
  for (let node: Y.AbstractType<any> = element; node.parent instanceof Y.XmlFragment; node = node.parent) path.unshift(node.parent.toArray().indexOf(node as Y.XmlElement))
  return path
}

function elementAt(fragment: Y.XmlFragment, path: number[]): Y.XmlElement {
  let node: Y.XmlFragment = fragment
  for (const i of path) node = node.get(i) as Y.XmlElement
  return node as Y.XmlElement
}

/**
 * A textblock as a document of its own, to compare it alone: its text runs with their marks (a
 * format key "name--<hash>" is the mark "name"), and its inline nodes, as y-tiptap reads them.
 */
function alone(schema: Schema, element: Y.XmlElement): PMNode {
  const inline: PMNode[] = []
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert !== 'string' || !op.insert) continue
        const marks = Object.entries(op.attributes ?? {}).map(([key, value]) => schema.marks[markNameOfYjsKey(key)].create(value === true ? null : (value as Attrs)))
        inline.push(schema.text(op.insert, marks))
      }
    } else if (child instanceof Y.XmlElement) {
      inline.push(schema.nodes[child.nodeName].create(child.getAttributes()))
    }
  }
  return schema.topNodeType.create(null, schema.nodes[element.nodeName].create(element.getAttributes(), inline))
}

/** The update just checked was applied to the room: the document read from the copy is the room's now. */
export function proposalApplied(room: DocumentRoom): void {
  const shadow = shadows.get(room)
  if (!shadow?.checked) return
  shadow.current = shadow.checked
  shadow.checked = null
}

function shadowOf(room: DocumentRoom): Shadow {
  const existing = shadows.get(room)
  if (existing) return existing
  const doc = new Y.Doc()
  // Typed before anything is applied, so its paragraphs' parents are XML types (pathOf walks them).
  doc.getXmlFragment(DOCUMENT_FIELD)
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
  const shadow: Shadow = { doc, current: null, checked: null }
  const follow = (update: Uint8Array) => {
    if (shadows.get(room) !== shadow) return void room.doc.off('update', follow)
    Y.applyUpdate(doc, update)
    shadow.current = null
  }
  room.doc.on('update', follow)
  room.doc.once('destroy', () => doc.destroy())
  shadows.set(room, shadow)
  return shadow
}
