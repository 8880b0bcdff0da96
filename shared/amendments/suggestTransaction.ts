import { Selection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import { AddMarkStep, Mapping, RemoveMarkStep, ReplaceStep, Transform, type Step, type StepMap } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { checkAmendmentChange } from './checkAmendmentChange.js'
import { withoutProposals, type ProposalAttrs, type ProposalAuthor } from './proposal.js'
import { allowed, newProposalId, type SuggestContext } from './suggestContext.js'
import { suggestFormat } from './suggestFormat.js'
import { suggestReplace } from './suggestReplace.js'

/** Transaction meta that lets a change through unsuggested (the chair's own tools, imports). */
export const SKIP_SUGGESTING = 'plenary.skipSuggesting'

export interface SuggestOptions {
  author: ProposalAuthor
  /** The clock and the id maker of new proposals (tests fix them). */
  now?: () => number
  newId?: () => string
}

// Meta the view and other plugins read from a user's transaction, carried over to its suggestion.
const CARRIED_META = ['uiEvent', 'paste', 'pointer', 'composition', 'inputType']

/**
 * Whether a transaction is one to turn into a suggestion: it changes the document, and it is
 * this person's edit, not a change arriving from the shared document (someone else's edit, the
 * first sync, a Yjs undo or redo, showing or leaving a version snapshot), not one kept out of
 * history, not one marked SKIP_SUGGESTING.
 */
export function shouldSuggest(tr: Transaction): boolean {
  if (!tr.docChanged || tr.getMeta(SKIP_SUGGESTING) || tr.getMeta('addToHistory') === false) return false
  const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean; snapshot?: unknown } | undefined
  return !sync?.isChangeOrigin && sync?.snapshot === undefined
}

/**
 * Turns an editor transaction into the same intent as proposals by this author (as Google Docs'
 * "Suggesting" mode does), replaying its steps on a new transaction from `state`:
 * typing and pasting become proposed insertions, deleting agreed text marks it as a proposed
 * deletion, deleting one's own proposed text removes it, formatting agreed text becomes a
 * formatting proposal (see suggestReplace and suggestFormat). Other structural steps (lists,
 * headings, ...) pass only where the amendments rule allows them. Returns the transaction
 * unchanged when it is not one to suggest, or null when it cannot be expressed as proposals; the
 * result always passes checkAmendmentChange, so the server never refuses what the editor sends.
 */
export function suggestTransaction(state: EditorState, tr: Transaction, options: SuggestOptions): Transaction | null {
  if (!shouldSuggest(tr)) return tr
  let fresh: ProposalAttrs | null = null
  const context: SuggestContext = {
    out: state.tr,
    userId: options.author.authorId,
    fresh: () => (fresh ??= { id: (options.newId ?? newProposalId)(), ...options.author, createdAt: (options.now ?? Date.now)() }),
  }
  const { out } = context
  let cursor: { pos: number; maps: number } | null = null
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i]
    // From the document this step was made for to the suggestion so far.
    const toOut = new Mapping([...backMaps(tr, i), ...out.mapping.maps])
    if (step instanceof ReplaceStep) {
      const from = toOut.map(step.from, 1)
      const to = Math.max(from, toOut.map(step.to, -1))
      const backward = i === 0 && state.selection.empty && state.selection.head === step.to && step.from < step.to && !step.slice.size
      const pos = suggestReplace(context, from, to, step.slice, backward)
      cursor = { pos, maps: out.mapping.maps.length }
    } else if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
      if (!suggestFormat(context, toOut.map(step.from, 1), toOut.map(step.to, -1), step.mark, step instanceof AddMarkStep)) return null
    } else if (!passStructural(context, step.map(toOut))) return null
  }
  if (out.docChanged && !checkAmendmentChange(state.doc, out.doc, context.userId).ok) return null
  out.setSelection(cursor ? cursorAt(out, out.mapping.slice(cursor.maps).map(cursor.pos)) : tr.selection.map(out.doc, new Mapping([...backMaps(tr, tr.steps.length), ...out.mapping.maps])))
  if (tr.storedMarksSet) out.setStoredMarks(tr.storedMarks && withoutProposals(tr.storedMarks))
  for (const key of CARRIED_META) if (tr.getMeta(key) !== undefined) out.setMeta(key, tr.getMeta(key))
  if (tr.scrolledIntoView) out.scrollIntoView()
  return out
}

/** Maps from the document after a transaction's first `count` steps back to the one it started from. */
function backMaps(tr: Transaction, count: number): StepMap[] {
  return tr.mapping.maps.slice(0, count).map((map) => map.invert()).reverse()
}

/** Applies a step other than text and marks (wrapping, lifting, node attributes) if the rule allows it. */
function passStructural(context: SuggestContext, step: Step | null): boolean {
  if (!step) return false
  const trial = new Transform(context.out.doc)
  if (trial.maybeStep(step).failed || !allowed(context, trial.doc)) return false
  context.out.step(step)
  return true
}

/** A cursor at a position: in text when it is in a textblock, else the nearest place a cursor can be. */
function cursorAt(tr: Transaction, pos: number): Selection {
  const $pos = tr.doc.resolve(pos)
  return $pos.parent.inlineContent ? TextSelection.create(tr.doc, pos) : Selection.near($pos)
}
