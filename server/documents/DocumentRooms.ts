import * as Y from 'yjs'
import type { ClientClaim, DocumentStore } from './DocumentStore.js'
import type { Logger } from '../logger.js'
import type { Connection, ServerChange } from './Connection.js'
import type { DocumentRoom } from './DocumentRoom.js'
import type { BackgroundStore } from './BackgroundStore.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { UpdateBatcher } from './UpdateBatcher.js'
import { RoomLoader } from './RoomLoader.js'
import { Authorship } from './Authorship.js'

export interface DocumentRoomsOptions {
  storage: DocumentStore
  logger: Logger
  /** Milliseconds an empty room stays loaded. */
  unloadDelayMs: number
  /** Stored updates, or bytes of them, after which a room's log is folded into a snapshot. */
  compactAfterUpdates: number
  compactAfterBytes: number
  /** Called when a write to storage fails (health turns red), and when writes succeed again. */
  onStorageError?: (error: unknown) => void
  onStorageOk?: () => void
  /** Called after updates of a room were stored and sent (automatic versions hook in here). */
  onStored?: (room: DocumentRoom) => void
  /** Called when the last connection that could edit a room leaves it. */
  onLastEditorLeft?: (room: DocumentRoom) => void
  /** Loads and compacts long logs off the main thread; without it everything happens inline. */
  background?: BackgroundStore
  /** Update rows after the snapshot, or snapshot bytes, from which a document is loaded in the background. */
  backgroundLoadAfterUpdates?: number
  backgroundLoadAfterBytes?: number
  /**
   * Broadcast batching for hot documents (see UpdateBatcher). A room is flushed at the end of the
   * tick a change arrived in, unless its last flush took at least hotFlushMs to send: then its next
   * flush waits until that cost is at most broadcastSharePercent of the time since the last one,
   * and never more than broadcastIntervalMs. Edits and cursor moves arriving meanwhile are stored
   * in one transaction and reach each socket in one write, so the socket writes per second stay
   * bounded as a plenary grows, while a small meeting never waits.
   */
  broadcastIntervalMs?: number
  hotFlushMs?: number
  broadcastSharePercent?: number
  /** How many people's cursors a crowded room shows: the most recently moved (see DocumentRoom). */
  cursorsShown?: number
  /** Called after a room was unloaded (memory release hooks in here). */
  onUnloaded?: () => void
  /** In a cluster: how rooms hear about other nodes' changes and tell them of this node's. */
  replication?: Replication
}

/** What a cluster adds to the rooms (see server/cluster/ClusterSync.ts); a single node has none. */
export interface Replication {
  /** Before a document is loaded: listen first, so nothing committed elsewhere during the load is missed. */
  beforeLoad(docId: string): Promise<void>
  /** The room now holds what was stored when it loaded: apply what arrived meanwhile, and listen on. */
  loaded(room: DocumentRoom): void
  /** Updates of the room numbered from..to were committed here (merged into `update`), with the client ids they claimed. */
  committed(room: DocumentRoom, from: number, to: number, update: Uint8Array, claims: ClientClaim[]): void
  /** The document is no longer loaded here (or its load failed). */
  unloaded(docId: string): void
}

/**
 * The live documents: loads each once (RoomLoader), keeps it while anyone is connected, stores every
 * change before anyone else receives it (UpdateBatcher), records who wrote what (Authorship),
 * compacts its log, and unloads it when idle.
 */
export class DocumentRooms {
  private readonly rooms = new Map<string, DocumentRoom>()
  /** Rooms whose log is being folded into a snapshot on this thread. */
  private readonly compacting = new Set<DocumentRoom>()
  private readonly batcher: UpdateBatcher
  private readonly loader: RoomLoader
  /** Which user each Yjs client id belongs to, per document. */
  readonly authorship: Authorship

  constructor(private readonly options: DocumentRoomsOptions) {
    this.batcher = new UpdateBatcher({
      ...options,
      onStorageFailed: (error, rooms) => {
        options.onStorageError?.(error)
        // The in-memory docs now hold updates that are not stored: drop them, never broadcast.
        for (const room of rooms) this.discard(room, CloseCodes.storageFailure)
      },
      onStored: (room) => {
        if (this.rooms.get(room.id) === room && this.loader.needsCompaction(room)) void this.compact(room)
        options.onStored?.(room)
      },
      onCommitted: options.replication && ((room, from, to, update, claims) => options.replication!.committed(room, from, to, update, claims)),
    })
    this.loader = new RoomLoader(options, this.batcher, (room) => this.compact(room))
    this.authorship = new Authorship(this.batcher)
  }

  /** How many times a document was read from storage; tests and benchmarks check "loaded once". */
  get loads(): number {
    return this.loader.loads
  }

  /**
   * The loaded room, loading it from storage first (in the background worker when its log is long,
   * see RoomLoader.load); undefined when no such document exists. Concurrent callers share one load.
   */
  async open(docId: string): Promise<DocumentRoom | undefined> {
    const loaded = this.rooms.get(docId)
    if (loaded) return loaded
    if (!(await this.options.storage.getDocument(docId))) return undefined
    // Another caller's load may have ended while storage answered (on PostgreSQL a round trip later): join it.
    const meanwhile = this.rooms.get(docId)
    if (meanwhile) return meanwhile
    const { replication } = this.options
    let room: DocumentRoom
    try {
      await replication?.beforeLoad(docId)
      room = await this.loader.load(docId)
    } catch (error) {
      if (!this.rooms.has(docId)) replication?.unloaded(docId)
      throw error
    }
    const current = this.rooms.get(docId)
    if (current) {
      if (current !== room) room.destroy()
      return current
    }
    this.rooms.set(docId, room)
    replication?.loaded(room)
    return room
  }

