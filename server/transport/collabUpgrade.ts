import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { Logger } from '../logger.js'
import { SocketConnection } from './SocketConnection.js'
import { handleMessage } from './handleMessage.js'
import { encodeSyncStep1 } from '../../shared/protocol/messages.js'
import { CloseCodes, COLLAB_PATH } from '../../shared/protocol/closeCodes.js'

export interface CollabOptions {
  rooms: DocumentRooms
  logger: Logger
  maxMessageBytes: number
  keepAliveMs: number
}

/** Rejects an upgrade before any websocket exists, with a plain HTTP status. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = JSON.stringify({ error: text })
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** The document id of a /collab/<id> URL, or null for any other path. */
export function collabDocumentId(url: string | undefined): string | null {
  const pathname = new URL(url ?? '/', 'http://x').pathname
  const match = new RegExp(`^${COLLAB_PATH}/([A-Za-z0-9_-]{1,64})$`).exec(pathname)
  return match ? match[1] : null
}

/**
 * The websocket side of the server: upgrades /collab/<documentId>, then wires each socket to
 * its document room. Returns the upgrade handler and a close function for shutdown.
 */
export function createCollabEndpoint(options: CollabOptions) {
  const { rooms, logger } = options
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes })
  const connections = new Set<SocketConnection>()
  let accepting = true

  const keepAlive = setInterval(() => {
    for (const conn of connections) {
      if (conn.awaitingPong) {
        conn.close(CloseCodes.keepAliveTimeout.code, CloseCodes.keepAliveTimeout.reason)
        conn.socket.terminate()
        continue
      }
      conn.awaitingPong = true
      conn.socket.ping()
    }
  }, options.keepAliveMs)
  keepAlive.unref()

  const onConnection = (socket: WebSocket, docId: string) => {
    const conn = new SocketConnection(socket)
    const room = rooms.open(docId)
    if (!room) {
      conn.close(CloseCodes.documentNotFound.code, CloseCodes.documentNotFound.reason)
      return
    }
    connections.add(conn)
    rooms.join(room, conn)
    socket.on('pong', () => (conn.awaitingPong = false))
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        conn.close(CloseCodes.unsupportedData.code, CloseCodes.unsupportedData.reason)
        return
      }
      const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : new Uint8Array(data)
      try {
        handleMessage(rooms, room, conn, frame)
      } catch (error) {
        logger.info(`closing connection ${conn.id} on ${docId}: ${(error as Error).message}`)
        conn.close(CloseCodes.malformedMessage.code, CloseCodes.malformedMessage.reason)
      }
    })
    socket.on('close', () => {
      connections.delete(conn)
      rooms.leave(room, conn)
    })
    socket.on('error', (error) => logger.debug(`socket error on ${docId}`, error))
    conn.send(encodeSyncStep1(room.doc))
    const awareness = room.awarenessSnapshot()
    if (awareness) conn.send(awareness)
  }

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    if (!accepting) return refuseUpgrade(socket, 503, 'Service Unavailable')
    const docId = collabDocumentId(req.url)
    if (!docId) return refuseUpgrade(socket, 404, 'Not Found')
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, docId))
  }

  return {
    handleUpgrade,
    connectionCount: () => connections.size,
    /** Stops accepting new sockets; existing ones are closed by DocumentRooms.shutdown(). */
    stopAccepting() {
      accepting = false
      clearInterval(keepAlive)
    },
    /** Waits up to graceMs for closing sockets to finish their close handshake, then cuts the rest. */
    async close(graceMs = 2000) {
      const deadline = Date.now() + graceMs
      while (connections.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      for (const conn of connections) conn.socket.terminate()
      wss.close()
    },
  }
}
