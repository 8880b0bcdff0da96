import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model'
import { isProposalMark } from '../../shared/amendments/proposal'

/**
 * Pasted or dropped content without the proposal marks of anyone but this person: a copied
 * passage carries the marks of whoever proposed it, and the server refuses (closing the
 * connection) a proposal mark in another person's name. The text stays, as plain text; the
 * suggest transform then makes it this person's proposal where they are suggesting.
 */
export function withoutOthersProposals(slice: Slice, userId: string | null): Slice {
  let changed = false
  const strip = (fragment: Fragment): Fragment => {
    const nodes: PMNode[] = []
    fragment.forEach((node) => {
      if (node.isText) {
        const marks = node.marks.filter((m) => !isProposalMark(m) || (userId !== null && m.attrs.authorId === userId))
        if (marks.length !== node.marks.length) changed = true
        nodes.push(marks.length === node.marks.length ? node : node.mark(marks))
      } else nodes.push(node.childCount ? node.copy(strip(node.content)) : node)
    })
    return Fragment.fromArray(nodes)
  }
  const content = strip(slice.content)
  return changed ? new Slice(content, slice.openStart, slice.openEnd) : slice
}
