import { Worker } from 'node:worker_threads'
import type { BackgroundJob, BackgroundRequest, BackgroundResponse } from './backgroundWorker.js'


/** A merged document read by the worker: its whole state as one update, and what it covered. */
export interface BackgroundLoad {
  state: Uint8Array
  /** The same content as consecutive updates, to apply one per tick. */
  pieces: Uint8Array[]
  lastSeq: number
  /** Update rows after the snapshot that went into it, and their bytes. */
  updates: number
  updateBytes: number
  /** Bytes stored for the document when it was read (snapshot + update rows). */
  storedBytes: number
  /** Stored content that could never integrate was left out (the snapshot must be rewritten). */
  droppedPending: boolean
}

/**
 * The main thread's side of the background worker: one worker, started on first use, answering
 * requests in order. Used only for documents whose stored log is long, so ordinary loads stay
 * synchronous and cheap.
 */
export class BackgroundStore {
  private worker: Worker | null = null
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (r: BackgroundResponse & { ok: true }) => void; reject: (e: Error) => void }>()

  constructor(private readonly options: { dataDir: string; synchronous?: 'FULL' | 'NORMAL' }) {}

  private start(): Worker {
    if (this.worker) return this.worker
    // The server runs its TypeScript through tsx (npm start, tests); the bootstrap gives the worker tsx too.
    const worker = new Worker(new URL('./backgroundWorker.bootstrap.mjs', import.meta.url), { workerData: this.options, execArgv: [] })
    worker.on('message', (response: BackgroundResponse) => {
      const waiter = this.waiting.get(response.id)
      this.waiting.delete(response.id)
      // Only a worker with work to do keeps the process alive.
      if (!this.waiting.size) worker.unref()
      if (!waiter) return
      if (response.ok) waiter.resolve(response)
      else waiter.reject(new Error(response.error))
    })
    const failAll = (error: Error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error)
      this.waiting.clear()
      this.worker = null
    }
    worker.on('error', failAll)
    worker.on('exit', (code) => failAll(new Error(`background worker exited with code ${code}`)))
    worker.unref()
    this.worker = worker
    return worker
  }

  private request(job: BackgroundJob): Promise<BackgroundResponse & { ok: true }> {
    const worker = this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.ref()
      worker.postMessage({ ...job, id } satisfies BackgroundRequest)
    })
  }

  /** Reads and merges a document's snapshot and update log off the main thread. */
  async load(docId: string): Promise<BackgroundLoad> {
    const r = await this.request({ kind: 'load', docId })
    return { state: r.state!, pieces: r.pieces!, lastSeq: r.lastSeq!, updates: r.updates!, updateBytes: r.updateBytes!, storedBytes: r.storedBytes!, droppedPending: r.droppedPending ?? false }
  }

  /** Writes a snapshot through throughSeq and removes the rows it covers, in small transactions. */
  async compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    await this.request({ kind: 'compact', docId, snapshot, throughSeq })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }
}
