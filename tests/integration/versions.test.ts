import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { anchorOn, deletePhrase, insertNear } from '../helpers/anchors.js'
import { api } from '../helpers/http.js'
import { openEvents } from '../helpers/sse.js'
import { waitFor } from '../helpers/waitFor.js'
import type { TestServer } from '../helpers/testServer.js'
import type { CompareResult, VersionContent, VersionSummary } from '../../shared/versions/types.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { copyOfDgResponse } from '../helpers/documentCopy.js'

type Who = 'chair' | 'swiss' | 'brazil' | 'dg' | 'observer' | 'outsider'

function harness(suite: { server: TestServer }) {
  const clients: YClient[] = []
  const as = (who: Who) => ({ token: suite.server.people[who].token })
  return {
    call: (who: Who, method: string, path: string, body?: unknown) => api(suite.server.url, method, path, { as: as(who), body }),
    async client(who: Who, docId: string) {
      const c = connectClient(suite.server.wsUrl, docId, { token: suite.server.people[who].token })
      clients.push(c)
      await c.synced
      return c
    },
    /** Waits until the server's copy has everything the client sent (its state vector matches). */
    async stored(c: YClient, docId: string) {
      await waitFor(() => {
        const room = suite.server.rooms.peek(docId)!
        expect(Buffer.from(Y.encodeStateVector(room.doc))).toEqual(Buffer.from(Y.encodeStateVector(c.doc)))
      })
      await suite.server.rooms.flush()
    },
    closeAll() {
      for (const c of clients.splice(0)) c.destroy()
    },
  }
}

