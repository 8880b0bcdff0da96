import type { BenchServer } from '../servers.js'
import { rssBytes } from '../servers.js'
import { connectMany } from '../client.js'
import { sleep } from '../stats.js'

/**
 * RSS as the median of five readings 500 ms apart: one reading depends on where the process is
 * between two garbage collections, which moved the per-connection figure by ±1 KiB between runs.
 */
async function steadyRss(pid: number): Promise<number> {
  const readings: number[] = []
  for (let i = 0; i < 5; i++) {
    if (i) await sleep(500)
    readings.push(rssBytes(pid))
  }
  return readings.sort((a, b) => a - b)[2]
}

/**
 * 5,000 idle connections over 1,000 documents, twice: memory per connection, and whether it comes
 * back, settleMs after everyone left and again laterMs after that.
 */
export async function idleMemory(server: BenchServer, options: { connections: number; docs: number; settleMs: number; laterMs: number }) {
  await sleep(1000)
  const base = await steadyRss(server.pid)
  const crowd = async () => {
    const clients = await connectMany(server, (i) => `idle-${i % options.docs}`, options.connections, { batch: 250 })
    const synced = clients.filter((c) => !c.closed).length
    await sleep(1000)
    const loaded = await steadyRss(server.pid)
    for (const c of clients) c.close()
    await sleep(options.settleMs)
    const soon = rssBytes(server.pid)
    // V8 gives heap pages back in idle-time collections over the following seconds.
    await sleep(options.laterMs)
    return { synced, loaded, soon, after: rssBytes(server.pid) }
  }
  const { synced, loaded, soon, after } = await crowd()
  // The same crowd again: memory that is reused, not leaked, does not grow a second time.
  const second = await crowd()
  return {
    afterSecondMiB: second.after / 2 ** 20,
    connections: options.connections,
    synced,
    baseMiB: base / 2 ** 20,
    loadedMiB: loaded / 2 ** 20,
    soonMiB: soon / 2 ** 20,
    afterMiB: after / 2 ** 20,
    perConnectionKiB: (loaded - base) / options.connections / 1024,
    returnedWithinPercent: ((after - base) / base) * 100,
  }
}
