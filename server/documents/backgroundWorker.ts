/**
 * Worker thread for work on big documents that must not hold the main event loop: merging a long
 * stored update log (and on SQLite reading it, and compacting it, through its own connection to the
 * same file: WAL lets it read while the main thread writes). On PostgreSQL the main thread reads,
 * which does not hold its event loop, and hands the rows over to be merged here.
 */
import { parentPort, workerData } from 'node:worker_threads'
import * as Y from 'yjs'
import { SqliteDocumentStore } from '../persistence/sqlite/SqliteDocumentStore.js'
import type { StoredContent } from './DocumentStore.js'
import { applyStoredContent, storedSizes } from './applyStoredContent.js'
import { sliceDocument } from './sliceDocument.js'

/** What the worker is asked to do. */
export type BackgroundJob =
  | { kind: 'load'; docId: string }
  | { kind: 'merge'; docId: string; stored: StoredContent }
  | { kind: 'compact'; docId: string; snapshot: Uint8Array; throughSeq: number }
export type BackgroundRequest = BackgroundJob & { id: number }

export type BackgroundResponse =
  | { id: number; ok: true; state?: Uint8Array; pieces?: Uint8Array[]; lastSeq?: number; updates?: number; updateBytes?: number; storedBytes?: number; droppedPending?: boolean }
  | { id: number; ok: false; error: string }

/** How many pieces a document is handed back in. */
const PIECES = 32
const sleeper = new Int32Array(new SharedArrayBuffer(4))
/** What the worker is started with: the SQLite file to read and compact, or nothing (it then only merges). */
export interface BackgroundWorkerData {
  sqlite?: { dataDir: string; synchronous?: 'FULL' | 'NORMAL' }
}

const { sqlite } = workerData as BackgroundWorkerData
const storage = sqlite ? new SqliteDocumentStore(sqlite.dataDir, { synchronous: sqlite.synchronous }) : null

parentPort!.on('message', (request: BackgroundRequest) => {
  try {
    if (request.kind === 'load' || request.kind === 'merge') {
      const stored = request.kind === 'merge' ? request.stored : storage!.loadContent(request.docId)
      const doc = new Y.Doc()
      const droppedPending = applyStoredContent(doc, stored)
      // A snapshot alone is already the whole state.
      const state = stored.updates.length || !stored.snapshot || droppedPending ? Y.encodeStateAsUpdate(doc) : stored.snapshot
      // The main thread applies these pieces one per tick, so no single step holds its event loop for long.
      const pieces = sliceDocument(doc, PIECES)
      doc.destroy()
      const response: BackgroundResponse = { id: request.id, ok: true, state, pieces, lastSeq: stored.lastSeq, droppedPending, ...storedSizes(stored) }
      parentPort!.postMessage(response, [state.buffer as ArrayBuffer, ...pieces.map((p) => p.buffer as ArrayBuffer)])
    } else {
      // Between chunks the worker sleeps longer than SQLite's busy handler waits, so the main thread's
      // writes get the lock at once instead of losing every race to the next chunk.
      storage!.compactInChunks(request.docId, request.snapshot, request.throughSeq, { pause: () => Atomics.wait(sleeper, 0, 0, 20) })
      parentPort!.postMessage({ id: request.id, ok: true } satisfies BackgroundResponse)
    }
  } catch (error) {
    parentPort!.postMessage({ id: request.id, ok: false, error: (error as Error).message } satisfies BackgroundResponse)
  }
})
