import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * Every setting Plenary reads, from the environment, validated and defaulted here and nowhere else.
 * The README's "Configuration" table documents the same list.
 */
const EnvSchema = z.object({
  /** TCP port to listen on; 0 picks a free port (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. 127.0.0.1 keeps Plenary private to this machine; 0.0.0.0 exposes it. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The address people use to reach Plenary (scheme, host, port and any path prefix), e.g.
   * https://plenary.example.org. Every link the server or the admin command line builds starts with
   * it; the request's Host header is never used for links. Default: the server's own address (HOST, PORT).
   */
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined
      const url = parsePublicUrl(v)
      if (typeof url === 'string') return url
      ctx.addIssue({ code: 'custom', message: url.problem })
      return z.NEVER
    }),
  /**
   * PostgreSQL instead of SQLite: postgres://user:password@host:port/database (or postgresql://).
   * Absent: the SQLite file in DATA_DIR. DATA_DIR still holds the server's address file.
   */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(v), 'DATABASE_URL must start with postgres:// or postgresql://'),
  /** The PostgreSQL schema Plenary's tables live in (created when missing); tests use one each. */
  PG_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'PG_SCHEMA must be a lower-case SQL name').default('public'),
  /** Folder for the SQLite database (plenary.db). Created when missing. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Folder with the built browser client (npm run build). */
  STATIC_DIR: z.string().min(1).default('./dist/client'),
  /** Milliseconds a document stays in memory after its last connection leaves. */
  DOC_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  /** Least time between two automatic versions of a document while it is being edited (one is also kept when the last editor leaves). */
  AUTO_VERSION_INTERVAL_MS: z.coerce.number().int().min(0).default(60 * 60 * 1000),
  /** Automatic versions kept per document; older ones are deleted. Named versions are always kept. */
  MAX_AUTO_VERSIONS: z.coerce.number().int().min(1).default(50),
  /** Update rows after a document's snapshot from which it is loaded and compacted in a worker thread, not on the event loop. */
  BACKGROUND_LOAD_AFTER_UPDATES: z.coerce.number().int().min(1).default(2_000),
  /** Snapshot size from which a document is loaded in a worker thread and applied in small steps (applying it at once would hold the event loop). */
  BACKGROUND_LOAD_AFTER_BYTES: z.coerce.number().int().min(1).default(256 * 1024),
  /**
   * Broadcast batching only where it pays: a document's changes go out at the end of the tick they
   * arrived in, unless its last flush took HOT_FLUSH_MS or more to send; then the next waits until
   * sending takes at most BROADCAST_SHARE_PERCENT of the time, and never more than BROADCAST_INTERVAL_MS.
   * What arrives meanwhile is stored in one transaction and sent in one write per socket.
   */
  BROADCAST_INTERVAL_MS: z.coerce.number().int().min(0).max(500).default(100),
  HOT_FLUSH_MS: z.coerce.number().min(0).max(1000).default(25),
  BROADCAST_SHARE_PERCENT: z.coerce.number().min(0.1).max(100).default(33),
  /**
   * How many people's cursors everyone in a document is sent: in a room of more, the most recently
   * moved ones (the others are sent again as soon as they move). A plenary of thousands sees the
   * people at work, not a wall of idle cursors.
   */
  CURSORS_SHOWN: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Documents unloaded in a burst after which one full garbage collection gives their memory back (0: never). */
  RELEASE_MEMORY_AFTER_UNLOADS: z.coerce.number().int().min(0).default(100),
  /** Stored updates of one document after which they are folded into a snapshot. */
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(1_000),
  /** Bytes of stored updates of one document after which they are folded into a snapshot. */
  COMPACT_AFTER_BYTES: z.coerce.number().int().min(1).default(4 * 1024 * 1024),
  /** Largest websocket message accepted, in bytes; larger ones close the socket with 1009. */
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  /** Largest file accepted by document import (.docx or .md), in bytes; larger ones get 413. */
  MAX_IMPORT_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  /** Largest stored size of one document (snapshot + update log); updates past it close with 4413. */
  MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  /** Largest JSON of one awareness state (cursor + user); larger ones close with 4413. */
  MAX_AWARENESS_STATE_BYTES: z.coerce.number().int().min(256).default(8 * 1024),
  /** Messages per second one connection may send on average (bursts of 3 s allowed); more close with 4529. */
  MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(200),
  /**
   * What one user's document updates may cost: structs and deleted ranges (about 1.5 µs each to check
   * and apply) in one update at most, and per second across all their connections. Past the first an
   * update is refused (4413); past the second the connection is closed (4529) and reconnects later.
   */
  MAX_UPDATE_STRUCTS: z.coerce.number().int().min(1000).default(100_000),
  MAX_STRUCTS_PER_SECOND: z.coerce.number().int().min(100).default(25_000),
  /** Bytes waiting to be sent to one client before it is dropped as too slow (4509). */
  MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  /** Open websocket connections allowed per user and per client address (HTTP 429 past them). */
  MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(50),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(2000),
  /** Largest JSON request body accepted, in bytes; larger ones get HTTP 413. */
  MAX_BODY_BYTES: z.coerce.number().int().min(256).default(1024 * 1024),
  /** SQLite synchronous mode: FULL survives power loss, NORMAL only a process crash. */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** Milliseconds between websocket pings; a socket that misses one pong is dropped. */
  KEEPALIVE_MS: z.coerce.number().int().min(100).default(30_000),
  /** production disables the example data; anything else is a development or test run. */
  NODE_ENV: z.string().default('development'),
  /** Seed the example working group, its documents and example accounts into an empty database (default: not in production). */
  SEED_EXAMPLE: z.enum(['true', 'false']).optional(),
  /** Hours a sign-in session lasts. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(72),
  /** Hours an invitation link stays valid (it can be used once). */
  INVITATION_TTL_HOURS: z.coerce.number().positive().default(168),
  /** Hours a one-time sign-in link stays valid. */
  SIGN_IN_LINK_TTL_HOURS: z.coerce.number().positive().default(24),
  /** Trust X-Forwarded-Proto from a reverse proxy (for Secure cookies behind HTTPS termination). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Failed sign-ins per account, and sign-in attempts per address, allowed per 15 minutes. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  /** Milliseconds between checks for rights changed by another process (the admin command line). */
  ACCESS_RECHECK_MS: z.coerce.number().int().min(50).default(500),
  /**
   * Cluster mode: redis://host:port of the Redis that relays committed changes between nodes (it
   * keeps nothing; PostgreSQL, DATABASE_URL, is the source of truth). Absent: a single node.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** This node's name in the cluster (logs, relay messages); default: host name and process id. */
  NODE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash and underscore, at most 64').optional(),
  /** Prefix of the cluster's Redis channels, so several clusters (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().max(64).default('plenary:'),
  /** Milliseconds between comparisons of every loaded document with the database while Redis works (a lost message is found this late at worst). */
  CLUSTER_CHECK_MS: z.coerce.number().int().min(100).default(5000),
  /** Milliseconds between reads of other nodes' changes from the database while Redis is unavailable. */
  CLUSTER_POLL_MS: z.coerce.number().int().min(50).default(500),
  /** Milliseconds after which a silent node's cursors are removed from the others. */
  CLUSTER_NODE_TIMEOUT_MS: z.coerce.number().int().min(300).default(15_000),
  /** Fault injection for the cluster's tests only: the share (0-1) of relay messages this node drops instead of sending. */
  CLUSTER_DROP_RELAY_RATIO: z.coerce.number().min(0).max(1).default(0),
  /**
   * The SMTP server the daily e-mail digest goes through, as a URL: smtp://user:pass@host:587
   * (STARTTLS when offered) or smtps://user:pass@host:465 (TLS from the start). Unset: no e-mail is
   * sent and the digest preference is shown as unavailable.
   */
  SMTP_URL: z.string().optional().transform((v, ctx) => {
    if (v === undefined || v === '') return undefined
    if (!/^smtps?:\/\/[^\s]+$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: 'must look like smtp://user:pass@host:587 or smtps://host:465' })
      return z.NEVER
    }
    return v
  }),
  /** The From address of the digest, e.g. "Plenary <plenary@example.org>". */
  MAIL_FROM: z.string().min(3).default('Plenary <plenary@localhost>'),
  /** Hour of the day (UTC, 0–23) from which each day's digest is sent; a day missed while the server was down is sent at its next check. */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Milliseconds between two checks for digests due (one check also runs at start). */
  DIGEST_CHECK_MS: z.coerce.number().int().min(1000).default(10 * 60_000),
  /**
   * LibreOffice's soffice, which turns the Word export into PDF: a path, or a command name looked for
   * on PATH (default soffice; Debian's libreoffice-writer-nogui installs /usr/bin/soffice). Not found
   * or not executable (an empty value turns PDF off): PDF export is unavailable (503 pdf_unavailable)
   * and the client says how to enable it.
   */
  SOFFICE_PATH: z.string().default('soffice'),
  /** Milliseconds one PDF conversion may take; past it soffice is killed (its whole process group) and the request answered 504 pdf_timeout. */
  PDF_TIMEOUT_MS: z.coerce.number().int().min(1).default(60_000),
  /** PDF conversions waiting while one runs (one runs at a time); past them 503 pdf_busy with Retry-After. */
  PDF_QUEUE_LENGTH: z.coerce.number().int().min(0).max(100).default(4),
  /** silent | error | info | debug */
  LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
})

