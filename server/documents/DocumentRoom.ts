import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { Connection } from './Connection.js'
import { encodeAwarenessMessage, encodeSyncStep2FromUpdate } from '../../shared/protocol/messages.js'

/**
 * One loaded document: its Y.Doc, the awareness (cursors, who is online) and the connections
 * editing it. A room holds no storage logic; DocumentRooms persists and broadcasts for it.
 */
export class DocumentRoom {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  /** What storage holds of this document; only the room changes it, through the methods below. */
  private readonly log = { lastSeq: 0, storedBytes: 0, updates: 0, updateBytes: 0 }
  /** Sequence number of the newest stored update folded into this room's doc. */
  get lastSeq(): number {
    return this.log.lastSeq
  }
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
    Object.assign(this.log, { lastSeq, updates: sizes.updates, updateBytes: sizes.updateBytes, storedBytes: sizes.storedBytes })
  }

  /** An update of this room was stored, sent by userId (null: the server). */
  stored(bytes: number, userId: string | null): void {
    this.log.updates++
    this.log.updateBytes += bytes
    this.log.storedBytes += bytes
    if (userId) this.editorsSinceVersion.add(userId)
  }

  /** DocumentStore holds this room's updates through seq (the doc is exactly that state). */
  storedThrough(seq: number): void {
    this.log.lastSeq = seq
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
  private fullState: { seq: number; update: Uint8Array; message?: Uint8Array } | null = null

  /**
   * The whole document as one update: encoded once per stored version and shared (by newcomers'
   * sync replies and automatic versions; the whole state of a big document takes tens of
   * milliseconds to encode). Call only with nothing pending (DocumentRooms.flush() first), so the doc
   * is exactly lastSeq.
   */
  fullStateUpdate(): Uint8Array {
    if (this.fullState?.seq !== this.lastSeq) this.fullState = { seq: this.lastSeq, update: Y.encodeStateAsUpdate(this.doc) }
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
    this.fullState = { seq: this.lastSeq, update }
  }

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
  /** Users whose updates were stored since the last saved version, for the next automatic version's list. */
  readonly editorsSinceVersion = new Set<string>()

  /**
   * @param requestFlush asks for flushAwareness() to be called soon; DocumentRooms calls it together
   * with the tick's document updates so a socket gets both in one write.
   */
  constructor(
    readonly id: string,
    private readonly requestFlush: (room: DocumentRoom) => void = (room) => setImmediate(() => room.flushAwareness()),
  ) {
    // The server has no cursor of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /** Awareness client ids changed since the last broadcast; sent together once per event-loop tick. */
  private readonly awarenessChanged = new Set<number>()
  private awarenessScheduled = false

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin && typeof origin === 'object' && 'awarenessIds' in origin) {
      const conn = origin as Connection
      for (const id of added) {
        conn.awarenessIds.add(id)
        if (!this.awarenessUsers.has(id)) this.awarenessUsers.set(id, conn.userId)
      }
      for (const id of removed) conn.awarenessIds.delete(id)
    }
    for (const id of [...added, ...updated, ...removed]) this.awarenessChanged.add(id)
    if (this.awarenessScheduled || !this.awarenessChanged.size) return
    this.awarenessScheduled = true
    // Coalesce: every cursor that moved before the flush goes out in one message, encoded once.
    this.requestFlush(this)
  }

  /** Sends the awareness changes gathered since the last call, if any. */
  flushAwareness(): void {
    this.awarenessScheduled = false
    if (!this.awarenessChanged.size || this.doc.isDestroyed) return
    const ids = [...this.awarenessChanged]
    this.awarenessChanged.clear()
    this.broadcast(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)))
  }

  /** Sends one encoded message to every connection but `except`; the buffer is shared, never re-encoded. */
  broadcast(message: Uint8Array, except?: Connection): void {
    for (const conn of this.connections) if (conn !== except) conn.send(message)
  }

  /** The awareness states of everyone present, as one message for a newcomer. */
  awarenessSnapshot(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()]
    return ids.length ? encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)) : null
  }

  /** Removes a connection and the cursors it announced. */
  removeConnection(conn: Connection): void {
    this.connections.delete(conn)
    if (conn.awarenessIds.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
  }

  destroy(): void {
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }
}
