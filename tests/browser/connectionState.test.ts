import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs, signedInPage } from '../helpers/editorPage.js'

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

  it('loads the document page with its icon and no failed request', async () => {
    const { server, browser } = suite
    const failed: string[] = []
    const page = await signedInPage(browser, server.url, server.people.brazil)
    page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)))
    page.on('requestfailed', (r) => void failed.push(`failed ${r.url()}`))
    await page.goto(`${server.url}/#/d/${server.docIds.dgResponse}`)
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('connected')
    const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href)
    expect(icon).toBe(`${server.url}/favicon.svg`)
    const res = await page.request.get(icon!)
    expect(res.status()).toBe(200)
    expect(res.headers()['content-type']).toContain('image/svg+xml')
    expect(failed).toEqual([])
  })
})