  /**
   * Whether opening the document loads it in the background worker: applying what is stored at
   * once would hold the event loop, because its log is long (a crash before compaction, an imported
   * history) or its snapshot is big.
   */
  async needsPreload(docId: string): Promise<boolean> {
    return !this.rooms.has(docId) && (await this.loader.needsPreload(docId))
  }

  /** A room if it is in memory now, without loading it. */
  peek(docId: string): DocumentRoom | undefined {
    return this.rooms.get(docId)
  }

  /** Every room in memory now. */
  loadedRooms(): DocumentRoom[] {
    return [...this.rooms.values()]
  }

  get loadedCount(): number {
    return this.rooms.size
  }

  /** Stores every pending update, then broadcasts them (see UpdateBatcher.flush). */
  flush(): Promise<void> {
    return this.batcher.flush()
  }

  /** Resolves once the room's doc holds nothing unstored: what it shows anyone now has been stored. */
  settle(room: DocumentRoom): Promise<void> {
    return this.batcher.settle(room)
  }

  /** Runs a change the server makes for a person under a client id of theirs (see Authorship.changeAs). */
  changeAs(room: DocumentRoom, userId: string | null, change: (origin: ServerChange) => void): void {
    this.authorship.changeAs(room, userId, change)
  }

  join(room: DocumentRoom, conn: Connection): void {
    clearTimeout(room.unloadTimer)
    room.unloadTimer = undefined
    room.connections.add(conn)
  }

  leave(room: DocumentRoom, conn: Connection): void {
    room.removeConnection(conn)
    if (this.rooms.get(room.id) !== room) return
    if (conn.canEdit && ![...room.connections].some((c) => c.canEdit)) this.options.onLastEditorLeft?.(room)
    this.unloadWhenIdle(room)
  }

  /** Starts the unload timer of a room nobody is connected to. */
  unloadWhenIdle(room: DocumentRoom): void {
    if (room.connections.size || this.rooms.get(room.id) !== room) return
    clearTimeout(room.unloadTimer)
    room.unloadTimer = setTimeout(() => void this.unload(room), this.options.unloadDelayMs)
    room.unloadTimer.unref?.()
  }

  /**
   * Folds the room's stored updates into one snapshot. Runs right after a flush, when the
   * in-memory doc holds exactly the updates up to room.lastSeq; later updates keep their rows.
   */
  async compact(room: DocumentRoom): Promise<void> {
    // The worker is folding this log already; the rows after its snapshot simply stay until the next compaction.
    if (room.compactingInBackground || this.compacting.has(room)) return
    this.compacting.add(room)
    try {
      await this.batcher.settle(room)
      if (!this.rooms.has(room.id) && room.doc.isDestroyed) return
      const snapshot = Y.encodeStateAsUpdate(room.doc)
      await this.options.storage.compact(room.id, snapshot, room.lastSeq)
      room.compacted(snapshot.byteLength)
    } catch (error) {
      // The update log is intact; compaction is only an optimisation, so keep serving.
      this.options.logger.error(`compacting ${room.id} failed`, error)
      this.options.onStorageError?.(error)
    } finally {
      this.compacting.delete(room)
    }
  }

  private async unload(room: DocumentRoom): Promise<void> {
    if (room.connections.size || this.rooms.get(room.id) !== room) return
    await this.batcher.settle(room)
    if (room.updatesSinceSnapshot > 0) await this.compact(room)
    // Someone may have opened it while it was being stored.
    if (room.connections.size || this.rooms.get(room.id) !== room) return
    this.rooms.delete(room.id)
    room.destroy()
    this.options.replication?.unloaded(room.id)
    this.options.logger.debug(`unloaded ${room.id}`)
    this.options.onUnloaded?.()
  }

  /** Closes every connection of a room and forgets it without compacting (deletion, storage failure). */
  discard(room: DocumentRoom, close: { code: number; reason: string }): void {
    clearTimeout(room.unloadTimer)
    if (this.rooms.get(room.id) === room) {
      this.rooms.delete(room.id)
      this.options.replication?.unloaded(room.id)
    }
    this.batcher.drop(room)
    for (const conn of [...room.connections]) conn.close(close.code, close.reason)
    room.connections.clear()
    room.destroy()
  }

  /** Closes a document's connections with a reason (e.g. it was deleted). */
  async closeDocument(docId: string, close: { code: number; reason: string }): Promise<void> {
    const room = this.rooms.get(docId)
    if (!room) return
    await this.batcher.settle(room)
    this.discard(room, close)
  }

  /** Graceful shutdown: store everything, compact, and tell every client to reconnect later. */
  async shutdown(): Promise<void> {
    await this.flush()
    for (const room of [...this.rooms.values()]) {
      clearTimeout(room.unloadTimer)
      if (room.updatesSinceSnapshot > 0) await this.compact(room)
      for (const conn of [...room.connections]) conn.close(CloseCodes.serviceRestart.code, CloseCodes.serviceRestart.reason)
      room.connections.clear()
      this.rooms.delete(room.id)
      room.destroy()
    }
  }
}
