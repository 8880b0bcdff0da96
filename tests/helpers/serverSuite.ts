import { afterAll, beforeAll } from 'vitest'
import { startTestServer, removeDataDir, type TestServer } from './testServer.js'
import type { Config } from '../../server/config.js'

/** A real server for one test file, started before and stopped (with its DATA_DIR removed) after it. */
export function serverSuite(overrides: Partial<Config> = {}): { server: TestServer } {
  const suite = {} as { server: TestServer }
  beforeAll(async () => {
    suite.server = await startTestServer(overrides)
  })
  afterAll(async () => {
    await suite.server?.close()
    if (suite.server) removeDataDir(suite.server.dataDir)
  })
  return suite
}
