import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createServer, type PlenaryServer } from '../../server/createServer.js'
import { loadConfig, type Config } from '../../server/config.js'
import { createCast, type Cast } from './people.js'
import type { SqliteDocumentStore } from '../../server/persistence/sqlite/SqliteDocumentStore.js'
import { dropSchema, onPostgres, schemaFor, testDatabase } from './testDatabase.js'

/** A fresh temporary DATA_DIR, removed by the returned cleanup. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-test-'))
}

export interface TestServer extends PlenaryServer {
  /** The SQLite document adapter; a test that uses it runs on SQLite only (on PostgreSQL any use throws). */
  sqlite: SqliteDocumentStore
  dataDir: string
  wsUrl: string
  /** Ids of the seeded documents, by title. */
  docIds: { chairReport: string; dgResponse: string }
  /** One signed-up person per role, with tokens. */
  people: Cast
}

/**
 * A real Plenary server on port 0 with a real SQLite file in a temporary folder, or with
 * PLENARY_TEST_DATABASE=postgres on the test PostgreSQL database, in a schema of its own named after that folder.
 */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = overrides.DATA_DIR ?? tempDataDir()
  const config = loadConfig({}, { PORT: 0, LOG_LEVEL: 'silent', DOC_UNLOAD_DELAY_MS: 200, MAX_CONNECTIONS_PER_USER: 1000, ...testDatabase(dataDir), ...overrides, DATA_DIR: dataDir })
  const server = await createServer(config)
  const docs = await server.storage.listDocuments()
  return {
    ...server,
    sqlite: server.sqlite ?? sqliteOnly(),
    people: await createCast(server),
    dataDir,
    wsUrl: server.url.replace(/^http/, 'ws') + '/collab',
    docIds: {
      chairReport: docs.find((d) => d.title === "Chairperson's Report")?.id ?? '',
      dgResponse: docs.find((d) => d.title === "Director General's Response")?.id ?? '',
    },
  }
}

/** Removes a test DATA_DIR (and on PostgreSQL its schema). */
export function removeDataDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
  if (onPostgres) dropSchema(schemaFor(dir))
}

/** Stands for the SQLite adapter on PostgreSQL: a test that reaches into the SQLite file says so instead of passing vacuously. */
function sqliteOnly(): SqliteDocumentStore {
  return new Proxy({} as SqliteDocumentStore, {
    get: () => {
      throw new Error('this test reaches into the SQLite file: it runs on SQLite only')
    },
  })
}
