import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { ADDRESS_FILE, listeningUrl, publicUrl, type Config } from './config.js'
import { createLogger } from './logger.js'
import { openStores } from './persistence/openStores.js'
import type { DocumentStore } from './documents/DocumentStore.js'
import type { SqliteDocumentStore } from './persistence/sqlite/SqliteDocumentStore.js'
import { DocumentRooms } from './documents/DocumentRooms.js'
import { BackgroundStore } from './documents/BackgroundStore.js'
import { exposeGc, MemoryRelease } from './memory.js'
import { createCollabEndpoint } from './transport/collabUpgrade.js'
import { createHttpApp } from './http/createHttpApp.js'
import { route } from './http/route.js'
import { workspaceRoutes } from './workspace/workspaceRoutes.js'
import { templateRoutes, WordTemplates } from './groups/templateRoutes.js'
import { propertyRoutes } from './workspace/propertyRoutes.js'
import { authRoutes } from './auth/authRoutes.js'
import { groupRoutes } from './groups/groupRoutes.js'
import { invitationRoutes } from './invitations/invitationRoutes.js'
import { scopes as scopesOf } from './auth/scopes.js'
import type { AccountStore } from './auth/AccountStore.js'
import type { GroupStore } from './groups/GroupStore.js'
import type { InvitationStore } from './invitations/InvitationStore.js'
import { Auth } from './auth/Auth.js'
import { RateLimiter } from './auth/RateLimiter.js'
import { EXAMPLE_GROUP_ID, seedExampleWorkspace } from './seed/seedExampleWorkspace.js'
import { seedExampleAccounts } from './seed/seedExampleAccounts.js'
import { EventHub } from './events/EventHub.js'
import { eventRoutes } from './events/eventRoutes.js'
import type { ThreadService } from './comments/ThreadService.js'
import { buildComments } from './comments/buildComments.js'
import { commentTargets } from './comments/CommentTargets.js'
import { VersionService } from './versions/VersionService.js'
import { versionRoutes } from './versions/versionRoutes.js'
import { importRoutes } from './import/importRoutes.js'
import { exportRoutes } from './export/exportRoutes.js'
import { DocumentReader } from './documents/DocumentReader.js'
import { buildFeedback } from './feedback/buildFeedback.js'
import { buildAmendments } from './amendments/buildAmendments.js'
import { buildDispositions } from './dispositions/buildDispositions.js'
import { buildSigners } from './signers/buildSigners.js'
import { SignerPresenter } from './signers/SignerPresenter.js'
import { joinCluster } from './cluster/joinCluster.js'
import nodemailer from 'nodemailer'
import { DailyDigest } from './notifications/DailyDigest.js'
import { preferenceRoutes } from './notifications/preferenceRoutes.js'
import { PeriodGate } from './periods/PeriodGate.js'
import { buildPeriods } from './periods/buildPeriods.js'
import { DocumentExports, type ExportDeps } from './export/DocumentExports.js'
import { PdfConverter } from './export/pdf/PdfConverter.js'

export interface PlenaryServer {
  /** http://host:port of the listening server. */
  url: string
  port: number
  storage: DocumentStore
  /** The SQLite document adapter itself (synchronous, with the database handle), for tests and tools that inspect or damage the file; absent on PostgreSQL. */
  sqlite?: SqliteDocumentStore
  accounts: AccountStore
  groups: GroupStore
  invitations: InvitationStore
  rooms: DocumentRooms
  /** Comment threads (threadsOn: the threads a caller may see). */
  comments: ThreadService
  hub: EventHub
  /** The daily e-mail digest (digest.runNow(): run the daily job at once, as tests do). */
  digest: DailyDigest
  /** One-time sign-in links of the example accounts created on this start (empty otherwise). */
  exampleSignInLinks: Array<{ name: string; role: string; delegation: string; url: string }>
  /** Every HTTP route, "METHOD /path/:param". */
  routes: string[]
  /** Re-decide every open connection's rights now. */
  recheckAccess(): void
  /** Graceful stop: refuse new work, store everything, close sockets with 1012, close the database. */
  close(): Promise<void>
}

