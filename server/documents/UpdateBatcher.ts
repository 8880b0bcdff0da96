import * as Y from 'yjs'
import type { ClientClaim, DocumentStore } from './DocumentStore.js'
import type { Logger } from '../logger.js'
import { originUserId, RELAYED, type Connection } from './Connection.js'
import type { DocumentRoom } from './DocumentRoom.js'
import { encodeDeleteSet } from '../versions/deleteSets.js'
import { encodeUpdateMessage } from '../../shared/protocol/messages.js'

export interface UpdateBatcherOptions {
  storage: DocumentStore
  logger: Logger
  /** See DocumentRoomsOptions.broadcastIntervalMs, hotFlushMs and broadcastSharePercent. */
  broadcastIntervalMs?: number
  hotFlushMs?: number
  broadcastSharePercent?: number
  /** Storing failed: the rooms whose updates were not stored must be dropped (never broadcast). */
  onStorageFailed(error: unknown, rooms: Set<DocumentRoom>): void
  onStorageOk?(): void
  /** A room's updates were stored and sent. */
  onStored(room: DocumentRoom): void
  /**
   * In a cluster: a room's updates numbered from..to were committed (merged into `update`), to pass
   * on to the other nodes. Set only where the store numbers each document's updates without gaps.
   */
  onCommitted?(room: DocumentRoom, from: number, to: number, update: Uint8Array, claims: ClientClaim[]): void
}

interface Pending {
  room: DocumentRoom
  update: Uint8Array
  origin: unknown
  userId: string | null
  deletes: Uint8Array | null
}

/**
 * The durability rule in one place: every update of every wired room is written to storage before
 * anyone else receives it. Updates arriving within one event-loop tick (from any document) are
 * written in one transaction by flush(), then each room's are merged, encoded once and broadcast,
 * followed by the cursor changes of the same tick. Anything that reads a document for another
 * person (a sync step 2) calls flush() first.
 *
 * Batching only where it pays: a change is flushed at the end of the tick it arrived in, unless a
 * flush is being stored (then it goes with the next one, right after) or its room is hot. A room is
 * hot when its last flush took at least hotFlushMs to send (hundreds of sockets); its next flush
 * then waits until broadcasting it has taken no more than broadcastSharePercent of the time since
 * (at most broadcastIntervalMs), so a plenary's sockets get fewer, larger writes while a small
 * meeting never waits.
 */
export class UpdateBatcher {
  private pending: Pending[] = []
  private claims: ClientClaim[] = []
  /** Rooms with cursor changes waiting for the next flush. */
  private readonly awarenessDirty = new Set<DocumentRoom>()
  /** A flush at the end of this tick is asked for (rooms that are due now). */
  private immediateScheduled = false
  /** The timer of the earliest hot room's flush, and when it fires. */
  private timer: NodeJS.Timeout | undefined
  private timerAt = Infinity
  /** The flush whose updates are being stored now, if any: the next one waits for it, so rooms broadcast in storage order. */
  private storing: Promise<void> | undefined

  constructor(private readonly options: UpdateBatcherOptions) {}

