import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection, type Command, type Transaction } from '@tiptap/pm/state'
import { deleteSelection, joinBackward, joinForward, setBlockType, splitBlock, toggleMark } from '@tiptap/pm/commands'
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { suggestTransaction } from '../../shared/amendments/suggestTransaction.js'
import { checkAmendmentChange } from '../../shared/amendments/checkAmendmentChange.js'
import { proposalsIn } from '../../shared/amendments/proposalsIn.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { BRAZIL, CHILE, del, docOf, ins, p, proposal, showProposals, t, throughYjs, yDocOf } from '../helpers/amendmentDocs.js'

const schema = documentSchema()
type Author = typeof BRAZIL

/** An editor state on a document, the cursor after the first occurrence of `after` (or at a range of it). */
function stateOf(doc: PMNode, after: string, selectLength = 0): EditorState {
  let found = -1
  doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(after)) found = pos + node.text!.indexOf(after) + after.length
    return found < 0
  })
  if (found < 0) throw new Error(`not in the document: ${after}`)
  return EditorState.create({ doc, selection: TextSelection.create(doc, found - selectLength, found) })
}

let ids = 0
/** Runs a command as a delegate in suggest mode; the state after it (unchanged when the suggestion is dropped). */
function suggest(state: EditorState, command: Command, author: Author = BRAZIL): EditorState {
  let next = state
  command(state, (tr: Transaction) => {
    const suggestion = suggestTransaction(state, tr, { author, now: () => 5000, newId: () => `n${++ids}` })
    if (suggestion) next = state.apply(suggestion)
  })
  if (next !== state) expect(checkAmendmentChange(state.doc, next.doc, author.authorId)).toEqual({ ok: true })
  return next
}

const type = (text: string): Command => (state, dispatch) => (dispatch?.(state.tr.insertText(text)), true)
/** Backspace with an empty selection deletes one character (the browser's own deletion). */
const backspace: Command = (state, dispatch) => deleteSelection(state, dispatch) || joinBackward(state, dispatch) || (dispatch?.(state.tr.delete(state.selection.from - 1, state.selection.from)), true)
const paste = (...blocks: string[]): Command => (state, dispatch) => {
  const content = Fragment.from(blocks.map((b) => schema.node('paragraph', null, b ? [schema.text(b)] : [])))
  dispatch?.(state.tr.replaceSelection(new Slice(content, 1, 1)))
  return true
}
const times = (n: number, state: EditorState, command: Command, author?: Author) => Array.from({ length: n }).reduce<EditorState>((s) => suggest(s, command, author), state)
const text = (state: EditorState) => showProposals(state.doc)
const cursorText = (state: EditorState) => state.doc.textBetween(state.selection.from - 3, state.selection.from)

