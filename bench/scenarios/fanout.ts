import type { BenchServer } from '../servers.js'
import { cpuMeter } from '../servers.js'
import { connectMany } from '../client.js'
import { now, sleep, stopTimers, summarize } from '../stats.js'
import { bodyText, paragraphText, shareParagraph } from '../../tests/helpers/bodyText.js'

const TOKEN = /<<w\d+\.\d+>>/g

/**
 * C clients on one document; `writers` of them type `rate` edits per second, each edit followed by
 * a cursor (awareness) update. Every client records when each edit reaches it, on one clock.
 * Given the nodes of a cluster, the clients (writers included) are spread evenly over them, and
 * the deliveries from a writer on another node are also reported apart (crossNode).
 */
export async function fanout(
  target: BenchServer | BenchServer[],
  clientsCount: number,
  options: { seconds: number; writers?: number; rate?: number; /** Called once everyone is connected, just before the typing; resolves to a function called once the last edit has settled. */ measure?: () => Promise<() => Promise<void>> },
) {
  const servers = Array.isArray(target) ? target : [target]
  const server = servers[0]
  const nodeOf = (i: number) => i % servers.length
  const writers = options.writers ?? 10
  const rate = options.rate ?? 5
  const clients = await connectMany(servers, () => 'fanout', clientsCount, { holdDoc: (i) => i < writers })
  const connected = clients.filter((c) => !c.closed).length
  const sent = new Map<string, number>()
  const latencies: number[] = []
  const crossNode: number[] = []
  clients.forEach((c, i) => {
    // Some servers echo an update back to its sender; that is not a delivery to a peer.
    const own = i < writers ? `<<w${i}.` : null
    c.onRaw = (data) => {
      const text = data.toString('latin1')
      for (const m of text.matchAll(TOKEN)) {
        if (own && m[0].startsWith(own)) continue
        const t = sent.get(m[0])
        if (t === undefined) continue
        latencies.push(now() - t)
        if (nodeOf(Number(m[0].slice(3, m[0].indexOf('.')))) !== nodeOf(i)) crossNode.push(now() - t)
      }
    }
  })
  const writerClients = clients.slice(0, writers)
  for (const w of writerClients) {
    w.doc!.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== w) w.sendUpdate(update)
    })
  }
  // The writers type into one paragraph of the (empty) document: the first creates it, and typing
  // starts once every connected writer has it.
  const open = writerClients.filter((w) => !w.closed)
  if (open.length) await shareParagraph(open[0].doc!, open.slice(1).map((w) => w.doc!), 20_000)
  // In amendments mode each edit is a proposal of the benchmark user (checked by the server against a copy of the document).
  const proposal = server.kind === 'plenary-amendments' ? (token: string) => ({ proposalInsert: { id: token.slice(2, -2), authorId: server.userId!, delegation: 'Bench', createdAt: Date.now() } }) : null
  const measured = await options.measure?.()
  const meters = servers.map((s) => cpuMeter(s.pid))
  let edits = 0
  const timers = writerClients.map((w, wi) => {
    let seq = 0
    // Spread the writers over the interval instead of all typing on the same tick.
    return setTimeout(() => {
      const interval = setInterval(() => {
        const text = paragraphText(w.doc!)
        const token = `<<w${wi}.${seq++}>>`
        const at = Math.floor(Math.random() * (text.length + 1))
        sent.set(token, now())
        text.insert(at, token, proposal?.(token) ?? undefined)
        w.sendCursor(at + token.length)
        edits++
      }, 1000 / rate)
      timers.push(interval as unknown as NodeJS.Timeout)
    }, (wi * 1000) / rate / writers)
  }) as NodeJS.Timeout[]
  await sleep(options.seconds * 1000)
  stopTimers(timers)
  await sleep(2000)
  await measured?.()
  const cpuPerNode = meters.map((meter) => meter())
  const texts = writerClients.map((w) => bodyText(w.doc!))
  const converged = texts.every((t) => t === texts[0]) && texts[0].length > 0
  const expected = edits * (clientsCount - 1)
  for (const c of clients) c.terminate()
  return {
    clients: clientsCount,
    connected,
    edits,
    expected,
    delivered: latencies.length,
    latency: summarize(latencies),
    crossNode: summarize(crossNode),
    cpu: cpuPerNode.reduce((a, b) => a + b, 0),
    cpuPerNode,
    converged,
    /** What the writers ended with, to compare with the stored document. */
    text: texts[0],
  }
}
