import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startTestServer, removeDataDir, type TestServer } from './testServer.js'
import { launchChromium } from './browser.js'
import type { Config } from '../../server/config.js'
import { openDocumentAs } from './editorPage.js'
import type { Cast } from './people.js'

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

/**
 * Opens the DG response as one of the cast in a fresh browser context (signed in, synced); every
 * page opened or kept with `keep` is closed after each test, so the next starts with no one else online.
 */
export function dgResponsePages(suite: { server: TestServer; browser: Browser }) {
  const pages: Page[] = []
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.context().close()))
  })
  const keep = (page: Page) => (pages.push(page), page)
  return {
    keep,
    open: async (who: keyof Cast) => keep(await openDocumentAs(suite.browser, suite.server.url, suite.server.docIds.dgResponse, suite.server.people[who])),
  }
}
