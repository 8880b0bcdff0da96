import { afterEach, describe, expect, it } from 'vitest'
import { Editor } from '@tiptap/core'
import type { Transaction } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { SuggestChanges } from '../../client/amendments/SuggestChanges.js'
import { proposalsIn } from '../../shared/amendments/proposalsIn.js'
import { documentExtensions } from '../../shared/schema/extensions.js'
import { BRAZIL, docOf, p, showProposals } from '../helpers/amendmentDocs.js'

let editor: Editor | null = null
afterEach(() => editor?.destroy())

/** A headless editor with the extension, and what its dispatch chain hands on to the editor state. */
function setUp(enabled: boolean) {
  const refused: Transaction[] = []
  editor = new Editor({
    extensions: [...documentExtensions(), SuggestChanges.configure({ enabled, author: BRAZIL, onRefused: (tr) => refused.push(tr) })],
    content: docOf(p('States shall act.')).toJSON(),
  })
  const dispatched: Transaction[] = []
  const dispatch = editor.extensionManager.dispatchTransaction((tr) => dispatched.push(tr))
  return { editor, dispatch, dispatched, refused }
}

describe('the SuggestChanges editor extension', () => {
  it('dispatches an edit as a proposal by the author while suggesting', () => {
    const { editor, dispatch, dispatched } = setUp(true)
    dispatch(editor.state.tr.insertText('jointly ', 14))
    expect(showProposals(dispatched[0].doc)).toBe('States shall [+jointly ]act.')
    expect(proposalsIn(dispatched[0].doc)[0]).toMatchObject({ authorId: BRAZIL.authorId, delegation: 'Brazil' })
  })

  it('lets edits through unchanged when suggesting is off, and turns on by command', () => {
    const { editor, dispatch, dispatched } = setUp(false)
    const direct = editor.state.tr.insertText('not ', 14)
    dispatch(direct)
    expect(dispatched[0]).toBe(direct)
    editor.commands.setSuggesting(true)
    expect(editor.storage.suggestChanges.enabled).toBe(true)
    dispatch(editor.state.tr.delete(1, 7))
    expect(showProposals(dispatched[1].doc)).toBe('[-States] shall act.')
  })

  it('never transforms a change arriving from the shared document', () => {
    const { editor, dispatch, dispatched } = setUp(true)
    const remote = editor.state.tr.insertText('x', 3).setMeta(ySyncPluginKey, { isChangeOrigin: true, isUndoRedoOperation: true })
    dispatch(remote)
    expect(dispatched).toEqual([remote])
  })

  it('drops an edit that cannot be a proposal and reports it', () => {
    const { editor, dispatch, dispatched, refused } = setUp(true)
    const heading = editor.state.tr.setBlockType(1, 1, editor.schema.nodes.heading, { level: 1 })
    dispatch(heading)
    expect([dispatched.length, refused]).toEqual([0, [heading]])
  })
})
