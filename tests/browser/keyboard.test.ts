import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import type { Page } from 'playwright-core'
import { numberedText, openDocumentAs } from '../helpers/editorPage.js'

/**
 * Puts the caret in a numbered paragraph by clicking it, and waits until the editor's selection is
 * really there (a click right after the page loads can land before the editor takes it).
 */
async function caretIn(page: Page, ref: string): Promise<void> {
  const inside = () => page.evaluate((r) => !!document.getSelection()?.anchorNode?.parentElement?.closest(`.document-body li[data-ref="${r}"] > p`) && document.activeElement?.closest('.document-body') !== null, ref)
  await expect
    .poll(async () => {
      if (!(await inside())) await page.locator(`.document-body li[data-ref="${ref}"] > p`).click()
      return inside()
    }, { timeout: 5000 })
    .toBe(true)
}

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

    await caretIn(page, '3')
    await page.keyboard.press('Alt+Shift+ArrowRight')
    await expect.poll(() => numberedText(page, '2(a)'), { timeout: 5000 }).toBe(third)
    await page.keyboard.press('Alt+Shift+ArrowLeft')
    await expect.poll(() => numberedText(page, '3'), { timeout: 5000 }).toBe(third)
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

    await caretIn(page, '3')
    await page.keyboard.press('Tab')
    await expect.poll(() => numberedText(page, '2(a)'), { timeout: 5000 }).toBe(third)
    expect(await page.evaluate(() => document.activeElement?.classList.contains('document-body'))).toBe(true)
    await page.keyboard.press('Shift+Tab')
    await expect.poll(() => numberedText(page, '3'), { timeout: 5000 }).toBe(third)

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
