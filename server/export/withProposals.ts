import * as Y from 'yjs'
import { Fragment, type Node as PMNode } from '@tiptap/pm/model'
import { Transform } from '@tiptap/pm/transform'
import { absolutePositionToRelativePosition, initProseMirrorDoc, prosemirrorToYXmlFragment, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap'
import { decideProposals, type Decision } from '../../shared/amendments/decideProposals.js'
import { proposalsIn } from '../../shared/amendments/proposalsIn.js'
import { findMark, withoutProposals, PROPOSAL_DELETE, PROPOSAL_FORMAT, PROPOSAL_INSERT } from '../../shared/amendments/proposal.js'
import type { ProsemirrorMapping } from '../../shared/comments/anchor.js'
import type { DocxComment } from './toDocx.js'

/**
 * How an export shows open proposals: tracked (Word: tracked changes; Markdown: CriticMarkup
 * `{++inserted++}` `{--deleted--}`), clean (the agreed text: as if every proposal were rejected) or
 * accepted (as if every proposal were accepted).
 */
export const PROPOSALS_SHOWN = ['tracked', 'clean', 'accepted'] as const
export type ProposalsShown = (typeof PROPOSALS_SHOWN)[number]

const DECISION: Record<Exclude<ProposalsShown, 'tracked'>, Decision> = { clean: 'reject', accepted: 'accept' }

/**
 * The document a Word export renders, with its comments moved to where their passages are in it.
 * toDocx writes the proposals left in a document as tracked changes, so 'tracked' changes nothing.
 */
export function wordWithProposals(doc: PMNode, shown: ProposalsShown, comments: DocxComment[]): { doc: PMNode; comments: DocxComment[] } {
  if (shown === 'tracked') return { doc, comments }
  const decided = decideAll(doc, DECISION[shown], comments.flatMap((c) => [c.from, c.to]))
  const moved = comments.flatMap((c, i) => {
    const [from, to] = decided.positions.slice(2 * i, 2 * i + 2)
    return from === null || to === null || from > to ? [] : [{ ...c, from, to }]
  })
  return { doc: decided.doc, comments: moved }
}

/** The document a Markdown export renders: Markdown has no marks for proposals, so 'tracked' writes CriticMarkup. */
export function markdownWithProposals(doc: PMNode, shown: ProposalsShown): PMNode {
  return shown === 'tracked' ? criticMarkup(doc) : decideAll(doc, DECISION[shown]).doc
}

/**
 * The document as if the chair decided every proposal in it the same way, decided as the chair's
 * decision is (decideProposals: blocks it empties go too), on a copy; and where the given positions
 * are in it (null for one that is gone). No proposal mark is left: one without an id, which no
 * decision can name, is dropped and its text kept as it stands.
 */
export function decideAll(doc: PMNode, decision: Decision, positions: readonly number[] = []): { doc: PMNode; positions: Array<number | null> } {
  const schema = doc.type.schema
  let decided = doc
  let moved: Array<number | null> = [...positions]
  const ids = proposalsIn(doc).map((p) => p.id)
  if (ids.length) {
    const ydoc = new Y.Doc()
    const fragment = ydoc.getXmlFragment('export')
    prosemirrorToYXmlFragment(doc, fragment)
    const before = initProseMirrorDoc(fragment, schema).mapping as ProsemirrorMapping
    const anchors = positions.map((pos) => absolutePositionToRelativePosition(pos, fragment, before))
    decideProposals(fragment, ids, decision, null, schema)
    const after = initProseMirrorDoc(fragment, schema)
    decided = after.doc
    moved = anchors.map((rel) => relativePositionToAbsolutePosition(ydoc, fragment, rel, after.mapping))
    ydoc.destroy()
  }
  const tr = new Transform(decided)
  for (const name of [PROPOSAL_INSERT, PROPOSAL_DELETE, PROPOSAL_FORMAT]) tr.removeMark(0, tr.doc.content.size, schema.marks[name])
  return { doc: tr.doc, positions: moved }
}

const OPEN = { insert: '{++', delete: '{--' }
const CLOSE = { insert: '++}', delete: '--}' }

/**
 * The document with proposed insertions and deletions written in CriticMarkup, as literal text
 * around the runs (Markdown escapes none of `{`, `+`, `-`, `}`), and proposal marks dropped.
 * Formatting proposals show their new formatting. Text both inserted and proposed for deletion
 * shows as inserted: the deletion is a proposal about a proposal.
 */
export function criticMarkup(doc: PMNode): PMNode {
  const schema = doc.type.schema
  const rewrite = (node: PMNode): PMNode => {
    const children: PMNode[] = []
    if (!node.isTextblock) {
      node.forEach((child) => children.push(rewrite(child)))
      return node.copy(Fragment.fromArray(children))
    }
    let open: 'insert' | 'delete' | null = null
    const switchTo = (kind: 'insert' | 'delete' | null) => {
      if (kind === open) return
      if (open) children.push(schema.text(CLOSE[open]))
      if (kind) children.push(schema.text(OPEN[kind]))
      open = kind
    }
    node.forEach((child) => {
      switchTo(!child.isText ? null : findMark(child.marks, PROPOSAL_INSERT) ? 'insert' : findMark(child.marks, PROPOSAL_DELETE) ? 'delete' : null)
      children.push(child.isText ? schema.text(child.text!, withoutProposals(child.marks)) : child)
    })
    switchTo(null)
    return node.copy(Fragment.fromArray(children))
  }
  return rewrite(doc)
}
