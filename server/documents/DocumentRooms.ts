import * as Y from 'yjs'
import { randomInt } from 'node:crypto'
import type { ClientClaim, Storage, StoredContent } from '../persistence/Storage.js'
import type { Logger } from '../logger.js'
import { originUserId, type Connection, type ServerChange } from './Connection.js'
import { encodeDeleteSet } from '../versions/deleteSets.js'
import { DocumentRoom } from './DocumentRoom.js'
import type { BackgroundLoad, BackgroundStore } from './BackgroundStore.js'
import { applyStoredContent, storedSizes } from './applyStoredContent.js'
import type { ClientRange } from './inspectUpdate.js'
import { encodeUpdateMessage } from '../../shared/protocol/messages.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'

export interface DocumentRoomsOptions {
  storage: Storage
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
   * Broadcast batching for crowded documents. A room with up to batchAfterConnections
   * connections is flushed every event-loop tick; above that, at most once per window that grows
   * linearly to broadcastIntervalMs at twice as many connections. Edits and cursor moves arriving
   * within a window are stored in one transaction and reach each socket in one write, so the
   * socket writes per second stay bounded as a plenary grows.
   */
  broadcastIntervalMs?: number
  batchAfterConnections?: number
  /** Called after a room was unloaded (memory release hooks in here). */
  onUnloaded?: () => void
}

interface Pending {
  room: DocumentRoom
  update: Uint8Array
  origin: unknown
  userId: string | null
  deletes: Uint8Array | null
}

/**
 * Loads each document once, keeps it while anyone is connected, and implements the
 * durability rule: an update is written to SQLite before anyone else receives it.
 *
 * Updates arriving within one event-loop tick (from any document) are written in one
 * transaction by flush(), then broadcast. Anything that reads document state for another
 * person (a sync step 2) calls flush() first.
 */
export class DocumentRooms {
  private readonly rooms = new Map<string, DocumentRoom>()
  private pending: Pending[] = []
  /** Rooms with cursor changes waiting for the next flush. */
  private readonly awarenessDirty = new Set<DocumentRoom>()
  private lastFlushAt = 0
  private pendingClaims: ClientClaim[] = []
  private flushScheduled = false
  /** How many times a document was read from storage; tests and benchmarks check "loaded once". */
  loads = 0

  constructor(private readonly options: DocumentRoomsOptions) {}

  /** The loaded room, loading it from storage first; undefined when no such document exists. */
  open(docId: string): DocumentRoom | undefined {
    const loaded = this.rooms.get(docId)
    if (loaded) return loaded
    if (!this.options.storage.getDocument(docId)) return undefined
    const room = this.load(docId)
    this.rooms.set(docId, room)
    return room
  }

  private readonly loading = new Map<string, Promise<void>>()

  /**
   * Whether a document should be loaded with preload() first: applying what is stored at once would
   * hold the event loop, because its log is long (a crash before compaction, an imported history)
   * or its snapshot is big.
   */
  needsPreload(docId: string): boolean {
    const { background, storage, backgroundLoadAfterUpdates = 2000, backgroundLoadAfterBytes = 256 * 1024 } = this.options
    if (!background || this.rooms.has(docId)) return false
    if (this.loading.has(docId)) return true
    return storage.snapshotBytes(docId) >= backgroundLoadAfterBytes || storage.updatesAfterSnapshot(docId, backgroundLoadAfterUpdates) >= backgroundLoadAfterUpdates
  }

  /**
   * Loads a document in the background worker: the worker replays the log and hands the result back
   * in pieces, which the main thread applies one per tick; then, if the log was long, the worker
   * compacts it in small transactions. Concurrent callers share one load.
   */
  preload(docId: string): Promise<void> {
    let pending = this.loading.get(docId)
    if (!pending) {
      pending = this.options
        .background!.load(docId)
        .then((loaded) => this.fromBackground(docId, loaded))
        .then((room) => {
          if (!this.rooms.has(docId) && this.options.storage.getDocument(docId)) this.rooms.set(docId, room)
          else room.destroy()
        })
        .finally(() => this.loading.delete(docId))
      this.loading.set(docId, pending)
    }
    return pending
  }