describe('versions: save, list, open, compare with attribution, restore', () => {
  // Compacting every 4 updates folds the attribution of deletions into its table during the tests.
  const suite = serverSuite({ COMPACT_AFTER_UPDATES: 4 })
  const h = harness(suite)

  it('lets the chair and the DG office save named versions; lists them newest first with their author', async () => {
    const docId = await copyOfDgResponse(suite.server)
    const observerStream = await openEvents(suite.server.url, suite.server.people.observer.token)
    const outsiderStream = await openEvents(suite.server.url, suite.server.people.outsider.token)
    const first = await h.call('chair', 'POST', `/api/documents/${docId}/versions`, { name: 'As presented at the 105th Session' })
    expect(first.status).toBe(201)
    // Everyone who may read the document hears of it at once; others do not.
    await waitFor(() => expect(observerStream.events.find((e) => e.event === 'version')?.data).toMatchObject({ id: first.json.id, name: 'As presented at the 105th Session' }))
    expect(outsiderStream.raw()).not.toContain('As presented at the 105th Session')
    observerStream.close()
    outsiderStream.close()
    const second = await h.call('dg', 'POST', `/api/documents/${docId}/versions`, { name: 'DG office draft' })
    expect(second.status).toBe(201)
    for (const who of ['swiss', 'observer'] as const) expect((await h.call(who, 'POST', `/api/documents/${docId}/versions`, { name: 'x' })).status).toBe(403)
    expect((await h.call('outsider', 'GET', `/api/documents/${docId}/versions`)).status).toBe(403)
    expect((await h.call('chair', 'POST', `/api/documents/${docId}/versions`, { name: '  ' })).status).toBe(400)
    expect((await h.call('chair', 'POST', `/api/documents/nope/versions`, { name: 'x' })).status).toBe(404)

    const list = (await h.call('observer', 'GET', `/api/documents/${docId}/versions`)).json as VersionSummary[]
    expect(list.map((v) => v.name)).toEqual(['DG office draft', 'As presented at the 105th Session'])
    expect(list[1]).toMatchObject({ kind: 'named', createdBy: { name: 'Elena Chair', delegation: 'Italy' } })

    const opened = (await h.call('observer', 'GET', `/api/documents/${docId}/versions/${first.json.id}`)).json as VersionContent
    expect(opened.text).toContain('8. I would provide regular feedback')
    expect(opened.text).toContain('(b) The resolution, as currently drafted')
    expect((opened.content as { type: string }).type).toBe('doc')
    expect((await h.call('swiss', 'GET', `/api/documents/${docId}/versions/unknown`)).status).toBe(404)
    // Exports of the version as it was.
    const md = await fetch(`${suite.server.url}/api/documents/${docId}/versions/${first.json.id}/export.md`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })
    expect(md.headers.get('content-disposition')).toContain('filename="DG response (copy) (As presented at the 105th Session).md"')
    expect(await md.text()).toMatch(/^8\\\. I would provide regular feedback/m)
    const docx = await fetch(`${suite.server.url}/api/documents/${docId}/versions/${first.json.id}/export.docx`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect((await docx.arrayBuffer()).byteLength).toBeGreaterThan(5000)
    expect((await h.call('outsider', 'GET', `/api/documents/${docId}/versions/${first.json.id}/export.md`)).status).toBe(403)
    // A version id of another document is unknown here.
    const other = await copyOfDgResponse(suite.server)
    expect((await h.call('swiss', 'GET', `/api/documents/${other}/versions/${first.json.id}`)).status).toBe(404)
  })

  it('compares a version with now: insertions and deletions by numbered paragraph, credited to the user who sent them', async () => {
    const docId = await copyOfDgResponse(suite.server)
    const saved = (await h.call('chair', 'POST', `/api/documents/${docId}/versions`, { name: 'Before the session' })).json as VersionSummary
    const swiss = await h.client('swiss', docId)
    const brazil = await h.client('brazil', docId)
    insertNear(swiss.doc, 'risks the marginalization of IOM', 'risks the marginalization of IOM'.length, ' [Swiss amendment]')
    deletePhrase(brazil.doc, 'ultimately, ')
    // More edits than COMPACT_AFTER_UPDATES, so some attribution has been folded by compaction.
    for (let i = 0; i < 6; i++) insertNear(swiss.doc, 'I would provide regular feedback', 0, '*')
    await waitFor(() => expect(brazil.doc.getXmlFragment('default').toString()).toContain('******I would'))
    deletePhrase(brazil.doc, '******')
    await h.stored(swiss, docId)
    await h.stored(brazil, docId)

    const res = await h.call('observer', 'GET', `/api/documents/${docId}/compare?from=${saved.id}&to=now`)
    expect(res.status).toBe(200)
    const result = res.json as CompareResult
    const swissId = suite.server.people.swiss.user.id
    const brazilId = suite.server.people.brazil.user.id
    const para6b = result.blocks.find((b) => b.ref === '6(b)')!
    expect(para6b).toMatchObject({ label: '(b)', status: 'changed' })
    expect(para6b.segments).toContainEqual({ text: '[Swiss amendment] ', change: 'inserted', by: swissId })
    const para5b = result.blocks.find((b) => b.ref === '5(b)')!
    expect(para5b.segments).toContainEqual({ text: 'ultimately, ', change: 'deleted', by: brazilId })
    // Six stars typed by one person and deleted by another leave nothing to show in paragraph 8.
    expect(result.blocks.find((b) => b.ref === '8')!.status).toBe('same')
    expect(result.blocks.filter((b) => b.status !== 'same').map((b) => b.ref)).toEqual(['5(b)', '6(b)'])
    expect(result.authors).toEqual([
      { id: brazilId, name: 'Ana Brazil', delegation: 'Brazil', inserted: 0, deleted: 'ultimately, '.length },
      { id: swissId, name: 'Lukas Swiss', delegation: 'Switzerland', inserted: ' [Swiss amendment]'.length, deleted: 0 },
    ])
    expect(result.unattributed).toEqual({ inserted: 0, deleted: 0 })

    // The same comparison between two saved versions, given in either order.
    const later = (await h.call('dg', 'POST', `/api/documents/${docId}/versions`, { name: 'After' })).json as VersionSummary
    const between = (await h.call('swiss', 'GET', `/api/documents/${docId}/compare?from=${later.id}&to=${saved.id}`)).json as CompareResult
    expect(between.from.id).toBe(saved.id)
    expect(between.to!.id).toBe(later.id)
    expect(between.blocks).toEqual(result.blocks)
    expect((await h.call('swiss', 'GET', `/api/documents/${docId}/compare`)).status).toBe(400)
    expect((await h.call('swiss', 'GET', `/api/documents/${docId}/compare?from=nope`)).status).toBe(404)
    h.closeAll()
  })

  it('credits neighbouring deletions by two people each to the right person', async () => {
    const docId = await copyOfDgResponse(suite.server)
    const saved = (await h.call('chair', 'POST', `/api/documents/${docId}/versions`, { name: 'Before' })).json as VersionSummary
    const swiss = await h.client('swiss', docId)
    const brazil = await h.client('brazil', docId)
    deletePhrase(swiss.doc, 'therefore, ')
    await waitFor(() => expect(brazil.doc.getXmlFragment('default').toString()).toContain('my position, is one of strict neutrality'))
    deletePhrase(brazil.doc, 'is one of strict ')
    // Deletions do not move the state vector: wait for the text itself on the server.
    await waitFor(() => expect(suite.server.rooms.peek(docId)!.doc.getXmlFragment('default').toString()).toContain('my position, neutrality'))
    await suite.server.rooms.flush()
    const result = (await h.call('chair', 'GET', `/api/documents/${docId}/compare?from=${saved.id}&to=now`)).json as CompareResult
    const changes = result.blocks.find((b) => b.ref === '5(a)')!.segments.filter((s) => s.change !== 'same')
    expect(changes).toEqual([
      { text: 'therefore, ', change: 'deleted', by: suite.server.people.swiss.user.id },
      { text: 'is one of strict ', change: 'deleted', by: suite.server.people.brazil.user.id },
    ])
    h.closeAll()
  })

  it('refuses an update that claims another user’s Yjs client id (4409) and keeps serving everyone else', async () => {
    const docId = await copyOfDgResponse(suite.server)
    const swiss = await h.client('swiss', docId)
    insertNear(swiss.doc, 'I would provide regular feedback', 0, 'Swiss: ')
    await h.stored(swiss, docId)
    // Brazil's client pretends to be Swiss' client id to put words in Switzerland's name.
    const forged = new Y.Doc()
    const impostor = connectClient(suite.server.wsUrl, docId, { token: suite.server.people.brazil.token, doc: forged })
    const closed = new Promise<number>((resolve) => impostor.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)))
    await impostor.synced
    // After syncing, the copy has Swiss' items; taking Swiss' client id makes the next insert continue Swiss' clock.
    const ownClientId = forged.clientID
    forged.clientID = swiss.doc.clientID
    insertNear(forged, 'I would provide regular feedback', 0, 'FORGED ')
    expect(await closed).toBe(CloseCodes.foreignAuthor.code)
    forged.clientID = ownClientId
    impostor.destroy()
    const content = await h.call('chair', 'GET', `/api/documents/${docId}/content`)
    expect(content.json.text).not.toContain('FORGED')
    // The real Swiss client still edits.
    insertNear(swiss.doc, 'I would provide regular feedback', 0, 'Still here. ')
    await h.stored(swiss, docId)
    expect((await h.call('chair', 'GET', `/api/documents/${docId}/content`)).json.text).toContain('Swiss: Still here. I would provide')
    h.closeAll()
  })

  it('lets only the chair restore; the restore is a new change, keeps the state before it, and comments on kept passages stay anchored', async () => {
    const docId = await copyOfDgResponse(suite.server)
    const original = (await h.call('dg', 'POST', `/api/documents/${docId}/versions`, { name: 'Original' })).json as VersionSummary
    const swiss = await h.client('swiss', docId)
    deletePhrase(swiss.doc, 'ultimately, ')
    insertNear(swiss.doc, 'I would provide regular feedback', 0, 'NEW TEXT ')
    await h.stored(swiss, docId)
    // A comment made after the version, on a passage the version also has.
    const thread = await h.call('brazil', 'POST', `/api/documents/${docId}/threads`, { anchor: anchorOn(swiss.doc, 'strongest position possible'), body: 'Keep this.' })
    expect(thread.status).toBe(201)

    for (const who of ['swiss', 'dg', 'observer'] as const) expect((await h.call(who, 'POST', `/api/documents/${docId}/versions/${original.id}/restore`)).status).toBe(403)
    expect((await h.call('chair', 'POST', `/api/documents/${docId}/versions/nope/restore`)).status).toBe(404)
    const restored = await h.call('chair', 'POST', `/api/documents/${docId}/versions/${original.id}/restore`)
    expect(restored.status).toBe(200)

    const now = (await h.call('chair', 'GET', `/api/documents/${docId}/content`)).json.text as string
    const then = ((await h.call('chair', 'GET', `/api/documents/${docId}/versions/${original.id}`)).json as VersionContent).text
    expect(now).toBe(then)
    // Connected editors received the restore live.
    await waitFor(() => expect(swiss.doc.getXmlFragment('default').toString()).toContain('ultimately, '))
    expect(swiss.doc.getXmlFragment('default').toString()).not.toContain('NEW TEXT')

    const list = (await h.call('chair', 'GET', `/api/documents/${docId}/versions`)).json as VersionSummary[]
    const before = list.find((v) => v.kind === 'restore')!
    expect(before.name).toBe('Before restoring “Original”')
    expect(((await h.call('chair', 'GET', `/api/documents/${docId}/versions/${before.id}`)).json as VersionContent).text).toContain('NEW TEXT')
    // The restore is credited to the chair.
    const diff = (await h.call('chair', 'GET', `/api/documents/${docId}/compare?from=${before.id}&to=now`)).json as CompareResult
    expect(diff.authors.map((a) => a.name)).toEqual(['Elena Chair'])
    expect(diff.blocks.find((b) => b.ref === '5(b)')!.segments).toContainEqual({ text: 'ultimately, ', change: 'inserted', by: suite.server.people.chair.user.id })

    const threads = (await h.call('brazil', 'GET', `/api/documents/${docId}/threads`)).json
    const kept = (threads.threads ?? threads).find((t: { id: string }) => t.id === thread.json.id)
    expect(kept).toMatchObject({ quote: { exact: 'strongest position possible' }, anchorState: 'anchored' })
    expect(kept.paraRef).toBe('5(d)')
    h.closeAll()
  })

  it('keeps an automatic version when the last editor leaves, naming who edited', async () => {
    const docId = await copyOfDgResponse(suite.server)
    const reader = await h.client('observer', docId)
    const swiss = await h.client('swiss', docId)
    const autoVersions = async () => ((await h.call('chair', 'GET', `/api/documents/${docId}/versions`)).json as VersionSummary[]).filter((v) => v.kind === 'auto')
    // Several separately stored edits within the hour: one automatic version (the first stored update
    // of the session keeps one, as the interval since "never" has passed), not one per edit.
    for (const word of ['Edited. ', 'Again. ', 'Once more. ']) {
      insertNear(swiss.doc, 'I would provide regular feedback', 0, word)
      await h.stored(swiss, docId)
    }
    expect(await autoVersions()).toHaveLength(1)
    swiss.destroy()
    // The last editor leaving keeps one more (the observer still reading does not count).
    const auto = await waitFor(async () => {
      const versions = await autoVersions()
      expect(versions).toHaveLength(2)
      return versions
    })
    expect(auto[0]).toMatchObject({ createdBy: null, name: 'Automatic version' })
    expect(auto.flatMap((v) => v.editors.map((e) => e.name))).toContain('Lukas Swiss')
    const latest = (await h.call('chair', 'GET', `/api/documents/${docId}/versions/${auto[0].id}`)).json as VersionContent
    expect(latest.text).toContain('Edited. Again. Once more. I would provide')
    reader.destroy()
    h.closeAll()
  })
})

describe('automatic versions are pruned', () => {
  const suite = serverSuite({ AUTO_VERSION_INTERVAL_MS: 0, MAX_AUTO_VERSIONS: 3 })
  const h = harness(suite)

  it('keeps at most MAX_AUTO_VERSIONS automatic versions per document, and every named one', async () => {
    const docId = await copyOfDgResponse(suite.server)
    await h.call('chair', 'POST', `/api/documents/${docId}/versions`, { name: 'Named' })
    const swiss = await h.client('swiss', docId)
    for (let i = 0; i < 6; i++) {
      insertNear(swiss.doc, 'I would provide regular feedback', 0, `${i}`)
      await h.stored(swiss, docId)
    }
    const list = (await h.call('chair', 'GET', `/api/documents/${docId}/versions`)).json as VersionSummary[]
    expect(list.filter((v) => v.kind === 'auto')).toHaveLength(3)
    expect(list.filter((v) => v.kind === 'named').map((v) => v.name)).toEqual(['Named'])
    h.closeAll()
  })
})
