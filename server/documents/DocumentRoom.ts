import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as encoding from 'lib0/encoding'
import { RELAYED, type Connection } from './Connection.js'
import { SeqTracker } from './SeqTracker.js'
import { encodeAwarenessMessage, encodeSyncStep2FromUpdate } from '../../shared/protocol/messages.js'
import { framesOf } from '../transport/frames.js'

/** How many of a room's shown cursors one person may hold (see DocumentRoom.limitPerUser). */
const CURSORS_PER_USER = 3

/**
 * One loaded document: its Y.Doc, the awareness (cursors, who is online) and the connections
 * editing it. A room holds no storage logic; DocumentRooms persists and broadcasts for it.
 */
export class DocumentRoom {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  /** What storage holds of this document; only the room changes it, through the methods below. */
  private readonly log = { storedBytes: 0, updates: 0, updateBytes: 0 }
  /** Which stored updates the doc holds (this node's and, in a cluster, other nodes'). */
  readonly seqs = new SeqTracker()
  /** The doc holds every stored update up to this sequence number (a snapshot of it may replace them). */
  get lastSeq(): number {
    return this.seqs.through
  }
  /** Counts the doc's changes, from anywhere: caches of its encoded state are keyed by it. */
  changes = 0
  /** Bytes this document takes in storage (snapshot + update log). */
  get storedBytes(): number {
    return this.log.storedBytes
  }
  /** Stored updates not yet folded into the snapshot, and their bytes. */
  get updatesSinceSnapshot(): number {
    return this.log.updates
  }
  get bytesSinceSnapshot(): number {
    return this.log.updateBytes
  }

  /** Records what storage held when the room was filled: through which update, and its sizes. */
  loaded(lastSeq: number, sizes: { updates: number; updateBytes: number; storedBytes: number }): void {
    Object.assign(this.log, { updates: sizes.updates, updateBytes: sizes.updateBytes, storedBytes: sizes.storedBytes })
    this.seqs.addThrough(lastSeq)
  }

  /** An update of this room was stored, sent by userId (null: the server). */
  stored(bytes: number, userId: string | null): void {
    this.log.updates++
    this.log.updateBytes += bytes
    this.log.storedBytes += bytes
    if (userId) this.editorsSinceVersion.add(userId)
  }

  /**
   * DocumentStore committed this room's updates numbered from..to (from omitted: every number up to
   * `to` is now held, as on a single node where nothing else writes the document).
   */
  storedThrough(to: number, from = 1): void {
    this.seqs.add(from, to)
  }

  /**
   * The first `updates` rows of the log (`updateBytes` bytes; all of them by default) were folded
   * into a snapshot of snapshotBytes; rows stored since stay counted.
   */
  compacted(snapshotBytes: number, updates = this.log.updates, updateBytes = this.log.updateBytes): void {
    this.log.updates -= updates
    this.log.updateBytes -= updateBytes
    this.log.storedBytes = snapshotBytes + this.log.updateBytes
  }

  unloadTimer: NodeJS.Timeout | undefined
  /** The whole document as one update and as a sync step 2, and the stored version they show. */
  private fullState: { changes: number; update: Uint8Array; message?: Uint8Array } | null = null

  /**
   * The whole document as one update: encoded once per stored version and shared (by newcomers'
   * sync replies and automatic versions; the whole state of a big document takes tens of
   * milliseconds to encode). Call only with nothing pending (DocumentRooms.settle() first), so
   * everything it holds is stored.
   */
  fullStateUpdate(): Uint8Array {
    if (this.fullState?.changes !== this.changes) this.fullState = { changes: this.changes, update: Y.encodeStateAsUpdate(this.doc) }
    return this.fullState.update
  }

  /** Sync step 2 for a client with an empty state vector (see fullStateUpdate). */
  fullStateMessage(): Uint8Array {
    const update = this.fullStateUpdate()
    this.fullState!.message ??= encodeSyncStep2FromUpdate(update)
    return this.fullState!.message
  }

  /** Seeds fullStateUpdate() with a state already encoded elsewhere (the background loader's). */
  setFullState(update: Uint8Array): void {
    this.fullState = { changes: this.changes, update }
  }

