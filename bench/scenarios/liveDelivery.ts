import { initProseMirrorDoc } from '@tiptap/y-tiptap'
import { Worker } from 'node:worker_threads'
import { cpuMeter, startPlenary } from '../servers.js'
import { BenchClient } from '../client.js'
import { sleep, summarize } from '../stats.js'
import { accountAdapters } from '../../server/persistence/sqlite/accountStores.js'
import { createAnchor, findQuote, type ProsemirrorMapping } from '../../shared/comments/anchor.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { initialUpdate, dgResponseDocument } from '../../server/seed/seedExampleWorkspace.js'

/** When a reader thread saw a marked event arrive (see liveReaders.mjs). */
interface Arrival {
  marker: string
  kind: string
  at: number
}

/** The clock the worker threads share with this one. */
const sharedClock = () => Number(process.hrtime.bigint()) / 1e6

/** The subscribers' streams, spread over worker threads (see liveReaders.mjs). */
class Readers {
  private readonly workers: Worker[]
  private stopped: Promise<Arrival[]> | undefined

  constructor(url: string, tokens: string[], threads: number) {
    this.workers = Array.from({ length: threads }, (_, i) => new Worker(new URL('./liveReaders.mjs', import.meta.url), { workerData: { url, tokens: tokens.filter((_, j) => j % threads === i) } }))
  }

  /** Resolves once every stream is open. */
  ready(): Promise<unknown> {
    return Promise.all(this.workers.map((w) => this.reply(w, 'ready')))
  }

  /** Closes the streams and gathers when each marked event arrived (once; later calls get the same). */
  stop(): Promise<Arrival[]> {
    this.stopped ??= this.gather()
    return this.stopped
  }

  private async gather(): Promise<Arrival[]> {
    const replies = this.workers.map((w) => this.reply(w, 'arrivals'))
    for (const w of this.workers) w.postMessage({ type: 'stop' })
    const arrivals = (await Promise.all(replies)).flatMap((m) => (m as { arrivals: Arrival[] }).arrivals)
    await Promise.all(this.workers.map((w) => w.terminate()))
    return arrivals
  }

  private reply(worker: Worker, type: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return
        worker.off('message', onMessage)
        resolve(m)
      }
      worker.on('message', onMessage)
      worker.once('error', reject)
      worker.once('exit', () => reject(new Error(`a reader thread exited before '${type}'`)))
    })
  }
}

/** Whole CPU seconds this process (every thread) has used. */
const processCpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/**
 * Live delivery of comments and feedback updates (Plenary only; the reference servers have
 * neither): `subscribers` members hold event streams, spread over `threads` worker threads of the
 * load generator, while a member comments and the DG office posts updates; each subscriber notes
 * when each arrives. The server's CPU and the load generator's (all its threads) are measured over
 * the posting, as a percentage of one core.
 */
export async function liveDelivery(options: { subscribers: number; posts: number; threads: number }) {
  let tokens: { member: string; dg: string; readers: string[] } = { member: '', dg: '', readers: [] }
  const server = await startPlenary(['live'], {
    content: (storage) => {
      const { accounts, groups } = accountAdapters(storage.database)
      storage.db.prepare('INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)').run('live', initialUpdate(dgResponseDocument()))
      const make = (email: string, role: 'member' | 'dg-office') => {
        const u = accounts.createUser({ email, name: email })
        groups.setMembership({ groupId: 'bench', userId: u.id, role, delegation: email })
        return accounts.createToken(u.id, 'bench').token
      }
      tokens = { member: make('poster@x', 'member'), dg: make('dg@x', 'dg-office'), readers: Array.from({ length: options.subscribers }, (_, i) => make(`r${i}@x`, 'member')) }
    },
  })
  const base = `http://127.0.0.1:${server.port}`
  const sent = new Map<string, number>()
  const readers = new Readers(`${base}/api/events`, tokens.readers, options.threads)
  try {
    await readers.ready()
    await sleep(500)
    const client = new BenchClient({ ...server, token: tokens.member }, 'live', { holdDoc: true })
    await client.synced
    const fragment = client.doc!.getXmlFragment('default')
    const { doc: pm, mapping } = initProseMirrorDoc(fragment, documentSchema())
    const found = findQuote(pm, { exact: 'Multi-donor Trust Funds', prefix: '', suffix: '' })!
    const anchor = createAnchor(pm, fragment, mapping as ProsemirrorMapping, found.from, found.to)
    const serverCpu = cpuMeter(server.pid)
    const generator = { cpu: processCpu(), wall: sharedClock() }
    for (let i = 0; i < options.posts; i++) {
      const marker = `LIVE-${i}`
      sent.set(marker, sharedClock())
      if (i % 2 === 0) {
        await fetch(`${base}/api/documents/live/threads`, { method: 'POST', headers: { authorization: `Bearer ${tokens.member}`, 'content-type': 'application/json' }, body: JSON.stringify({ anchor, body: marker }) })
      } else {
        await fetch(`${base}/api/groups/bench/feedback`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens.dg}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: marker, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: marker }] }] }, links: [] }),
        })
      }
      await sleep(100)
    }
    await sleep(1000)
    const cpu = { server: serverCpu(), generator: ((processCpu() - generator.cpu) / ((sharedClock() - generator.wall) / 1000)) * 100 }
    client.terminate()
    const latencies: { thread: number[]; feedback: number[] } = { thread: [], feedback: [] }
    for (const a of await readers.stop()) latencies[a.kind as 'thread' | 'feedback'].push(a.at - sent.get(a.marker)!)
    return { subscribers: options.subscribers, posts: options.posts, threads: options.threads, cpu, thread: summarize(latencies.thread), feedback: summarize(latencies.feedback) }
  } finally {
    await readers.stop().catch(() => undefined)
    await server.stop()
  }
}
