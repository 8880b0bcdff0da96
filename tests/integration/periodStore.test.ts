import { describe, expect, it } from 'vitest'
import { STORE_ADAPTERS, groupWithUser, storeSuite, unique } from '../helpers/storeAdapters.js'
import type { PeriodRecord } from '../../server/periods/PeriodStore.js'

describe.each(STORE_ADAPTERS)('comment period store on $name', (adapter) => {
  const suite = storeSuite(adapter)
  const newPeriod = async (over: Partial<PeriodRecord> = {}): Promise<PeriodRecord> => {
    const { groupId, userId } = await groupWithUser(suite.stores)
    const period: PeriodRecord = { id: unique('p'), documentId: unique('d'), groupId, round: 'First reading', closesAt: Date.now() - 1_000, state: 'open', openedAt: Date.now() - 5_000, openedBy: userId, ...over }
    await suite.stores.periods.insert(period)
    return period
  }

  it('keeps periods per document, newest as the current round, and lists the open ones', async () => {
    const { periods } = suite.stores
    const first = await newPeriod()
    const second: PeriodRecord = { ...first, id: unique('p'), round: 'Second reading', openedAt: first.openedAt + 1 }
    await periods.insert(second)
    expect(await periods.get(first.id)).toEqual(first)
    expect(await periods.latest(first.documentId)).toEqual(second)
    expect((await periods.list(first.documentId)).map((p) => p.round)).toEqual(['First reading', 'Second reading'])
    expect((await periods.listOpen()).map((p) => p.id)).toEqual(expect.arrayContaining([first.id, second.id]))
    expect(await periods.latest('no-such-document')).toBeUndefined()
  })

  it('claims a due close exactly once among concurrent claimers, and never after an extension', async () => {
    const { periods } = suite.stores
    const due = await newPeriod()
    const claims = await Promise.all(Array.from({ length: 8 }, () => periods.transaction(() => periods.claimClose(due.id, due.closesAt, Date.now()))))
    expect(claims.filter(Boolean)).toHaveLength(1)
    expect((await periods.get(due.id))!.state).toBe('closed')

    const extended = await newPeriod()
    expect(await periods.reschedule(extended.id, extended, extended.closesAt + 3_600_000)).toBe(true)
    // A node that read the old closing time cannot close it, nor reschedule from the old state.
    expect(await periods.claimClose(extended.id, extended.closesAt, Date.now())).toBe(false)
    expect(await periods.reschedule(extended.id, extended, extended.closesAt + 60_000)).toBe(false)
    // Not due yet: no claim.
    expect(await periods.claimClose(extended.id, extended.closesAt + 3_600_000, Date.now())).toBe(false)
    expect(await periods.get(extended.id)).toMatchObject({ state: 'open', closesAt: extended.closesAt + 3_600_000 })

    // A closed period reopens from its closed state.
    expect(await periods.reschedule(due.id, { state: 'closed', closesAt: due.closesAt }, due.closesAt + 60_000)).toBe(true)
    expect(await periods.get(due.id)).toMatchObject({ state: 'open', closesAt: due.closesAt + 60_000 })
  })

  it('logs changes in order and keeps each frozen compilation byte for byte', async () => {
    const { periods } = suite.stores
    const p = await newPeriod()
    await periods.addChange({ periodId: p.id, kind: 'open', at: 10, by: p.openedBy, from: null, to: 100 })
    await periods.addChange({ periodId: p.id, kind: 'extend', at: 10, by: p.openedBy, from: 100, to: 200 })
    await periods.addChange({ periodId: p.id, kind: 'close', at: 11, by: null, from: 200, to: 200 })
    expect(await periods.changes(p.id)).toEqual([
      { periodId: p.id, kind: 'open', at: 10, by: p.openedBy, from: null, to: 100 },
      { periodId: p.id, kind: 'extend', at: 10, by: p.openedBy, from: 100, to: 200 },
      { periodId: p.id, kind: 'close', at: 11, by: null, from: 200, to: 200 },
    ])
    const docx = new Uint8Array([0x50, 0x4b, 0, 255, 7])
    await periods.saveCompilation({ periodId: p.id, n: 1, closedAt: 200, versionId: 'v1', csv: 'Paragraph,Comment\n"6(b)","é ✓"\n', docx })
    await periods.saveCompilation({ periodId: p.id, n: 2, closedAt: 300, versionId: null, csv: 'second', docx: new Uint8Array([1]) })
    expect(await periods.compilations(p.id)).toEqual([
      { periodId: p.id, n: 1, closedAt: 200, versionId: 'v1' },
      { periodId: p.id, n: 2, closedAt: 300, versionId: null },
    ])
    expect(await periods.compilation(p.id, 1)).toEqual({ periodId: p.id, n: 1, closedAt: 200, versionId: 'v1', csv: 'Paragraph,Comment\n"6(b)","é ✓"\n', docx })
    expect(await periods.compilation(p.id, 3)).toBeUndefined()
    await expect(periods.saveCompilation({ periodId: p.id, n: 1, closedAt: 1, versionId: null, csv: '', docx: new Uint8Array() })).rejects.toThrow()
  })
})