  /** From now on every change of the room's doc is stored, then broadcast. */
  wire(room: DocumentRoom): void {
    room.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      // Another node stored it already: this node's connections only need to see it.
      if (origin === RELAYED) return room.broadcast(encodeUpdateMessage(update))
      // The transaction's delete set holds only what this update newly deleted: that is what the sender is credited with.
      const deletes = tr.deleteSet.clients.size ? encodeDeleteSet(tr.deleteSet) : null
      this.pending.push({ room, update, origin, userId: originUserId(origin), deletes })
      this.scheduleFlush(room)
    })
  }

  /** The room's cursors changed: they go out with the next flush. */
  awarenessChanged(room: DocumentRoom): void {
    this.awarenessDirty.add(room)
    this.scheduleFlush(room)
  }

  /** A client id now belongs to a user: stored in the same transaction as the next updates. */
  claim(claim: ClientClaim): void {
    this.claims.push(claim)
  }

  hasPending(room: DocumentRoom): boolean {
    return this.pending.some((p) => p.room === room)
  }

  /**
   * Resolves once everything the room had pending is stored and broadcast, including what arrives
   * while an earlier flush is being stored: then the room's doc holds nothing unstored.
   */
  async settle(room: DocumentRoom): Promise<void> {
    while (this.storing || this.hasPending(room)) await this.flush()
  }

  /** Forgets a room's unstored updates (it is being discarded). */
  drop(room: DocumentRoom): void {
    this.pending = this.pending.filter((p) => p.room !== room)
  }

  /** How long after the last flush a room's next one may go: 0 unless the room is hot (see the class comment). */
  private windowFor(room: DocumentRoom): number {
    const { broadcastIntervalMs = 100, hotFlushMs = 5, broadcastSharePercent = 33 } = this.options
    const cost = room.lastFlushMs
    if (cost < hotFlushMs || cost <= 0) return 0
    return Math.min(broadcastIntervalMs, cost * (100 / broadcastSharePercent - 1))
  }

  /** When the room's next flush may go: at once, unless it is hot. */
  private dueAt(room: DocumentRoom): number {
    return room.lastFlushAt + this.windowFor(room)
  }

  /**
   * At the end of this tick, or when the room's batching window since its last flush has passed.
   * Each room keeps its own time: a hot plenary waiting for its window never holds back a small
   * meeting's edits, which go at the end of their tick.
   */
  private scheduleFlush(room: DocumentRoom): void {
    const now = performance.now()
    const at = this.dueAt(room)
    if (at - now <= 1) {
      if (this.immediateScheduled) return
      this.immediateScheduled = true
      setImmediate(() => {
        this.immediateScheduled = false
        void this.flush(false)
      })
      return
    }
    if (this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.timerAt = Infinity
      void this.flush(false)
    }, at - now)
  }

  /** Sends a room's queued messages and cursor changes (one write per socket), and records what it took. */
  private send(room: DocumentRoom, started: number, queue?: () => void): void {
    queue?.()
    if (this.awarenessDirty.delete(room) && !room.doc.isDestroyed) room.flushAwareness()
    room.sendQueued()
    room.lastFlushAt = performance.now()
    room.lastFlushMs = room.lastFlushAt - started
  }

  /** Sends the cursor changes gathered for the rooms that had no update in this flush. */
  private flushAwareness(): void {
    for (const room of this.awarenessDirty) this.send(room, performance.now())
  }

  /**
   * Writes every pending update in one transaction, then broadcasts each room's to its other
   * connections. A flush that finds another one storing waits for it first; it never fails (a
   * storage failure closes the rooms concerned, see onStorageFailed). `all` false (a scheduled
   * flush): only the rooms that are due; the others' changes wait for their own time.
   */
  async flush(all = true): Promise<void> {
    while (this.storing) await this.storing
    const now = performance.now()
    const isDue = (room: DocumentRoom) => all || this.dueAt(room) - now <= 1
    const batch: Pending[] = []
    const later: Pending[] = []
    for (const p of this.pending) (isDue(p.room) ? batch : later).push(p)
    this.pending = later
    const cursorsLater = [...this.awarenessDirty].filter((room) => !isDue(room))
    for (const room of cursorsLater) this.awarenessDirty.delete(room)
    try {
      if (!batch.length && !this.claims.length) return this.flushAwareness()
      const claims = this.claims
      this.claims = []
      this.storing = this.store(batch, claims)
      try {
        await this.storing
      } finally {
        this.storing = undefined
      }
    } finally {
      for (const room of cursorsLater) this.awarenessDirty.add(room)
      for (const room of new Set([...later.map((p) => p.room), ...cursorsLater])) this.scheduleFlush(room)
    }
  }

  private async store(batch: Pending[], claims: ClientClaim[]): Promise<void> {
    let lastSeqs: Map<string, number>
    try {
      lastSeqs = await this.options.storage.appendUpdates(
        batch.map((p) => ({ docId: p.room.id, update: p.update, userId: p.userId, deletes: p.deletes })),
        claims,
      )
    } catch (error) {
      this.options.logger.error('storing updates failed; the affected documents are closed and reloaded on reconnect', error)
      this.options.onStorageFailed(error, new Set(batch.map((p) => p.room)))
      return
    }
    this.options.onStorageOk?.()
    // One message per room per tick: updates from the same tick are merged and encoded once.
    const byRoom = new Map<DocumentRoom, Pending[]>()
    for (const p of batch) {
      p.room.stored(p.update.byteLength, p.userId)
      const list = byRoom.get(p.room)
      if (list) list.push(p)
      else byRoom.set(p.room, [p])
    }
    for (const [room, pending] of byRoom) {
      const started = performance.now()
      const origins = new Set(pending.map((p) => p.origin))
      const update = pending.length === 1 ? pending[0].update : Y.mergeUpdates(pending.map((p) => p.update))
      // A single sender does not need its own edit back; with several, everyone gets the merge.
      // The room's cursor changes of the same flush follow at once: one write per socket for both.
      this.send(room, started, () => room.queue(encodeUpdateMessage(update), origins.size === 1 ? (pending[0].origin as Connection) : undefined))
      const to = lastSeqs.get(room.id) ?? room.lastSeq
      if (this.options.onCommitted) {
        // Each document's updates are numbered without gaps: this batch's are the last pending.length.
        room.storedThrough(to, to - pending.length + 1)
        this.options.onCommitted(
          room,
          to - pending.length + 1,
          to,
          update,
          claims.filter((c) => c.docId === room.id),
        )
      } else room.storedThrough(to)
    }
    for (const room of byRoom.keys()) this.options.onStored(room)
    this.flushAwareness()
  }
}
