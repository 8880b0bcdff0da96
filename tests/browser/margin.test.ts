import fs from 'node:fs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs as open, selectPhrase } from '../helpers/editorPage.js'
import { api } from '../helpers/http.js'
import { anchorOn, deletePhrase, insertNear } from '../helpers/anchors.js'
import { insertParagraphBefore } from '../helpers/paragraphs.js'
import { createLongDocument, openingOf } from '../helpers/longDocument.js'
import type { YClient } from '../helpers/yClient.js'

/** The highlighted passage that opens numbered paragraph n. */
const passageOf = (page: Page, n: number) => page.locator('.document-body li').nth(n - 1).locator('.comment-highlight').first()

/** Viewport tops of a thread's card and of the passage it quotes (the opening of paragraph n), in px. */
async function tops(page: Page, threadId: string, n: number): Promise<{ card: number; passage: number }> {
  const card = await page.locator(`#thread-${threadId}`).evaluate((el) => el.getBoundingClientRect().top)
  const passage = await passageOf(page, n).evaluate((el) => el.getBoundingClientRect().top)
  return { card, passage }
}

/** How far a card's top is from its passage's top. */
async function offset(page: Page, threadId: string, n: number): Promise<number> {
  const t = await tops(page, threadId, n)
  return Math.abs(t.card - t.passage)
}

