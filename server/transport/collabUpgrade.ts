import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { Auth } from '../auth/Auth.js'
import type { GroupStore } from '../groups/GroupStore.js'
import { documentAccess } from '../auth/access.js'
import type { Logger } from '../logger.js'
import { SocketConnection, type ConnectionAccess } from './SocketConnection.js'
import { handleMessage, type MessageLimits } from './handleMessage.js'
import { ForeignAuthorError, OverBudgetError, SchemaViolationError, TooLargeError } from './errors.js'
import { TokenBucket } from './TokenBucket.js'
import { encodeSyncStep1 } from '../../shared/protocol/messages.js'
import { CloseCodes, COLLAB_PATH } from '../../shared/protocol/closeCodes.js'
import { colorAmong, colorForUser } from '../../shared/presence.js'
import { parseRequestTarget } from '../http/requestTarget.js'
import type { PeriodGate } from '../periods/PeriodGate.js'

export interface CollabOptions {
  rooms: DocumentRooms
  storage: DocumentStore
  groups: GroupStore
  /** Documents' comment periods: members' edit rights end when one closes. */
  periods: Pick<PeriodGate, 'current'>
  auth: Auth
  logger: Logger
  maxMessageBytes: number
  keepAliveMs: number
  limits: MessageLimits & {
    messagesPerSecond: number
    maxBufferedBytes: number
    connectionsPerUser: number
    connectionsPerAddress: number
    /** MAX_UPDATE_STRUCTS and MAX_STRUCTS_PER_SECOND: each user's work budget (see TokenBucket). */
    updateStructs: number
    structsPerSecond: number
  }
}

