import { Worker } from 'node:worker_threads'
import { DomainError, kindOfStatus } from '../http/DomainError.js'
import { waitInLine } from '../http/waitInLine.js'
import { IMPORT_LIMITS, tooComplex, type ImportLimits } from './importLimits.js'
import type { ImportAnswer, ImportJob } from './importWorker.js'

/** A file read into a new document's first update. */
export type ImportedFile = Extract<ImportAnswer, { ok: true }>

/** How long a worker that answered is kept for the next import (starting one takes about a second), then ended to return its memory. */
const KEEP_IDLE_MS = 30_000

/**
 * Reads imported files in worker threads, never on the main thread. Each worker has a heap limit
 * (memoryMb) and each file a wall-clock limit (timeLimitMs, a new worker's start included); past
 * either the worker is ended and the import answered 422 import_too_complex, and the server keeps
 * serving. At most `concurrency` files are read at once; up to maxWaiting imports wait their turn,
 * more get 503 import_busy. A worker that answered serves the next import, or ends after KEEP_IDLE_MS.
 */
export class ImportPool {
  private running = 0
  private readonly waiting: Array<() => void> = []
  private readonly idle = new Map<Worker, NodeJS.Timeout>()

  constructor(readonly limits: ImportLimits = IMPORT_LIMITS) {}

  /** Reads a file; `signal` (the client went away) stops it, waiting or running. */
  async read(kind: ImportJob['kind'], file: Uint8Array, signal?: AbortSignal): Promise<ImportedFile> {
    await this.turn(signal)
    try {
      return await this.inWorker({ kind, file, limits: this.limits }, signal)
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }

  private turn(signal?: AbortSignal): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running++
      return Promise.resolve()
    }
    if (this.waiting.length >= this.limits.maxWaiting) throw new DomainError('unavailable', 'import_busy', 'other imports are being read; try again in a minute', { headers: { 'Retry-After': '30' } })
    return waitInLine(this.waiting, signal, 'the import was abandoned while waiting', () => this.running++)
  }

  private worker(): Worker {
    for (const [worker, timer] of this.idle) {
      clearTimeout(timer)
      this.idle.delete(worker)
      worker.ref()
      return worker
    }
    // The server runs its TypeScript through tsx (npm start, tests); the bootstrap gives the worker tsx too.
    const worker = new Worker(new URL('./importWorker.bootstrap.mjs', import.meta.url), { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb } })
    // An error while no import listens (or while it is being ended) must not reach the process as an unhandled 'error'.
    worker.on('error', () => {}).on('exit', () => this.idle.delete(worker))
    return worker
  }

  private rest(worker: Worker): void {
    worker.unref()
    this.idle.set(worker, setTimeout(() => void worker.terminate(), KEEP_IDLE_MS).unref())
  }

  private inWorker(job: ImportJob, signal?: AbortSignal): Promise<ImportedFile> {
    const { timeLimitMs, memoryMb } = this.limits
    const worker = this.worker()
    return new Promise((resolve, reject) => {
      /** An answer, refusal included, leaves the worker fit for the next file; a failure ends it. */
      const finish = (error: Error | null, file?: ImportedFile, answered = false) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', abandon)
        worker.off('message', answer).off('error', failed).off('exit', stopped)
        if (answered) this.rest(worker)
        else void worker.terminate()
        if (error) reject(error)
        else resolve(file!)
      }
      const answer = (a: ImportAnswer) => (a.ok ? finish(null, a, true) : finish(new DomainError(kindOfStatus(a.status), a.code, a.message), undefined, true))
      const failed = (error: Error & { code?: string }) => finish(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex(`reading the file needed more than ${memoryMb} MB of memory`) : error)
      const stopped = (code: number) => finish(new Error(`the import worker stopped with code ${code} before answering`))
      const abandon = () => finish(new Error('the import was abandoned while being read'))
      const timer = setTimeout(() => finish(tooComplex(`reading the file took longer than ${timeLimitMs / 1000} s`)), timeLimitMs)
      worker.on('message', answer).on('error', failed).on('exit', stopped)
      signal?.addEventListener('abort', abandon, { once: true })
      worker.postMessage(job)
    })
  }
}
