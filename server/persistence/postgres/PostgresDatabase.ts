import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'

/** One store's PostgreSQL schema: the SQL steps that bring its tables from nothing to today, in order. */
export interface PostgresMigrations {
  store: string
  steps: string[]
}

/** A value a query may take: what pg sends as a parameter. */
export type SqlValue = string | number | boolean | null | Buffer | string[] | number[] | Buffer[] | Array<string | null> | Array<Buffer | null>

/** A valid unquoted schema name (it reaches SQL text, so nothing else is accepted). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Numbers come back as numbers: bigint (COUNT, SUM of lengths, millisecond times, sequence numbers)
 * and numeric never pass 2^53 here, and the records are the same as the SQLite adapters'.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  }) as typeof pg.types.getTypeParser,
}

/** A Uint8Array as the Buffer pg sends as bytea, without copying. */
/** PostgreSQL's unique_violation: an INSERT or UPDATE met a UNIQUE constraint. */
export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505'

export const bytes = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

/**
 * A PostgreSQL database (a pg Pool) in one schema, and the only place that connects to it. Stores
 * call query(); inside transaction() (and whatever it awaits) their queries go to the transaction's
 * own connection, found through AsyncLocalStorage; outside one, each query takes any pooled
 * connection and commits on its own. Only persistence code (server/persistence/) holds one.
 */
export class PostgresDatabase {
  readonly schema: string
  private readonly pool: pg.Pool
  private readonly context = new AsyncLocalStorage<pg.PoolClient>()

  constructor(url: string, options: { schema?: string; maxConnections?: number } = {}) {
    const schema = options.schema ?? 'public'
    if (!SCHEMA_NAME.test(schema)) throw new Error(`PG_SCHEMA must be a lower-case SQL name, not ${JSON.stringify(schema)}`)
    this.schema = schema
    this.pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types, options: `-c search_path=${schema}` })
    // An idle connection the server drops (restart, network) must not crash the process: the pool replaces it.
    this.pool.on('error', () => {})
  }

  /** Creates the schema when missing and brings every store's tables up to date. */
  async open(stores: PostgresMigrations[]): Promise<void> {
    await this.migrate(stores)
  }

  /** Runs one statement, in the current transaction when there is one. */
  async query<R extends object = Record<string, unknown>>(sql: string, params: SqlValue[] = []): Promise<pg.QueryResult<R>> {
    return (this.context.getStore() ?? this.pool).query<R>(sql, params)
  }

  /** The rows of one statement. */
  async rows<R extends object>(sql: string, params: SqlValue[] = []): Promise<R[]> {
    return (await this.query<R>(sql, params)).rows
  }

  /** The first row of one statement, if any. */
  async row<R extends object>(sql: string, params: SqlValue[] = []): Promise<R | undefined> {
    return (await this.query<R>(sql, params)).rows[0]
  }

  /** How many rows one statement changed. */
  async changes(sql: string, params: SqlValue[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0
  }

  /**
   * Runs fn in one transaction on one connection (READ COMMITTED): it commits when fn resolves and
   * rolls back when it throws. Nested calls join the outer one. Several transactions run at once;
   * what must not interleave is serialised by row locks (the counters' UPDATE … RETURNING) and
   * by advisory locks, held to commit.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.context.getStore()) return fn()
    const client = await this.pool.connect()
    let broken: unknown
    // The connection may die between two queries of the transaction (the database restarting, the
    // network cut): pg then emits 'error' on the checked-out client, which would end the process
    // unheard. The next query fails with it anyway; the pool drops the connection on release.
    const onError = (error: unknown) => (broken = error)
    client.on('error', onError)
    try {
      await client.query('BEGIN')
      const result = await this.context.run(client, fn)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError))
      throw error
    } finally {
      // A connection whose rollback failed (or that died) is in an unknown state: the pool closes it.
      client.off('error', onError)
      client.release(broken instanceof Error ? broken : undefined)
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }

  /**
   * Creates the schema when missing and brings every store's tables up to date, each step once,
   * recorded per store in schema_migrations.
   * Several servers starting at once on one database take turns: an advisory lock (per schema) is
   * held around the whole migration.
   */
  private async migrate(stores: PostgresMigrations[]): Promise<void> {
    const client = await this.pool.connect()
    const ignore = () => {}
    client.on('error', ignore)
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`plenary-migrations:${this.schema}`])
      try {
        // Inside the lock: CREATE … IF NOT EXISTS is not safe against another node doing the same at once.
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`)
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (store TEXT PRIMARY KEY, version INTEGER NOT NULL)')
        const done = new Map((await client.query<{ store: string; version: number }>('SELECT store, version FROM schema_migrations')).rows.map((r) => [r.store, r.version]))
        for (const { store, steps } of stores) {
          for (let i = done.get(store) ?? 0; i < steps.length; i++) {
            await client.query('BEGIN')
            try {
              await client.query(steps[i])
              await client.query('INSERT INTO schema_migrations (store, version) VALUES ($1, $2) ON CONFLICT (store) DO UPDATE SET version = excluded.version', [store, i + 1])
              await client.query('COMMIT')
            } catch (error) {
              await client.query('ROLLBACK')
              throw error
            }
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`plenary-migrations:${this.schema}`])
      }
    } finally {
      client.off('error', ignore)
      client.release()
    }
  }
}
