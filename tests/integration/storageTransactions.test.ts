import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { STORE_ADAPTERS, groupWithUser, storeSuite, unique } from '../helpers/storeAdapters.js'
import { bodyText, typeText } from '../helpers/bodyText.js'

/** A turn of the event loop: whatever else is waiting gets to run (another transaction, a reader). */
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve))

/** `count` Yjs updates, each typing one more character, and the text they make together. */
function typing(count: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < count; i++) typeText(doc, i, String.fromCharCode(97 + (i % 26)))
  return { updates, text: bodyText(doc) }
}

/** The text of stored content: the snapshot and the updates after it. */
function textOf(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc()
  for (const u of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(doc, u)
  return bodyText(doc)
}

describe.each(STORE_ADAPTERS)('transactions and sequence numbers on $name', (adapter) => {
  const suite = storeSuite(adapter)

  it('rolls back everything a transaction wrote, in every store, when it throws', async () => {
    const { stores } = suite
    const { groupId, userId } = await groupWithUser(stores)
    const docId = unique('d')
    await expect(
      stores.documents.transaction(async () => {
        await stores.documents.createDocument({ id: docId, groupId, title: 'Rolled back' })
        await stores.documents.appendUpdates([{ docId, update: typing(1).updates[0] }])
        await stores.discussion.comments.insertThread({ groupId, targetType: 'document', targetId: docId, authorId: userId, anchor: null, quote: null, paraRef: null })
        await stores.changeFeed.append(groupId, 'thread', 'rolled-back', null)
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await stores.documents.getDocument(docId)).toBeUndefined()
    expect((await stores.documents.loadContent(docId)).lastSeq).toBe(0)
    expect(await stores.discussion.comments.threadsOf('document', docId)).toEqual([])
    expect((await stores.changeFeed.changedSince(0, userId)).map((e) => e.entityId)).not.toContain('rolled-back')
    // The counter rolled back too: the next update of the document is number 1.
    expect((await stores.documents.appendUpdates([{ docId, update: typing(1).updates[0] }])).get(docId)).toBe(1)
  })

  it('joins nested transactions, across stores, to the outer one: all of it happens, or none', async () => {
    const { stores } = suite
    const email = `${unique('nested')}@test.example`
    const groupId = unique('g')
    await expect(
      stores.accounts.transaction(async () => {
        await stores.groups.createGroup({ id: groupId, name: 'Joined' })
        await stores.discussion.comments.transaction(() => stores.accounts.createUser({ email, name: 'Nested' }))
        throw new Error('undo everything')
      }),
    ).rejects.toThrow('undo everything')
    expect(await stores.groups.getGroup(groupId)).toBeUndefined()
    expect(await stores.accounts.userByEmail(email)).toBeUndefined()
    await stores.accounts.transaction(async () => {
      await stores.groups.createGroup({ id: groupId, name: 'Joined' })
      await stores.versions.transaction(() => stores.accounts.createUser({ email, name: 'Nested' }))
    })
    expect(await stores.groups.getGroup(groupId)).toBeDefined()
    expect(await stores.accounts.userByEmail(email)).toBeDefined()
  })

  it('keeps a write made outside a transaction when a concurrent transaction rolls back', async () => {
    const { stores } = suite
    const groupId = unique('g')
    const email = `${unique('kept')}@test.example`
    const failing = stores.groups.transaction(async () => {
      await stores.groups.createGroup({ id: groupId, name: 'Rolled back' })
      await yieldToOthers()
      throw new Error('refused')
    })
    const outside = stores.accounts.createUser({ email, name: 'Kept' })
    await expect(failing).rejects.toThrow('refused')
    await outside
    expect(await stores.groups.getGroup(groupId)).toBeUndefined()
    expect(await stores.accounts.userByEmail(email)).toMatchObject({ name: 'Kept' })
  })

  it('numbers a document’s updates 1..20, gapless and without duplicates, when 20 transactions append at once', async () => {
    const { stores } = suite
    const { groupId } = await groupWithUser(stores)
    const [docId, otherId] = [unique('d'), unique('d')]
    await stores.documents.createDocument({ id: docId, groupId, title: 'Busy' })
    await stores.documents.createDocument({ id: otherId, groupId, title: 'Other' })
    const { updates, text } = typing(20)
    const other = typing(20)
    // Each transaction also appends to a second document, half of them in the other order: the counters never deadlock.
    const seqs = await Promise.all(
      updates.map((update, i) =>
        stores.documents.transaction(async () => {
          const pair = [{ docId, update }, { docId: otherId, update: other.updates[i] }]
          const stored = await stores.documents.appendUpdates(i % 2 ? pair : pair.reverse())
          await yieldToOthers()
          return stored.get(docId)!
        }),
      ),
    )
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    const stored = await stores.documents.loadContent(docId)
    expect(stored.lastSeq).toBe(20)
    expect(stored.updates).toHaveLength(20)
    expect(textOf(stored).length).toBe(text.length)
    // Per document: the other document has its own 1..20.
    expect((await stores.documents.loadContent(otherId)).lastSeq).toBe(20)
    // Several updates of one document in one call take consecutive numbers.
    const more = typing(23).updates.slice(20)
    expect((await stores.documents.appendUpdates(more.map((update) => ({ docId, update })))).get(docId)).toBe(23)
    expect((await stores.documents.updatesAfter(docId, 20)).updates).toHaveLength(3)
  })

  it('never lets a reader of “updates after n” skip one: what it sees is always numbered n+1, n+2, … while transactions append', async () => {
    const { stores } = suite
    const { groupId } = await groupWithUser(stores)
    const docId = unique('d')
    await stores.documents.createDocument({ id: docId, groupId, title: 'Read while written' })
    const { updates } = typing(30)
    let writing = true
    const writers = Promise.all(
      updates.map((update) =>
        stores.documents.transaction(async () => {
          await stores.documents.appendUpdates([{ docId, update }])
          await yieldToOthers()
        }),
      ),
    ).finally(() => (writing = false))
    let seen = 0
    let reads = 0
    while (writing || seen < 30) {
      const { updates: after, lastSeq } = await stores.documents.updatesAfter(docId, seen)
      // Gapless: as many rows as numbers between what was seen and the newest.
      expect(lastSeq - seen).toBe(after.length)
      seen = lastSeq
      reads++
    }
    await writers
    expect(seen).toBe(30)
    expect(reads).toBeGreaterThan(1)
  })

  it('numbers the change feed gaplessly under 20 concurrent transactions, and a reader following it never skips one', async () => {
    const { stores } = suite
    const { groupId, userId } = await groupWithUser(stores)
    const start = await stores.changeFeed.latestSeq()
    let writing = true
    const writers = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stores.changeFeed.transaction(async () => {
          const seq = await stores.changeFeed.append(groupId, 'thread', `t${i}-${groupId}`, null)
          await yieldToOthers()
          return seq
        }),
      ),
    ).finally(() => (writing = false))
    let seen = start
    while (writing || seen < start + 20) {
      const events = await stores.changeFeed.changedSince(seen, userId)
      for (const event of events) expect(event.seq).toBe(++seen)
    }
    const seqs = await writers
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => start + i + 1))
    expect(await stores.changeFeed.latestSeq()).toBe(start + 20)
  })

  it('never loses an update appended while a compaction replaces the updates up to n by a snapshot', async () => {
    const { stores } = suite
    const { groupId } = await groupWithUser(stores)
    const docId = unique('d')
    await stores.documents.createDocument({ id: docId, groupId, title: 'Compacted' })
    const { updates, text } = typing(40)
    await stores.documents.appendUpdates(updates.slice(0, 10).map((update) => ({ docId, update })))
    const snapshot = Y.mergeUpdates(updates.slice(0, 10))
    await Promise.all([
      ...updates.slice(10).map((update) => stores.documents.appendUpdates([{ docId, update }])),
      stores.documents.compact(docId, snapshot, 10),
    ])
    const stored = await stores.documents.loadContent(docId)
    expect(stored.snapshot).not.toBeNull()
    expect(stored.updates).toHaveLength(30)
    expect(stored.lastSeq).toBe(40)
    expect(textOf(stored)).toBe(text)
    // An older snapshot arriving late does not replace a newer one, and removes nothing the newer one lacks.
    await stores.documents.compact(docId, Y.mergeUpdates(updates.slice(0, 40)), 40)
    await stores.documents.compact(docId, snapshot, 10)
    expect(textOf(await stores.documents.loadContent(docId))).toBe(text)
    expect(await stores.documents.updatesAfterSnapshot(docId)).toBe(0)
  })
})
