import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs } from '../helpers/editorPage.js'

describe('the connection state in Chromium', () => {
  const suite = browserSuite()

  it('stays in view while the document scrolls', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, server.docIds.dgResponse, server.people.swiss)
    const status = page.getByTestId('connection-status')
    await expect.poll(() => status.getAttribute('data-status')).toBe('connected')
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300)
    const box = (await status.boundingBox())!
    const viewport = page.viewportSize()!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
  })
})
