import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { scanUpdate } from '../../server/documents/scanUpdate.js'
import { updateCarriesNewContent } from '../../server/transport/updateCarriesNewContent.js'
import { deletions } from '../helpers/hostileUpdates.js'
import { seeded } from '../helpers/crashTorture.js'

/** Three people editing paragraphs with formatting and attributes, exchanging updates at random. */
function editedDocs(seed: number): Y.Doc[] {
  const rand = seeded(seed)
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
  for (let step = 0; step < 300; step++) {
    const doc = docs[Math.floor(rand() * 3)]
    const fragment = doc.getXmlFragment('default')
    const roll = rand()
    if (roll < 0.2 || fragment.length === 0) {
      const p = new Y.XmlElement(rand() < 0.5 ? 'paragraph' : 'heading')
      if (p.nodeName === 'heading') p.setAttribute('level', String(1 + Math.floor(rand() * 3)))
      p.insert(0, [new Y.XmlText('new ')])
      fragment.insert(Math.floor(rand() * (fragment.length + 1)), [p])
    } else {
      const p = fragment.get(Math.floor(rand() * fragment.length)) as Y.XmlElement
      const text = p.get(0) as Y.XmlText
      if (roll < 0.6) text.insert(Math.floor(rand() * (text.length + 1)), 'abcé😀'.slice(0, 1 + Math.floor(rand() * 5)), rand() < 0.3 ? { bold: {} } : undefined)
      else if (roll < 0.8 && text.length > 1) text.delete(Math.floor(rand() * (text.length - 1)), 1 + Math.floor(rand() * 2))
      else if (roll < 0.9) fragment.delete(Math.floor(rand() * fragment.length), 1)
      else if (text.length) text.format(0, Math.min(3, text.length), { link: { href: 'https://www.iom.int' } })
    }
    if (rand() < 0.3) {
      const [a, b] = [docs[Math.floor(rand() * 3)], docs[Math.floor(rand() * 3)]]
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    }
  }
  return docs
}

describe('scanUpdate', () => {
  it('sees the same structs and deleted ranges as Y.decodeUpdate, on updates made by concurrent editing', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const doc of editedDocs(seed)) {
        const update = Y.encodeStateAsUpdate(doc)
        const decoded = Y.decodeUpdate(update)
        const structs: string[] = []
        const ranges: string[] = []
        scanUpdate(update, {
          struct: (s) => structs.push(`${s.kind === 'gc' ? 'gc' : s.kind === 'skip' ? 'skip' : 'item'} ${s.client}:${s.clock}+${s.length}`),
          deleteRange: (client, clock, length) => ranges.push(`${client}:${clock}+${length}`),
        })
        expect(structs).toEqual(decoded.structs.map((s) => `${s instanceof Y.GC ? 'gc' : s instanceof Y.Skip ? 'skip' : 'item'} ${s.id.client}:${s.id.clock}+${s.length}`))
        const expected: string[] = []
        for (const [client, items] of (decoded.ds as unknown as { clients: Map<number, Array<{ clock: number; len: number }>> }).clients) for (const r of items) expected.push(`${client}:${r.clock}+${r.len}`)
        expect(ranges).toEqual(expected)
      }
    }
  })

  it('throws on bytes that are not an update', () => {
    expect(() => scanUpdate(Uint8Array.of(1, 1, 5, 0, 77), {})).toThrow()
    expect(() => scanUpdate(Uint8Array.of(0x80, 0x80, 0x80), {})).toThrow()
  })
})

describe('updateCarriesNewContent (read-only connections)', () => {
  const doc = editedDocs(9)[0]
  it('answers no for what the document already has: an empty update, the whole state, its delete set', () => {
    expect(updateCarriesNewContent(doc, Y.encodeStateAsUpdate(new Y.Doc()))).toBe(false)
    expect(updateCarriesNewContent(doc, Y.encodeStateAsUpdate(doc))).toBe(false)
  })
  it('answers yes for new content and for deleting what is not deleted', () => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateVector(copy)
    ;((copy.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'new')
    expect(updateCarriesNewContent(doc, Y.encodeStateAsUpdate(copy, before))).toBe(true)
    const deleter = new Y.Doc()
    Y.applyUpdate(deleter, Y.encodeStateAsUpdate(doc))
    const sv = Y.encodeStateVector(deleter)
    deleter.getXmlFragment('default').delete(0, 1)
    expect(updateCarriesNewContent(doc, Y.encodeStateAsUpdate(deleter, sv))).toBe(true)
  })
  it('looks at no more of the document than the update names: a range over thousands of deleted structs is simply a write', () => {
    const big = new Y.Doc()
    big.clientID = 3
    const text = new Y.XmlText()
    big.getXmlFragment('default').insert(0, [text])
    // Two people typing in turn: 6,000 characters of client 1, each its own struct, then all deleted.
    for (let i = 0; i < 12_000; i++) {
      big.clientID = 1 + (i % 2)
      text.insert(i, 'x')
    }
    text.delete(0, 12_000)
    expect(updateCarriesNewContent(big, deletions(1, 1, 0, 100))).toBe(false)
    // Past the walking budget (5,000 structs) the update is treated as a write, without looking further.
    expect(updateCarriesNewContent(big, deletions(1, 1, 0, 6_000))).toBe(true)
  })
})
