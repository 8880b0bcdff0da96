import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { documentSchema } from '../../shared/schema/extensions.js'
import { changeMap, docChange, textblockAround } from '../../client/comments/docChange.js'

const p = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const item = (text: string): JSONContent => ({ type: 'listItem', content: [p(text)] })
/** A document of numbered paragraphs, built afresh each time as the Yjs binding builds it (no node shared). */
const doc = (...texts: string[]) => documentSchema().nodeFromJSON({ type: 'doc', content: [{ type: 'orderedList', content: texts.map(item) }] })
/** Where a phrase starts in a document. */
const at = (d: ReturnType<typeof doc>, phrase: string) => {
  let found = -1
  d.descendants((node, pos) => {
    if (found === -1 && node.isText && node.text!.includes(phrase)) found = pos + node.text!.indexOf(phrase)
  })
  return found
}

describe('docChange: what an edit changed, though the document was rebuilt whole', () => {
  it('finds the one character typed into a paragraph of a rebuilt document, and maps positions around it', () => {
    const before = doc('First paragraph here.', 'Second one here.', 'Third one here.')
    const after = doc('First paragraph here.', 'Second one, here.', 'Third one here.')
    const change = docChange(before, after)!
    const comma = at(before, 'one here') + 'one'.length
    expect(change).toEqual({ start: comma, endA: comma, endB: comma + 1 })
    const moves = changeMap(change)
    // Before the change: unmoved; after it, in its paragraph and in the next one: one further on.
    expect(moves.map(at(before, 'First'))).toBe(at(after, 'First'))
    expect(moves.map(at(before, 'Second'))).toBe(at(after, 'Second'))
    expect(moves.map(comma + 1)).toBe(comma + 2)
    expect(moves.map(at(before, 'Third'))).toBe(at(after, 'Third'))
  })

  it('settles an insertion into a run of equal characters at one place, on both sides the same', () => {
    const before = doc('aaaa bb')
    const after = doc('aaaaa bb')
    const change = docChange(before, after)!
    expect(change.endA - change.start).toBe(0)
    expect(change.endB - change.start).toBe(1)
    expect(changeMap(change).map(at(before, 'bb'))).toBe(at(after, 'bb'))
  })

  it('sees a deletion, and nothing at all when the content is equal', () => {
    const before = doc('Keep this. Drop this. Keep that.')
    const after = doc('Keep this. Keep that.')
    const change = docChange(before, after)!
    expect(change.endA - change.start).toBe('Drop this. '.length)
    expect(change.endB).toBe(change.start)
    expect(docChange(before, doc('Keep this. Drop this. Keep that.'))).toBeNull()
  })

  it('tells an edit inside one paragraph from one across paragraphs', () => {
    const d = doc('One paragraph.', 'Another paragraph.')
    const one = at(d, 'One')
    expect(textblockAround(d, one + 2, one + 5)).toEqual({ from: one, to: one + 'One paragraph.'.length })
    expect(textblockAround(d, one + 2, at(d, 'Another') + 1)).toBeNull()
    // A new paragraph between two: the changed range lies between textblocks.
    const change = docChange(d, doc('One paragraph.', 'Inserted.', 'Another paragraph.'))!
    expect(textblockAround(doc('One paragraph.', 'Inserted.', 'Another paragraph.'), change.start, change.endB)).toBeNull()
  })
})