const HOUR = 3_600_000
const FIFTEEN_MINUTES = 15 * 60_000

/** Builds the whole server (HTTP API, static client, websocket sync, storage) and starts listening. */
export async function createServer(config: Config): Promise<PlenaryServer> {
  const logger = createLogger(config.LOG_LEVEL)
  fs.mkdirSync(config.DATA_DIR, { recursive: true })
  const stores = await openStores(config)
  const { documents: storage, accounts, groups, invitations } = stores
  const auth = new Auth(accounts, { sessionTtlMs: config.SESSION_TTL_HOURS * HOUR, trustProxy: config.TRUST_PROXY, publicUrl: config.PUBLIC_URL })
  let exampleLinks: Array<{ name: string; role: string; delegation: string; token: string }> = []
  if (config.SEED_EXAMPLE) {
    if (await seedExampleWorkspace(storage, groups)) logger.info('created the example working group')
    if (await groups.getGroup(EXAMPLE_GROUP_ID)) exampleLinks = await seedExampleAccounts({ accounts, groups }, EXAMPLE_GROUP_ID, config.SIGN_IN_LINK_TTL_HOURS * HOUR)
  }

  const health = { storage: 'ok' as 'ok' | 'failing', lastError: '' }
  const memory = new MemoryRelease(config.RELEASE_MEMORY_AFTER_UNLOADS > 0 ? exposeGc() : null, config.RELEASE_MEMORY_AFTER_UNLOADS)
  // Long logs are merged in a worker thread: on SQLite it also reads and compacts them through its
  // own connection to the file; on PostgreSQL the main thread reads them (that does not hold it).
  const background = new BackgroundStore(stores.sqlite ? { sqlite: { dataDir: config.DATA_DIR, synchronous: config.SQLITE_SYNCHRONOUS } } : { storage })
  // With REDIS_URL, this node relays its committed changes to the others and applies theirs.
  const cluster = config.REDIS_URL ? await joinCluster(config, storage, logger) : undefined
  const rooms = new DocumentRooms({
    storage,
    replication: cluster?.sync,
    logger,
    background,
    backgroundLoadAfterUpdates: config.BACKGROUND_LOAD_AFTER_UPDATES,
    backgroundLoadAfterBytes: config.BACKGROUND_LOAD_AFTER_BYTES,
    broadcastIntervalMs: config.BROADCAST_INTERVAL_MS,
    hotFlushMs: config.HOT_FLUSH_MS,
    broadcastSharePercent: config.BROADCAST_SHARE_PERCENT,
    cursorsShown: config.CURSORS_SHOWN,
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
    onStored: (room) => void versions.onStored(room).catch((error: unknown) => logger.error(`automatic version of ${room.id} failed`, error)),
    onLastEditorLeft: (room) => void versions.onLastEditorLeft(room).catch((error: unknown) => logger.error(`automatic version of ${room.id} failed`, error)),
  })
  const reader = new DocumentReader(rooms, storage)
  const versions = new VersionService({ store: stores.versions, documents: reader, rooms, storage, groups, logger }, {
    autoVersionIntervalMs: config.AUTO_VERSION_INTERVAL_MS,
    maxAutoVersions: config.MAX_AUTO_VERSIONS,
  })
  // Whether a document's comment period has closed: read at every comment and websocket connection.
  const periodGate = new PeriodGate(stores.periods)
  const collab = createCollabEndpoint({
    rooms,
    storage,
    groups,
    periods: periodGate,
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
  const recheckHere = () => {
    void Promise.all([collab.recheck(), hub.recheck()]).catch((error: unknown) => logger.error('re-checking open connections failed', error))
  }
  // In a cluster every node re-decides its own connections.
  const onAccessChanged = () => {
    recheckHere()
    cluster?.accessChanged()
  }

  // Rights can also change from another process (npm run admin) or simply expire:
  // The change feed's external version changes whenever another process commits.
  const feed = stores.changeFeed
  let dataVersion = await feed.externalVersion()
  let lastFullCheck = Date.now()
  const accessWatch = setInterval(async () => {
    const now = await feed.externalVersion().catch(() => dataVersion)
    if (now !== dataVersion || Date.now() - lastFullCheck > 30_000) {
      dataVersion = now
      lastFullCheck = Date.now()
      onAccessChanged()
    }
  }, config.ACCESS_RECHECK_MS)
  accessWatch.unref()

  const healthRoute = route({
    method: 'GET',
    url: '/healthz',
    auth: 'public',
    summary: 'Whether the server is ready: 200, or 503 while storage is failing',
    handler: ({ reply }) => {
      const ok = health.storage === 'ok'
      reply.code(ok ? 200 : 503)
      return { status: ok ? 'ok' : 'unhealthy', storage: health.storage, ...(cluster && { node: cluster.node, relay: cluster.relayConnected() ? 'ok' : 'unavailable' }), loadedDocuments: rooms.loadedCount, documentLoads: rooms.loads, connections: collab.connectionCount() }
    },
  })
  const loginPerAccount = new RateLimiter(config.LOGIN_MAX_FAILURES_PER_ACCOUNT, FIFTEEN_MINUTES)
  const loginPerAddress = new RateLimiter(config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS, FIFTEEN_MINUTES)
  const hub = new EventHub(feed, (error) => logger.error('sending an event failed', error))
  await hub.start()
  cluster?.start(rooms, hub, recheckHere)
  versions.attachEvents(hub)
  let linkBase = '' // PUBLIC_URL, or this server's address once it listens: the base of every link, never the Host header
  const accountScopes = scopesOf(storage, groups, periodGate)
  const commentData = stores.discussion
  const signerPresenter = new SignerPresenter(stores.signers, groups)
  const discussion = buildComments({ stores: commentData, groups, targets: commentTargets(storage, commentData.feedback), reader, hub, scopes: accountScopes, periods: periodGate, signers: signerPresenter })
  const feedback = buildFeedback({ store: commentData.feedback, threads: discussion.threads, accounts, groups, documents: storage, reader, hub, scopes: accountScopes })
  const comments = discussion.threads
  const digest = new DailyDigest({
    accounts,
    notifications: discussion.notifications,
    mailer: config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null,
    from: config.MAIL_FROM,
    digestHour: config.DIGEST_HOUR,
    checkEveryMs: config.DIGEST_CHECK_MS,
    linkBase: () => linkBase,
    logger,
  })
  // The document list and page show each document's current comment period (built below: it freezes the comments table, proposals included).
  const periodLookup = { current: (docId: string) => commentPeriods.periods.current(docId) }
  const amendments = buildAmendments({ store: stores.amendments, storage, reader, rooms, groups, log: discussion.log, hub, scopes: accountScopes, onAccessChanged, periods: periodLookup, signers: signerPresenter })
  const joint = buildSigners({ store: stores.signers, groups, comments: commentData.comments, threads: comments, amendments: amendments.amendments, notifications: commentData.notifications, hub, scopes: accountScopes })
  const dispositions = buildDispositions({
    store: stores.dispositions,
    storage,
    threads: comments,
    proposals: amendments.amendments,
    links: feedback.links,
    groups,
    notifications: discussion.notifications,
    log: discussion.log,
    hub,
    scopes: accountScopes,
  })
  const wordTemplates = new WordTemplates(groups)
  const exportDeps: ExportDeps = {
    documents: reader,
    versions,
    comments,
    // The exports' comments table lists the proposals the caller sees, open and decided.
    proposals: { list: async (user, docId) => (await amendments.amendments.list(user, (await storage.getDocument(docId))!)).proposals },
    dispositions: dispositions.dispositions,
    currentRound: async (docId) => (await periodLookup.current(docId))?.round,
    templates: (groupId) => wordTemplates.of(groupId),
  }
  const pdf = new PdfConverter({ soffice: config.SOFFICE_PATH, workRoot: path.join(config.DATA_DIR, 'pdf-conversions'), timeoutMs: config.PDF_TIMEOUT_MS, maxWaiting: config.PDF_QUEUE_LENGTH })
  const commentPeriods = buildPeriods({ store: stores.periods, storage, groups, versions, exports: new DocumentExports(exportDeps), hub, logger, onAccessChanged, scopes: accountScopes })
  await commentPeriods.periods.start()

  const { app, routes } = await createHttpApp({
    auth,
    pino: logger.pino,
    staticDir: config.STATIC_DIR,
    maxBodyBytes: config.MAX_BODY_BYTES,
    trustProxy: config.TRUST_PROXY,
    routes: [
      healthRoute,
      ...eventRoutes({ auth, groups, hub }),
      ...authRoutes({ auth, accounts, groups, loginPerAccount, loginPerAddress, onAccessChanged, pdfExport: pdf.available }),
      ...preferenceRoutes({ accounts, digestAvailable: digest.available }),
      ...groupRoutes({ accounts, groups, scopes: accountScopes, moderation: discussion.moderation, onAccessChanged }),
      ...discussion.routes,
      ...amendments.routes,
      ...commentPeriods.routes,
      ...joint.routes,
      ...feedback.routes,
      ...dispositions.routes,
      ...invitationRoutes({ auth, accounts, groups, invitations, scopes: accountScopes, invitationTtlMs: config.INVITATION_TTL_HOURS * HOUR, linkBase: () => linkBase, pdfExport: pdf.available }),
      ...workspaceRoutes({ storage, groups, scopes: accountScopes, rooms, documents: reader, onAccessChanged, periods: periodLookup }),
      ...propertyRoutes({ storage, groups, hub, scopes: accountScopes, periods: periodLookup }),
      ...versionRoutes({ scopes: accountScopes, versions, amendments: amendments.amendments }),
      ...importRoutes({ storage, groups, scopes: accountScopes, maxImportBytes: config.MAX_IMPORT_BYTES, maxDocumentBytes: config.MAX_DOCUMENT_BYTES }),
      ...exportRoutes({ scopes: accountScopes, pdf, ...exportDeps }),
      ...templateRoutes({ groups, scopes: accountScopes, names: async (userId) => (await accounts.userById(userId))?.name ?? '' }),
    ],
  })
  const server = app.server
  server.on('upgrade', collab.handleUpgrade)
  await app.listen({ port: config.PORT, host: config.HOST })
  const { port } = server.address() as AddressInfo
  const url = listeningUrl(config.HOST, port)
  linkBase = publicUrl(config, port)
  // The admin command line prints links on this address when PUBLIC_URL is not set (PORT=0 picks any port).
  fs.writeFileSync(path.join(config.DATA_DIR, ADDRESS_FILE), `${url}\n`)
  digest.start()

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      clearInterval(accessWatch)
      await digest.stop()
      await commentPeriods.periods.stop()
      hub.close()
      collab.stopAccepting()
      const stopped = app.close()
      await rooms.shutdown()
      await collab.close()
      await stopped
      memory.stop()
      await background?.close()
      await cluster?.close()
      await stores.close()
      fs.rmSync(path.join(config.DATA_DIR, ADDRESS_FILE), { force: true })
    })())

  return {
    url,
    port,
    storage,
    sqlite: stores.sqlite,
    accounts,
    groups,
    invitations,
    rooms,
    comments,
    hub,
    digest,
    exampleSignInLinks: exampleLinks.map((l) => ({ name: l.name, role: l.role, delegation: l.delegation, url: `${linkBase}/#/signin/${l.token}` })),
    recheckAccess: onAccessChanged,
    routes,
    close,
  }
}
