import * as Y from 'yjs'
import type { NodeType, Schema } from '@tiptap/pm/model'
import { documentSchema } from '../schema/extensions.js'
import { markNameOfYjsKey } from '../schema/markNameOfYjsKey.js'
import { proposalKind, PROPOSABLE_FORMATS } from './proposal.js'

/** The chair's decision on a proposal. */
export type Decision = 'accept' | 'reject'

/**
 * Applies the chair's decision on proposals directly to a document's Y.XmlFragment, as one Yjs
 * transaction every client receives like any other change (no editor needed):
 * - accept: inserted text loses its mark, text proposed for deletion is removed, a formatting
 *   proposal's mark goes and its formatting stays;
 * - reject: inserted text is removed, deletion marks go, formatting is put back as it was.
 * A block whose every character the decision removes goes too (a proposed paragraph rejected, a
 * paragraph proposed for deletion accepted), and so does a container it leaves empty, as long as
 * what remains still fits the schema. Marks are found under y-tiptap's keys, hashed or not.
 * Returns whether anything changed.
 */
export function decideProposals(fragment: Y.XmlFragment, ids: Iterable<string>, decision: Decision, origin?: unknown, schema: Schema = documentSchema()): boolean {
  const doc = fragment.doc
  if (!doc) throw new Error('decideProposals needs a fragment that belongs to a Y.Doc')
  const context: Context = { wanted: new Set(ids), decision, schema, changes: 0 }
  doc.transact(() => void decideIn(fragment, schema.topNodeType, context), origin)
  return context.changes > 0
}

/** accept(ids): see decideProposals. */
export const acceptProposals = (fragment: Y.XmlFragment, ids: Iterable<string>, origin?: unknown) => decideProposals(fragment, ids, 'accept', origin)

/** reject(ids): see decideProposals. */
export const rejectProposals = (fragment: Y.XmlFragment, ids: Iterable<string>, origin?: unknown) => decideProposals(fragment, ids, 'reject', origin)

interface Context {
  wanted: ReadonlySet<string>
  decision: Decision
  schema: Schema
  /** How many runs and blocks the decision changed or removed so far. */
  changes: number
}

/**
 * Decides inside one element. 'emptied' when the element had content and the decision removed all
 * of it (the parent may remove the element), else 'kept'.
 */
function decideIn(element: Y.XmlFragment | Y.XmlElement, type: NodeType, context: Context): 'emptied' | 'kept' {
  const children = element.toArray()
  let chars = 0
  let removedChars = 0
  let hasInlineNode = false
  const emptied: number[] = []
  children.forEach((child, index) => {
    if (child instanceof Y.XmlText) {
      chars += child.length
      removedChars += decideText(child, context)
    } else if (child instanceof Y.XmlElement) {
      const childType = context.schema.nodes[child.nodeName]
      if (!childType || childType.isInline) hasInlineNode = true
      else if (decideIn(child, childType, context) === 'emptied') emptied.push(index)
    }
  })
  if (type.isTextblock) return chars > 0 && removedChars === chars && !hasInlineNode ? 'emptied' : 'kept'
  // Remove emptied children from the last, each only while what remains is still valid content.
  let remaining = children.map((child) => (child instanceof Y.XmlElement ? child.nodeName : 'text'))
  for (const index of emptied.reverse()) {
    const without = remaining.filter((_, i) => i !== index)
    if (!fits(type, without, context.schema)) continue
    element.delete(index, 1)
    context.changes++
    remaining = without
  }
  // Emptied through and through, even if the schema kept an emptied child: its parent may remove it whole.
  return children.length > 0 && emptied.length === children.length ? 'emptied' : 'kept'
}

/** Whether a node type may hold children of these names, in this order. */
function fits(type: NodeType, names: string[], schema: Schema): boolean {
  let match: ReturnType<NodeType['contentMatch']['matchType']> = type.contentMatch
  for (const name of names) {
    const childType = schema.nodes[name]
    match = childType ? match?.matchType(childType) ?? null : null
    if (!match) return false
  }
  return !!match?.validEnd
}

/** Decides the runs of one text; returns how many characters it removed. */
function decideText(text: Y.XmlText, context: Context): number {
  const { wanted, decision } = context
  const ops: Array<{ index: number; length: number; remove: boolean; format: Record<string, unknown> }> = []
  let index = 0
  for (const run of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    const length = typeof run.insert === 'string' ? run.insert.length : 1
    let remove = false
    const format: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(run.attributes ?? {})) {
      const kind = proposalKind(markNameOfYjsKey(key))
      const attrs = value as { id?: unknown; added?: unknown; removed?: unknown } | null
      if (!kind || !attrs || typeof attrs.id !== 'string' || !wanted.has(attrs.id)) continue
      if ((kind === 'insert' && decision === 'reject') || (kind === 'delete' && decision === 'accept')) remove = true
      else format[key] = null
      if (kind === 'format' && decision === 'reject') {
        // Only the formats a proposal may change: a mark written outside the editor may list others.
        for (const name of Array.isArray(attrs.added) ? attrs.added : []) if (PROPOSABLE_FORMATS.has(name)) format[name] = null
        for (const name of Array.isArray(attrs.removed) ? attrs.removed : []) if (PROPOSABLE_FORMATS.has(name)) format[name] = {}
      }
    }
    if (remove || Object.keys(format).length) ops.push({ index, length, remove, format })
    index += length
  }
  let removed = 0
  context.changes += ops.length
  for (const op of ops.reverse()) {
    if (op.remove) {
      text.delete(op.index, op.length)
      removed += op.length
    } else text.format(op.index, op.length, op.format)
  }
  return removed
}
