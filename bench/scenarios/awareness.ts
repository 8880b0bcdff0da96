import type { BenchServer } from '../servers.js'
import { cpuMeter } from '../servers.js'
import { connectMany } from '../client.js'
import { now, sleep, stopTimers, summarize } from '../stats.js'

/** Every client moves its cursor twice a second; each measures when it sees every other cursor. */
export async function awarenessStorm(server: BenchServer, clientsCount: number, options: { seconds: number; perSecond?: number }) {
  const perSecond = options.perSecond ?? 2
  const clients = await connectMany(server, () => 'awareness', clientsCount)
  const sentAt = new Map<string, number>()
  const lastSent = new Map<number, number>()
  const latencies: number[] = []
  const lastSeen = clients.map(() => new Map<number, number>())
  clients.forEach((c, i) => {
    c.onAwareness = (entries) => {
      const t = now()
      for (const { clientId, clock } of entries) {
        const at = sentAt.get(`${clientId}:${clock}`)
        if (at !== undefined && clientId !== c.awarenessId) latencies.push(t - at)
        lastSeen[i].set(clientId, Math.max(clock, lastSeen[i].get(clientId) ?? 0))
      }
    }
  })
  const meter = cpuMeter(server.pid)
  const timers: NodeJS.Timeout[] = []
  for (const c of clients) {
    timers.push(
      setTimeout(() => {
        const tick = () => {
          const clock = c.sendCursor(Math.floor(Math.random() * 1000))
          sentAt.set(`${c.awarenessId}:${clock}`, now())
          lastSent.set(c.awarenessId, clock)
        }
        tick()
        timers.push(setInterval(tick, 1000 / perSecond))
      }, Math.random() * (1000 / perSecond)),
    )
  }
  await sleep(options.seconds * 1000)
  stopTimers(timers)
  await sleep(1500)
  const cpu = meter()
  // Did every client end up with every other client's latest cursor?
  let pairs = 0
  let complete = 0
  clients.forEach((c, i) => {
    for (const [id, clock] of lastSent) {
      if (id === c.awarenessId) continue
      pairs++
      if ((lastSeen[i].get(id) ?? 0) >= clock) complete++
    }
  })
  for (const c of clients) c.terminate()
  return { clients: clientsCount, updates: sentAt.size, latency: summarize(latencies), completeness: pairs ? complete / pairs : 0, cpu }
}
