import * as Y from 'yjs'
import { EditorState, type Transaction } from '@tiptap/pm/state'
import type { Node as PMNode } from '@tiptap/pm/model'
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import { suggestTransaction } from '../../shared/amendments/suggestTransaction.js'
import type { ProposalAuthor } from '../../shared/amendments/proposal.js'

/** The document a client's Y.Doc holds, as ProseMirror. */
export const pmIn = (ydoc: Y.Doc): PMNode => yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(DOCUMENT_FIELD), documentSchema())

/** The position just after the first occurrence of `text` in the document. */
export function after(doc: PMNode, text: string): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found >= 0 || !node.isText) return found < 0
    const at = node.text!.indexOf(text)
    if (at >= 0) found = pos + at + text.length
    return false
  })
  if (found < 0) throw new Error(`"${text}" is not in the document`)
  return found
}

/** Writes the result of an editor transaction into the client's Y.Doc, as y-tiptap does (unchanged passages keep their items). */
function write(ydoc: Y.Doc, doc: PMNode): void {
  const fragment = ydoc.getXmlFragment(DOCUMENT_FIELD)
  ydoc.transact(() => updateYFragment(ydoc, fragment, doc, { mapping: new Map(), isOMark: new Map() }))
}

/** An edit made in the editor's Suggest mode: turned into proposals by `author` (suggestTransaction), then written to the Y.Doc. */
export function propose(ydoc: Y.Doc, author: ProposalAuthor, edit: (state: EditorState) => Transaction): void {
  const state = EditorState.create({ doc: pmIn(ydoc) })
  const suggested = suggestTransaction(state, edit(state), { author })
  if (!suggested) throw new Error('the editor would not make this edit a proposal')
  write(ydoc, suggested.doc)
}

/** An edit made directly (open co-editing, or a hand-made client ignoring the mode). */
export function editDirectly(ydoc: Y.Doc, edit: (state: EditorState) => Transaction): void {
  const state = EditorState.create({ doc: pmIn(ydoc) })
  write(ydoc, edit(state).doc)
}
