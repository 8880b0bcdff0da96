import type { Browser, Page } from 'playwright-core'
import type { Identity } from '../../shared/types.js'

/** Opens a fresh browser context (own storage) as this person, at a document. */
export async function openDocumentAs(browser: Browser, baseUrl: string, docId: string, identity: Identity): Promise<Page> {
  const context = await browser.newContext()
  await context.addInitScript((id) => localStorage.setItem('plenary.identity', JSON.stringify(id)), identity)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`[${identity.name} page error]`, err.message))
  await page.goto(`${baseUrl}/#/d/${docId}`)
  await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 })
  return page
}

/** Puts the caret at the end of the first text block matching selector and focuses the editor. */
export async function placeCaretAtEnd(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().click()
  await page.evaluate((sel) => {
    const el = document.querySelector(sel)!
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    let last: Text | null = null
    for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n as Text
    const range = document.createRange()
    if (last) range.setStart(last, last.length)
    else range.setStart(el, 0)
    range.collapse(true)
    const selection = window.getSelection()!
    selection.removeAllRanges()
    selection.addRange(range)
  }, selector)
  // Let ProseMirror read the DOM selection change before typing.
  await page.waitForTimeout(50)
}

/** The text of a numbered item's own paragraph as a reader sees it, without other people's caret labels. */
export async function numberedText(page: Page, ref: string): Promise<string | null> {
  return page.evaluate((r) => {
    const p = document.querySelector(`.document-body li[data-ref="${r}"] > p`)
    if (!p) return null
    const clone = p.cloneNode(true) as HTMLElement
    clone.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove())
    return clone.textContent
  }, ref)
}
