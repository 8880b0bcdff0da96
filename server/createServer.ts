import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { ADDRESS_FILE, listeningUrl, publicUrl, type Config } from './config.js'
import { createLogger } from './logger.js'
import { SqliteStorage } from './persistence/SqliteStorage.js'
import { DocumentRooms } from './documents/DocumentRooms.js'
import { BackgroundStore } from './documents/BackgroundStore.js'
import { exposeGc, MemoryRelease } from './memory.js'
import { createCollabEndpoint } from './transport/collabUpgrade.js'
import { Router } from './http/Router.js'
import { HttpError } from './http/HttpError.js'
import { sendJson } from './http/json.js'
import { pathForLog } from './http/requestTarget.js'
import { redactPath } from './http/redactPath.js'
import { serveStatic } from './http/serveStatic.js'
import { addWorkspaceRoutes } from './workspace/workspaceRoutes.js'
import { addAuthRoutes } from './auth/authRoutes.js'
import { addGroupRoutes } from './groups/groupRoutes.js'
import { AccountStore } from './auth/AccountStore.js'
import { Auth } from './auth/Auth.js'
import { RateLimiter } from './auth/RateLimiter.js'
import { EXAMPLE_GROUP_ID, seedExampleWorkspace } from './seed/seedExampleWorkspace.js'
import { seedExampleAccounts } from './seed/seedExampleAccounts.js'
import { EventHub } from './events/EventHub.js'
import { addEventRoutes } from './events/eventRoutes.js'
import { CommentService } from './comments/CommentService.js'
import { CommentStore } from './comments/CommentStore.js'
import { VersionService } from './versions/VersionService.js'
import { addVersionRoutes } from './versions/versionRoutes.js'
import { addImportRoutes } from './import/importRoutes.js'
import { addCommentRoutes } from './comments/commentRoutes.js'
import { DocumentReader } from './documents/DocumentReader.js'
import { FeedbackService } from './feedback/FeedbackService.js'
import { addFeedbackRoutes } from './feedback/feedbackRoutes.js'

export interface PlenaryServer {
  /** http://host:port of the listening server. */
  url: string
  port: number
  storage: SqliteStorage
  accounts: AccountStore
  rooms: DocumentRooms
  comments: CommentService
  hub: EventHub
  /** One-time sign-in links of the example accounts created on this start (empty otherwise). */
  exampleSignInLinks: Array<{ name: string; role: string; delegation: string; url: string }>
  /** Every HTTP route, "METHOD /path/:param". */
  routes: string[]
  /** Re-decide every open connection's rights now. */
  recheckAccess(): void
  /** Graceful stop: refuse new work, store everything, close sockets with 1012, close the database. */
  close(): Promise<void>
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
}

const HOUR = 3_600_000
const FIFTEEN_MINUTES = 15 * 60_000

