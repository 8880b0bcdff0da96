import { describe, expect, it } from 'vitest'
import { STORE_ADAPTERS, groupWithUser, storeSuite, unique } from '../helpers/storeAdapters.js'
import type { DispositionInput } from '../../server/dispositions/DispositionStore.js'

const answer = { type: 'paragraph' as const, documentId: 'next-draft', paraRef: '7(b)', position: { item: { client: 12, clock: 34 }, assoc: 0 }, quote: 'The Council welcomes…' }

describe.each(STORE_ADAPTERS)('the disposition store on $name', (adapter) => {
  const suite = storeSuite(adapter)
  const input = (groupId: string, documentId: string, over: Partial<DispositionInput> = {}): DispositionInput => ({
    targetId: unique('t'),
    targetType: 'thread',
    documentId,
    groupId,
    value: 'accepted',
    explanation: 'Done in the next draft.',
    answer,
    by: 'dg',
    at: 1_000,
    ...over,
  })

  it('records a disposition with its answering paragraph and reads it back', async () => {
    const { groupId } = await groupWithUser(suite.stores)
    const d = input(groupId, unique('d'))
    await suite.stores.dispositions.put(d)
    expect(await suite.stores.dispositions.get(d.targetId)).toEqual({
      targetId: d.targetId, targetType: 'thread', documentId: d.documentId, groupId, value: 'accepted', explanation: 'Done in the next draft.', answer,
      decidedBy: 'dg', decidedAt: 1_000, updatedBy: 'dg', updatedAt: 1_000,
    })
  })

  it('overwrites a disposition but keeps who decided it first, and records who changed it', async () => {
    const { groupId } = await groupWithUser(suite.stores)
    const d = input(groupId, unique('d'))
    await suite.stores.dispositions.put(d)
    await suite.stores.dispositions.put({ ...d, value: 'not-accepted', explanation: 'On reflection, no.', answer: null, by: 'chair', at: 2_000 })
    expect(await suite.stores.dispositions.get(d.targetId)).toMatchObject({ value: 'not-accepted', explanation: 'On reflection, no.', answer: null, decidedBy: 'dg', decidedAt: 1_000, updatedBy: 'chair', updatedAt: 2_000 })
  })

  it("lists one document's dispositions in the order they were first recorded, and removes one", async () => {
    const { groupId } = await groupWithUser(suite.stores)
    const documentId = unique('d')
    const later = input(groupId, documentId, { at: 3_000, targetType: 'proposal' })
    const earlier = input(groupId, documentId, { at: 2_000 })
    await suite.stores.dispositions.put(later)
    await suite.stores.dispositions.put(earlier)
    await suite.stores.dispositions.put(input(groupId, unique('other')))
    expect((await suite.stores.dispositions.listOf(documentId)).map((d) => [d.targetId, d.targetType])).toEqual([[earlier.targetId, 'thread'], [later.targetId, 'proposal']])
    expect(await suite.stores.dispositions.remove(earlier.targetId)).toBe(true)
    expect(await suite.stores.dispositions.remove(earlier.targetId)).toBe(false)
    expect((await suite.stores.dispositions.listOf(documentId)).map((d) => d.targetId)).toEqual([later.targetId])
  })

  it('refuses a value outside the four, whatever writes to the table', async () => {
    const { groupId } = await groupWithUser(suite.stores)
    await expect(suite.stores.dispositions.put(input(groupId, unique('d'), { value: 'rejected' as never }))).rejects.toThrow()
  })

  it('writes inside the transactions the other stores share', async () => {
    const { groupId } = await groupWithUser(suite.stores)
    const d = input(groupId, unique('d'))
    await expect(
      suite.stores.dispositions.transaction(async () => {
        await suite.stores.dispositions.put(d)
        throw new Error('abandoned')
      }),
    ).rejects.toThrow('abandoned')
    expect(await suite.stores.dispositions.get(d.targetId)).toBeUndefined()
  })
})
