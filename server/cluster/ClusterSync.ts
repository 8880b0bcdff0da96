import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import type { DocumentRoom } from '../documents/DocumentRoom.js'
import type { DocumentRooms, Replication } from '../documents/DocumentRooms.js'
import type { ClientClaim, DocumentStore } from '../documents/DocumentStore.js'
import type { Logger } from '../logger.js'
import { RELAYED } from '../documents/Connection.js'
import type { Relay } from './Relay.js'
import type { RelayMessage } from './relayMessages.js'

export interface ClusterSyncOptions {
  relay: Relay
  storage: DocumentStore
  logger: Logger
  /** How often every loaded document is compared with the database while the relay works (messages can be lost). */
  checkEveryMs: number
  /** The same while the relay is down: the database is then the only way to see other nodes' edits. */
  pollEveryMs: number
  /** How long a node may stay silent before its cursors are removed from this node's rooms. */
  nodeTimeoutMs: number
}

/** How long a gap may wait for the missing message before the database is read. */
const GAP_WAIT_MS = 50

/**
 * Keeps this node's rooms in step with the other nodes'. The database is the source of truth and
 * numbers each document's updates without gaps; the relay only says "updates from..to were
 * committed, here they are". A node applies what it is sent, and reads the database for what it
 * missed: on a gap in the numbers, when the relay comes back, and periodically (a lost last message
 * leaves no gap to notice). Cursors cross the same way, and disappear when their node goes silent.
 */
export class ClusterSync implements Replication {
  private rooms!: DocumentRooms
  /** Messages for documents being loaded, applied once the load is done (subscribe, load, drain). */
  private readonly loading = new Map<string, RelayMessage[]>()
  private readonly catchingUp = new Map<string, Promise<void>>()
  private readonly gapTimers = new Map<string, NodeJS.Timeout>()
  private readonly lastHeard = new Map<string, number>()
  private readonly timers: NodeJS.Timeout[] = []

  constructor(private readonly options: ClusterSyncOptions) {
    options.relay.onMessage((m) => this.receive(m))
    options.relay.onResumed(() => this.catchUpAll())
  }

  /**
   * Starts the periodic checks and heartbeats for these rooms; `alsoCheck` runs with each check
   * (the change feed's catch-up), so rooms and events are compared with the database together.
   */
  start(rooms: DocumentRooms, alsoCheck: () => void = () => {}): void {
    this.rooms = rooms
    const { relay, checkEveryMs, pollEveryMs, nodeTimeoutMs } = this.options
    let lastCheck = Date.now()
    const poll = setInterval(() => {
      if (!relay.connected || Date.now() - lastCheck >= checkEveryMs) {
        lastCheck = Date.now()
        this.catchUpAll()
        alsoCheck()
      }
    }, pollEveryMs)
    const heartbeat = setInterval(() => {
      relay.publish({ type: 'heartbeat', node: relay.node })
      this.forgetSilentNodes(nodeTimeoutMs)
    }, Math.max(100, Math.floor(nodeTimeoutMs / 3)))
    for (const t of [poll, heartbeat]) t.unref()
    this.timers.push(poll, heartbeat)
    relay.publish({ type: 'heartbeat', node: relay.node })
  }

  async beforeLoad(docId: string): Promise<void> {
    if (!this.loading.has(docId)) this.loading.set(docId, [])
    await this.options.relay.subscribeDocument(docId)
  }

  loaded(room: DocumentRoom): void {
    const waiting = this.loading.get(room.id) ?? []
    this.loading.delete(room.id)
    for (const m of waiting) this.apply(room, m)
    room.onLocalAwareness = (update) => this.options.relay.publish({ type: 'awareness', node: this.options.relay.node, docId: room.id, update })
    // Ask the other nodes for the cursors of their connections to this document.
    this.options.relay.publish({ type: 'awareness', node: this.options.relay.node, docId: room.id, update: new Uint8Array(0) })
  }

  committed(room: DocumentRoom, from: number, to: number, update: Uint8Array, claims: ClientClaim[]): void {
    const owners = claims.map((c): [number, string | null] => [c.clientId, c.userId])
    this.options.relay.publish({ type: 'update', node: this.options.relay.node, docId: room.id, from, to, update, owners })
  }

  unloaded(docId: string): void {
    this.loading.delete(docId)
    clearTimeout(this.gapTimers.get(docId))
    this.gapTimers.delete(docId)
    void this.options.relay.unsubscribeDocument(docId)
  }

  private receive(m: RelayMessage): void {
    this.lastHeard.set(m.node, Date.now())
    if (m.type !== 'update' && m.type !== 'awareness') return
    const waiting = this.loading.get(m.docId)
    if (waiting) {
      waiting.push(m)
      return
    }
    const room = this.rooms?.peek(m.docId)
    if (room) this.apply(room, m)
  }