/** Builds the whole server (HTTP API, static client, websocket sync, storage) and starts listening. */
export async function createServer(config: Config): Promise<PlenaryServer> {
  const logger = createLogger(config.LOG_LEVEL)
  const storage = new SqliteStorage(config.DATA_DIR, { synchronous: config.SQLITE_SYNCHRONOUS })
  const accounts = new AccountStore(storage.db)
  const auth = new Auth(accounts, { sessionTtlMs: config.SESSION_TTL_HOURS * HOUR, trustProxy: config.TRUST_PROXY, publicUrl: config.PUBLIC_URL })
  let exampleLinks: Array<{ name: string; role: string; delegation: string; token: string }> = []
  if (config.SEED_EXAMPLE) {
    if (seedExampleWorkspace(storage)) logger.info('created the example working group')
    if (storage.getGroup(EXAMPLE_GROUP_ID)) exampleLinks = seedExampleAccounts(accounts, EXAMPLE_GROUP_ID, config.SIGN_IN_LINK_TTL_HOURS * HOUR)
  }

  const health = { storage: 'ok' as 'ok' | 'failing', lastError: '' }
  const memory = new MemoryRelease(config.RELEASE_MEMORY_AFTER_UNLOADS > 0 ? exposeGc() : null, config.RELEASE_MEMORY_AFTER_UNLOADS)
  const background = new BackgroundStore({ dataDir: config.DATA_DIR, synchronous: config.SQLITE_SYNCHRONOUS })
  const rooms = new DocumentRooms({
    storage,
    logger,
    background,
    backgroundLoadAfterUpdates: config.BACKGROUND_LOAD_AFTER_UPDATES,
    backgroundLoadAfterBytes: config.BACKGROUND_LOAD_AFTER_BYTES,
    broadcastIntervalMs: config.BROADCAST_INTERVAL_MS,
    batchAfterConnections: config.BATCH_AFTER_CONNECTIONS,
    onUnloaded: () => memory.noteUnload(),
    unloadDelayMs: config.DOC_UNLOAD_DELAY_MS,
    compactAfterUpdates: config.COMPACT_AFTER_UPDATES,
    compactAfterBytes: config.COMPACT_AFTER_BYTES,
    onStorageError: (error) => {
      health.storage = 'failing'
      health.lastError = (error as Error).message
    },
    onStorageOk: () => {
      health.storage = 'ok'
    },
    onStored: (room) => versions.onStored(room),
    onLastEditorLeft: (room) => versions.onLastEditorLeft(room),
  })
  const versions = new VersionService(storage, rooms, accounts, logger, {
    autoVersionIntervalMs: config.AUTO_VERSION_INTERVAL_MS,
    maxAutoVersions: config.MAX_AUTO_VERSIONS,
  })
  const collab = createCollabEndpoint({
    rooms,
    storage,
    auth,
    logger,
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    keepAliveMs: config.KEEPALIVE_MS,
    limits: {
      maxDocumentBytes: config.MAX_DOCUMENT_BYTES,
      maxAwarenessStateBytes: config.MAX_AWARENESS_STATE_BYTES,
      messagesPerSecond: config.MAX_MESSAGES_PER_SECOND,
      maxBufferedBytes: config.MAX_BUFFERED_BYTES,
      connectionsPerUser: config.MAX_CONNECTIONS_PER_USER,
      connectionsPerAddress: config.MAX_CONNECTIONS_PER_ADDRESS,
      updateStructs: config.MAX_UPDATE_STRUCTS,
      structsPerSecond: config.MAX_STRUCTS_PER_SECOND,
    },
  })
  // Open websockets and event streams are re-decided together (hub is created below, before any request).
  const onAccessChanged = () => {
    collab.recheck()
    hub.recheck()
  }

  // Rights can also change from another process (npm run admin) or simply expire:
  // SQLite's data_version changes whenever another connection commits.
  let dataVersion = storage.db.pragma('data_version', { simple: true })
  let lastFullCheck = Date.now()
  const accessWatch = setInterval(() => {
    const now = storage.db.open ? storage.db.pragma('data_version', { simple: true }) : dataVersion
    if (now !== dataVersion || Date.now() - lastFullCheck > 30_000) {
      dataVersion = now
      lastFullCheck = Date.now()
      onAccessChanged()
    }
  }, config.ACCESS_RECHECK_MS)
  accessWatch.unref()

  const router = new Router()
  router.add('GET', '/healthz', ({ res }) => {
    const ok = health.storage === 'ok'
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unhealthy', storage: health.storage, loadedDocuments: rooms.loadedCount, documentLoads: rooms.loads, connections: collab.connectionCount() })
    return null
  })
  const loginPerAccount = new RateLimiter(config.LOGIN_MAX_FAILURES_PER_ACCOUNT, FIFTEEN_MINUTES)
  const loginPerAddress = new RateLimiter(config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS, FIFTEEN_MINUTES)
  addAuthRoutes(router, { auth, storage, maxBodyBytes: config.MAX_BODY_BYTES, loginPerAccount, loginPerAddress, onAccessChanged })
  addWorkspaceRoutes(router, { auth, storage, rooms, maxBodyBytes: config.MAX_BODY_BYTES, onAccessChanged })
  addVersionRoutes(router, { auth, storage, versions, maxBodyBytes: config.MAX_BODY_BYTES })
  addImportRoutes(router, { auth, storage, maxImportBytes: config.MAX_IMPORT_BYTES, maxDocumentBytes: config.MAX_DOCUMENT_BYTES })
  const hub = new EventHub(storage.db)
  versions.attachEvents(hub)
  const commentStore = new CommentStore(storage.db)
  const reader = new DocumentReader(rooms, storage)
  const comments = new CommentService(commentStore, storage, accounts, reader, hub)
  addCommentRoutes(router, {
    auth,
    comments,
    maxBodyBytes: config.MAX_BODY_BYTES,
    // threadsOn() above has already checked the caller may read the document.
    readForExport: (_user, docId) => ({ node: reader.read(docId).pm, title: storage.getDocument(docId)!.title }),
  })
  const feedback = new FeedbackService(storage.db, storage, accounts, comments, commentStore, reader, hub)
  addFeedbackRoutes(router, { auth, feedback, maxBodyBytes: config.MAX_BODY_BYTES })
  let linkBase = '' // PUBLIC_URL, or this server's address once it listens: the base of every link, never the Host header
  addGroupRoutes(router, { auth, storage, comments, maxBodyBytes: config.MAX_BODY_BYTES, invitationTtlMs: config.INVITATION_TTL_HOURS * HOUR, linkBase: () => linkBase, onAccessChanged })
  addEventRoutes(router, { auth, hub })

  /** Answers one request; every failure becomes a JSON error, and nothing it throws leaves this function. */
  const handleRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    try {
      if (await router.handle(req, res)) return
      if ((req.url ?? '').startsWith('/api/')) throw new HttpError(404, 'not_found', `no API route ${req.method} ${pathForLog(req.url)}`)
      serveStatic(config.STATIC_DIR, req, res)
    } catch (error) {
      if (res.headersSent) return void res.destroy()
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) })
        return
      }
      logger.error(`${req.method} ${redactPath(pathForLog(req.url))} failed`, error)
      sendJson(res, 500, { error: 'internal_error', message: 'the server could not handle this request' })
    }
  }
  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      logger.error('answering a request failed', error)
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  })
  server.on('upgrade', collab.handleUpgrade)
  // A request Node's parser refuses (bad request line, header, chunk): answer 400 and close, as Node does by default.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && error.code !== 'ECONNRESET' && !(socket as { _httpMessage?: unknown })._httpMessage)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.PORT, config.HOST, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = listeningUrl(config.HOST, port)
  linkBase = publicUrl(config, port)
  // The admin command line prints links on this address when PUBLIC_URL is not set (PORT=0 picks any port).
  fs.writeFileSync(path.join(config.DATA_DIR, ADDRESS_FILE), `${url}\n`)

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      clearInterval(accessWatch)
      hub.close()
      collab.stopAccepting()
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      rooms.shutdown()
      await collab.close()
      server.closeAllConnections()
      await stopped
      memory.stop()
      await background.close()
      storage.close()
      fs.rmSync(path.join(config.DATA_DIR, ADDRESS_FILE), { force: true })
    })())

  return {
    url,
    port,
    storage,
    accounts,
    rooms,
    comments,
    hub,
    exampleSignInLinks: exampleLinks.map((l) => ({ name: l.name, role: l.role, delegation: l.delegation, url: `${linkBase}/#/signin/${l.token}` })),
    recheckAccess: onAccessChanged,
    routes: router.list(),
    close,
  }
}
