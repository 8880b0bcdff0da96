import { afterAll, beforeAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { startTestServer, removeDataDir, type TestServer } from './testServer.js'
import { launchChromium } from './browser.js'
import type { Config } from '../../server/config.js'

/** A real server and a real Chromium for one browser test file, started before and stopped after it. */
export function browserSuite(overrides: Partial<Config> = {}): { server: TestServer; browser: Browser } {
  const suite = {} as { server: TestServer; browser: Browser }
  beforeAll(async () => {
    suite.server = await startTestServer(overrides)
    suite.browser = await launchChromium()
  })
  afterAll(async () => {
    await suite.browser?.close()
    await suite.server?.close()
    if (suite.server) removeDataDir(suite.server.dataDir)
  })
  return suite
}
