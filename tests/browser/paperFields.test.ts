import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs } from '../helpers/editorPage.js'
import { threeParagraphDraft } from '../helpers/matrixDrafts.js'
import { api } from '../helpers/http.js'
import { artifactPath } from '../helpers/browser.js'

/** The paper's header fields in the document page, in Chromium: edited by the chair, read live by a member. */
describe('the paper’s header in the document page', () => {
  const suite = browserSuite()

  it('is edited by the chair in the page and shown live, read only, on a member’s page, its date in the document’s language', async () => {
    const { server, browser } = suite
    const docId = await threeParagraphDraft(server)
    expect((await api(server.url, 'PUT', `/api/documents/${docId}/language`, { as: server.people.chair, body: { language: 'fr' } })).status).toBe(200)
    const chair = await openDocumentAs(browser, server.url, docId, server.people.chair)
    const member = await openDocumentAs(browser, server.url, docId, server.people.swiss)
    try {
      // Nothing yet: the member sees no header at all, the chair the button and a hint.
      const edit = chair.getByRole('button', { name: 'Edit paper details' })
      await edit.waitFor()
      await chair.getByText('No symbol, distribution, date or session yet.').waitFor()
      expect(await member.getByTestId('paper-header').count()).toBe(0)

      // With the keyboard: the button, then the labelled form, its first field focused.
      await edit.focus()
      await chair.keyboard.press('Enter')
      const form = chair.getByRole('form', { name: 'Paper details' })
      await expect.poll(() => chair.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent), { timeout: 5000 }).toBe('Symbol')
      await chair.keyboard.type('C/105/CRP/3')
      await form.getByLabel('Distribution').fill('English only')
      await form.getByLabel('Date').fill('2014-11-26')
      await form.getByLabel('Session').fill('105th Session')
      await form.getByRole('button', { name: 'Save' }).click()

      // The chair's page shows the header, and focus is back on the button.
      await expect.poll(() => chair.getByTestId('paper-date').textContent(), { timeout: 5000 }).toBe('26 novembre 2014')
      await expect.poll(() => chair.evaluate(() => document.activeElement?.textContent), { timeout: 5000 }).toBe('Edit paper details')
      expect(await form.count()).toBe(0)

      // The member's page, live: the same fields, the date in French, no way to edit them.
      const header = member.getByTestId('paper-header')
      await expect.poll(() => header.getByTestId('paper-symbol').textContent(), { timeout: 5000 }).toBe('C/105/CRP/3')
      expect(await header.getByTestId('paper-distribution').textContent()).toBe('English only')
      expect(await header.getByTestId('paper-date').textContent()).toBe('26 novembre 2014')
      expect(await header.getByTestId('paper-date').getAttribute('datetime')).toBe('2014-11-26')
      expect(await header.getByTestId('paper-session').textContent()).toBe('105th Session')
      expect(await member.getByRole('button', { name: 'Edit paper details' }).count()).toBe(0)
      expect(await member.getByRole('form', { name: 'Paper details' }).count()).toBe(0)
      // Flush right: the symbol's right edge is the header's.
      const right = await header.getByTestId('paper-symbol').evaluate((p) => getComputedStyle(p.parentElement!).textAlign)
      expect(right).toBe('right')

      // The chair changes the symbol and the date: the member's page follows.
      await edit.click()
      await form.getByLabel('Symbol').fill('C/105/CRP/3/Rev.1')
      await form.getByLabel('Date').fill('2014-12-01')
      await form.getByRole('button', { name: 'Save' }).click()
      await expect.poll(() => header.getByTestId('paper-symbol').textContent(), { timeout: 5000 }).toBe('C/105/CRP/3/Rev.1')
      await expect.poll(() => header.getByTestId('paper-date').textContent(), { timeout: 5000 }).toBe('1 décembre 2014')
      expect((await api(server.url, 'GET', `/api/documents/${docId}`, { as: server.people.swiss })).json.paper).toEqual({ symbol: 'C/105/CRP/3/Rev.1', distribution: 'English only', date: '2014-12-01', session: '105th Session' })

      // What the server would refuse is said in the form, and nothing is sent; Escape cancels, keeps what was there and brings the focus back.
      await edit.click()
      await form.getByLabel('Session').fill('106th Session')
      await form.getByLabel('Symbol').fill('C/105\u200b/CRP/3')
      await form.getByRole('button', { name: 'Save' }).click()
      await expect.poll(() => form.getByRole('alert').textContent(), { timeout: 5000 }).toBe('Symbol: one line of text, without special characters.')
      await chair.keyboard.press('Escape')
      await expect.poll(() => chair.evaluate(() => document.activeElement?.textContent), { timeout: 5000 }).toBe('Edit paper details')
      expect(await chair.getByTestId('paper-session').textContent()).toBe('105th Session')

      // The print view: the header stays, flush right, without the button or the page's controls around it.
      await chair.emulateMedia({ media: 'print' })
      expect(await edit.isVisible()).toBe(false)
      expect(await chair.getByTestId('comment-period').isVisible()).toBe(false)
      expect(await chair.getByTestId('paper-symbol').isVisible()).toBe(true)
      expect(await chair.getByTestId('paper-symbol').evaluate((p) => getComputedStyle(p.parentElement!).textAlign)).toBe('right')
      expect(await chair.getByTestId('paper-header').evaluate((h) => getComputedStyle(h).fontFamily)).toMatch(/^"?Times New Roman/)
      await chair.pdf({ path: artifactPath('paper-header-print.pdf') })
      await chair.emulateMedia({ media: 'screen' })
      await chair.screenshot({ path: artifactPath('paper-header.png') })
    } finally {
      await Promise.all([chair.context().close(), member.context().close()])
    }
  })
})
