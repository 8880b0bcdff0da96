import type { BenchServer } from '../servers.js'
import { BenchClient, connectMany } from '../client.js'
import { now, sleep, summarize } from '../stats.js'

async function documentLoads(server: BenchServer): Promise<number | null> {
  if (server.kind !== 'plenary') return null
  const health = await fetch(`http://127.0.0.1:${server.port}/healthz`).then((r) => r.json())
  return health.documentLoads
}

/**
 * 1,000 clients over 50 documents connect at once (each document must load once), then all drop
 * and reconnect within 5 s: time from each reconnect to synced.
 */
export async function reconnectStorm(server: BenchServer, options: { clients: number; docs: number; windowMs: number }) {
  const docFor = (i: number) => `storm-${i % options.docs}`
  const firstStart = now()
  const clients = await connectMany(server, docFor, options.clients, { batch: options.clients })
  const firstAll = now() - firstStart
  const loadsAfterFirst = await documentLoads(server)
  for (const c of clients) c.terminate()
  await sleep(500)
  const times: number[] = []
  const reconnected: BenchClient[] = []
  const start = now()
  await Promise.all(
    clients.map(
      (_, i) =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            const t0 = now()
            const c = new BenchClient(server, docFor(i))
            reconnected.push(c)
            const timeout = setTimeout(resolve, 30_000)
            void c.synced.then(() => {
              times.push(now() - t0)
              clearTimeout(timeout)
              resolve()
            })
          }, Math.random() * options.windowMs)
        }),
    ),
  )
  const allSynced = now() - start
  const loadsAfterStorm = await documentLoads(server)
  for (const c of reconnected) c.terminate()
  return { clients: options.clients, docs: options.docs, firstConnectAllMs: firstAll, loadsAfterFirst, loadsAfterStorm, synced: times.length, sync: summarize(times), allSyncedMs: allSynced }
}