  private async fromBackground(docId: string, loaded: BackgroundLoad): Promise<DocumentRoom> {
    const room = this.newRoom(docId)
    for (const piece of loaded.pieces) {
      Y.applyUpdate(room.doc, piece)
      await new Promise(setImmediate)
    }
    // Anything stored after the worker read (nothing, normally) is applied on top.
    const later = { snapshot: null, ...this.options.storage.updatesAfter(docId, loaded.lastSeq) }
    const dropped = applyStoredContent(room.doc, later) || loaded.droppedPending
    room.lastSeq = later.lastSeq
    this.wire(room)
    if (!later.updates.length && !dropped) room.setFullState(loaded.state)
    const added = storedSizes(later)
    room.updatesSinceSnapshot = loaded.updates + added.updates
    room.bytesSinceSnapshot = loaded.updateBytes + added.updateBytes
    room.storedBytes = loaded.storedBytes + added.updateBytes
    // A big snapshot with a short log is left as it is; a long log is folded into a new snapshot.
    this.cleanAfterLoad(room, dropped)
    if (!this.needsCompaction(room) || dropped) return room
    room.compactingInBackground = true
    this.options
      .background!.compact(docId, loaded.state, loaded.lastSeq)
      .then(() => {
        room.updatesSinceSnapshot -= loaded.updates
        room.bytesSinceSnapshot -= loaded.updateBytes
        room.storedBytes = loaded.state.byteLength + room.bytesSinceSnapshot
      })
      .catch((error: unknown) => this.options.logger.error(`background compaction of ${docId} failed; the log is intact`, error))
      .finally(() => (room.compactingInBackground = false))
    return room
  }

  /**
   * A document as stored right now, without loading it into a room: the live room's doc when it
   * is loaded (pending updates are stored first), else a new Y.Doc read from storage.
   */
  current(docId: string): { doc: Y.Doc; seq: number; room?: DocumentRoom } {
    this.flush()
    const room = this.rooms.get(docId)
    if (room) return { doc: room.doc, seq: room.lastSeq, room }
    const stored = this.options.storage.loadContent(docId)
    const doc = new Y.Doc()
    applyStoredContent(doc, stored)
    return { doc, seq: stored.lastSeq }
  }

  /** A room if it is in memory now, without loading it. */
  peek(docId: string): DocumentRoom | undefined {
    return this.rooms.get(docId)
  }

  get loadedCount(): number {
    return this.rooms.size
  }

  private load(docId: string): DocumentRoom {
    const room = this.createRoom(docId, this.options.storage.loadContent(docId))
    if (this.needsCompaction(room)) this.compact(room)
    return room
  }

  /** A room holding the stored content, wired to persist and broadcast its updates. */
  private createRoom(docId: string, stored: StoredContent): DocumentRoom {
    const room = this.newRoom(docId)
    const dropped = applyStoredContent(room.doc, stored)
    room.lastSeq = stored.lastSeq
    const sizes = storedSizes(stored)
    room.updatesSinceSnapshot = sizes.updates
    room.bytesSinceSnapshot = sizes.updateBytes
    room.storedBytes = sizes.storedBytes
    this.wire(room)
    this.cleanAfterLoad(room, dropped)
    return room
  }

  /**
   * Forgets owners of client ids that have no content (claims left by content that never
   * integrated), and rewrites the snapshot of a document whose stored content carried some.
   */
  private cleanAfterLoad(room: DocumentRoom, droppedPending: boolean): void {
    for (const client of room.clientOwners.keys()) if (Y.getState(room.doc.store, client) === 0) room.clientOwners.delete(client)
    if (!droppedPending) return
    this.options.logger.info(`${room.id}: dropped stored content that never integrated (missing dependencies); rewriting its snapshot`)
    this.compact(room)
  }

  /** An empty room for a document (counted as one load). */
  private newRoom(docId: string): DocumentRoom {
    this.loads++
    const room = new DocumentRoom(docId, (r) => {
      this.awarenessDirty.add(r)
      this.scheduleFlush(r)
    })
    room.clientOwners = this.options.storage.clientOwners(docId)
    return room
  }

