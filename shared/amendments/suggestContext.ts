import { Fragment, type Mark, type Node as PMNode } from '@tiptap/pm/model'
import type { Transaction } from '@tiptap/pm/state'
import { checkAmendmentChange } from './checkAmendmentChange.js'
import { findMark, proposalAttrs, withoutProposals, PROPOSAL_DELETE, PROPOSAL_INSERT, type ProposalAttrs } from './proposal.js'

/** What the step handlers share while one transaction becomes a suggestion. */
export interface SuggestContext {
  /** The suggestion being built, from the state the original transaction started at. */
  out: Transaction
  userId: string
  /** The proposal this transaction starts when it extends none: one id, made on first use. */
  fresh(): ProposalAttrs
}

/** A new proposal id: random, and made without crypto.randomUUID, which plain-http pages lack. */
export function newProposalId(): string {
  return 'p' + Array.from(globalThis.crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The attributes of this person's proposal right next to a range (the text just before `from` or
 * just after `to`), so that typing on extends an insertion, deleting on extends a deletion, and
 * typing right after one's own deletion makes one replacement. Marks of the preferred kind first.
 */
export function attrsNear(doc: PMNode, from: number, to: number, userId: string, prefer: 'insert' | 'delete'): ProposalAttrs | null {
  const sides = [doc.resolve(from).nodeBefore, doc.resolve(to).nodeAfter]
  const names = prefer === 'insert' ? [PROPOSAL_INSERT, PROPOSAL_DELETE] : [PROPOSAL_DELETE, PROPOSAL_INSERT]
  for (const name of names) {
    for (const side of sides) {
      const mark = side?.isText ? findMark(side.marks, name, userId) : undefined
      if (mark) return proposalAttrs(mark)
    }
  }
  return null
}

/**
 * Content about to be inserted as a proposal: every text carries this insertion mark and no other
 * proposal mark (text copied from someone's proposal becomes one's own). Inline nodes other than
 * text cannot carry a mark in Yjs, so they are kept only where whole blocks are inserted
 * (`inlineNodes: 'keep'`); inside existing text they become a space.
 */
export function markFragment(fragment: Fragment, insert: Mark, inlineNodes: 'keep' | 'space'): Fragment {
  const nodes: PMNode[] = []
  fragment.forEach((node) => {
    if (node.isText) nodes.push(node.mark(insert.addToSet(withoutProposals(node.marks))))
    else if (node.isInline && inlineNodes === 'space') nodes.push(insert.type.schema.text(' ', insert.addToSet(withoutProposals(node.marks))))
    else if (node.isInline) nodes.push(node.mark(withoutProposals(node.marks)))
    else nodes.push(node.copy(markFragment(node.content, insert, inlineNodes)))
  })
  return Fragment.fromArray(nodes)
}

/** The text runs of a range (clipped to it), with their marks. */
export function runsIn(doc: PMNode, from: number, to: number): Array<{ from: number; to: number; marks: readonly Mark[] }> {
  const runs: Array<{ from: number; to: number; marks: readonly Mark[] }> = []
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isText) runs.push({ from: Math.max(pos, from), to: Math.min(pos + node.nodeSize, to), marks: node.marks })
    return true
  })
  return runs
}

/** Whether the amendments rule allows going from the suggestion so far to a candidate document. */
export function allowed(context: SuggestContext, candidate: PMNode): boolean {
  return checkAmendmentChange(context.out.doc, candidate, context.userId).ok
}
