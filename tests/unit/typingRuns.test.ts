import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LogBatchReplay } from '../../server/documents/applyStoredContent.js'

/** A small seeded generator, so a failing history can be replayed. */
function random(seed: number) {
  let s = seed >>> 0 || 1
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] }
}

/**
 * A concurrent editing history as a server's log stores it: three people typing one character per
 * update (mostly on from where they were, as people type), deleting, formatting, typing an emoji,
 * setting a map key, and catching up with the log only now and then, so their characters carry
 * right origins, interleave and conflict at the same places.
 */
function history(seed: number, steps: number): Uint8Array[] {
  const r = random(seed)
  const log: Uint8Array[] = []
  const people = [1, 2, 3].map((id) => {
    const doc = new Y.Doc()
    doc.clientID = id * 1000 + seed
    const person = { doc, seen: 0, caret: 0 }
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'log') log.push(u)
    })
    return person
  })
  for (let i = 0; i < steps; i++) {
    const p = r.pick(people)
    const text = p.doc.getText('t')
    const action = r.int(20)
    if (action < 12) {
      // A burst of typing, one character per update.
      if (r.int(4) === 0) p.caret = r.int(text.length + 1)
      p.caret = Math.min(p.caret, text.length)
      for (let k = 1 + r.int(8); k > 0; k--) text.insert(p.caret++, r.pick(['a', 'b', 'c', ' ', 'é', 'x']))
    } else if (action < 14 && text.length > 2) {
      const at = r.int(text.length - 1)
      text.delete(at, 1 + r.int(Math.min(4, text.length - at - 1)))
    } else if (action < 15 && text.length > 2) {
      const at = r.int(text.length - 1)
      text.format(at, 1 + r.int(text.length - at - 1), { bold: r.int(2) === 0 ? true : null })
    } else if (action < 16) {
      text.insert(Math.min(p.caret, text.length), '🙂')
    } else if (action < 17) {
      p.doc.getMap('m').set(r.pick(['x', 'y']), i)
    } else {
      // Catching up with everything the server has stored so far.
      Y.transact(p.doc, () => log.slice(p.seen).forEach((u) => Y.applyUpdate(p.doc, u, 'log')), 'log')
      p.seen = log.length
    }
  }
  return log
}

/** The log as the store reads it back: one buffer and each update's length. */
function batchOf(updates: Uint8Array[]) {
  const bytes = new Uint8Array(updates.reduce((n, u) => n + u.byteLength, 0))
  let at = 0
  for (const u of updates) {
    bytes.set(u, at)
    at += u.byteLength
  }
  return { bytes, lengths: updates.map((u) => u.byteLength), lastSeq: updates.length }
}

function replayed(updates: Uint8Array[]): { doc: Y.Doc; integrations: number } {
  const doc = new Y.Doc()
  const replay = new LogBatchReplay(batchOf(updates))
  while (!replay.done) replay.applyNext(doc)
  return { doc, integrations: replay.integrations }
}

function oneByOne(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc
}

describe('Replaying a long log with runs of typing joined', () => {
  it('gives the same document as applying every update on its own, for random concurrent histories', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const log = history(seed, 400)
      const { doc } = replayed(log)
      const expected = oneByOne(log)
      expect(doc.getText('t').toDelta(), `seed ${seed}`).toEqual(expected.getText('t').toDelta())
      expect(doc.getMap('m').toJSON(), `seed ${seed}`).toEqual(expected.getMap('m').toJSON())
      // Same items known and the same ones deleted.
      expect(Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(expected)), `seed ${seed}`).toBe(true)
      // What a client syncing from the replayed document gets is the same document too.
      const client = new Y.Doc()
      Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
      expect(client.getText('t').toString(), `seed ${seed}`).toBe(expected.getText('t').toString())
    }
  })

  it('gives the same document when the log is replayed in any batch cut, as a long log is read in batches', () => {
    const log = history(7, 600)
    const expected = oneByOne(log)
    for (const cut of [1, 13, 250, 599]) {
      const doc = new Y.Doc()
      for (const part of [log.slice(0, cut), log.slice(cut)]) for (const replay = new LogBatchReplay(batchOf(part)); !replay.done; ) replay.applyNext(doc)
      expect(doc.getText('t').toDelta(), `cut ${cut}`).toEqual(expected.getText('t').toDelta())
      expect(Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(expected))).toBe(true)
    }
  })

  it('does not join one person’s consecutive characters typed in different places', () => {
    // Typing at the end of two paragraphs in turn: consecutive clocks, no right origin, different origins.
    const doc = new Y.Doc()
    const log: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => log.push(u))
    const [one, two] = [doc.getText('one'), doc.getText('two')]
    one.insert(0, 'A')
    two.insert(0, 'B')
    for (let i = 0; i < 20; i++) (i % 2 ? two : one).insert((i % 2 ? two : one).length, String(i % 10))
    // And going back in one paragraph: a character whose origin is not the one typed before.
    one.insert(one.length, 'x')
    one.insert(1, 'y')
    const back = replayed(log).doc
    expect([back.getText('one').toString(), back.getText('two').toString()]).toEqual([one.toString(), two.toString()])
  })

  it('integrates a run of typing once: 20,000 typed characters in a few hundred integrations', () => {
    const doc = new Y.Doc()
    const log: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => log.push(u))
    const text = doc.getText('t')
    for (let i = 0; i < 20_000; i++) text.insert(i % 100 === 99 ? i - 5 : text.length, 'abc'[i % 3])
    const { doc: back, integrations } = replayed(log)
    expect(back.getText('t').toString()).toBe(text.toString())
    // One by one, 20,000; joined, one per run of 99 characters and one per character typed further back
    // (and a few more where a step ends inside a run).
    expect(integrations).toBeLessThan(600)
  })

  it('applies what is not typing as it is, and refuses an update that reads past its own bytes as before', () => {
    const doc = new Y.Doc()
    const log: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => log.push(u))
    doc.getText('t').insert(0, 'hello')
    doc.getMap('m').set('k', 1)
    doc.getText('t').delete(0, 2)
    expect(replayed(log).doc.getText('t').toString()).toBe('llo')
    // A stored length shorter than the update: Yjs reads on, and the replay says so.
    const broken = batchOf(log)
    broken.lengths[1] -= 2
    broken.lengths[2] += 2
    const replay = new LogBatchReplay(broken)
    expect(() => replay.applyNext(new Y.Doc())).toThrow(/reads past its own bytes/)
  })
})