/** Rejects an upgrade before any websocket exists, with a plain HTTP status. */
function refuseUpgrade(socket: Duplex, status: number, text: string, message: string): void {
  const body = JSON.stringify({ error: text.toLowerCase().replaceAll(' ', '_'), message })
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** The document id of a /collab/<id> URL, or null for any other path. */
export function collabDocumentId(url: string | undefined): string | null {
  const pathname = parseRequestTarget(url)?.pathname
  if (!pathname) return null
  const match = new RegExp(`^${COLLAB_PATH}/([A-Za-z0-9_-]{1,64})$`).exec(pathname)
  return match ? match[1] : null
}

/**
 * The websocket side of the server: authenticates and authorizes /collab/<documentId> upgrades
 * before accepting them, then wires each socket to its document room. Open connections are
 * re-checked whenever rights may have changed (recheck()).
 */
export function createCollabEndpoint(options: CollabOptions) {
  const { rooms, storage, groups, auth, logger } = options
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes })
  const connections = new Set<SocketConnection>()
  const perUser = new Map<string, number>()
  /** One work budget per user, kept while the server runs so that reconnecting does not refill it. */
  const budgets = new Map<string, TokenBucket>()
  const perAddress = new Map<string, number>()
  const bump = (map: Map<string, number>, key: string, by: number) => {
    const n = (map.get(key) ?? 0) + by
    if (n > 0) map.set(key, n)
    else map.delete(key)
  }
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

  /** Each socket's connection, for the handlers below. */
  const connectionOf = new WeakMap<WebSocket, SocketConnection>()
  function onPong(this: WebSocket) {
    const conn = connectionOf.get(this)
    if (conn) conn.awaitingPong = false
  }
  function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
    const conn = connectionOf.get(this)
    if (!conn?.room) return
    if (!isBinary) {
      conn.close(CloseCodes.unsupportedData.code, CloseCodes.unsupportedData.reason)
      return
    }
    if (!conn.takeMessage()) {
      conn.close(CloseCodes.rateLimited.code, CloseCodes.rateLimited.reason)
      return
    }
    const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : new Uint8Array(data)
    try {
      handleMessage(rooms, conn.room, conn, frame, options.limits)
    } catch (error) {
      logger.info(`closing connection ${conn.id} on ${conn.docId}: ${(error as Error).message}`)
      const close =
        error instanceof TooLargeError
          ? CloseCodes.tooLarge
          : error instanceof ForeignAuthorError
            ? CloseCodes.foreignAuthor
            : error instanceof SchemaViolationError
              ? CloseCodes.schemaViolation
              : error instanceof OverBudgetError
                ? CloseCodes.rateLimited
                : CloseCodes.malformedMessage
      conn.close(close.code, close.reason)
    }
  }
  function onClose(this: WebSocket) {
    const conn = connectionOf.get(this)
    if (!conn?.room) return
    connections.delete(conn)
    bump(perUser, conn.userId, -1)
    bump(perAddress, conn.address, -1)
    rooms.leave(conn.room, conn)
  }
  function onError(this: WebSocket, error: Error) {
    logger.debug(`socket error on ${connectionOf.get(this)?.docId ?? 'a document'}`, error)
  }

  const onConnection = (socket: WebSocket, docId: string, access: ConnectionAccess | null, address: string) => {
    const room = access && rooms.peek(docId)
    if (!access || !room) {
      // No such document; or (rarely) its room was unloaded between loading and the handshake: the client reconnects.
      const close = access ? CloseCodes.serviceRestart : CloseCodes.documentNotFound
      socket.close(close.code, close.reason)
      return
    }
    // A caret colour nobody else in this document has (the same for all of one person's tabs).
    const others = new Map<string, string>()
    for (const c of room.connections) if (c instanceof SocketConnection) others.set(c.access.user.userId, c.access.user.color)
    access.user.color = colorAmong(access.user.userId, others)
    const conn = new SocketConnection(socket, docId, access, options.limits)
    const userId = access.principal.user.id
    if (!budgets.has(userId)) budgets.set(userId, new TokenBucket(options.limits.updateStructs, options.limits.structsPerSecond))
    conn.work = budgets.get(userId)!
    connections.add(conn)
    bump(perUser, access.principal.user.id, 1)
    bump(perAddress, address, 1)
    conn.room = room
    conn.address = address
    rooms.join(room, conn)
    // The same four handlers serve every socket (they find its connection): no closures per connection.
    connectionOf.set(socket, conn)
    socket.on('pong', onPong)
    socket.on('message', onMessage)
    socket.on('close', onClose)
    socket.on('error', onError)
    conn.send(encodeSyncStep1(room.doc))
    const awareness = room.awarenessSnapshot()
    if (awareness) conn.send(awareness)
  }

  /** Decides an upgrade; any unexpected failure answers 503 instead of taking the process down. */
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    void decideUpgrade(req, socket, head).catch((error: unknown) => {
      logger.error('websocket upgrade failed', error)
      if (!socket.destroyed) refuseUpgrade(socket, 503, 'Service Unavailable', 'the server could not accept this connection')
    })
  }

  /** 401 without credentials, 403 without access, 404 for other paths, 429 past the connection limits. */
  const decideUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!accepting) return refuseUpgrade(socket, 503, 'Service Unavailable', 'the server is shutting down')
    const docId = collabDocumentId(req.url)
    if (!docId) return refuseUpgrade(socket, 404, 'Not Found', 'websocket endpoint is /collab/<documentId>')
    const principal = await auth.principal(req)
    if (!principal) return refuseUpgrade(socket, 401, 'Unauthorized', 'sign in first')
    // Browsers send cookies cross-site on websocket upgrades: refuse other origins (CSWSH).
    if (principal.via === 'session' && !auth.sameOrigin(req)) return refuseUpgrade(socket, 403, 'Forbidden', 'cross-origin websocket refused')
    const address = auth.clientAddress(req)
    if ((perUser.get(principal.user.id) ?? 0) >= options.limits.connectionsPerUser) return refuseUpgrade(socket, 429, 'Too Many Requests', 'too many open connections for this user')
    if ((perAddress.get(address) ?? 0) >= options.limits.connectionsPerAddress) return refuseUpgrade(socket, 429, 'Too Many Requests', 'too many open connections from this address')
    const doc = await storage.getDocument(docId)
    let access: ConnectionAccess | null = null
    if (doc) {
      const rights = await documentAccess(groups, principal.user, doc, await options.periods.current(docId))
      if (!rights.canRead) return refuseUpgrade(socket, 403, 'Forbidden', 'you have no access to this document')
      access = {
        principal,
        canEdit: rights.canEdit,
        proposesOnly: rights.canEdit && !rights.capabilities['document.editAgreed'],
        editUntil: rights.editUntil,
        user: {
          userId: principal.user.id,
          name: principal.user.name,
          delegation: rights.membership?.delegation ?? '',
          role: rights.actor.role ?? '',
          color: colorForUser(principal.user.id),
        },
      }
    }
    if (doc) {
      // The room is loaded before the handshake (a long stored log is replayed in the worker: the upgrade waits, the event loop does not).
      try {
        await rooms.open(docId)
      } catch (error) {
        logger.error(`loading ${docId} failed`, error)
        return refuseUpgrade(socket, 503, 'Service Unavailable', 'the document could not be loaded')
      }
    }
    if (socket.destroyed) return
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, docId, access, address))
  }

  /**
   * Re-decides every open connection: a revoked session or token closes with 4401, lost access
   * with 4403, and changed rights (role, delegation, edit rights) with 4511 so the client
   * reconnects and gets the new ones.
   */
  const recheck = async () => {
    // Many connections share a session, a person or a document: each is read once per pass.
    const once = new Map<string, Promise<unknown>>()
    const read = <T>(key: string, load: () => Promise<T>): Promise<T> => {
      if (!once.has(key)) once.set(key, load())
      return once.get(key) as Promise<T>
    }
    for (const conn of [...connections]) {
      const { principal, canEdit, user } = conn.access
      if (!(await read(`valid:${principal.via}:${principal.tokenId ?? principal.sessionId}`, () => auth.stillValid(principal)))) {
        conn.close(CloseCodes.unauthenticated.code, CloseCodes.unauthenticated.reason)
        continue
      }
      const doc = await read(`doc:${conn.docId}`, () => storage.getDocument(conn.docId))
      const freshUser = await read(`user:${principal.user.id}`, () => auth.accounts.userById(principal.user.id))
      if (!doc || !freshUser) continue
      const rights = await read(`rights:${freshUser.id}:${doc.id}`, async () => documentAccess(groups, freshUser, doc, await options.periods.current(doc.id)))
      if (!rights.canRead) conn.close(CloseCodes.forbidden.code, CloseCodes.forbidden.reason)
      else if (
        rights.canEdit !== canEdit ||
        (rights.canEdit && !rights.capabilities['document.editAgreed']) !== conn.access.proposesOnly ||
        (rights.actor.role ?? '') !== user.role ||
        (rights.membership?.delegation ?? '') !== user.delegation ||
        freshUser.name !== user.name
      )
        conn.close(CloseCodes.permissionsChanged.code, CloseCodes.permissionsChanged.reason)
      // The same rights until a comment period's (perhaps extended) closing time.
      else conn.access.editUntil = rights.editUntil
    }
  }

  return {
    handleUpgrade,
    recheck,
    connections: () => connections as ReadonlySet<SocketConnection>,
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
