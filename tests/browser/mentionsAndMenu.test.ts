import { afterAll, describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs, selectPhrase, signedInPage } from '../helpers/editorPage.js'
import { connectClient } from '../helpers/yClient.js'
import { anchorOn } from '../helpers/anchors.js'
import { api } from '../helpers/http.js'
import { startSmtpSink } from '../helpers/smtpSink.js'

// A real SMTP server, so the digest is available (nothing is sent while the test runs: no check is due).
const sink = await startSmtpSink()

describe('@mention autocomplete and the personal menu in Chromium', () => {
  const suite = browserSuite({ SMTP_URL: sink.url })
  afterAll(() => sink.close())

  it('completes "@Bra" in a reply with the Brazil delegate by keyboard, and the mention notifies her', async () => {
    const { server, browser } = suite
    const docId = server.docIds.dgResponse
    const client = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    await client.synced
    const started = await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: { token: server.people.swiss.token }, body: { anchor: anchorOn(client.doc, 'UNDSS'), body: 'Which security arrangements?' } })
    client.destroy()
    const page = await openDocumentAs(browser, server.url, docId, server.people.swiss)
    const thread = page.locator(`#thread-${started.json.id}`)
    // Cards in the margin are compact until made active (as in Google Docs): the reply box shows then.
    await thread.locator('.thread__messages').click()
    const reply = thread.getByRole('combobox', { name: 'Reply' })
    await reply.click()
    await reply.pressSequentially('Could @Bra')
    const list = thread.getByRole('listbox', { name: 'Members to mention' })
    await expect.poll(() => reply.getAttribute('aria-expanded')).toBe('true')
    // Both members of the Brazil delegation (the example data's Ana Souza too), with their delegation.
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(['Ana BrazilBrazil', 'Ana SouzaBrazil'])
    const option = list.getByRole('option', { name: /Ana Brazil/ })
    const active = async () => list.locator(`[id="${await reply.getAttribute('aria-activedescendant')}"]`).textContent()
    expect(await active()).toBe('Ana BrazilBrazil')
    await page.keyboard.press('ArrowDown')
    await expect.poll(active).toBe('Ana SouzaBrazil')
    await page.keyboard.press('ArrowUp')
    await expect.poll(active).toBe('Ana BrazilBrazil')
    expect(await option.getAttribute('aria-selected')).toBe('true')
    await page.screenshot({ path: artifactPath('mention-autocomplete.png') })
    // Frames late, as in a busy or background tab (a frame 50 ms away); the person types on at once,
    // a key every 90 ms: every key lands after the mention, in order (the caret is not left to a frame).
    await page.evaluate(() => {
      window.requestAnimationFrame = (callback) => window.setTimeout(() => callback(performance.now()), 50)
    })
    await page.keyboard.press('Enter')
    await page.keyboard.type('comment?', { delay: 90 })
    await expect.poll(() => reply.inputValue()).toBe('Could @Ana Brazil comment?')
    expect(await reply.getAttribute('aria-expanded')).toBe('false')

    // Escape closes the list and leaves the text as typed.
    await page.keyboard.type(' @Ka')
    await expect.poll(() => list.getByRole('option').allTextContents()).toContain('Karim DGIOM Secretariat')
    await page.keyboard.press('Escape')
    await expect.poll(() => reply.getAttribute('aria-expanded')).toBe('false')
    expect(await reply.inputValue()).toBe('Could @Ana Brazil comment? @Ka')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await thread.getByRole('button', { name: 'Send reply' }).click()
    await expect.poll(() => thread.locator('.message__body').allTextContents()).toContain('Could @Ana Brazil comment?')

    // Editing the message completes mentions too.
    const mine = thread.getByTestId('message').filter({ hasText: 'Could @Ana Brazil comment?' })
    await mine.getByRole('button', { name: 'Edit' }).click()
    const edit = mine.getByRole('combobox', { name: 'Edit your message' })
    await edit.focus()
    await page.keyboard.press('End')
    await page.keyboard.type(' And @Kar')
    await expect.poll(() => mine.getByRole('option').first().textContent()).toBe('Karim DGIOM Secretariat')
    await page.keyboard.press('Tab')
    await expect.poll(() => edit.inputValue()).toBe('Could @Ana Brazil comment? And @Karim DG ')
    await mine.getByRole('button', { name: 'Cancel' }).click()

    const notes = (await api(server.url, 'GET', '/api/notifications', { as: { token: server.people.brazil.token } })).json.items
    expect(notes.filter((n: { kind: string; threadId: string }) => n.kind === 'mention' && n.threadId === started.json.id)).toMatchObject([
      { actor: { name: 'Lukas Swiss' }, excerpt: 'Could @Ana Brazil comment?' },
    ])
  })

  it('completes a mention in a new comment with the mouse, from the start of a delegation', async () => {
    const { server, browser } = suite
    const page = await openDocumentAs(browser, server.url, server.docIds.dgResponse, server.people.brazil)
    await selectPhrase(page, 'near universal membership')
    await page.keyboard.press('Control+Alt+m')
    const box = page.getByRole('form', { name: 'New comment' }).getByRole('combobox', { name: 'Your comment' })
    await box.pressSequentially('Agreed with @switz')
    await page.getByRole('option', { name: /Lukas Swiss/ }).click()
    await expect.poll(() => box.inputValue()).toBe('Agreed with @Lukas Swiss ')
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true)
  })

  it('opens the personal menu by keyboard and reaches Access tokens from it (no longer in the bar)', async () => {
    const { server, browser } = suite
    const page = await signedInPage(browser, server.url, server.people.brazil)
    await page.goto(`${server.url}/#/`)
    const button = page.getByRole('button', { name: /^Ana Brazil · Brazil/ })
    await expect.poll(() => button.getAttribute('aria-haspopup')).toBe('menu')
    expect(await page.getByRole('link', { name: 'Access tokens' }).count()).toBe(0)
    await button.focus()
    await page.keyboard.press('Enter')
    const menu = page.getByRole('menu')
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true')
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Access tokens', 'Sign out'])
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Access tokens')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitemcheckbox')
    await page.keyboard.press('Escape')
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false')
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true)

    await page.keyboard.press(' ')
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Access tokens')
    await page.screenshot({ path: artifactPath('personal-menu.png') })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/tokens')
    await page.getByRole('heading', { name: 'Personal access tokens' }).waitFor()
  })

  it('keeps the e-mail digest preference after a reload', async () => {
    const { server, browser } = suite
    const page = await signedInPage(browser, server.url, server.people.swiss)
    await page.goto(`${server.url}/#/`)
    const button = page.getByRole('button', { name: /^Lukas Swiss/ })
    const digest = page.getByRole('menuitemcheckbox', { name: 'Daily e-mail digest' })
    await button.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => digest.getAttribute('aria-checked')).toBe('false')
    expect(await digest.getAttribute('aria-disabled')).toBe('false')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press(' ')
    await expect.poll(() => digest.getAttribute('aria-checked')).toBe('true')
    await page.reload()
    await button.click()
    await expect.poll(() => digest.getAttribute('aria-checked')).toBe('true')
    expect((await api(server.url, 'GET', '/api/me/preferences', { as: { token: server.people.swiss.token } })).json.emailDigest).toBe(true)
  })
})
