import type { Node as PMNode } from '@tiptap/pm/model'
import { referenceFinder } from '../schema/numbering.js'
import { formatChange, proposalAttrs, proposalKind, type FormatChange, type ProposalAttrs, type ProposalKind } from './proposal.js'

/** One proposal as the document holds it: its metadata, what it changes, and where. */
export interface Proposal extends ProposalAttrs {
  /** What it does, in the order first met: a typed-over selection is ['delete', 'insert']. */
  kinds: ProposalKind[]
  /** The text it adds, the text it removes, the text whose formatting it changes; blocks joined by "\n". */
  inserted: string
  deleted: string
  formatted: string
  /** For a formatting proposal, the formats it adds and removes (empty lists otherwise). */
  format: FormatChange
  /** Where it is: from its first character to the end of its last. */
  from: number
  to: number
  /** The live reference ("6(b)") of the numbered paragraph it starts in, or null. */
  paraRef: string | null
}

const FIELD: Record<ProposalKind, 'inserted' | 'deleted' | 'formatted'> = { insert: 'inserted', delete: 'deleted', format: 'formatted' }

/**
 * Every proposal in a document, in document order (by its first character). Proposals are
 * grouped by id; the metadata is that of the first mark met.
 */
export function proposalsIn(doc: PMNode): Proposal[] {
  const found = new Map<string, Proposal>()
  // The textblock each proposal's text field last took text from, to join blocks with "\n".
  const lastBlock = new Map<string, number>()
  let block = -1
  doc.descendants((node, pos) => {
    if (node.isTextblock) block = pos
    if (!node.isText) return true
    for (const mark of node.marks) {
      const kind = proposalKind(mark.type.name)
      if (!kind || typeof mark.attrs.id !== 'string') continue
      let proposal = found.get(mark.attrs.id)
      if (!proposal) {
        proposal = { ...proposalAttrs(mark), kinds: [], inserted: '', deleted: '', formatted: '', format: { added: [], removed: [] }, from: pos, to: pos, paraRef: null }
        found.set(proposal.id, proposal)
      }
      if (!proposal.kinds.includes(kind)) proposal.kinds.push(kind)
      const field = FIELD[kind]
      const seen = `${field}:${proposal.id}`
      if (lastBlock.has(seen) && lastBlock.get(seen) !== block) proposal[field] += '\n'
      lastBlock.set(seen, block)
      proposal[field] += node.text
      proposal.to = pos + node.nodeSize
      if (kind === 'format') mergeFormat(proposal.format, formatChange(mark))
    }
    return false
  })
  const referenceAt = referenceFinder(doc)
  for (const proposal of found.values()) proposal.paraRef = referenceAt(proposal.from)
  return [...found.values()]
}

function mergeFormat(into: FormatChange, change: FormatChange): void {
  for (const name of change.added) if (!into.added.includes(name)) into.added.push(name)
  for (const name of change.removed) if (!into.removed.includes(name)) into.removed.push(name)
}