  /** From now on every change of the room's doc is stored, then broadcast. */
  private wire(room: DocumentRoom): void {
    room.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      // The transaction's delete set holds only what this update newly deleted: that is what the sender is credited with.
      const deletes = tr.deleteSet.clients.size ? encodeDeleteSet(tr.deleteSet) : null
      this.enqueue({ room, update, origin, userId: originUserId(origin), deletes })
    })
  }

  private needsCompaction(room: DocumentRoom): boolean {
    if (room.compactingInBackground) return false
    return room.updatesSinceSnapshot >= this.options.compactAfterUpdates || room.bytesSinceSnapshot >= this.options.compactAfterBytes
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
    room.unloadTimer = setTimeout(() => this.unload(room), this.options.unloadDelayMs)
    room.unloadTimer.unref?.()
  }

  /**
   * Attribution, checked before an editor's update is applied. A Yjs client id belongs to the user
   * whose connection brought its first content (clock 0), and server-written ids to the server or
   * to the person it acted for; an id announced in a user's cursor is reserved for that user.
   * Returns the first client id in `clients` whose new content the sender may not write, or null.
   * Content that starts past what the document has cannot integrate yet: it is not judged here,
   * it waits on its connection and is judged when it comes back.
   */
  foreignClient(room: DocumentRoom, clients: Map<number, ClientRange>, userId: string): number | null {
    for (const [client, { start, end }] of clients) {
      const state = Y.getState(room.doc.store, client)
      if (end <= state || start > state) continue
      const owner = room.clientOwners.get(client)
      if (owner !== undefined ? owner !== userId : state > 0 || (room.awarenessUsers.get(client) ?? userId) !== userId) return client
    }
    return null
  }

  /**
   * Records as userId's each client id whose first content (clock 0) was just integrated from their
   * connection (`before`: the clients' states before the update), stored with the update itself.
   */
  claimNewClients(room: DocumentRoom, before: Map<number, number>, userId: string): void {
    for (const [client, state] of before) {
      if (state !== 0 || room.clientOwners.has(client) || Y.getState(room.doc.store, client) === 0) continue
      room.clientOwners.set(client, userId)
      this.pendingClaims.push({ docId: room.id, clientId: client, userId })
    }
  }

  /**
   * Runs a change the server makes for a person (restoring a version) on the room's doc under a
   * fresh client id that belongs to them, so their insertions are attributed to them.
   */
  changeAs(room: DocumentRoom, userId: string | null, change: (origin: ServerChange) => void): void {
    let clientId: number
    do clientId = randomInt(1, 2 ** 31)
    while (room.clientOwners.has(clientId) || Y.getState(room.doc.store, clientId) > 0)
    room.doc.clientID = clientId
    room.clientOwners.set(clientId, userId)
    this.pendingClaims.push({ docId: room.id, clientId, userId })
    change({ serverChange: true, userId })
  }

  private enqueue(pending: Pending): void {
    this.pending.push(pending)
    this.scheduleFlush(pending.room)
  }

  /** The least time between two flushes for a room this crowded (see broadcastIntervalMs). */
  private windowFor(room: DocumentRoom): number {
    const { broadcastIntervalMs = 0, batchAfterConnections = 250 } = this.options
    const over = (room.connections.size - batchAfterConnections) / batchAfterConnections
    return over <= 0 ? 0 : broadcastIntervalMs * Math.min(1, over)
  }

  /** At the end of this tick, or when the room's batching window since the last flush has passed. */
  private scheduleFlush(room: DocumentRoom): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    const wait = this.lastFlushAt + this.windowFor(room) - performance.now()
    if (wait > 1) setTimeout(() => this.flush(), wait)
    else setImmediate(() => this.flush())
  }

  /** Sends the cursor changes gathered for every room (after the updates they follow). */
  private flushAwareness(): void {
    for (const room of this.awarenessDirty) if (!room.doc.isDestroyed) room.flushAwareness()
    this.awarenessDirty.clear()
  }

  /** Writes every pending update in one transaction, then broadcasts each to the other connections. */
  flush(): void {
    this.flushScheduled = false
    this.lastFlushAt = performance.now()
    if (!this.pending.length && !this.pendingClaims.length) return this.flushAwareness()
    const batch = this.pending
    const claims = this.pendingClaims
    this.pending = []
    this.pendingClaims = []
    let lastSeqs: Map<string, number>
    try {
      lastSeqs = this.options.storage.appendUpdates(
        batch.map((p) => ({ docId: p.room.id, update: p.update, userId: p.userId, deletes: p.deletes })),
        claims,
      )
    } catch (error) {
      this.options.logger.error('storing updates failed; the affected documents are closed and reloaded on reconnect', error)
      this.options.onStorageError?.(error)
      // The in-memory docs now hold updates that are not stored: drop them, never broadcast.
      for (const room of new Set(batch.map((p) => p.room))) this.discard(room, CloseCodes.storageFailure)
      return
    }
    this.options.onStorageOk?.()
    // One message per room per tick: updates from the same tick are merged and encoded once.
    const byRoom = new Map<DocumentRoom, Pending[]>()
    for (const p of batch) {
      p.room.updatesSinceSnapshot++
      p.room.bytesSinceSnapshot += p.update.byteLength
      p.room.storedBytes += p.update.byteLength
      if (p.userId) p.room.editorsSinceVersion.add(p.userId)
      const list = byRoom.get(p.room)
      if (list) list.push(p)
      else byRoom.set(p.room, [p])
    }
    for (const [room, pending] of byRoom) {
      const origins = new Set(pending.map((p) => p.origin))
      const update = pending.length === 1 ? pending[0].update : Y.mergeUpdates(pending.map((p) => p.update))
      // A single sender does not need its own edit back; with several, everyone gets the merge.
      room.broadcast(encodeUpdateMessage(update), origins.size === 1 ? (pending[0].origin as Connection) : undefined)
    }
    for (const [docId, seq] of lastSeqs) {
      const room = this.rooms.get(docId)
      if (!room) continue
      room.lastSeq = seq
      if (this.needsCompaction(room)) this.compact(room)
    }
    for (const room of byRoom.keys()) this.options.onStored?.(room)
    this.flushAwareness()
  }

  /**
   * Folds the room's stored updates into one snapshot. Runs right after a flush, when the
   * in-memory doc holds exactly the updates up to room.lastSeq; later updates keep their rows.
   */
  compact(room: DocumentRoom): void {
    // The worker is folding this log already; the rows after its snapshot simply stay until the next compaction.
    if (room.compactingInBackground) return
    if (this.pending.some((p) => p.room === room)) this.flush()
    if (!this.rooms.has(room.id) && room.doc.isDestroyed) return
    try {
      const snapshot = Y.encodeStateAsUpdate(room.doc)
      this.options.storage.compact(room.id, snapshot, room.lastSeq)
      room.storedBytes = snapshot.byteLength
      room.updatesSinceSnapshot = 0
      room.bytesSinceSnapshot = 0
    } catch (error) {
      // The update log is intact; compaction is only an optimisation, so keep serving.
      this.options.logger.error(`compacting ${room.id} failed`, error)
      this.options.onStorageError?.(error)
    }
  }

  private unload(room: DocumentRoom): void {
    if (room.connections.size || this.rooms.get(room.id) !== room) return
    this.flush()
    if (room.updatesSinceSnapshot > 0) this.compact(room)
    this.rooms.delete(room.id)
    room.destroy()
    this.options.logger.debug(`unloaded ${room.id}`)
    this.options.onUnloaded?.()
  }

  /** Closes every connection of a room and forgets it without compacting (deletion, storage failure). */
  discard(room: DocumentRoom, close: { code: number; reason: string }): void {
    clearTimeout(room.unloadTimer)
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id)
    this.pending = this.pending.filter((p) => p.room !== room)
    for (const conn of [...room.connections]) conn.close(close.code, close.reason)
    room.connections.clear()
    room.destroy()
  }

  /** Closes a document's connections with a reason (e.g. it was deleted). */
  closeDocument(docId: string, close: { code: number; reason: string }): void {
    const room = this.rooms.get(docId)
    if (!room) return
    this.flush()
    this.discard(room, close)
  }

  /** Graceful shutdown: store everything, compact, and tell every client to reconnect later. */
  shutdown(): void {
    this.flush()
    for (const room of [...this.rooms.values()]) {
      clearTimeout(room.unloadTimer)
      if (room.updatesSinceSnapshot > 0) this.compact(room)
      for (const conn of [...room.connections]) conn.close(CloseCodes.serviceRestart.code, CloseCodes.serviceRestart.reason)
      room.connections.clear()
      this.rooms.delete(room.id)
      room.destroy()
    }
  }
}
