import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { numberedText, openDocumentAs, placeCaretAtEnd, signedInPage } from '../helpers/editorPage.js'
import { connectClient } from '../helpers/yClient.js'
import { insertNear } from '../helpers/anchors.js'

describe('two people co-editing the DG response in Chromium', () => {
  const suite = browserSuite()
  let pageA: Page
  let pageB: Page

  beforeAll(async () => {
    pageA = await openDocumentAs(suite.browser, suite.server.url, suite.server.docIds.dgResponse, suite.server.people.swiss)
    pageB = await openDocumentAs(suite.browser, suite.server.url, suite.server.docIds.dgResponse, suite.server.people.brazil)
  })


  it('shows the imported document with computed paragraph numbers', async () => {
    const labels = await pageA.locator('.document-body li.numbered-item').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-ref')))
    expect(labels).toEqual(['1', '2', '3', '4', '5', '5(a)', '5(b)', '5(c)', '5(d)', '6', '6(a)', '6(b)', '6(c)', '7', '8'])
    // The numbers are labels, not text: the paragraph text starts with its words.
    await expect(numberedText(pageA, '1')).resolves.toMatch(/^I wish to thank/)
  })

  it('shows what one person types on the other screen', async () => {
    await placeCaretAtEnd(pageA, 'li[data-ref="1"] > p')
    await pageA.keyboard.type(' Typed by Alice.')
    await expect
      .poll(() => numberedText(pageB, '1'), { timeout: 5000 })
      .toMatch(/when I assumed office in October 2008\. Typed by Alice\.$/)
  })

  it("shows the other person's caret with their name and delegation, and who is online", async () => {
    await expect.poll(() => pageB.locator('.collaboration-carets__label').allTextContents(), { timeout: 5000 }).toContain('Lukas Swiss (Switzerland)')
    await expect.poll(() => pageA.locator('[data-testid="online-list"] li').allTextContents(), { timeout: 5000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('Ana Brazil (Brazil)'), expect.stringContaining('Lukas Swiss (Switzerland)')]),
    )
  })

  it('renumbers the following paragraphs on both screens when a paragraph is inserted', async () => {
    await placeCaretAtEnd(pageA, 'li[data-ref="2"] > p')
    await pageA.keyboard.press('Enter')
    await pageA.keyboard.type('A new paragraph inserted by Alice.')
    for (const page of [pageA, pageB]) {
      await expect.poll(() => numberedText(page, '3'), { timeout: 5000 }).toBe('A new paragraph inserted by Alice.')
      await expect.poll(() => numberedText(page, '9')).toMatch(/^I would provide regular feedback/)
      await expect.poll(() => numberedText(page, '6(a)')).toMatch(/^\(?First, IOM–UN relations/)
    }
    await pageB.screenshot({ path: artifactPath('coediting-dg-response.png'), fullPage: false })
  })
  it('turns an address into a link as its author types it, and everyone sees the link', async () => {
    await placeCaretAtEnd(pageA, 'li[data-ref="8"] > p')
    await pageA.keyboard.type(' See https://www.un.org for the text.')
    for (const page of [pageA, pageB]) {
      await expect.poll(() => page.locator('li[data-ref="8"] a[href="https://www.un.org"]').count(), { timeout: 5000 }).toBe(1)
    }
  })

  it('does not link an address that arrives from someone else: the open editors leave the shared text as it was sent', async () => {
    // A program writing through the collaboration protocol puts a plain address (and a space) into
    // paragraph 9. Each open editor would otherwise link it on its own and send that change back.
    const writer = connectClient(suite.server.wsUrl, suite.server.docIds.dgResponse, { token: suite.server.people.chair.token })
    try {
      await writer.synced
      insertNear(writer.doc, 'I would provide regular feedback', 0, 'See https://www.iom.int ')
      for (const page of [pageA, pageB]) await expect.poll(() => numberedText(page, '9'), { timeout: 5000 }).toMatch(/^See https:\/\/www\.iom\.int I would provide/)
      await pageA.waitForTimeout(750)
      for (const page of [pageA, pageB]) expect(await page.locator('li[data-ref="9"] a').count()).toBe(0)
      expect(writer.doc.getXmlFragment('default').toString()).not.toContain('https://www.iom.int"')
    } finally {
      writer.destroy()
    }
  })
  it('creates the editor once the content is here: a slow network shows "Loading the document…", never an empty editor', async () => {
    const page = await signedInPage(suite.browser, suite.server.url, suite.server.people.observer)
    try {
      // Everything the server sends reaches this page 700 ms late.
      await page.routeWebSocket(/\/collab\//, (ws) => {
        const server = ws.connectToServer()
        server.onMessage((message) => void setTimeout(() => ws.send(message), 700))
      })
      await page.addInitScript(`
        new MutationObserver((_, observer) => {
          const body = document.querySelector('.document-body')
          if (body) {
            window.__itemsWhenEditorAppeared = body.querySelectorAll('li').length
            observer.disconnect()
          }
        }).observe(document, { subtree: true, childList: true })
      `)
      await page.goto(`${suite.server.url}/#/d/${suite.server.docIds.dgResponse}`)
      await page.getByRole('status').filter({ hasText: 'Loading the document…' }).waitFor()
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 10_000 })
      expect(await page.evaluate(() => (window as unknown as { __itemsWhenEditorAppeared: number }).__itemsWhenEditorAppeared)).toBeGreaterThan(10)
    } finally {
      await page.context().close()
    }
  })

  it('shows this browser\'s offline copy when the page loads but the collaboration connection never answers', async () => {
    const page = await openDocumentAs(suite.browser, suite.server.url, suite.server.docIds.dgResponse, suite.server.people.observer)
    try {
      await page.locator('.document-body li[data-ref="8"]').waitFor()
      // Let y-indexeddb store what arrived, then cut the collaboration connection only: it opens and says nothing.
      await page.waitForTimeout(500)
      await page.routeWebSocket(/\/collab\//, () => {})
      await page.reload()
      await page.locator('.document-body li[data-ref="8"]').waitFor({ timeout: 5000 })
      expect(await page.locator('[data-testid="connection-status"]').getAttribute('data-status')).not.toBe('connected')
      await expect.poll(() => numberedText(page, '8')).toMatch(/\S/)
    } finally {
      await page.context().close()
    }
  })
})
