import { AsyncLocalStorage } from 'node:async_hooks'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/** One store's schema: the SQL steps that bring its tables from nothing to today, in order. */
export interface StoreMigrations {
  store: string
  steps: string[]
}

/**
 * Databases written before schemas belonged to stores kept one counter (PRAGMA user_version); at
 * this value their tables are exactly every store's first step.
 */
const LAST_SHARED_SCHEMA = 5

/**
 * The one SQLite file, DATA_DIR/plenary.db, in WAL mode, and the only place that opens it. Each
 * store brings its own migrations; they run at open, each step once, recorded per store in
 * store_migrations. Only persistence code (server/persistence/) holds a SqliteDatabase.
 */
export class SqliteDatabase {
  readonly handle: Database.Database
  private readonly statements = new Map<string, Database.Statement>()
  /** The asynchronous transaction holding the connection, if any, and the calls waiting for it to end. */
  private holder: object | undefined
  private waiting: Array<() => void> = []
  private readonly context = new AsyncLocalStorage<object>()

  constructor(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' }, stores: StoreMigrations[]) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.handle = new Database(path.join(dataDir, 'plenary.db'))
    this.handle.pragma('journal_mode = WAL')
    this.handle.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`)
    this.handle.pragma('foreign_keys = ON')
    this.handle.pragma('busy_timeout = 5000')
    this.migrate(stores)
  }

  /** A prepared statement, prepared once per SQL text. */
  statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql)
    if (!stmt) {
      stmt = this.handle.prepare(sql)
      this.statements.set(sql, stmt)
    }
    return stmt
  }

  /**
   * Runs fn in one write transaction that takes SQLite's write lock at its start (BEGIN IMMEDIATE),
   * so a transaction that reads before it writes never fails with "database is locked" when another
   * connection (the background worker) commits in between. Nested calls join the outer one.
   */
  transaction<T>(fn: () => T): T {
    if (this.handle.inTransaction) return fn()
    return this.handle.transaction(fn).immediate()
  }

  /**
   * The asynchronous form of transaction(), for services (through Transactional): fn may await
   * store calls. One such transaction holds the connection at a time; the others, and every store
   * call made outside it meanwhile (run()), wait their turn, so no request's writes join another's
   * transaction or see it half done. Inside fn (and whatever it awaits), calls join it.
   */
  async asyncTransaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.holder && this.context.getStore() === this.holder) return fn()
    while (this.holder) await new Promise<void>((resolve) => this.waiting.push(resolve))
    const holder = {}
    this.holder = holder
    try {
      this.handle.exec('BEGIN IMMEDIATE')
      const result = await this.context.run(holder, fn)
      this.handle.exec('COMMIT')
      return result
    } catch (error) {
      if (this.handle.inTransaction) this.handle.exec('ROLLBACK')
      throw error
    } finally {
      this.holder = undefined
      for (const wake of this.waiting.splice(0)) wake()
    }
  }

  /** Runs a store call now, or once the asynchronous transaction holding the connection (another caller's) has ended. */
  async run<T>(fn: () => T): Promise<T> {
    while (this.holder && this.context.getStore() !== this.holder) await new Promise<void>((resolve) => this.waiting.push(resolve))
    return fn()
  }

  /** SQLite's data_version: it changes whenever another connection (another process) commits. */
  dataVersion(): number {
    return this.handle.pragma('data_version', { simple: true }) as number
  }

  get open(): boolean {
    return this.handle.open
  }

  close(): void {
    this.handle.close()
  }

  /**
   * Brings every store's tables up to date. Each step holds the write lock from its start and checks
   * the version again inside it, so two connections opening the file at once never run a step twice.
   */
  private migrate(stores: StoreMigrations[]): void {
    this.transaction(() => {
      const shared = this.handle.pragma('user_version', { simple: true }) as number
      const fresh = !this.handle.prepare("SELECT 1 FROM sqlite_master WHERE name = 'store_migrations'").get()
      this.handle.exec('CREATE TABLE IF NOT EXISTS store_migrations (store TEXT PRIMARY KEY, version INTEGER NOT NULL)')
      if (!fresh || shared === 0) return
      if (shared !== LAST_SHARED_SCHEMA) throw new Error(`plenary.db has schema ${shared}, from a development version before ${LAST_SHARED_SCHEMA}: start from a new DATA_DIR`)
      // Written before stores had their own migrations: its tables are every store's first step.
      for (const { store } of stores) this.handle.prepare('INSERT INTO store_migrations (store, version) VALUES (?, 1)').run(store)
    })
    const versionOf = (store: string) => (this.handle.prepare('SELECT version FROM store_migrations WHERE store = ?').get(store) as { version: number } | undefined)?.version ?? 0
    for (const { store, steps } of stores) {
      for (let i = versionOf(store); i < steps.length; i++) {
        this.transaction(() => {
          if (versionOf(store) !== i) return
          this.handle.exec(steps[i])
          this.handle.prepare('INSERT INTO store_migrations (store, version) VALUES (?, ?) ON CONFLICT (store) DO UPDATE SET version = excluded.version').run(store, i + 1)
        })
      }
    }
  }
}
