import { describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { signedInPage } from '../helpers/editorPage.js'

describe('feedback updates in Chromium', () => {
  const suite = browserSuite()

  it('the DG office posts an update linking a paragraph; a member sees it live with an unread badge, opens the paragraph and acknowledges; the DG office sees it', async () => {
    const { server, browser } = suite
    const dg = await signedInPage(browser, server.url, server.people.dg)
    await dg.goto(`${server.url}/#/feedback`)
    const member = await signedInPage(browser, server.url, server.people.swiss)
    await member.goto(`${server.url}/#/`)
    await expect.poll(() => member.getByTestId('feedback-link').textContent()).toBe('Feedback')

    const form = dg.getByRole('form', { name: 'Post an update' })
    await form.getByLabel('Title', { exact: true }).fill('Informal discussions with the UN Secretariat')
    await form.getByRole('textbox', { name: 'Update text' }).click()
    await dg.keyboard.type('As promised in paragraph 7, I met senior officials in New York.')
    await form.getByLabel('Status', { exact: true }).selectOption('Consultations held')
    await form.getByLabel('Document').selectOption({ label: "Director General's Response" })
    await form.getByLabel('Paragraph').fill('7')
    await form.getByRole('button', { name: 'Add link' }).click()
    await form.getByRole('button', { name: 'Post update' }).click()
    await expect.poll(() => dg.getByTestId('feedback-update').first().locator('h2').textContent()).toBe('Informal discussions with the UN Secretariat')

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
})
