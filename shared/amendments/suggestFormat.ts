import type { Mark } from '@tiptap/pm/model'
import { AddMarkStep, RemoveMarkStep } from '@tiptap/pm/transform'
import { runsIn, type SuggestContext } from './suggestContext.js'
import { findMark, formatChange, isProposalMark, proposalAttrs, PROPOSABLE_FORMATS, PROPOSAL_FORMAT, PROPOSAL_INSERT } from './proposal.js'

/**
 * Turns adding or removing a mark over from..to into a suggestion on context.out:
 * - on one's own inserted text, the mark is simply changed (it is one's own text);
 * - on agreed text, bold, italic, underline and strike change as asked and a formatting proposal
 *   records what changed from the agreed formatting (adding bold, then removing it again, leaves no
 *   proposal); other marks (links) are not proposed and stay as they are;
 * - another author's inserted text, or text under another author's formatting proposal, is left alone.
 * Returns false for a proposal mark itself, which only the suggestion machinery sets.
 */
export function suggestFormat(context: SuggestContext, from: number, to: number, mark: Mark, add: boolean): boolean {
  if (isProposalMark(mark)) return false
  const { out, userId } = context
  const change = (run: { from: number; to: number }) => out.step(add ? new AddMarkStep(run.from, run.to, mark) : new RemoveMarkStep(run.from, run.to, mark))
  for (const run of runsIn(out.doc, from, to)) {
    const inserted = findMark(run.marks, PROPOSAL_INSERT)
    if (inserted) {
      if (inserted.attrs.authorId === userId) change(run)
      continue
    }
    const format = findMark(run.marks, PROPOSAL_FORMAT)
    const name = mark.type.name
    if (!PROPOSABLE_FORMATS.has(name) || (format && format.attrs.authorId !== userId)) continue
    const has = run.marks.some((m) => m.type.name === name)
    if (has === add) continue
    // The agreed formatting is what the text shows with one's own earlier proposal undone.
    const earlier = format ? formatChange(format) : { added: [], removed: [] }
    const agreed = has ? !earlier.added.includes(name) : earlier.removed.includes(name)
    const added = earlier.added.filter((n) => n !== name).concat(add && !agreed ? [name] : [])
    const removed = earlier.removed.filter((n) => n !== name).concat(!add && agreed ? [name] : [])
    change(run)
    if (format) out.removeMark(run.from, run.to, format)
    if (added.length || removed.length) {
      const attrs = format ? proposalAttrs(format) : context.fresh()
      out.addMark(run.from, run.to, out.doc.type.schema.marks[PROPOSAL_FORMAT].create({ ...attrs, added: added.sort(), removed: removed.sort() }))
    }
  }
  return true
}
