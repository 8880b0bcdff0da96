import path from 'node:path'
import { spawnSync } from 'node:child_process'
import type { Config } from '../../server/config.js'

/** The PostgreSQL server the tests use (trust authentication, database `test`); PLENARY_TEST_PG_URL overrides it. */
export const TEST_PG_URL = process.env.PLENARY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Whether test servers run on PostgreSQL (PLENARY_TEST_DATABASE=postgres) instead of their SQLite file. */
export const onPostgres = process.env.PLENARY_TEST_DATABASE === 'postgres'

/**
 * A test DATA_DIR's own PostgreSQL schema, named after the folder: a server restarted on the same
 * DATA_DIR finds the same data, and test files running at once never share tables.
 */
export function schemaFor(dataDir: string): string {
  return `plenary_${path.basename(dataDir).toLowerCase().replace(/[^a-z0-9]/g, '_')}`.slice(0, 63)
}

/** The configuration that puts a test server on PostgreSQL in its DATA_DIR's schema, when the tests run on PostgreSQL. */
export function testDatabase(dataDir: string): Partial<Config> {
  return onPostgres ? { DATABASE_URL: TEST_PG_URL, PG_SCHEMA: schemaFor(dataDir) } : {}
}

/**
 * Drops a schema, synchronously (test clean-ups are synchronous): a child node process runs the
 * DROP, so the test process needs no connection of its own at exit.
 */
export function dropSchema(schema: string): void {
  const script = `const pg = require('pg'); const c = new pg.Client(process.argv[1]); c.connect().then(() => c.query('DROP SCHEMA IF EXISTS ${schema} CASCADE')).then(() => c.end(), (e) => { console.error(e.message); process.exit(1) })`
  const result = spawnSync(process.execPath, ['-e', script, TEST_PG_URL], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`dropping ${schema} failed: ${result.stderr}`)
}

/** The same choice as environment variables, for processes a test starts on a test server's DATA_DIR (the admin command line). */
export function testDatabaseEnv(dataDir: string): Record<string, string> {
  return onPostgres ? { DATABASE_URL: TEST_PG_URL, PG_SCHEMA: schemaFor(dataDir) } : {}
}
