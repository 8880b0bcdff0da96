import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createServer, type PlenaryServer } from '../../server/createServer.js'
import { loadConfig, type Config } from '../../server/config.js'
import { createCast, type Cast } from './people.js'

/** A fresh temporary DATA_DIR, removed by the returned cleanup. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-test-'))
}

export interface TestServer extends PlenaryServer {
  dataDir: string
  wsUrl: string
  /** Ids of the seeded documents, by title. */
  docIds: { chairReport: string; dgResponse: string }
  /** One signed-up person per role, with tokens. */
  people: Cast
}

/** A real Plenary server on port 0 with a real SQLite file in a temporary folder. */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = overrides.DATA_DIR ?? tempDataDir()
  const config = loadConfig({}, { PORT: 0, LOG_LEVEL: 'silent', DOC_UNLOAD_DELAY_MS: 200, MAX_CONNECTIONS_PER_USER: 1000, ...overrides, DATA_DIR: dataDir })
  const server = await createServer(config)
  const docs = await server.storage.listDocuments()
  return {
    ...server,
    people: await createCast(server),
    dataDir,
    wsUrl: server.url.replace(/^http/, 'ws') + '/collab',
    docIds: {
      chairReport: docs.find((d) => d.title === "Chairperson's Report")?.id ?? '',
      dgResponse: docs.find((d) => d.title === "Director General's Response")?.id ?? '',
    },
  }
}

/** Removes a test DATA_DIR. */
export function removeDataDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
}
