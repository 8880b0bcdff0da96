import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sliceDocument } from '../../server/documents/sliceDocument.js'
import { dgResponseDocument, initialUpdate } from '../../server/seed/seedExampleWorkspace.js'

/** A small deterministic random source. */
function random(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * Three people editing one document at once, exchanging their changes at random moments, so that
 * items constantly refer to other people's items (left and right origins, parents) and many are
 * deleted: what a long-lived working group document looks like inside.
 */
function concurrentHistory(seed: number): Y.Doc {
  const rand = random(seed)
  const docs = [1, 2, 3].map((client) => {
    const doc = new Y.Doc()
    doc.clientID = client
    return doc
  })
  const outbox: Uint8Array[][] = docs.map(() => [])
  docs.forEach((doc, i) => doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && outbox[i].push(u)))
  const words = ['Member States ', 'the Director General ', 'IOM ', 'United Nations ', 'recalls ', 'further ', '(a) ', 'decides ']
  for (let step = 0; step < 600; step++) {
    const i = Math.floor(rand() * 3)
    const doc = docs[i]
    const body = doc.getXmlFragment('default')
    const r = rand()
    if (body.length === 0 || r < 0.25) {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText(words[Math.floor(rand() * words.length)])])
      body.insert(Math.floor(rand() * (body.length + 1)), [p])
    } else {
      const p = body.get(Math.floor(rand() * body.length)) as Y.XmlElement
      const text = p.get(0) as Y.XmlText
      if (r < 0.7) text.insert(Math.floor(rand() * (text.length + 1)), words[Math.floor(rand() * words.length)])
      else if (r < 0.85 && text.length > 2) text.delete(Math.floor(rand() * (text.length - 2)), 2)
      else if (r < 0.93 && text.length > 3) text.format(0, 3, { bold: true })
      else if (body.length > 1) body.delete(Math.floor(rand() * body.length), 1)
      doc.getMap('meta').set(`k${step % 7}`, step)
    }
    if (rand() < 0.3) {
      // Someone's changes reach the others.
      const from = Math.floor(rand() * 3)
      for (const u of outbox[from].splice(0)) docs.forEach((d, j) => j !== from && Y.applyUpdate(d, u, 'remote'))
    }
  }
  for (let from = 0; from < 3; from++) for (const u of outbox[from].splice(0)) docs.forEach((d, j) => j !== from && Y.applyUpdate(d, u, 'remote'))
  return docs[0]
}

function expectSameDocument(a: Y.Doc, b: Y.Doc) {
  expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a))
  expect(b.getXmlFragment('default').toString()).toBe(a.getXmlFragment('default').toString())
  expect(b.getMap('meta').toJSON()).toEqual(a.getMap('meta').toJSON())
  expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(b.store), Y.createDeleteSetFromStructStore(a.store))).toBe(true)
}

/** Applies the pieces in order to a new document; every piece must integrate at once, nothing left waiting. */
function applyPieces(pieces: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const piece of pieces) {
    Y.applyUpdate(doc, piece)
    expect(doc.store.pendingStructs).toBeNull()
    expect(doc.store.pendingDs).toBeNull()
  }
  return doc
}

describe('slicing a whole document into small updates', () => {
  it('gives the same document from pieces that each integrate fully, with three people editing concurrently', () => {
    for (const seed of [1, 2, 3]) {
      const original = concurrentHistory(seed)
      const whole = Y.encodeStateAsUpdate(original)
      const pieces = sliceDocument(original, 16)
      expect(pieces.length).toBeGreaterThanOrEqual(12)
      expect(Math.max(...pieces.map((p) => p.byteLength))).toBeLessThan(whole.byteLength / 6)
      expectSameDocument(original, applyPieces(pieces))
    }
  })

  it('gives the same DG response (the real schema: header, numbered paragraphs, marks)', () => {
    const whole = initialUpdate(dgResponseDocument())
    const original = new Y.Doc()
    Y.applyUpdate(original, whole)
    expectSameDocument(original, applyPieces(sliceDocument(original, 16)))
  })

  it('handles an empty document and more pieces than structs', () => {
    expectSameDocument(new Y.Doc(), applyPieces(sliceDocument(new Y.Doc(), 16)))
    const small = new Y.Doc()
    small.getText('t').insert(0, 'a')
    expectSameDocument(small, applyPieces(sliceDocument(small, 16)))
  })
})
