import { fork, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import type { BenchServer } from '../servers.js'
import { cpuMeter } from '../servers.js'
import { connectMany } from '../client.js'
import { sleep, stopTimers, summarize } from '../stats.js'
import { editToken, type ReaderJob, type ReaderResult } from '../crowdReader.js'
import { bodyText, paragraphText, shareParagraph } from '../../tests/helpers/bodyText.js'

/**
 * C clients on one document, `writers` of them typing `rate` edits a second, each edit followed by
 * a cursor update. The readers live in `processes` child processes of their own (bench/crowdReader.ts),
 * so the load generator is not one event loop that falls behind the server it measures; the writers
 * stay here. Latency is from typing an edit to its arrival at each reader, on the machine's clock
 * (every edit carries the time it was typed). The generator's CPU is reported with the server's.
 */
export async function crowd(server: BenchServer, clientsCount: number, options: { seconds: number; writers: number; rate: number; processes?: number; drainMs?: number }) {
  const { writers, rate } = options
  const readersCount = clientsCount - writers
  const processes = Math.max(1, Math.min(options.processes ?? Math.max(1, os.cpus().length), Math.ceil(readersCount / 200)))
  const children: ChildProcess[] = []
  const messages = (child: ChildProcess) => new Promise<unknown>((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => reject(new Error(`reader process exited (${code})`)))
  })
  const ready: Promise<unknown>[] = []
  for (let p = 0; p < processes; p++) {
    const share = Math.floor(readersCount / processes) + (p < readersCount % processes ? 1 : 0)
    const child = fork(new URL('../crowdReader.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    children.push(child)
    const job: ReaderJob = { server: { kind: server.kind, token: server.token, url: server.url('{doc}') }, doc: 'fanout', clients: share }
    child.send(job)
    ready.push(messages(child))
  }
  try {
    const synced = ((await Promise.all(ready)) as Array<{ ready: number }>).reduce((n, r) => n + r.ready, 0)
    const writerClients = await connectMany(server, () => 'fanout', writers, { holdDoc: () => true })
    for (const w of writerClients) {
      w.doc!.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== w) w.sendUpdate(update)
      })
    }
    const open = writerClients.filter((w) => !w.closed)
    if (open.length) await shareParagraph(open[0].doc!, open.slice(1).map((w) => w.doc!), 20_000)
    const results = children.map((c) => messages(c) as Promise<ReaderResult>)
    for (const c of children) c.send('start')
    const meter = cpuMeter(server.pid)
    const generatorCpu = process.cpuUsage()
    const started = performance.now()
    const proposal = server.kind === 'plenary-amendments' ? (token: string) => ({ proposalInsert: { id: token.slice(2, -2), authorId: server.userId!, delegation: 'Bench', createdAt: Date.now() } }) : null
    let edits = 0
    const timers: NodeJS.Timeout[] = []
    writerClients.forEach((w, wi) => {
      let seq = 0
      // Spread the writers over the interval instead of all typing on the same tick.
      timers.push(setTimeout(() => {
        timers.push(setInterval(() => {
          const text = paragraphText(w.doc!)
          const token = editToken(wi, seq++)
          const at = Math.floor(Math.random() * (text.length + 1))
          // In amendments mode each edit is a proposal of the benchmark user (checked by the server against a copy of the document).
          text.insert(at, token, proposal?.(token))
          w.sendCursor(at + token.length)
          edits++
        }, 1000 / rate))
      }, (wi * 1000) / rate / writers))
    })
    await sleep(options.seconds * 1000)
    stopTimers(timers)
    await sleep(options.drainMs ?? 3000)
    const cpu = meter()
    const mainCpu = process.cpuUsage(generatorCpu)
    const wall = performance.now() - started
    for (const c of children) c.send('stop')
    const readers = await Promise.all(results)
    const latencies = new Float64Array(readers.reduce((n, r) => n + r.latencies.length, 0))
    let at = 0
    for (const r of readers) {
      latencies.set(r.latencies, at)
      at += r.latencies.length
    }
    const texts = writerClients.map((w) => bodyText(w.doc!))
    for (const w of writerClients) w.terminate()
    const generator = ((mainCpu.user + mainCpu.system) / 1000 / wall) * 100 + readers.reduce((n, r) => n + r.cpu, 0)
    return {
      clients: clientsCount,
      synced: synced + open.length,
      connectedAtEnd: readers.reduce((n, r) => n + r.connected, 0) + writerClients.filter((w) => !w.closed).length,
      edits,
      expected: edits * readersCount,
      delivered: latencies.length,
      latency: summarize(Array.from(latencies)),
      cpu,
      generatorCpu: generator,
      processes,
      converged: texts.every((t) => t === texts[0]) && texts[0].length > 0,
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  }
}
