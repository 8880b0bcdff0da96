import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStores } from '../../server/persistence/sqlite/openSqliteStores.js'
import { FeedSequencer } from '../../server/events/FeedSequencer.js'
import type { ChangeEvent } from '../../server/events/ChangeFeed.js'
import { removeDataDir, tempDataDir } from '../helpers/testServer.js'
import { waitFor } from '../helpers/waitFor.js'

describe('FeedSequencer on a real change feed', () => {
  const dir = tempDataDir()
  const stores = openSqliteStores(dir, { synchronous: 'NORMAL' })
  const feed = stores.changeFeed
  let events: ChangeEvent[] = []
  beforeAll(async () => {
    for (let i = 0; i < 10; i++) {
      const seq = await feed.append('g', 'thread', `t${i}`, null)
      events.push({ seq, groupId: 'g', kind: 'thread', entityId: `t${i}`, userId: null })
    }
  })
  afterAll(() => {
    stores.close()
    removeDataDir(dir)
  })

  it('delivers events published out of order in sequence order, each once', () => {
    const delivered: number[] = []
    const s = new FeedSequencer(feed, 0, (e) => delivered.push(e.seq), (e) => { throw e })
    for (const i of [2, 0, 1, 1, 4, 3, 0]) s.accept(events[i])
    expect(delivered).toEqual([1, 2, 3, 4, 5])
    s.close()
  })

  it('reads events that never arrived from the feed, then delivers those that waited behind them', async () => {
    const delivered: string[] = []
    const s = new FeedSequencer(feed, 0, (e) => delivered.push(e.entityId), (e) => { throw e })
    s.accept(events[0])
    s.accept(events[6])
    s.accept(events[9])
    expect(delivered).toEqual(['t0'])
    await waitFor(() => expect(delivered).toEqual(events.map((e) => e.entityId)))
    s.close()
  })
})