  /** How long this room's last flush took to send, and when it ended (see UpdateBatcher: a room whose flushes cost is batched). */
  lastFlushMs = 0
  lastFlushAt = 0
  /** A compaction is running in the background worker; no other is started meanwhile. */
  compactingInBackground = false
  /** Which user each Yjs client id with content in this document belongs to (null: the server). */
  clientOwners = new Map<number, string | null>()
  /**
   * The user who first announced each awareness client id while the room is loaded. In y-websocket
   * a cursor's client id is also its document client id: whoever shows a cursor reserves that id, so
   * nobody who reads it from awareness can write under it first.
   */
  readonly awarenessUsers = new Map<number, string>()
  /** In a cluster: cursors of connections on other nodes, by awareness client id, and the node each is on. */
  readonly remoteAwareness = new Map<number, string>()
  /** In a cluster: told the awareness update of each flush's changes made on this node (not relayed ones), to pass them on. */
  onLocalAwareness: ((update: Uint8Array) => void) | null = null
  /** Users whose updates were stored since the last saved version, for the next automatic version's list. */
  readonly editorsSinceVersion = new Set<string>()

  /**
   * @param requestFlush asks for flushAwareness() to be called soon; DocumentRooms calls it together
   * with the tick's document updates so a socket gets both in one write.
   * @param cursorsShown how many people's cursors everyone is sent: in a room of more, only those
   * whose cursor or presence changed most recently (an assembly of thousands cannot show every cursor
   * to everyone, nor afford to send them). The others' states are kept here and sent again as soon
   * as they move; a cursor pushed out of the shown ones is removed from everyone's view.
   */
  constructor(
    readonly id: string,
    private readonly requestFlush: (room: DocumentRoom) => void = (room) => setImmediate(() => room.flushAwareness()),
    private readonly cursorsShown = 50,
  ) {
    // The server has no cursor of its own.
    this.awareness.setLocalState(null)
    this.doc.on('update', () => this.changes++)
    this.awareness.on('change', this.onAwarenessChange)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /** The awareness client ids whose states everyone is sent, the most recently changed last. */
  private readonly shown = new Set<number>()
  /** Ids no longer shown (pushed out, or gone) whose removal everyone is sent with the next flush. */
  private readonly hidden = new Set<number>()

  /**
   * A state that really changed (not a client's periodic renewal of the same state) puts its
   * cursor among the shown ones, pushing out the one that changed longest ago.
   */
  private readonly onAwarenessChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    // Who announced which client id ('change' comes before 'update', and lists every added and removed id).
    if (origin && typeof origin === 'object' && 'awarenessIds' in origin) {
      const conn = origin as Connection
      for (const id of added) {
        conn.awarenessIds.add(id)
        if (!this.awarenessUsers.has(id)) this.awarenessUsers.set(id, conn.userId)
      }
      for (const id of removed) conn.awarenessIds.delete(id)
    }
    for (const id of [...added, ...updated]) {
      this.shown.delete(id)
      this.shown.add(id)
      this.hidden.delete(id)
      this.limitPerUser(id)
    }
    for (const id of removed) if (this.shown.delete(id)) this.hidden.add(id)
    while (this.shown.size > this.cursorsShown) this.hide(this.shown.values().next().value as number)
  }

  /**
   * In a crowded room, one person (several tabs, or someone moving cursors on purpose in many
   * connections) holds at most CURSORS_PER_USER of the shown places: their own oldest gives way,
   * never someone else's.
   */
  private limitPerUser(id: number): void {
    // Only a crowded room rations its places: below, everyone is shown anyway.
    if (this.shown.size <= CURSORS_PER_USER || this.awareness.getStates().size <= this.cursorsShown) return
    const user = this.awarenessUsers.get(id)
    if (user === undefined) return
    const theirs = [...this.shown].filter((other) => this.awarenessUsers.get(other) === user)
    for (const old of theirs.slice(0, Math.max(0, theirs.length - CURSORS_PER_USER))) this.hide(old)
  }

  /** Stops showing a cursor: everyone is told to drop it with the next flush. */
  private hide(id: number): void {
    this.shown.delete(id)
    this.hidden.add(id)
    this.awarenessChanged.add(id)
  }

