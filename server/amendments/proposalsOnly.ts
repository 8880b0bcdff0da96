import * as Y from 'yjs'
import type { Node as PMNode } from '@tiptap/pm/model'
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
 * sees it. Content that waits for missing dependencies is judged when it integrates. Cost: one
 * reading of the copy as ProseMirror per update, and a copy per room while such people edit it.
 */
export function checkProposalsOnly(room: DocumentRoom, update: Uint8Array, author: { userId: string; delegation: string }): void {
  const shadow = shadowOf(room)
  const before = (shadow.current ??= readDocument(room.doc))
  Y.applyUpdate(shadow.doc, update)
  takePending(shadow.doc)
  const after = readDocument(shadow.doc)
  const result = checkAmendmentChange(before, after, author.userId, { delegation: author.delegation || null })
  if (!result.ok) {
    // The copy holds the refused change: start again from the room's document next time.
    shadows.delete(room)
    shadow.doc.destroy()
    throw new NotAProposal(result.reason)
  }
  shadow.checked = after
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
