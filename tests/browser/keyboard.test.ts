import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { numberedText, openDocumentAs } from '../helpers/editorPage.js'

describe('the document page by keyboard in Chromium', () => {
  const suite = browserSuite()

  it('Tab leaves the editor instead of demoting a numbered paragraph; Alt+Shift+arrows demote and promote it', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, server.docIds.dgResponse, server.people.swiss)
    const third = await numberedText(page, '3')
    expect(third).toBeTruthy()
    await page.locator('.document-body li[data-ref="3"] > p').click()
    await page.keyboard.press('Tab')
    // Nothing renumbered, and the focus has moved on from the text.
    expect(await numberedText(page, '3')).toBe(third)
    expect(await page.evaluate(() => document.activeElement?.closest('.document-body') === null)).toBe(true)

    await page.locator('.document-body li[data-ref="3"] > p').click()
    await page.keyboard.press('Alt+Shift+ArrowRight')
    await expect.poll(() => numberedText(page, '2(a)')).toBe(third)
    await page.keyboard.press('Alt+Shift+ArrowLeft')
    await expect.poll(() => numberedText(page, '3')).toBe(third)
    expect(await page.getByRole('button', { name: 'Make sub-point' }).getAttribute('title')).toBe('Make sub-point (Alt+Shift+→)')
  })

  it('with "Tab key indents paragraphs" on, Tab demotes and Shift+Tab promotes; the setting is kept for the next visit', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, server.docIds.dgResponse, server.people.brazil)
    const third = await numberedText(page, '3')
    const setting = page.getByRole('button', { name: 'Tab key indents paragraphs' })
    expect(await setting.getAttribute('aria-pressed')).toBe('false')
    await setting.click()
    expect(await setting.getAttribute('aria-pressed')).toBe('true')

    await page.locator('.document-body li[data-ref="3"] > p').click()
    await page.keyboard.press('Tab')
    await expect.poll(() => numberedText(page, '2(a)')).toBe(third)
    expect(await page.evaluate(() => document.activeElement?.classList.contains('document-body'))).toBe(true)
    await page.keyboard.press('Shift+Tab')
    await expect.poll(() => numberedText(page, '3')).toBe(third)

    await page.reload()
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await expect.poll(() => setting.getAttribute('aria-pressed')).toBe('true')
    await setting.click()
    await page.locator('.document-body li[data-ref="3"] > p').click()
    await page.keyboard.press('Tab')
    expect(await numberedText(page, '3')).toBe(third)
    expect(await page.evaluate(() => document.activeElement?.closest('.document-body') === null)).toBe(true)
  })

  it('offers skip links to the document, the comments and the proposals as the first stops', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, server.docIds.chairReport, server.people.brazil)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('Tab')
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the document')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('comments')
    await page.getByRole('button', { name: 'Skip to the proposals' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('proposals')
    await page.getByRole('button', { name: 'Skip to the document' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('document-body'))).toBe(true)
  })
})