  private apply(room: DocumentRoom, m: RelayMessage): void {
    if (room.doc.isDestroyed) return
    if (m.type === 'awareness') return this.applyAwareness(room, m.node, m.update)
    if (m.type !== 'update' || room.seqs.holds(m.from, m.to)) return
    // Whose content it is, as the node that stored it decided: a client reconnecting here after its node died keeps writing as itself.
    for (const [clientId, userId] of m.owners) if (!room.clientOwners.has(clientId)) room.clientOwners.set(clientId, userId)
    try {
      Y.applyUpdate(room.doc, m.update, RELAYED)
    } catch (error) {
      // The database has it right: read it from there.
      this.options.logger.error(`a relayed update of ${room.id} could not be applied; reading the database`, error)
      void this.catchUp(room)
      return
    }
    room.seqs.add(m.from, m.to)
    if (room.seqs.hasGap) this.waitForGap(room)
  }

  /** A gap in the numbers: the missing message may just be late; if it is still missing soon after, read the database. */
  private waitForGap(room: DocumentRoom): void {
    if (this.gapTimers.has(room.id)) return
    const timer = setTimeout(() => {
      this.gapTimers.delete(room.id)
      if (room.seqs.hasGap && this.rooms.peek(room.id) === room) void this.catchUp(room)
    }, GAP_WAIT_MS)
    timer.unref()
    this.gapTimers.set(room.id, timer)
  }

  /** Reads and applies every update stored after what the room holds without a gap (one read at a time per document). */
  catchUp(room: DocumentRoom): Promise<void> {
    const running = this.catchingUp.get(room.id)
    if (running) return running
    const done = (async () => {
      const from = room.lastSeq
      let { updates, lastSeq } = await this.options.storage.updatesAfter(room.id, from)
      // Numbers have no gaps: fewer rows than numbers means another node folded some into the snapshot.
      if (updates.length < lastSeq - from) {
        const stored = await this.options.storage.loadContent(room.id)
        updates = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
        lastSeq = stored.lastSeq
      }
      if (room.doc.isDestroyed || !updates.length) return
      // The owners of client ids first seen in what was missed were stored with it.
      for (const [clientId, userId] of await this.options.storage.clientOwners(room.id)) if (!room.clientOwners.has(clientId)) room.clientOwners.set(clientId, userId)
      if (room.doc.isDestroyed) return
      Y.transact(
        room.doc,
        () => {
          for (const update of updates) Y.applyUpdate(room.doc, update, RELAYED)
        },
        RELAYED,
      )
      room.seqs.addThrough(lastSeq)
    })()
      .catch((error: unknown) => this.options.logger.error(`reading ${room.id}'s updates from other nodes failed`, error))
      .finally(() => this.catchingUp.delete(room.id))
    this.catchingUp.set(room.id, done)
    return done
  }

  private catchUpAll(): void {
    for (const room of this.rooms?.loadedRooms() ?? []) void this.catchUp(room)
  }

  private applyAwareness(room: DocumentRoom, node: string, update: Uint8Array): void {
    // An empty update asks for this node's cursors of the document.
    if (!update.byteLength) {
      const mine = [...room.awareness.getStates().keys()].filter((id) => !room.remoteAwareness.has(id))
      if (mine.length) room.onLocalAwareness?.(awarenessProtocol.encodeAwarenessUpdate(room.awareness, mine))
      return
    }
    const ids = awarenessClientIds(update)
    for (const id of ids) room.remoteAwareness.set(id, node)
    awarenessProtocol.applyAwarenessUpdate(room.awareness, update, RELAYED)
    // Only this update's cursors can have gone (a removal is a null state): no scan of everyone's.
    const states = room.awareness.getStates()
    for (const id of ids) if (!states.has(id)) room.remoteAwareness.delete(id)
  }

  /** Removes the cursors of nodes not heard from for `timeoutMs` (a node that died cannot remove them itself). */
  private forgetSilentNodes(timeoutMs: number): void {
    const now = Date.now()
    const silent = new Set([...this.lastHeard].filter(([, at]) => now - at > timeoutMs).map(([node]) => node))
    if (!silent.size) return
    for (const node of silent) this.lastHeard.delete(node)
    for (const room of this.rooms?.loadedRooms() ?? []) {
      const ids = [...room.remoteAwareness].filter(([, node]) => silent.has(node)).map(([id]) => id)
      for (const id of ids) room.remoteAwareness.delete(id)
      if (ids.length) awarenessProtocol.removeAwarenessStates(room.awareness, ids, RELAYED)
    }
  }

  close(): void {
    for (const t of this.timers) clearInterval(t)
    for (const t of this.gapTimers.values()) clearTimeout(t)
  }
}

/** The client ids an awareness update speaks of (its format: count, then clientID, clock, state for each). */
function awarenessClientIds(update: Uint8Array): number[] {
  const d = decoding.createDecoder(update)
  const ids: number[] = []
  const count = decoding.readVarUint(d)
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(d))
    decoding.readVarUint(d)
    decoding.readVarString(d)
  }
  return ids
}
