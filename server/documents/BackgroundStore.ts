import { Worker } from 'node:worker_threads'
import type { BackgroundJob, BackgroundRequest, BackgroundResponse, BackgroundWorkerData } from './backgroundWorker.js'
import type { DocumentStore } from './DocumentStore.js'


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
 * synchronous and cheap. On SQLite the worker reads and compacts the file itself; on any other
 * storage the main thread reads (without holding its event loop), the worker merges, and the
 * compaction is the storage's own.
 */
export class BackgroundStore {
  private worker: Worker | null = null
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (r: BackgroundResponse & { ok: true }) => void; reject: (e: Error) => void }>()

  constructor(private readonly source: { sqlite: NonNullable<BackgroundWorkerData['sqlite']> } | { storage: DocumentStore }) {}

  private start(): Worker {
    if (this.worker) return this.worker
    // The server runs its TypeScript through tsx (npm start, tests); the bootstrap gives the worker tsx too.
    const worker = new Worker(new URL('./backgroundWorker.bootstrap.mjs', import.meta.url), { workerData: { sqlite: 'sqlite' in this.source ? this.source.sqlite : undefined } satisfies BackgroundWorkerData, execArgv: [] })
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

  private request(job: BackgroundJob, transfer: ArrayBuffer[] = []): Promise<BackgroundResponse & { ok: true }> {
    const worker = this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.ref()
      worker.postMessage({ ...job, id } satisfies BackgroundRequest, transfer)
    })
  }

  /** Reads and merges a document's snapshot and update log off the main thread. */
  async load(docId: string): Promise<BackgroundLoad> {
    const r = await this.readAndMerge(docId)
    return { state: r.state!, pieces: r.pieces!, lastSeq: r.lastSeq!, updates: r.updates!, updateBytes: r.updateBytes!, storedBytes: r.storedBytes!, droppedPending: r.droppedPending ?? false }
  }

  private async readAndMerge(docId: string) {
    if ('sqlite' in this.source) return this.request({ kind: 'load', docId })
    const stored = await this.source.storage.loadContent(docId)
    // The rows are handed over, not copied (each read row has a buffer of its own).
    const buffers = [stored.snapshot, ...stored.updates].flatMap((u) => (u && u.byteOffset === 0 && u.byteLength === u.buffer.byteLength ? [u.buffer as ArrayBuffer] : []))
    return this.request({ kind: 'merge', docId, stored }, [...new Set(buffers)])
  }

  /** Writes a snapshot through throughSeq and removes the rows it covers (on SQLite in small transactions, in the worker). */
  async compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    if ('storage' in this.source) return this.source.storage.compact(docId, snapshot, throughSeq)
    await this.request({ kind: 'compact', docId, snapshot, throughSeq })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }
}
