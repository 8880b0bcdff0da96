import type { WebSocket } from 'ws'
import type { Connection } from '../documents/Connection.js'
import type { DocumentRoom } from '../documents/DocumentRoom.js'
import type { PendingPart } from '../documents/takePending.js'
import { TokenBucket } from './TokenBucket.js'
import type { Principal } from '../auth/Auth.js'
import type { PresenceUser } from '../../shared/presence.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { frameOf } from './frames.js'

let nextId = 1

interface TcpSocket {
  cork(): void
  uncork(): void
  write(data: Uint8Array): boolean
}
/** Sockets corked by sends in the current callback. */
const corked = new Set<TcpSocket>()
/** Uncorks every socket corked in the callback that sent: each writes what it was sent meanwhile in one syscall. */
function writeCorked(): void {
  for (const tcp of corked) tcp.uncork()
  corked.clear()
}

/** What the server decided about this connection when it was accepted. */
export interface ConnectionAccess {
  principal: Principal
  canEdit: boolean
  /** In amendments mode, a member or the DG office: their edits may only be proposals. */
  proposesOnly: boolean
  /** When the edit rights end by themselves (a comment period's closing time); moved when the chair extends it. */
  editUntil?: number
  /** The awareness `user` field this connection's states always carry. */
  user: PresenceUser
}

/** A Connection over a `ws` socket. Sends are dropped once the socket is no longer open. */
export class SocketConnection implements Connection {
  readonly id = nextId++
  readonly awarenessIds = new Set<number>()
  /** Cleared on every pong; a socket still marked at the next ping is gone. */
  awaitingPong = false
  /** Updates with new content sent by a connection without edit rights (never applied). */
  deniedWrites = 0
  /** What this user's updates may still cost (one budget for all their connections; see TokenBucket). */
  work: TokenBucket = new TokenBucket(Infinity, Infinity)
  /** Parts of this connection's updates waiting for content the document does not have (see applyEditorUpdate). */
  held: PendingPart[] = []
  /** The document's room, once joined. */
  room: DocumentRoom | undefined
  /** The client address counted against MAX_CONNECTIONS_PER_ADDRESS. */
  address = ''
  /** MAX_MESSAGES_PER_SECOND, with 3 seconds' worth of burst. */
  private readonly messages: TokenBucket

  constructor(
    readonly socket: WebSocket,
    readonly docId: string,
    readonly access: ConnectionAccess,
    private readonly limits: { messagesPerSecond: number; maxBufferedBytes: number },
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond * 3, limits.messagesPerSecond)
  }

  get userId(): string {
    return this.access.principal.user.id
  }

  /** Whether the connection may edit now: its rights, until a comment period closes (even before the re-check that follows). */
  get canEdit(): boolean {
    return this.access.canEdit && !this.periodClosed
  }

  /** Whether a comment period that ends this connection's edit rights has closed. */
  get periodClosed(): boolean {
    return this.access.editUntil !== undefined && Date.now() >= this.access.editUntil
  }

  get delegation(): string {
    return this.access.user.delegation
  }

  get proposesOnly(): { delegation: string } | undefined {
    return this.access.proposesOnly ? { delegation: this.access.user.delegation } : undefined
  }

  /** Counts one incoming message; false when the connection is over its rate. */
  takeMessage(): boolean {
    const allowed = this.messages.available() >= 1
    this.messages.take(1)
    return allowed
  }

  /**
   * Sends one message; the frames sent during the same callback (a newcomer's sync reply and the
   * cursors, say) leave in one write.
   */
  send(message: Uint8Array): void {
    const tcp = this.writable()
    if (tcp === null) return
    if (!tcp) return this.socket.send(message, { binary: true })
    this.cork(tcp)
    tcp.write(frameOf(message))
  }

  /** Writes whole websocket frames built once for many connections (see DocumentRoom.sendQueued): one write. */
  sendFrames(frames: Buffer): void {
    const tcp = this.writable()
    if (tcp) tcp.write(frames)
  }

  /**
   * The TCP socket to write frames to, written as ws would write them (this server never compresses
   * nor queues frames); null when the socket is gone, or was just dropped because the client
   * stopped reading (before it costs unbounded memory); undefined when ws has no socket to give.
   */
  private writable(): TcpSocket | null | undefined {
    if (this.socket.readyState !== this.socket.OPEN) return null
    // What is still queued from before decides; one large message (a newcomer's sync) is always allowed.
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CloseCodes.slowConsumer.code, CloseCodes.slowConsumer.reason)
      this.socket.terminate()
      return null
    }
    return (this.socket as unknown as { _socket?: TcpSocket })._socket
  }

  /**
   * Holds the frames sent during the current callback (a flush's document update and cursor update,
   * say) for one write syscall per socket; all sockets are uncorked together when it returns.
   */
  private cork(tcp: TcpSocket): void {
    if (corked.has(tcp)) return
    tcp.cork()
    corked.add(tcp)
    if (corked.size === 1) queueMicrotask(writeCorked)
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED || this.socket.readyState === this.socket.CLOSING) return
    this.socket.close(code, reason)
  }
}