  /**
   * An awareness update of the given ids as everyone should see them: the shown ones' states, and
   * `null` at the client's current clock for the hidden ones (a receiver drops a state it holds
   * when told null at the same clock, and takes the client's next state, at a higher clock, again).
   */
  private encodeShown(ids: number[]): Uint8Array {
    const states = this.awareness.getStates()
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, ids.length)
    for (const id of ids) {
      encoding.writeVarUint(encoder, id)
      encoding.writeVarUint(encoder, this.awareness.meta.get(id)?.clock ?? 0)
      encoding.writeVarString(encoder, JSON.stringify(this.shown.has(id) ? (states.get(id) ?? null) : null))
    }
    return encoding.toUint8Array(encoder)
  }

  /** Awareness client ids changed since the last broadcast; sent together once per event-loop tick. */
  private readonly awarenessChanged = new Set<number>()
  /** Those changed here (by this node's connections), which other nodes are told of. */
  private readonly awarenessChangedHere = new Set<number>()
  private awarenessScheduled = false

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const here = origin !== RELAYED
    for (const id of [...added, ...updated, ...removed]) {
      this.awarenessChanged.add(id)
      if (here) this.awarenessChangedHere.add(id)
    }
    if (this.awarenessScheduled || !this.awarenessChanged.size) return
    this.awarenessScheduled = true
    // Coalesce: every cursor that moved before the flush goes out in one message, encoded once.
    this.requestFlush(this)
  }

  /** Sends the awareness changes gathered since the last call, if any. */
  flushAwareness(): void {
    this.awarenessScheduled = false
    if (!this.awarenessChanged.size || this.doc.isDestroyed) return this.sendQueued()
    const ids = [...this.awarenessChanged]
    this.awarenessChanged.clear()
    // Renewals of cursors not shown go nowhere; the shown ones' changes and the hidden ones' removals go to everyone.
    const visible = ids.filter((id) => this.shown.has(id) || this.hidden.has(id))
    this.hidden.clear()
    if (visible.length) this.queue(encodeAwarenessMessage(this.encodeShown(visible)))
    this.sendQueued()
    // Other nodes (in a cluster) are told every change made here, and choose what to show themselves.
    if (!this.onLocalAwareness) this.awarenessChangedHere.clear()
    if (!this.awarenessChangedHere.size) return
    const here = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awarenessChangedHere])
    this.awarenessChangedHere.clear()
    this.onLocalAwareness?.(here)
  }

  /** Sends one encoded message to every connection but `except`; the buffer is shared, never re-encoded. */
  broadcast(message: Uint8Array, except?: Connection): void {
    this.queue(message, except)
    this.sendQueued()
  }

  /** Messages of the current flush, sent together by sendQueued(). */
  private queued: Array<{ message: Uint8Array; except?: Connection }> = []

  /** Adds a message for every connection but `except` to the next sendQueued(). */
  queue(message: Uint8Array, except?: Connection): void {
    this.queued.push({ message, except })
  }

  /**
   * Sends the queued messages (a flush's document update and cursor update): their frames are
   * built once, and each connection gets them in one write; a connection left out of one of them
   * (the sender of the update) gets the others.
   */
  sendQueued(): void {
    const queued = this.queued
    if (!queued.length) return
    this.queued = []
    const all = framesOf(queued.map((q) => q.message))
    const exceptions = new Set(queued.map((q) => q.except))
    for (const conn of this.connections) {
      if (!exceptions.has(conn)) {
        conn.sendFrames(all)
        continue
      }
      const theirs = queued.filter((q) => q.except !== conn).map((q) => q.message)
      if (theirs.length) conn.sendFrames(framesOf(theirs))
    }
  }

  /** The awareness states of everyone shown (everyone present, in a room that is not crowded), as one message for a newcomer. */
  awarenessSnapshot(): Uint8Array | null {
    const states = this.awareness.getStates()
    const ids = [...this.shown].filter((id) => states.has(id))
    return ids.length ? encodeAwarenessMessage(this.encodeShown(ids)) : null
  }

  /** Removes a connection and the cursors it announced. */
  removeConnection(conn: Connection): void {
    this.connections.delete(conn)
    if (conn.awarenessIds.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
  }

  destroy(): void {
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.off('change', this.onAwarenessChange)
    this.awareness.destroy()
    this.doc.destroy()
  }
}
