import * as Y from 'yjs'
import type { DocumentStore, StoredContent } from './DocumentStore.js'
import type { Logger } from '../logger.js'
import { DocumentRoom } from './DocumentRoom.js'
import type { BackgroundLoad, BackgroundStore } from './BackgroundStore.js'
import { applyStoredContent, LogBatchReplay, storedSizes, UPDATES_PER_TRANSACTION } from './applyStoredContent.js'
import { takePending } from './takePending.js'
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

/** Update rows read per storage call when a long log is replayed on the main thread. */
const REPLAY_BATCH = 40 * UPDATES_PER_TRANSACTION

/** How a document is loaded: at once, its long log replayed a step per tick, or its big snapshot through the worker. */
type LoadWay = 'at once' | 'replay' | 'worker'

/**
 * Fills rooms from storage: small documents at once on the main thread; a long log (a crash
 * before compaction, an imported history) replayed on the main thread a step per tick; a big
 * snapshot in the background worker, handed back in pieces applied one per tick. Every room it
 * makes is wired to the batcher, so its changes are stored.
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
    return (await this.loadWay(docId)) !== 'at once'
  }

  private async loadWay(docId: string): Promise<LoadWay> {
    const { background, storage, backgroundLoadAfterUpdates = 2000, backgroundLoadAfterBytes = 256 * 1024 } = this.options
    if (!background) return 'at once'
    if ((await storage.snapshotBytes(docId)) >= backgroundLoadAfterBytes) return 'worker'
    return (await storage.updatesAfterSnapshot(docId, backgroundLoadAfterUpdates)) >= backgroundLoadAfterUpdates ? 'replay' : 'at once'
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
    const way = await this.loadWay(docId)
    if (way === 'worker') return this.fromBackground(docId, await this.options.background!.load(docId))
    if (way === 'replay') return this.replayed(docId)
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
    if (this.needsCompaction(room) && !dropped) this.compactInBackground(room, loaded.state, loaded.lastSeq, loaded)
    return room
  }

  /**
   * A room filled from a long log on the main thread, UPDATES_PER_TRANSACTION updates per tick
   * (under a millisecond each on an idle core), read REPLAY_BATCH rows at a time: 260,000
   * single-character edits in about 0.6 s of work, where the worker first had to start (about
   * 0.6 s), then replayed the same log and encoded and sliced the result for the main thread to
   * apply again. Then the log is folded into a snapshot in the background (on SQLite by the worker,
   * in small transactions), from the state encoded once for it and for newcomers' sync replies.
   */
  private async replayed(docId: string): Promise<DocumentRoom> {
    let room = await this.newRoom(docId)
    let replay = await this.replay(room.doc, docId)
    while (!replay) {
      // A compaction committed meanwhile (another node's, or this one's of an earlier load): the rows
      // it covers may be gone from what was read after it, so start again from its snapshot.
      room.destroy()
      room = await this.newRoom(docId, false)
      replay = await this.replay(room.doc, docId)
    }
    const dropped = takePending(room.doc).length > 0
    room.loaded(replay.lastSeq, replay.sizes)
    this.batcher.wire(room)
    await this.cleanAfterLoad(room, dropped)
    if (!this.needsCompaction(room) || dropped) return room
    this.compactInBackground(room, room.fullStateUpdate(), replay.lastSeq, replay.sizes)
    return room
  }

  /**
   * Applies the document's stored content to doc a step per tick; null when a compaction committed
   * meanwhile (the snapshot's sequence number moved), so what was read may miss rows.
   */
  private async replay(doc: Y.Doc, docId: string): Promise<{ lastSeq: number; sizes: ReturnType<typeof storedSizes> } | null> {
    const { storage } = this.options
    const snapshotSeq = await storage.snapshotSeq(docId)
    const { snapshot, lastSeq: from } = await storage.loadContent(docId, 0)
    // The snapshot is small (a big one goes to the worker; after a compaction meanwhile, a log's worth): applied at once.
    if (snapshot) Y.applyUpdate(doc, snapshot)
    const sizes = storedSizes({ snapshot, updates: [] })
    let lastSeq = from
    for (;;) {
      const batch = await storage.logAfter(docId, lastSeq, REPLAY_BATCH)
      for (const replay = new LogBatchReplay(batch); !replay.done; await new Promise(setImmediate)) replay.applyNext(doc)
      sizes.updates += batch.lengths.length
      sizes.updateBytes += batch.bytes.byteLength
      sizes.storedBytes += batch.bytes.byteLength
      lastSeq = batch.lastSeq
      if (batch.lengths.length < REPLAY_BATCH) break
    }
    return (await storage.snapshotSeq(docId)) === snapshotSeq ? { lastSeq, sizes } : null
  }

  /**
   * Folds the first `folded.updates` rows (through lastSeq), whose content is `state`, into a
   * snapshot in the background; the room keeps serving meanwhile and starts no other compaction.
   */
  private compactInBackground(room: DocumentRoom, state: Uint8Array, lastSeq: number, folded: { updates: number; updateBytes: number }): void {
    room.compactingInBackground = true
    void this.options
      .background!.compact(room.id, state, lastSeq)
      .then(() => room.compacted(state.byteLength, folded.updates, folded.updateBytes))
      .catch((error: unknown) => this.options.logger.error(`background compaction of ${room.id} failed; the log is intact`, error))
      .finally(() => (room.compactingInBackground = false))
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

  /** An empty room for a document (counted as one load unless it is a second attempt). */
  private async newRoom(docId: string, counted = true): Promise<DocumentRoom> {
    if (counted) this.loads++
    const room = new DocumentRoom(docId, (r) => this.batcher.awarenessChanged(r), this.options.cursorsShown)
    room.clientOwners = await this.options.storage.clientOwners(docId)
    return room
  }
}
