import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { numberedText, openDocumentAs, placeCaretAtEnd } from '../helpers/editorPage.js'

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
})