describe('comments in the margin, level with their passages, in Chromium', () => {
  const suite = browserSuite()
  // Twenty numbered paragraphs; threads on paragraphs 1 to 19, one each, by three people in turn, and a second one on paragraph 2.
  let doc: { docId: string; client: YClient; threadIds: string[] }
  let second: string
  beforeAll(async () => {
    const { people } = suite.server
    doc = await createLongDocument(suite.server, people.chair, { paragraphs: 20, threads: 19, by: [people.chair, people.swiss, people.brazil], title: 'Draft with twenty threads' })
    const res = await api(suite.server.url, 'POST', `/api/documents/${doc.docId}/threads`, { as: people.brazil, body: { anchor: anchorOn(doc.client.doc, openingOf(2)), body: 'A second thought on paragraph 2' } })
    second = res.json.id
    // The chair's client has done its work: only the people of each test are online.
    doc.client.destroy()
  })
    const threadOn = (paragraph: number) => doc.threadIds[paragraph - 1]
  // Each test's people leave when it ends (the presence list of the last one counts three).
  const pages: Page[] = []
  const openDocumentAs = async (...args: Parameters<typeof open>) => {
    const page = await open(...args)
    pages.push(page)
    return page
  }
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.context().close()
  })

  it('puts each thread beside its passage without overlaps, and the thread under the caret beside paragraph 9 after scrolling and typing there', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, doc.docId, server.people.swiss)
    await expect.poll(() => page.getByTestId('thread').count(), { timeout: 8000 }).toBe(20)
    // Paragraph 10's thread, below the crowd at the top, is level with its passage.
    await expect.poll(() => offset(page, threadOn(10), 10)).toBeLessThanOrEqual(3)
    // Two threads on the same paragraph: the second starts below the first.
    const [a, b] = await Promise.all([threadOn(2), second].map((id) => page.locator(`#thread-${id}`).boundingBox()))
    expect(b!.y).toBeGreaterThanOrEqual(a!.y + a!.height)
    // No two cards of the margin overlap.
    const boxes = await page.evaluate(() => [...document.querySelectorAll('[data-testid="comments-margin"] > [data-margin-id]')].map((el) => el.getBoundingClientRect()).map((r) => [r.top, r.bottom]))
    boxes.sort((x, y) => x[0] - y[0])
    for (let i = 1; i < boxes.length; i++) expect(boxes[i][0]).toBeGreaterThanOrEqual(boxes[i - 1][1])

    // Scroll to paragraph 9 and type in its commented passage: its thread comes beside it.
    const ninth = passageOf(page, 9)
    await ninth.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await ninth.click()
    await page.keyboard.type(' now')
    await expect.poll(() => page.locator(`#thread-${threadOn(9)}`).getAttribute('class')).toContain('thread--active')
    await expect.poll(() => offset(page, threadOn(9), 9)).toBeLessThanOrEqual(3)
    const t = await tops(page, threadOn(9), 9)
    expect(t.card).toBeGreaterThan(0)
    expect(t.card).toBeLessThan(page.viewportSize()!.height)
    // The controls stay in view while the page is scrolled down.
    expect(await page.getByRole('searchbox', { name: 'Search comments' }).isVisible()).toBe(true)
    const controlsTop = await page.evaluate(() => document.querySelector('.side-tabs__head')!.getBoundingClientRect().top)
    expect(controlsTop).toBeGreaterThanOrEqual(0)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200)
  })

  it('clicking a highlight makes its thread active beside it and keeps the passage where it was', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, doc.docId, server.people.brazil)
    await expect.poll(() => page.getByTestId('thread').count(), { timeout: 8000 }).toBe(20)
    // With no thread active, Next comment goes to the first one in sight or below it.
    expect(await page.locator('.thread--active').count()).toBe(0)
    await page.getByRole('button', { name: 'Next comment' }).click()
    await expect.poll(() => page.locator(`#thread-${threadOn(1)}`).getAttribute('class')).toContain('thread--active')
    const id = threadOn(12)
    const passage = passageOf(page, 12)
    await passage.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    const before = await passage.boundingBox()
    await passage.click()
    await expect.poll(() => page.locator(`#thread-${id}`).getAttribute('class')).toContain('thread--active')
    await expect.poll(() => offset(page, id, 12)).toBeLessThanOrEqual(3)
    const after = await passage.boundingBox()
    expect(after!.y).toBe(before!.y)
    // Still beside it after a look at the proposals.
    await page.getByRole('tab', { name: /^Proposals/ }).click()
    await page.getByRole('tab', { name: /^Comments/ }).click()
    await expect.poll(() => offset(page, id, 12)).toBeLessThanOrEqual(3)

    // Next and Previous comment go through the threads in document order, showing each passage; the focus stays on the button.
    const inSight = (n: number) => passageOf(page, n).evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= window.innerHeight)
    const next = page.getByRole('button', { name: 'Next comment' })
    await next.click()
    await expect.poll(() => page.locator(`#thread-${threadOn(13)}`).getAttribute('class')).toContain('thread--active')
    await expect.poll(() => inSight(13)).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Next comment')
    await page.getByRole('button', { name: 'Previous comment' }).click()
    await page.getByRole('button', { name: 'Previous comment' }).click()
    await expect.poll(() => page.locator(`#thread-${threadOn(11)}`).getAttribute('class')).toContain('thread--active')
    await expect.poll(() => inSight(11)).toBe(true)
  })

  it('Ctrl+Alt+M opens the new comment beside the selection with the focus in it, without moving the page', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, doc.docId, server.people.swiss)
    await expect.poll(() => page.getByTestId('thread').count(), { timeout: 8000 }).toBe(20)
    await page.locator('.document-body li').nth(5).evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await selectPhrase(page, 'Paragraph 6 opens')
    // selectPhrase clicks the top of the text first: bring the selection back into view.
    await page.evaluate(() => window.getSelection()!.getRangeAt(0).startContainer.parentElement!.scrollIntoView({ block: 'center' }))
    const scrollBefore = await page.evaluate(() => window.scrollY)
    await page.keyboard.press('Control+Alt+m')
    const form = page.getByRole('form', { name: 'New comment' })
    await expect.poll(() => form.locator('blockquote').textContent()).toBe('Paragraph 6 opens')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLTextAreaElement | null)?.labels?.[0]?.textContent ?? document.activeElement?.closest('label')?.textContent)).toBe('Your comment')
    const level = async () => (await form.evaluate((el) => el.getBoundingClientRect().top)) - (await passageOf(page, 6).evaluate((el) => el.getBoundingClientRect().top))
    await expect.poll(async () => Math.abs(await level())).toBeLessThanOrEqual(3)
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore)
    await form.getByLabel('Your comment').fill('Shorter, please.')
    await form.getByRole('button', { name: 'Post comment' }).click()
    await expect.poll(() => page.getByTestId('thread').count()).toBe(21)
    await expect.poll(() => page.getByTestId('thread').filter({ hasText: 'Shorter, please.' }).count()).toBe(1)
  })

  it('searches the comments by text, author or delegation, and passage, with the other filters', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, doc.docId, server.people.chair)
    await expect.poll(() => page.getByTestId('thread').count(), { timeout: 8000 }).toBeGreaterThanOrEqual(20)
    const search = page.getByRole('searchbox', { name: 'Search comments' })
    await search.fill('Ana Brazil')
    // Threads 3, 6, 9, 12, 15, 18 and the second on paragraph 2 are Ana Brazil's.
    await expect.poll(() => page.getByTestId('thread').count()).toBe(7)
    expect(await page.getByTestId('comments-count').textContent()).toMatch(/^7 of 2\d threads match “Ana Brazil”$/)
    await search.fill('comment 13')
    await expect.poll(() => page.getByTestId('thread').count()).toBe(1)
    expect(await page.getByTestId('thread').locator('.message__body').textContent()).toBe('Comment 13 on paragraph 13')
    // The quoted passage.
    await search.fill(openingOf(2))
    await expect.poll(() => page.getByTestId('thread').count()).toBe(2)
    // With another filter: only Brazil's among them.
    await page.getByRole('combobox', { name: 'Delegation', exact: true }).selectOption('Brazil')
    await expect.poll(() => page.getByTestId('thread').count()).toBe(1)
    expect(await page.getByTestId('thread').locator('.message__body').textContent()).toBe('A second thought on paragraph 2')
    await search.fill('')
    await expect.poll(() => page.getByTestId('thread').count()).toBe(7)
  })

  it('on a narrow screen the comments are a drawer in document order, opened by a button and closed with Escape', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, doc.docId, server.people.swiss)
    await page.setViewportSize({ width: 800, height: 900 })
    const toggle = page.getByRole('button', { name: /^Comments \(\d+\)$/ })
    await expect.poll(() => toggle.isVisible()).toBe(true)
    expect(await page.locator('#side-panel').isVisible()).toBe(false)
    await toggle.click()
    await expect.poll(() => page.locator('#side-panel').isVisible()).toBe(true)
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('#side-panel'))).toBe(true)
    const refs = await page.getByTestId('thread').locator('.thread__ref').allTextContents()
    const numbers = refs.map((r) => Number(r.replace('para ', '')))
    expect(numbers.length).toBeGreaterThanOrEqual(20)
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y))
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('#side-panel').isVisible()).toBe(false)
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Comments \(\d+\)$/)
  })

  it("follows another person's typing: only the passages typed into are redrawn, each keeps its quote, the cards stay level, references and deleted passages are updated", async () => {
    const { server, browser } = suite
    const { people } = server
    // A document of its own: this test changes its text.
    const typed = await createLongDocument(server, people.chair, { paragraphs: 12, threads: 12, by: [people.chair, people.swiss, people.brazil], title: 'Typed into' })
    const threadAt = (n: number) => typed.threadIds[n - 1]
    try {
      const page = await openDocumentAs(browser, server.url, typed.docId, people.swiss)
      await expect.poll(() => page.getByTestId('thread').count(), { timeout: 8000 }).toBe(12)
      await expect.poll(() => offset(page, threadAt(10), 10)).toBeLessThanOrEqual(3)
      const cardBefore = await tops(page, threadAt(10), 10)
      // From now on, count the highlights taken out of the page.
      await page.evaluate(() => {
        const w = window as unknown as { removedHighlights: number }
        w.removedHighlights = 0
        new MutationObserver((records) => {
          for (const r of records)
            for (const n of r.removedNodes) if (n instanceof HTMLElement) w.removedHighlights += n.matches('.comment-highlight') ? 1 : n.querySelectorAll('.comment-highlight').length
        }).observe(document.querySelector('.document-body')!, { childList: true, subtree: true })
      })
      const { doc } = typed.client
      // At the end of a passage, at the start of another, and three lines more in paragraph 2.
      insertNear(doc, openingOf(3), openingOf(3).length, ', indeed,')
      insertNear(doc, openingOf(4), 0, 'Now: ')
      insertNear(doc, openingOf(2), openingOf(2).length + 1, ' Three more lines.'.repeat(12))
      const text = (n: number) => page.locator('.document-body li').nth(n - 1).locator('p').textContent()
      await expect.poll(() => text(2)).toContain('Three more lines. Three more lines.')
      await expect.poll(() => text(3)).toContain(`${openingOf(3)}, indeed,`)
      await expect.poll(() => text(4)).toContain(`Now: ${openingOf(4)}`)
      // Each highlight still covers exactly its quote: typed text at either end stays outside.
      const highlighted = () => page.locator('.comment-highlight').allTextContents()
      expect(await highlighted()).toEqual(Array.from({ length: 12 }, (_, i) => openingOf(i + 1)))
      // Only the passages of the paragraphs typed into were redrawn (every highlight on each keystroke before).
      expect(await page.evaluate(() => (window as unknown as { removedHighlights: number }).removedHighlights)).toBeLessThanOrEqual(3)
      // The card of paragraph 10 moved down with its passage and is level with it.
      await expect.poll(() => offset(page, threadAt(10), 10)).toBeLessThanOrEqual(3)
      expect((await tops(page, threadAt(10), 10)).passage).toBeGreaterThan(cardBefore.passage + 30)

      // A new paragraph before paragraph 6: the threads after it say their new numbers.
      const ref = (n: number) => page.locator(`#thread-${threadAt(n)} .thread__ref`).textContent()
      expect([await ref(5), await ref(6), await ref(12)]).toEqual(['para 5', 'para 6', 'para 12'])
      insertParagraphBefore(doc, openingOf(6), 'A paragraph added before the sixth.')
      await expect.poll(async () => [await ref(5), await ref(6), await ref(12)]).toEqual(['para 5', 'para 7', 'para 13'])
      await expect.poll(() => offset(page, threadAt(11), 12)).toBeLessThanOrEqual(3)

      // A passage deleted: its thread leaves the margin, and is listed among the orphaned ones.
      deletePhrase(doc, openingOf(9))
      await expect.poll(() => page.getByTestId('comments-margin').getByTestId('thread').count()).toBe(11)
      expect(await page.locator(`#thread-${threadAt(9)}`).count()).toBe(0)
      expect(await highlighted()).toEqual(Array.from({ length: 12 }, (_, i) => openingOf(i + 1)).filter((t) => t !== openingOf(9)))
      await page.getByRole('combobox', { name: 'Show' }).selectOption('orphaned')
      await expect.poll(() => page.locator(`#thread-${threadAt(9)} .thread__ref`).textContent()).toBe('Original text deleted')
    } finally {
      typed.client.destroy()
    }
  })

  it('writes screenshots of the page with three people and twenty threads, wide and narrow, for review', async () => {
    const { server, browser } = suite
    const [chair, swiss, brazil] = await Promise.all([server.people.chair, server.people.swiss, server.people.brazil].map((p) => openDocumentAs(browser, server.url, doc.docId, p)))
    for (const [page, n] of [[swiss, 3], [brazil, 5]] as const) await page.locator('.document-body li').nth(n - 1).locator('p').click()
    await expect.poll(() => chair.getByTestId('online-list').locator('li').count(), { timeout: 8000 }).toBe(3)
    await chair.setViewportSize({ width: 1400, height: 1000 })
    await passageOf(chair, 4).click()
    await expect.poll(() => offset(chair, threadOn(4), 4)).toBeLessThanOrEqual(3)
    const wide = artifactPath('margin-desktop.png')
    await chair.screenshot({ path: wide })
    await swiss.setViewportSize({ width: 420, height: 860 })
    await swiss.getByRole('button', { name: /^Comments \(\d+\)$/ }).click()
    const narrow = artifactPath('margin-narrow.png')
    await swiss.screenshot({ path: narrow })
    for (const file of [wide, narrow]) expect(fs.statSync(file).size).toBeGreaterThan(10_000)
  })
})
