import type { Browser, Page } from 'playwright-core'
import type { Person } from './people.js'

/** A fresh browser context (its own cookies) signed in as this person through the real sign-in API. */
export async function signedInPage(browser: Browser, baseUrl: string, person: Pick<Person, 'email' | 'password'>, options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext(options)
  // Fail a stuck step with its own message rather than the whole test's timeout.
  context.setDefaultTimeout(8000)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`[${person.email} page error]`, err.message))
  const res = await page.request.post(`${baseUrl}/api/auth/login`, { data: { email: person.email, password: person.password } })
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`)
  return page
}

/** Signs in as this person and opens a document, waiting until it is synced. */
export async function openDocumentAs(browser: Browser, baseUrl: string, docId: string, person: Pick<Person, 'email' | 'password'>): Promise<Page> {
  const page = await signedInPage(browser, baseUrl, person)
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

/** Selects the first occurrence of a phrase inside one text node of the editor, as a person dragging the mouse would. */
export async function selectPhrase(page: Page, phrase: string): Promise<void> {
  await page.locator('.document-body').click({ position: { x: 5, y: 5 } })
  const found = await page.evaluate((text) => {
    const root = document.querySelector('.document-body')!
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf(text)
      if (at === -1) continue
      const range = document.createRange()
      range.setStart(n, at)
      range.setEnd(n, at + text.length)
      const sel = window.getSelection()!
      sel.removeAllRanges()
      sel.addRange(range)
      return true
    }
    return false
  }, phrase)
  if (!found) throw new Error(`phrase not on the page: ${phrase}`)
  await page.waitForTimeout(100)
}

/** Opens the document page's "Download" menu (its files are links inside it). */
export async function openDownloads(page: Page): Promise<void> {
  const menu = page.getByTestId('downloads')
  if (!(await menu.evaluate((el) => (el as HTMLDetailsElement).open))) await menu.locator('summary').click()
}
