import { describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { numberedText, openDocumentAs, placeCaretAtEnd } from '../helpers/editorPage.js'

describe('a member and an observer in Chromium', () => {
  const suite = browserSuite()

  it('tells a member who opens the moderation page that only the chair moderates, and asks the server nothing', async () => {
    const member = await openDocumentAs(suite.browser, suite.server.url, suite.server.docIds.dgResponse, suite.server.people.brazil)
    const refused: string[] = []
    member.on('response', (r) => r.status() === 403 && refused.push(r.url()))
    await member.evaluate(() => (location.hash = '#/moderation'))
    await expect.poll(() => member.locator('main').textContent()).toContain('Only the chairperson moderates comments in this group.')
    expect(await member.getByTestId('queue-counts').count()).toBe(0)
    expect(refused).toEqual([])
  })

  it('lets the observer follow live edits but not type, with a visible notice', async () => {
    const docId = suite.server.docIds.dgResponse
    const member = await openDocumentAs(suite.browser, suite.server.url, docId, suite.server.people.swiss)
    const observer = await openDocumentAs(suite.browser, suite.server.url, docId, suite.server.people.observer)

    await expect.poll(() => observer.getByTestId('read-only-notice').textContent()).toContain('Read only: as Observer')
    expect(await member.getByTestId('read-only-notice').count()).toBe(0)
    expect(await observer.locator('.document-body').getAttribute('contenteditable')).toBe('false')
    // No formatting buttons for a reader, only Find.
    expect(await observer.getByRole('button', { name: 'Bold' }).count()).toBe(0)
    await observer.getByRole('toolbar').getByRole('button', { name: /^Find/ }).waitFor()
    // No Comment button, and the reason instead of silence.
    expect(await observer.getByRole('button', { name: 'Comment', exact: true }).count()).toBe(0)
    await expect.poll(() => observer.getByTestId('may-not-comment').textContent()).toBe('Observers may not comment in this group.')

    await placeCaretAtEnd(member, 'li[data-ref="4"] > p')
    await member.keyboard.type(' Edited live by the member.')
    await expect.poll(() => numberedText(observer, '4'), { timeout: 5000 }).toMatch(/Edited live by the member\.$/)

    await observer.locator('li[data-ref="4"] > p').click()
    await observer.keyboard.type('observer typing')
    await observer.keyboard.press('Enter')
    await new Promise((r) => setTimeout(r, 300))
    expect(await numberedText(observer, '4')).not.toContain('observer typing')
    expect(await numberedText(member, '4')).not.toContain('observer typing')
    const stored = await fetch(`${suite.server.url}/api/documents/${docId}/content`, { headers: { authorization: `Bearer ${suite.server.people.chair.token}` } }).then((r) => r.json())
    expect(stored.text).not.toContain('observer typing')
    expect(stored.text).toContain('Edited live by the member.')
    await observer.screenshot({ path: artifactPath('observer-read-only.png') })
  })

  it('turns a member read-only live when the chair restricts the document to the DG office', async () => {
    const docId = suite.server.docIds.dgResponse
    const member = await openDocumentAs(suite.browser, suite.server.url, docId, suite.server.people.brazil)
    const chair = await openDocumentAs(suite.browser, suite.server.url, docId, suite.server.people.chair)
    await chair.getByText('Document settings').click()
    await chair.getByRole('checkbox', { name: 'Member delegation' }).click()
    await expect.poll(() => member.getByTestId('read-only-notice').textContent(), { timeout: 5000 }).toContain('Read only: as Member delegation')
    expect(await member.locator('.document-body').getAttribute('contenteditable')).toBe('false')
    await chair.getByRole('checkbox', { name: 'Member delegation' }).click()
    await expect.poll(() => member.getByTestId('read-only-notice').count(), { timeout: 5000 }).toBe(0)
  })
})
