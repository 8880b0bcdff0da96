import * as Y from 'yjs'
import type { DocumentStore, StoredContent } from './DocumentStore.js'
import type { Logger } from '../logger.js'
import { DocumentRoom } from './DocumentRoom.js'
import type { BackgroundLoad, BackgroundStore } from './BackgroundStore.js'
import { applyStoredContent, storedSizes } from './applyStoredContent.js'
import type { UpdateBatcher } from './UpdateBatcher.js'

export interface RoomLoaderOptions {
  storage: DocumentStore
  logger: Logger
  /** Stored updates, or bytes of them, after which a room's log is folded into a snapshot. */
  compactAfterUpdates: number
  compactAfterBytes: number
  /** Loads and compacts long logs off the main thread; without it everything happens inline. */
  background?: BackgroundStore
  /** Update rows after the snapshot, or snapshot bytes, from which a document is loaded in the background. */
  backgroundLoadAfterUpdates?: number
  backgroundLoadAfterBytes?: number
  /** How many people's cursors a crowded room shows (see DocumentRoom.cursorsShown). */
  cursorsShown?: number
}

/**
 * Fills rooms from storage: small documents at once on the main thread, big ones (a long log after
 * a crash, an imported history, a big snapshot) in the background worker, handed back in pieces
 * applied one per tick. Every room it makes is wired to the batcher, so its changes are stored.
 */
export class RoomLoader {
  /** How many times a document was read from storage; tests and benchmarks check "loaded once". */
  loads = 0
  private readonly loading = new Map<string, Promise<DocumentRoom>>()

  constructor(
    private readonly options: RoomLoaderOptions,
    private readonly batcher: UpdateBatcher,
    /** Folds a room's log into a snapshot now (DocumentRooms.compact). */
    private readonly compact: (room: DocumentRoom) => Promise<void>,
  ) {}

  /** Whether the log or snapshot is big enough that loading at once would hold the event loop. */
  async needsPreload(docId: string): Promise<boolean> {
    const { background, storage, backgroundLoadAfterUpdates = 2000, backgroundLoadAfterBytes = 256 * 1024 } = this.options
    if (!background) return false
    return (await storage.snapshotBytes(docId)) >= backgroundLoadAfterBytes || (await storage.updatesAfterSnapshot(docId, backgroundLoadAfterUpdates)) >= backgroundLoadAfterUpdates
  }

  /** Whether a room's log is long enough to be folded into a snapshot (and no background compaction runs). */
  needsCompaction(room: DocumentRoom): boolean {
    if (room.compactingInBackground) return false
    return room.updatesSinceSnapshot >= this.options.compactAfterUpdates || room.bytesSinceSnapshot >= this.options.compactAfterBytes
  }

  /**
   * A room holding the stored content: loaded on the main thread, or when that would hold the event
   * loop (needsPreload) by the background worker. Concurrent callers share one load.
   */
  load(docId: string): Promise<DocumentRoom> {
    let pending = this.loading.get(docId)
    if (!pending) {
      pending = this.loadNow(docId).finally(() => this.loading.delete(docId))
      this.loading.set(docId, pending)
    }
    return pending
  }

  private async loadNow(docId: string): Promise<DocumentRoom> {
    if (await this.needsPreload(docId)) return this.fromBackground(docId, await this.options.background!.load(docId))
    const stored = await this.options.storage.loadContent(docId)
    const room = await this.newRoom(docId)
    const dropped = applyStoredContent(room.doc, stored)
    room.loaded(stored.lastSeq, storedSizes(stored))
    this.batcher.wire(room)
    await this.cleanAfterLoad(room, dropped)
    if (this.needsCompaction(room)) await this.compact(room)
    return room
  }

  /**
   * A room loaded by the background worker: the worker replays the log and hands the result back in
   * pieces, which the main thread applies one per tick; then, if the log was long, the worker
   * compacts it in small transactions.
   */
  private async fromBackground(docId: string, loaded: BackgroundLoad): Promise<DocumentRoom> {
    const room = await this.newRoom(docId)
    for (const piece of loaded.pieces) {
      Y.applyUpdate(room.doc, piece)
      await new Promise(setImmediate)
    }
    // Anything stored after the worker read (nothing, normally) is applied on top.
    const later: StoredContent = { snapshot: null, ...(await this.options.storage.updatesAfter(docId, loaded.lastSeq)) }
    const dropped = applyStoredContent(room.doc, later) || loaded.droppedPending
    this.batcher.wire(room)
    if (!later.updates.length && !dropped) room.setFullState(loaded.state)
    const added = storedSizes(later)
    room.loaded(later.lastSeq, { updates: loaded.updates + added.updates, updateBytes: loaded.updateBytes + added.updateBytes, storedBytes: loaded.storedBytes + added.updateBytes })
    await this.cleanAfterLoad(room, dropped)
    // A big snapshot with a short log is left as it is; a long log is folded into a new snapshot.
    if (!this.needsCompaction(room) || dropped) return room
    room.compactingInBackground = true
    void this.options
      .background!.compact(docId, loaded.state, loaded.lastSeq)
      .then(() => room.compacted(loaded.state.byteLength, loaded.updates, loaded.updateBytes))
      .catch((error: unknown) => this.options.logger.error(`background compaction of ${docId} failed; the log is intact`, error))
      .finally(() => (room.compactingInBackground = false))
    return room
  }

  /**
   * Forgets owners of client ids that have no content (claims left by content that never
   * integrated), and rewrites the snapshot of a document whose stored content carried some.
   */
  private async cleanAfterLoad(room: DocumentRoom, droppedPending: boolean): Promise<void> {
    for (const client of room.clientOwners.keys()) if (Y.getState(room.doc.store, client) === 0) room.clientOwners.delete(client)
    if (!droppedPending) return
    this.options.logger.info(`${room.id}: dropped stored content that never integrated (missing dependencies); rewriting its snapshot`)
    await this.compact(room)
  }

  /** An empty room for a document (counted as one load). */
  private async newRoom(docId: string): Promise<DocumentRoom> {
    this.loads++
    const room = new DocumentRoom(docId, (r) => this.batcher.awarenessChanged(r), this.options.cursorsShown)
    room.clientOwners = await this.options.storage.clientOwners(docId)
    return room
  }
}
