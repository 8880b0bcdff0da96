import { describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import type { Page } from 'playwright-core'
import { numberedText, openDocumentAs, placeCaretAtEnd, signedInPage } from '../helpers/editorPage.js'

/** The DG office posts an update from the feed page's form, linking a paragraph of the DG response by its number. */
async function postUpdate(dg: Page, title: string, text: string, paraRef: string, status?: string): Promise<void> {
  const form = dg.getByRole('form', { name: 'Post an update' })
  await form.getByLabel('Title', { exact: true }).fill(title)
  await form.getByRole('textbox', { name: 'Update text' }).click()
  await dg.keyboard.type(text)
  if (status) await form.getByLabel('Status', { exact: true }).selectOption(status)
  await form.getByLabel('Document').selectOption({ label: "Director General's Response" })
  await form.getByLabel('Paragraph').fill(paraRef)
  await form.getByRole('button', { name: 'Add link' }).click()
  await form.getByRole('button', { name: 'Post update' }).click()
  await expect.poll(() => dg.getByTestId('feedback-update').first().locator('h2').textContent()).toBe(title)
}

/** Deletes numbered paragraph n in the editor as a person would: selects from the end of paragraph n-1 to the end of n, then Backspace. */
async function deleteNumbered(page: Page, n: number): Promise<void> {
  await placeCaretAtEnd(page, `.document-body li[data-ref="${n - 1}"] > p`)
  await page.evaluate((ref) => {
    const p = document.querySelector(`.document-body li[data-ref="${ref}"] > p`)!
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
    let last: Text | null = null
    for (let t = walker.nextNode(); t; t = walker.nextNode()) last = t as Text
    window.getSelection()!.extend(last!, last!.length)
  }, String(n))
  // Let ProseMirror read the selection.
  await page.waitForTimeout(50)
  await page.keyboard.press('Backspace')
}

describe('feedback updates in Chromium', () => {
  const suite = browserSuite()

  it('the DG office posts an update linking a paragraph; a member sees it live with an unread badge, opens the paragraph and acknowledges; the DG office sees it', async () => {
    const { server, browser } = suite
    const dg = await signedInPage(browser, server.url, server.people.dg)
    await dg.goto(`${server.url}/#/feedback`)
    const member = await signedInPage(browser, server.url, server.people.swiss)
    await member.goto(`${server.url}/#/`)
    await expect.poll(() => member.getByTestId('feedback-link').textContent()).toBe('Feedback')

    await postUpdate(dg, 'Informal discussions with the UN Secretariat', 'As promised in paragraph 7, I met senior officials in New York.', '7', 'Consultations held')

    // Live on the member's page, with an unread badge.
    await expect.poll(() => member.getByTestId('feedback-unread').textContent(), { timeout: 5000 }).toBe('1')
    await member.getByTestId('feedback-link').click()
    const card = member.getByTestId('feedback-update').first()
    await expect.poll(() => card.locator('h2').textContent()).toBe('Informal discussions with the UN Secretariat')
    await expect.poll(() => card.locator('.badge--status').textContent()).toBe('Consultations held')
    await expect.poll(() => member.getByTestId('feedback-unread').count(), { timeout: 5000 }).toBe(0)

    await card.getByRole('button', { name: 'Acknowledge' }).click()
    await expect.poll(() => card.getByRole('button', { name: 'Acknowledged' }).isDisabled()).toBe(true)
    await expect.poll(() => dg.getByTestId('acknowledged-by').first().textContent(), { timeout: 5000 }).toBe('Acknowledged by: Switzerland')
    await dg.screenshot({ path: artifactPath('feedback-dg.png') })

    // The link opens the paragraph in the document.
    await card.getByRole('link', { name: "Director General's Response, para 7" }).click()
    await member.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await expect.poll(() => member.locator('li.numbered-item--focus').getAttribute('data-ref'), { timeout: 5000 }).toBe('7')
    await member.screenshot({ path: artifactPath('feedback-linked-paragraph.png') })
  })

  it('a paragraph link follows its paragraph: after a member deletes a paragraph above in the editor, the feed names the new number, and the link opens that paragraph wherever it is by then', async () => {
    const { server, browser } = suite
    const dg = await signedInPage(browser, server.url, server.people.dg)
    await dg.goto(`${server.url}/#/feedback`)
    await postUpdate(dg, 'Follow-up on the governance paragraph', 'Further to paragraph 7.', '7')
    const card = () => dg.getByTestId('feedback-update').first()
    await expect.poll(() => card().getByRole('link', { name: "Director General's Response, para 7" }).getAttribute('href')).toMatch(/\/a\/\d+-\d+$/)

    // Brazil deletes paragraph 4 in the editor: from the end of paragraph 3 to the end of paragraph 4, then Backspace.
    const brazil = await openDocumentAs(browser, server.url, server.docIds.dgResponse, server.people.brazil)
    const four = await numberedText(brazil, '4')
    await deleteNumbered(brazil, 4)
    await expect.poll(() => numberedText(brazil, '6')).toMatch(/^Given the resolution now before the Second Committee/)
    expect(await brazil.locator('.document-body').textContent()).not.toContain(four!.slice(0, 40))

    // The feed, read again, names the paragraph by its number now; the link opens it, by position.
    await expect
      .poll(async () => {
        await dg.reload()
        // Counted once the feed has loaded, not on the empty page the reload starts with.
        await card().getByRole('link', { name: /^Director General's Response/ }).waitFor()
        return card().getByRole('link', { name: "Director General's Response, para 6" }).count()
      }, { timeout: 10_000 })
      .toBe(1)
    // Before the DG office clicks, Brazil adds a paragraph after paragraph 2: the link still opens its paragraph, now 7 again.
    await placeCaretAtEnd(brazil, '.document-body li[data-ref="2"] > p')
    await brazil.keyboard.press('Enter')
    await brazil.keyboard.type('A new third paragraph.')
    await expect.poll(() => numberedText(brazil, '7')).toMatch(/^Given the resolution now before the Second Committee/)
    await card().getByRole('link', { name: "Director General's Response, para 6" }).click()
    await dg.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await expect.poll(() => dg.locator('li.numbered-item--focus').getAttribute('data-ref'), { timeout: 5000 }).toBe('7')
    expect(await numberedText(dg, '7')).toMatch(/^Given the resolution now before the Second Committee/)
    // While it is open, Brazil deletes paragraph 2: the mark stays on the paragraph, now 6.
    await deleteNumbered(brazil, 2)
    await expect.poll(() => dg.locator('li.numbered-item--focus').getAttribute('data-ref'), { timeout: 5000 }).toBe('6')
    expect(await numberedText(dg, '6')).toMatch(/^Given the resolution now before the Second Committee/)
    await dg.screenshot({ path: artifactPath('feedback-paragraph-followed.png') })
  })
})
