import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../helpers/testServer.js'
import { rawSocket } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { appendText, bodyText } from '../helpers/bodyText.js'
import { api } from '../helpers/http.js'
import { openEvents } from '../helpers/sse.js'
import { anchorOn } from '../helpers/anchors.js'
import { commentStorm, expectEachOnceInOrder, expectResumedTail } from '../helpers/clusterEvents.js'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster.js'
import type { NodeProcess } from '../../scripts/cluster/startNode.js'
import { RoundRobinProxy } from '../../scripts/cluster/RoundRobinProxy.js'

/**
 * Three Plenary nodes as separate processes on one PostgreSQL schema and the real Redis, behind the
 * round-robin load balancer `npm run cluster` uses. The people and documents are made by an
 * in-process server on the same schema, stopped before the nodes start.
 */
describe('a cluster of three nodes on PostgreSQL and Redis', () => {
  let cluster: PgCluster
  let seed: TestServer
  let nodes: NodeProcess[]
  let proxy: RoundRobinProxy
  let lbWs: string
  const docId = () => seed.docIds.dgResponse
  const connect = (wsUrl: string, token: string) => cluster.connect(wsUrl, token)
  const storedText = () => cluster.storedText()

  beforeAll(async () => {
    cluster = await startPgCluster(3)
    ;({ seed, nodes } = cluster)
    proxy = new RoundRobinProxy(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })))
    lbWs = `ws://127.0.0.1:${await proxy.listen()}/collab`
  }, 60_000)
  afterAll(async () => {
    await proxy?.close()
    await cluster?.close()
  })

  it('converges: clients spread over the nodes edit at once, and every client and the document rebuilt from PostgreSQL agree', async () => {
    const people = [seed.people.swiss, seed.people.brazil, seed.people.dg, seed.people.chair, seed.people.swiss, seed.people.brazil]
    const editors = people.map((p) => connect(lbWs, p.token))
    await Promise.all(editors.map((c) => c.synced))
    for (let round = 0; round < 10; round++) {
      editors.forEach((c, i) => appendText(c.doc, ` c${i}.${round}`))
      await new Promise((r) => setTimeout(r, 20))
    }
    await waitFor(
      async () => {
        const texts = editors.map((c) => bodyText(c.doc))
        expect(new Set(texts).size).toBe(1)
        expect(await storedText()).toBe(texts[0])
      },
      { timeout: 15_000, interval: 200 },
    )
    for (let i = 0; i < editors.length; i++) for (let round = 0; round < 10; round++) expect(bodyText(editors[0].doc)).toContain(` c${i}.${round}`)
  })

  it('gives 150 concurrent comment writers’ changes to every stream on every node exactly once, in order, and a stream resumed on another node exactly the tail', async () => {
    const reader = connect(lbWs, seed.people.swiss.token)
    await reader.synced
    const streams = await Promise.all(nodes.map((n) => openEvents(n.url, seed.people.chair.token)))
    try {
      const anchor = anchorOn(reader.doc, 'Working Group on Budget Reform')
      const ids = await commentStorm({ urls: nodes.map((n) => n.url), token: seed.people.swiss.token, docId: docId(), anchor, count: 150 })
      await expectEachOnceInOrder(streams, ids)
      const resumed = await expectResumedTail(streams[0], nodes[2].url, seed.people.chair.token)
      resumed.close()
    } finally {
      for (const s of streams) s.close()
    }
  })

  it('loses nothing anyone saw when a node is killed (kill -9) mid-burst: its clients reconnect through the balancer to the others', async () => {
    const people = [seed.people.swiss, seed.people.brazil, seed.people.dg]
    const editors = people.map((p) => connect(lbWs, p.token))
    await Promise.all(editors.map((c) => c.synced))
    const seen = new Set<string>()
    const burst = async (from: number, to: number) => {
      for (let round = from; round < to; round++) {
        editors.forEach((c, i) => appendText(c.doc, ` k${i}.${round}`))
        for (const c of editors) for (const m of bodyText(c.doc).matchAll(/ k\d\.\d+/g)) seen.add(m[0])
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    await burst(0, 10)
    const victim = nodes[1]
    victim.process.kill('SIGKILL')
    await victim.exited
    await burst(10, 20)
    await waitFor(
      async () => {
        const texts = editors.map((c) => bodyText(c.doc))
        expect(new Set(texts).size).toBe(1)
        expect(await storedText()).toBe(texts[0])
      },
      { timeout: 20_000, interval: 250 },
    )
    const final = await storedText()
    for (const token of seen) expect(final).toContain(token)
  })

  it('closes, within a second, a connection on one node after the chair changes its owner’s role through another', async () => {
    const live = nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null)
    const [a, c] = [live[0], live[live.length - 1]]
    const ws = rawSocket(`${c.url.replace(/^http/, 'ws')}/collab/${docId()}`, seed.people.brazil.token)
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    const changed = await api(a.url, 'PUT', `/api/groups/iom-un-relations/members/${seed.people.brazil.user.id}`, {
      as: { token: seed.people.chair.token },
      body: { role: 'observer', delegation: 'Brazil' },
    })
    expect(changed.status).toBe(200)
    expect(await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still open after 1 s'), 1000))])).toBe(4511)
  })
  it('removes the cursors of a dead node’s clients from the others’ (a node killed cannot say they left)', async () => {
    const live = nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null)
    const [stays, dies] = [live[0], live[live.length - 1]]
    expect(stays).not.toBe(dies)
    const watcher = connect(`${stays.url.replace(/^http/, 'ws')}/collab`, seed.people.chair.token)
    // Connected to the node itself, not through the balancer: once the node is gone it stays away.
    const doomed = connect(`${dies.url.replace(/^http/, 'ws')}/collab`, seed.people.dg.token)
    await Promise.all([watcher.synced, doomed.synced])
    doomed.provider.awareness.setLocalStateField('cursor', { at: 3 })
    await waitFor(() => expect(watcher.provider.awareness.getStates().get(doomed.doc.clientID)?.cursor).toEqual({ at: 3 }))
    dies.process.kill('SIGKILL')
    await dies.exited
    // CLUSTER_NODE_TIMEOUT_MS is 1.5 s here (15 s by default, within the 30 s the issue allows).
    await waitFor(() => expect(watcher.provider.awareness.getStates().has(doomed.doc.clientID)).toBe(false), { timeout: 10_000 })
  })
})
