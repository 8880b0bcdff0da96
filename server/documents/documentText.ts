import type * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import type { Node as PMNode } from '@tiptap/pm/model'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import { computeNumbering } from '../../shared/schema/numbering.js'

/** The ProseMirror document held by a Y.Doc, read with the shared schema. */
export function readDocument(doc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(DOCUMENT_FIELD), documentSchema())
}

/**
 * The document as plain text, one block per line, with the computed paragraph labels
 * ("6.", "(b)") in front of numbered items, as a reader would see it.
 */
export function documentPlainText(node: PMNode): string {
  const labels = new Map(computeNumbering(node).map((item) => [item.pos, item.label]))
  const lines: string[] = []
  let pendingLabel: string | null = null
  node.descendants((child, pos) => {
    const label = labels.get(pos)
    if (label) pendingLabel = label
    if (!child.isTextblock) return true
    lines.push(pendingLabel ? `${pendingLabel} ${child.textContent}` : child.textContent)
    pendingLabel = null
    return false
  })
  return lines.join('\n')
}
