import * as Y from 'yjs'
import { pgCommits, startPlenaryCluster } from '../clusterServers.js'
import { rssBytes } from '../servers.js'
import { connectMany } from '../client.js'
import { fanout } from './fanout.js'
import { now, sleep } from '../stats.js'
import { bodyText } from '../../tests/helpers/bodyText.js'

/**
 * The fan-out on PostgreSQL: `clients` on one document spread evenly over `nodes` nodes (one node:
 * the same load without Redis, the baseline), with PostgreSQL's commits per second over the run
 * and whether the document rebuilt from PostgreSQL is what every writer ended with.
 */
export async function clusterFanout(nodes: number, clients: number, seconds: number) {
  const cluster = await startPlenaryCluster(nodes, ['fanout'])
  try {
    // PostgreSQL's commits while the writers type (and their last edits settle), not while 600 clients connect.
    let commitsPerSecond = NaN
    const r = await fanout(cluster.nodes, clients, {
      seconds,
      measure: async () => {
        const before = await pgCommits()
        const started = now()
        return async () => {
          // PostgreSQL publishes other backends' counts within a second of their commits.
          await sleep(1000)
          commitsPerSecond = ((await pgCommits()) - before) / ((now() - started) / 1000)
        }
      },
    })
    const stored = await cluster.storedDoc('fanout')
    const doc = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const u of stored.updates) Y.applyUpdate(doc, u)
    return { ...r, commitsPerSecond, storedMatches: bodyText(doc) === r.text }
  } finally {
    await cluster.stop()
  }
}

/** Idle connections over many documents spread over the nodes: how long until all are synced, and memory per node. */
export async function clusterIdle(nodes: number, connections: number, docs: number) {
  const names = Array.from({ length: docs }, (_, i) => `idle-${i}`)
  const cluster = await startPlenaryCluster(nodes, names)
  try {
    await sleep(1000)
    const before = cluster.nodes.map((n) => rssBytes(n.pid))
    const started = now()
    const clients = await connectMany(cluster.nodes, (i) => names[i % docs], connections, { batch: 250 })
    const syncedMs = now() - started
    const synced = clients.filter((c) => c.isSynced).length
    await sleep(2000)
    const after = cluster.nodes.map((n) => rssBytes(n.pid))
    for (const c of clients) c.close()
    const perNodeMiB = after.map((b) => b / 2 ** 20)
    const total = after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)
    return { connections, docs, synced, syncedMs, perNodeMiB, perConnectionKiB: total / connections / 1024 }
  } finally {
    await cluster.stop()
  }
}