describe('suggesting: edits become proposals', () => {
  it('typing inserts proposed text, and typing on extends the same proposal', () => {
    const state = suggest(suggest(stateOf(docOf(p('States shall act.')), 'shall '), type('jointly')), type(' '))
    expect(text(state)).toBe('States shall [+jointly ]act.')
    expect(proposalsIn(state.doc).map((x) => [x.authorId, x.delegation, x.inserted])).toEqual([[BRAZIL.authorId, 'Brazil', 'jointly ']])
  })

  it('Backspace over agreed text marks it deleted and moves left; more Backspaces extend that deletion', () => {
    const state = times(6, stateOf(docOf(p('States shall act.')), 'shall '), backspace)
    expect(text(state)).toBe('States [-shall ]act.')
    expect(cursorText(state)).toBe('es ')
    expect(proposalsIn(state.doc)).toHaveLength(1)
  })

  it('deleting one’s own inserted text really removes it', () => {
    let state = suggest(stateOf(docOf(p('States shall act.')), 'shall '), type('jointly '))
    state = times(8, state, backspace)
    expect(state.doc.toJSON()).toEqual(docOf(p('States shall act.')).toJSON())
  })

  it('typing over a selection proposes one replacement', () => {
    const state = suggest(stateOf(docOf(p('States shall act.')), 'shall', 5), type('may'))
    expect(text(state)).toBe('States [-shall][+may] act.')
    expect(proposalsIn(state.doc).map((x) => x.kinds)).toEqual([['delete', 'insert']])
  })

  it('deleting a selection across paragraphs marks the agreed text and keeps the paragraphs', () => {
    const doc = docOf(p('First paragraph.'), p('Second paragraph.'))
    const state = suggest(EditorState.create({ doc, selection: TextSelection.create(doc, 7, 26) }), deleteSelection)
    expect(text(state)).toBe('First [-paragraph.]\n[-Second ]paragraph.')
  })

  it('pasting two paragraphs at the end of one proposes two new paragraphs', () => {
    const state = suggest(stateOf(docOf(p('Agreed.'), p('Next.')), 'Agreed.'), paste('', 'New one.', 'New two.'))
    expect(text(state)).toBe('Agreed.\n[+New one.]\n[+New two.]\nNext.')
    expect(proposalsIn(state.doc).map((x) => x.inserted)).toEqual(['New one.\nNew two.'])
  })

  it('pasting two paragraphs inside agreed text inserts them as one line, without splitting the agreed paragraph', () => {
    const state = suggest(stateOf(docOf(p('States shall act.')), 'shall '), paste('one', 'two '))
    expect(text(state)).toBe('States shall [+one two ]act.')
  })

  it('Enter at the end of a paragraph starts a proposed paragraph; in agreed text it does nothing', () => {
    let state = suggest(stateOf(docOf(p('Agreed.')), 'Agreed.'), splitBlock)
    state = suggest(state, type('Proposed.'))
    expect(text(state)).toBe('Agreed.\n[+Proposed.]')
    const middle = stateOf(docOf(p('States shall act.')), 'shall')
    expect(suggest(middle, splitBlock).doc.eq(middle.doc)).toBe(true)
  })

  it('Enter inside one’s own new paragraph splits it; Backspace joins it back', () => {
    let state = suggest(suggest(stateOf(docOf(p('Agreed.')), 'Agreed.'), splitBlock), type('New text.'))
    state = suggest(state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.doc.content.size - 6))), splitBlock)
    expect(text(state)).toBe('Agreed.\n[+New ]\n[+text.]')
    expect(text(suggest(state, joinBackward))).toBe('Agreed.\n[+New text.]')
  })

  it('Backspace at the start of an agreed paragraph does not join it, and moves into the one before', () => {
    const doc = docOf(p('First.'), p('Second.'))
    const state = suggest(EditorState.create({ doc, selection: TextSelection.create(doc, 9) }), backspace)
    expect(state.doc.eq(doc)).toBe(true)
    expect(state.selection.from).toBe(7)
    const forward = suggest(EditorState.create({ doc, selection: TextSelection.create(doc, 7) }), joinForward)
    expect([forward.doc.eq(doc), forward.selection.from]).toEqual([true, 9])
  })

  it('formatting agreed text proposes the format change; undoing it by hand leaves no proposal', () => {
    const bold = toggleMark(schema.marks.bold)
    let state = suggest(stateOf(docOf(p('States shall act.')), 'shall', 5), bold)
    expect(proposalsIn(state.doc).map((x) => [x.kinds, x.formatted, x.format])).toEqual([[['format'], 'shall', { added: ['bold'], removed: [] }]])
    state = suggest(state, bold)
    expect(state.doc.toJSON()).toEqual(docOf(p('States shall act.')).toJSON())
  })

  it('formatting one’s own inserted text just formats it', () => {
    let state = suggest(stateOf(docOf(p('States shall act.')), 'shall '), type('now '))
    state = suggest(state.apply(state.tr.setSelection(TextSelection.create(state.doc, 14, 17))), toggleMark(schema.marks.italic))
    expect(proposalsIn(state.doc).map((x) => x.kinds)).toEqual([['insert']])
    expect(state.doc.nodeAt(14)!.marks.map((m) => m.type.name).sort()).toEqual(['italic', 'proposalInsert'])
  })

  it('two delegations’ proposals on the same sentence stay separate, even side by side', () => {
    let state = suggest(stateOf(docOf(p('We agree.')), 'We '), type('strongly '), BRAZIL)
    state = suggest(state, type('fully '), CHILE)
    state = suggest(state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.doc.content.size - 1))), backspace, CHILE)
    expect(text(state)).toBe('We [+strongly ][+fully ]agree[-.]')
    expect(proposalsIn(state.doc).map((x) => [x.delegation, x.inserted, x.deleted])).toEqual([['Brazil', 'strongly ', ''], ['Chile', 'fully ', ''], ['Chile', '', '.']])
  })

  it('deleting text another delegation proposed to delete adds a second, overlapping deletion', () => {
    const doc = docOf(p('Keep ', t('this', del(proposal('c', CHILE))), ' text.'))
    const state = suggest(EditorState.create({ doc, selection: TextSelection.create(doc, 6, 10) }), deleteSelection)
    expect(state.doc.nodeAt(6)!.marks.map((m) => m.attrs.delegation)).toEqual(['Chile', 'Brazil'])
  })

  it('leaves another delegation’s inserted text alone when deleting over it', () => {
    const doc = docOf(p('Keep ', t('their words', ins(proposal('c', CHILE))), ' here.'))
    const state = suggest(EditorState.create({ doc, selection: TextSelection.create(doc, 1, 22) }), deleteSelection)
    expect(text(state)).toBe('[-Keep ][+their words][- here].')
  })

  it('drops a change the rule does not allow, such as making agreed text a heading', () => {
    const state = stateOf(docOf(p('Agreed.')), 'Agreed')
    expect(suggest(state, setBlockType(schema.nodes.heading, { level: 2 })).doc.eq(state.doc)).toBe(true)
  })

  it('sends, through Yjs, only what the server’s check accepts; a direct edit is refused there', () => {
    const doc = docOf(p('Keep ', t('this', del(proposal('c', CHILE))), ' text.'))
    const { ydoc } = yDocOf(doc)
    const selected = EditorState.create({ doc, selection: TextSelection.create(doc, 2, 14) })
    const suggested = throughYjs(ydoc, suggest(selected, type('new')).doc)
    expect(showProposals(suggested.after)).toBe('K[-eep ][-this][- tex][+new]t.')
    expect(checkAmendmentChange(suggested.before, suggested.after, BRAZIL.authorId)).toEqual({ ok: true })
    const direct = throughYjs(ydoc, selected.apply(selected.tr.insertText('new')).doc)
    expect(checkAmendmentChange(direct.before, direct.after, BRAZIL.authorId).ok).toBe(false)
  })

  it('lets remote changes, undo and version snapshots through untouched', () => {
    const state = stateOf(docOf(p('States shall act.')), 'shall ')
    const remote = state.tr.insertText('x').setMeta(ySyncPluginKey, { isChangeOrigin: true })
    expect(suggestTransaction(state, remote, { author: BRAZIL })).toBe(remote)
    const kept = state.tr.insertText('x').setMeta('addToHistory', false)
    expect(suggestTransaction(state, kept, { author: BRAZIL })).toBe(kept)
    const snapshot = state.tr.insertText('x').setMeta(ySyncPluginKey, { snapshot: null, prevSnapshot: null })
    expect(suggestTransaction(state, snapshot, { author: BRAZIL })).toBe(snapshot)
  })
})
