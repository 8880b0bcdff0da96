import { connectMany } from './client.js'
import type { BenchServer, ServerKind } from './servers.js'

/**
 * One process of the load generator's readers (see scenarios/crowd.ts), started with fork(): it opens
 * its share of the clients on the document, and records when each edit reaches each of them. An
 * edit's token carries the time it was typed on the system's monotonic clock (process.hrtime, one
 * clock for every process of this machine; performance.timeOrigin + now() is not: each process
 * fixes its origin from the wall clock when it starts, and this machine's wall clock drifts from the
 * monotonic one by up to 5 ms a second), so no reader needs to hear from the writers.
 */
export interface ReaderJob {
  server: { kind: ServerKind; token: string; url: string }
  doc: string
  clients: number
}
export interface ReaderResult {
  connected: number
  /** Arrival latency of every edit at every reader, ms. */
  latencies: Float64Array
  /** CPU this process used while measuring, as a percentage of one core. */
  cpu: number
}

const TOKEN_START = Buffer.from('<<c')

/** Milliseconds, to a microsecond, on the monotonic clock all processes of the load generator share. */
export const clock = () => Number(process.hrtime.bigint()) / 1e6

/** The edit token a writer types: `<<c<writer>.<seq>.<microseconds on that clock when typed>>>`. */
export const editToken = (writer: number, seq: number) => `<<c${writer}.${seq}.${Math.round(clock() * 1000)}>>`

/** The times (ms) embedded in the edit tokens of a message. */
export function tokenTimes(data: Buffer, onToken: (sentMs: number) => void): void {
  let at = data.indexOf(TOKEN_START)
  while (at !== -1) {
    const end = data.indexOf(62 /* > */, at + 3)
    if (end === -1) return
    const token = data.toString('latin1', at + 3, end)
    const sent = Number(token.slice(token.lastIndexOf('.') + 1)) / 1000
    if (Number.isFinite(sent)) onToken(sent)
    at = data.indexOf(TOKEN_START, end)
  }
}

async function main() {
  const job = await new Promise<ReaderJob>((resolve) => process.once('message', (m) => resolve(m as ReaderJob)))
  const server = { kind: job.server.kind, token: job.server.token, url: (doc: string) => job.server.url.replace('{doc}', doc) } as unknown as BenchServer
  const clients = await connectMany(server, () => job.doc, job.clients, { batch: 50 })
  let latencies = new Float64Array(1 << 16)
  let n = 0
  let measuring = false
  for (const c of clients) {
    c.onRaw = (data) => {
      if (!measuring) return
      const at = clock()
      tokenTimes(data, (sent) => {
        if (n === latencies.length) {
          const bigger = new Float64Array(latencies.length * 2)
          bigger.set(latencies)
          latencies = bigger
        }
        latencies[n++] = at - sent
      })
    }
  }
  process.send!({ ready: clients.filter((c) => c.isSynced && !c.closed).length })
  await new Promise((resolve) => process.once('message', resolve))
  measuring = true
  const cpuStart = process.cpuUsage()
  const wallStart = performance.now()
  // Told to stop once the writers stopped and the last edits had time to arrive.
  await new Promise((resolve) => process.once('message', resolve))
  measuring = false
  const used = process.cpuUsage(cpuStart)
  const cpu = ((used.user + used.system) / 1000 / (performance.now() - wallStart)) * 100
  const result: ReaderResult = { connected: clients.filter((c) => !c.closed).length, latencies: latencies.slice(0, n), cpu }
  // Stays until the parent, having read the result, kills it (exiting first could lose the message).
  process.once('message', () => process.exit(0))
  process.send!(result)
  for (const c of clients) c.terminate()
}

if (process.send) void main()
