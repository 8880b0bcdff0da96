import { Fragment, Slice, type Mark, type Node as PMNode } from '@tiptap/pm/model'
import { Transform } from '@tiptap/pm/transform'
import { allowed, attrsNear, markFragment, runsIn, type SuggestContext } from './suggestContext.js'
import { findMark, PROPOSAL_DELETE, PROPOSAL_INSERT, type ProposalAttrs } from './proposal.js'

/**
 * Turns "replace from..to with this slice" (typing, deleting, pasting, Enter) into a suggestion on
 * context.out; returns where the cursor goes. Positions are in context.out.doc.
 *
 * - Inside one block: agreed text in the range is marked as this person's deletion (text already
 *   proposed for deletion by them stays as it is; another author's inserted text is left alone);
 *   their own inserted text is really removed; then the content is inserted after the range,
 *   marked as their insertion.
 * - Across blocks, or with block content (Enter, pasting paragraphs, joining blocks): done as asked
 *   when the amendments rule allows it (splitting or joining only one's own proposed paragraphs,
 *   Enter at the end of a block, pasting whole paragraphs there); otherwise block structure stays,
 *   the text is marked as above and the content is inserted as one line (paragraphs joined by
 *   spaces). Enter in the middle of agreed text therefore does nothing.
 * `backward` (Backspace) puts the cursor before the marked text rather than after it.
 */
export function suggestReplace(context: SuggestContext, from: number, to: number, slice: Slice, backward: boolean): number {
  const doc = context.out.doc
  const $from = doc.resolve(from)
  const inline = inlineContent(slice)
  if (inline && $from.sameParent(doc.resolve(to)) && $from.parent.inlineContent) return markAndInsert(context, from, to, inline, backward)
  const attrs = attrsNear(doc, from, to, context.userId, 'insert') ?? context.fresh()
  const trial = new Transform(doc)
  trial.replace(from, to, new Slice(markFragment(slice.content, insertMark(doc, attrs), 'keep'), slice.openStart, slice.openEnd))
  if (trial.docChanged && allowed(context, trial.doc)) {
    const cursor = trial.mapping.map(to, 1)
    for (const step of trial.steps) context.out.step(step)
    return cursor
  }
  return markAndInsert(context, from, to, flatten(slice), backward)
}

const insertMark = (doc: PMNode, attrs: ProposalAttrs): Mark => doc.type.schema.marks[PROPOSAL_INSERT].create(attrs)

/** A slice's content when it is only inline content, after unwrapping the blocks it is open through. */
function inlineContent(slice: Slice): Fragment | null {
  let { content, openStart, openEnd } = slice
  while (openStart > 0 && openEnd > 0 && content.childCount === 1 && !content.firstChild!.isInline) {
    content = content.firstChild!.content
    openStart--
    openEnd--
  }
  let inline = openStart === 0 && openEnd === 0
  content.forEach((node) => {
    inline &&= node.isInline
  })
  return inline ? content : null
}

/** A slice's inline content as one line: its blocks' contents joined by spaces. */
function flatten(slice: Slice): Fragment {
  const nodes: PMNode[] = []
  slice.content.descendants((node) => {
    if (node.isInline) nodes.push(node)
    else if (node.isTextblock && nodes.length && node.childCount) nodes.push(node.type.schema.text(' '))
    return !node.isInline
  })
  return Fragment.fromArray(nodes)
}

/** Marks the range as deleted (see suggestReplace), then inserts the content after it. */
function markAndInsert(context: SuggestContext, from: number, to: number, content: Fragment, backward: boolean): number {
  const { out, userId } = context
  const schema = out.doc.type.schema
  const start = out.mapping.maps.length
  let deletion: ProposalAttrs | null = null
  if (from < to) {
    const attrs = attrsNear(out.doc, from, to, userId, 'delete') ?? context.fresh()
    // From the end, so that removing one's own text leaves the earlier positions as they were.
    for (const run of runsIn(out.doc, from, to).reverse()) {
      const inserted = findMark(run.marks, PROPOSAL_INSERT)
      if (inserted) {
        if (inserted.attrs.authorId === userId) out.delete(run.from, run.to)
      } else if (!findMark(run.marks, PROPOSAL_DELETE, userId)) {
        out.addMark(run.from, run.to, schema.marks[PROPOSAL_DELETE].create(attrs))
        deletion = attrs
      }
    }
  }
  const mapping = out.mapping.slice(start)
  const end = mapping.map(to, -1)
  if (!content.size) return backward ? mapping.map(from, -1) : end
  const attrs = attrsNear(out.doc, end, end, userId, 'insert') ?? deletion ?? context.fresh()
  const marked = markFragment(content, insertMark(out.doc, attrs), 'space')
  out.insert(end, marked)
  return end + marked.size
}
