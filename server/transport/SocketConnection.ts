import type { WebSocket } from 'ws'
import type { Connection } from '../documents/Connection.js'

let nextId = 1

/** A Connection over a `ws` socket. Sends are dropped once the socket is no longer open. */
export class SocketConnection implements Connection {
  readonly id = nextId++
  readonly awarenessIds = new Set<number>()
  /** Cleared on every pong; a socket still marked at the next ping is gone. */
  awaitingPong = false

  constructor(readonly socket: WebSocket) {}

  send(message: Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return
    this.socket.send(message, { binary: true })
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED || this.socket.readyState === this.socket.CLOSING) return
    this.socket.close(code, reason)
  }
}
