import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state'
import { deleteSelection, joinBackward, setBlockType, splitBlock, toggleMark } from '@tiptap/pm/commands'
import { Fragment, Slice } from '@tiptap/pm/model'
import { seeded } from '../helpers/crashTorture.js'
import { suggestTransaction } from '../../shared/amendments/suggestTransaction.js'
import { checkAmendmentChange } from '../../shared/amendments/checkAmendmentChange.js'
import { proposalsIn } from '../../shared/amendments/proposalsIn.js'
import { decideProposals } from '../../shared/amendments/decideProposals.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { BRAZIL, CHILE, bold, del, docOf, h, ins, li, ol, p, pmOf, proposal, t, yDocOf } from '../helpers/amendmentDocs.js'

const schema = documentSchema()
const start = () =>
  docOf(
    h(2, 'Draft resolution'),
    ol(li(p('Recalls its ', t('earlier', bold), ' resolutions.'), ol(li(p('on ', t('oceans', del(proposal('c1', CHILE))), ';')))), li(p('Decides to ', t('act swiftly', ins(proposal('c2', CHILE))), ' now.'))),
    p('Closing text.'),
  )

/** One random edit, as the editor would make it, with the state (selection) it was made in. */
function randomEdit(state: EditorState, rand: () => number): { selected: EditorState; tr: Transaction | null } {
  const size = state.doc.content.size
  const a = Math.floor(rand() * size)
  const b = Math.min(size, a + Math.floor(rand() * 30))
  const selected = state.apply(state.tr.setSelection(TextSelection.between(state.doc.resolve(a), state.doc.resolve(b))))
  let made: Transaction | null = null
  const capture = (tr: Transaction) => void (made = tr)
  switch (Math.floor(rand() * 7)) {
    case 0: capture(selected.tr.insertText(rand() < 0.5 ? 'x' : 'new words ')); break
    case 1: deleteSelection(selected, capture) || (selected.selection.from > 1 && capture(selected.tr.delete(selected.selection.from - 1, selected.selection.from))); break
    case 2: capture(selected.tr.replaceSelection(new Slice(Fragment.from([schema.node('paragraph', null, [schema.text('one')]), schema.node('paragraph', null, [schema.text('two')])]), 1, 1))); break
    case 3: splitBlock(selected, capture); break
    case 4: joinBackward(selected, capture); break
    case 5: toggleMark(schema.marks[rand() < 0.5 ? 'bold' : 'italic'])(selected, capture); break
    default: setBlockType(schema.nodes.heading, { level: 3 })(selected, capture)
  }
  return { selected, tr: made }
}

describe('suggesting under random edits', () => {
  it('never throws, always sends what the server accepts, and every decision leaves a valid document without proposals', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = seeded(seed)
      let state = EditorState.create({ doc: start() })
      for (let step = 0; step < 40; step++) {
        const author = rand() < 0.5 ? BRAZIL : CHILE
        const { selected, tr } = randomEdit(state, rand)
        if (!tr) continue
        const suggestion = suggestTransaction(selected, tr, { author })
        if (!suggestion) continue
        const next = selected.apply(suggestion)
        expect(checkAmendmentChange(state.doc, next.doc, author.authorId), `seed ${seed} step ${step}`).toEqual({ ok: true })
        state = next
      }
      const { ydoc, fragment } = yDocOf(state.doc)
      const ids = proposalsIn(state.doc).map((x) => x.id)
      decideProposals(fragment, ids.filter((_, i) => i % 2 === 0), 'accept')
      decideProposals(fragment, ids.filter((_, i) => i % 2 === 1), 'reject')
      const decided = pmOf(ydoc)
      decided.check()
      expect(proposalsIn(decided), `seed ${seed}`).toEqual([])
    }
  })
})