/** A PUBLIC_URL (or --url) normalised to "scheme://host[:port][/path]" without a trailing slash, or what is wrong with it. */
export function parsePublicUrl(value: string): string | { problem: string } {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { problem: `"${value}" is not an absolute URL such as https://plenary.example.org` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'must start with http:// or https://' }
  if (url.username || url.password || url.search || url.hash) return { problem: 'must have no user name, password, query or #fragment' }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/** The address of a server listening on host:port (a wildcard host is reached as localhost). */
export function listeningUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`
}

/** The file in DATA_DIR where a running server writes the address it listens on (for npm run admin). */
export const ADDRESS_FILE = 'server-address'

/** The address a server running on this DATA_DIR wrote, if any (the command line's default for links). */
export function runningServerAddress(dataDir: string): string | undefined {
  try {
    const address = fs.readFileSync(path.join(dataDir, ADDRESS_FILE), 'utf8').trim()
    return /^https?:\/\/[^\s]+$/.test(address) ? address : undefined
  } catch {
    return undefined
  }
}

/** The base of every link: PUBLIC_URL, else the server's own address on this port. */
export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>, port = config.PORT): string {
  return config.PUBLIC_URL ?? listeningUrl(config.HOST, port)
}

export type Config = Omit<z.infer<typeof EnvSchema>, 'SEED_EXAMPLE'> & { SEED_EXAMPLE: boolean }

/** A command's path: a name with no slash is looked for in the PATH directories (as a shell would), the first match wins; a path is kept as given. */
function onPath(command: string, searchPath = ''): string {
  if (command.includes('/')) return command
  const found = searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command)).find((file) => fs.existsSync(file))
  return found ?? command
}

/** Reads and validates the configuration; throws a readable error naming each bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${problems}`)
  }
  const seed = parsed.data.SEED_EXAMPLE ? parsed.data.SEED_EXAMPLE === 'true' : parsed.data.NODE_ENV !== 'production'
  const config: Config = { ...parsed.data, SEED_EXAMPLE: seed, SOFFICE_PATH: onPath(parsed.data.SOFFICE_PATH, env.PATH), ...overrides }
  return { ...config, DATA_DIR: path.resolve(config.DATA_DIR), STATIC_DIR: path.resolve(config.STATIC_DIR) }
}
