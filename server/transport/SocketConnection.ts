import type { WebSocket } from 'ws'
import type { Connection } from '../documents/Connection.js'
import type { Principal } from '../auth/Auth.js'
import type { PresenceUser } from '../../shared/presence.js'

let nextId = 1

/** What the server decided about this connection when it was accepted. */
export interface ConnectionAccess {
  principal: Principal
  canEdit: boolean
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

  constructor(
    readonly socket: WebSocket,
    readonly docId: string,
    readonly access: ConnectionAccess,
  ) {}

  send(message: Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return
    this.socket.send(message, { binary: true })
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED || this.socket.readyState === this.socket.CLOSING) return
    this.socket.close(code, reason)
  }
}
