import { afterAll, describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'

/**
 * In a room of more people than CURSORS_SHOWN, the server sends everyone only the cursors that
 * moved most recently: a cursor pushed out disappears from everyone's view and comes back when
 * it moves again; a newcomer is sent only the shown ones; renewing an unchanged state does not
 * bring a hidden cursor back.
 */
describe('cursors shown in a crowded document', () => {
  const suite = serverSuite({ CURSORS_SHOWN: 2 })
  const clients: YClient[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))

  const join = async () => {
    const client = connectClient(suite.server.wsUrl, suite.server.docIds.chairReport, { token: suite.server.people.swiss.token })
    clients.push(client)
    await client.synced
    return client
  }
  const seenBy = (viewer: YClient) => new Set([...viewer.provider.awareness.getStates().keys()].filter((id) => id !== viewer.doc.clientID))
  const move = (client: YClient, anchor: number) => client.provider.awareness.setLocalStateField('cursor', { anchor })

  it('sends the most recently moved cursors only, and swaps them as people move', async () => {
    const observer = await join()
    const [a, b, c] = [await join(), await join(), await join()]
    move(a, 1)
    await waitFor(() => expect(observer.provider.awareness.getStates().get(a.doc.clientID)?.cursor).toEqual({ anchor: 1 }))
    move(b, 2)
    await waitFor(() => expect(observer.provider.awareness.getStates().get(b.doc.clientID)?.cursor).toEqual({ anchor: 2 }))
    move(c, 3)
    // c moved last and b before it: a, the oldest, is no longer shown to anyone.
    await waitFor(() => expect(seenBy(observer)).toEqual(new Set([b.doc.clientID, c.doc.clientID])))
    move(a, 4)
    await waitFor(() => expect(seenBy(observer)).toEqual(new Set([c.doc.clientID, a.doc.clientID])))
    expect(observer.provider.awareness.getStates().get(a.doc.clientID)?.cursor).toEqual({ anchor: 4 })

    // A newcomer is sent the shown cursors only.
    const newcomer = await join()
    await waitFor(() => expect(seenBy(newcomer).has(a.doc.clientID)).toBe(true))
    expect(seenBy(newcomer).has(b.doc.clientID)).toBe(false)

    // b renews its unchanged state (as clients do every 15 s): still not shown; moving shows it again.
    b.provider.awareness.setLocalState(b.provider.awareness.getLocalState())
    move(c, 5)
    await waitFor(() => expect(observer.provider.awareness.getStates().get(c.doc.clientID)?.cursor).toEqual({ anchor: 5 }))
    expect(seenBy(observer).has(b.doc.clientID)).toBe(false)
    move(b, 6)
    await waitFor(() => expect(observer.provider.awareness.getStates().get(b.doc.clientID)?.cursor).toEqual({ anchor: 6 }))
  })
})

describe('one person cannot take every shown place', () => {
  const suite = serverSuite({ CURSORS_SHOWN: 4 })
  const clients: YClient[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))

  it('keeps at most three of one person\'s cursors shown, however many connections move them, and never pushes out someone else for them', async () => {
    const { server } = suite
    const join = async (token: string) => {
      const client = connectClient(server.wsUrl, server.docIds.chairReport, { token })
      clients.push(client)
      await client.synced
      return client
    }
    const observer = await join(server.people.chair.token)
    const colleague = await join(server.people.swiss.token)
    colleague.provider.awareness.setLocalStateField('cursor', { anchor: 1 })
    await waitFor(() => expect(observer.provider.awareness.getStates().get(colleague.doc.clientID)?.cursor).toEqual({ anchor: 1 }))
    // Brazil opens six connections and moves a cursor in each, twice.
    const tabs = await Promise.all(Array.from({ length: 6 }, () => join(server.people.brazil.token)))
    for (const round of [1, 2]) {
      for (const [i, tab] of tabs.entries()) {
        tab.provider.awareness.setLocalStateField('cursor', { anchor: 10 * round + i })
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    const last = tabs[tabs.length - 1]
    await waitFor(() => expect(observer.provider.awareness.getStates().get(last.doc.clientID)?.cursor).toEqual({ anchor: 25 }))
    const brazilShown = tabs.filter((t) => observer.provider.awareness.getStates().has(t.doc.clientID))
    expect(brazilShown.length).toBeLessThanOrEqual(3)
    expect(observer.provider.awareness.getStates().get(colleague.doc.clientID)?.cursor).toEqual({ anchor: 1 })
  })
})

