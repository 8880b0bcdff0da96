import { describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs, selectPhrase, signedInPage } from '../helpers/editorPage.js'

const PASSAGE = 'risks the marginalization of IOM'

describe('commenting and moderating in Chromium', () => {
  const suite = browserSuite()

  it("a member comments on a passage; the chair sees it live and hides it; the member sees why, others see 'hidden by the chair'", async () => {
    const { server, browser } = suite
    const docId = server.docIds.dgResponse
    const member = await openDocumentAs(browser, server.url, docId, server.people.swiss)
    const chair = await openDocumentAs(browser, server.url, docId, server.people.chair)
    const third = await openDocumentAs(browser, server.url, docId, server.people.brazil)

    await selectPhrase(member, PASSAGE)
    await member.keyboard.press('Control+Alt+m')
    const form = member.getByRole('form', { name: 'New comment' })
    await expect.poll(() => form.locator('blockquote').textContent()).toBe(PASSAGE)
    await form.getByLabel('Your comment').fill('Please explain <b>which</b> arrangements are meant.')
    await form.getByRole('button', { name: 'Post comment' }).click()

    // The passage is highlighted (a decoration, not document content) and the thread shows its reference.
    await expect.poll(() => member.locator('.comment-highlight').first().textContent()).toBe(PASSAGE)
    const memberThread = member.getByTestId('thread').first()
    await expect.poll(() => memberThread.locator('.thread__ref').textContent()).toBe('para 6(b)')

    // The chair sees it live, without reloading.
    const chairThread = chair.getByTestId('thread').filter({ hasText: 'which' })
    await expect.poll(() => chairThread.locator('.message__body').textContent(), { timeout: 5000 }).toBe('Please explain <b>which</b> arrangements are meant.')
    await expect.poll(() => chairThread.locator('.thread__ref').textContent()).toBe('para 6(b)')

    await chairThread.getByRole('button', { name: 'Hide' }).click()
    await chairThread.getByLabel(/Reason/).fill('Please keep to the text of the draft')
    await chairThread.getByRole('button', { name: 'Hide message' }).click()

    await expect.poll(() => memberThread.locator('.message__status').textContent(), { timeout: 5000 }).toBe('Hidden by the chair: Please keep to the text of the draft')
    const thirdThread = third.getByTestId('thread').filter({ hasText: PASSAGE })
    await expect.poll(() => thirdThread.locator('.message__placeholder').textContent(), { timeout: 5000 }).toBe('Hidden by the chair')
    expect(await third.content()).not.toContain('which</b> arrangements')
    expect(await third.content()).not.toContain('keep to the text')
    await member.screenshot({ path: artifactPath('comment-hidden-member.png') })
    await chair.screenshot({ path: artifactPath('comment-chair.png') })
  })

  it('lets an observer, who may not edit, comment once the chair allows it', async () => {
    const { server, browser } = suite
    await fetch(`${server.url}/api/groups/iom-un-relations`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${server.people.chair.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ observersMayComment: true }),
    })
    const observer = await openDocumentAs(browser, server.url, server.docIds.dgResponse, server.people.observer)
    await selectPhrase(observer, 'near universal membership')
    await observer.getByRole('button', { name: 'Comment', exact: true }).click()
    await observer.getByLabel('Your comment').fill('UNHCR notes this.')
    await observer.getByRole('button', { name: 'Post comment' }).click()
    await expect.poll(() => observer.getByTestId('thread').filter({ hasText: 'UNHCR notes this.' }).count()).toBe(1)
    const stored = await fetch(`${server.url}/api/documents/${server.docIds.dgResponse}/content`, { headers: { authorization: `Bearer ${server.people.chair.token}` } }).then((r) => r.json())
    expect(stored.text).not.toContain('UNHCR notes this.')
  })

  it('the chair rejects a waiting comment from the moderation page with a reason the author reads, and the log says where and what', async () => {
    const { server, browser } = suite
    const docId = server.docIds.dgResponse
    const chair = await signedInPage(browser, server.url, server.people.chair)
    await chair.goto(`${server.url}/#/moderation`)
    const preModeration = chair.getByLabel(/Pre-moderation/)
    await preModeration.click()
    await expect.poll(() => preModeration.isChecked()).toBe(true)
    const member = await openDocumentAs(browser, server.url, docId, server.people.brazil)
    await selectPhrase(member, 'near universal membership')
    await member.keyboard.press('Control+Alt+m')
    await member.getByLabel('Your comment').fill('Waiting for the chair')
    await member.getByRole('button', { name: 'Post comment' }).click()
    const waiting = chair.locator('li', { hasText: 'Waiting for the chair' })
    await expect.poll(() => waiting.count(), { timeout: 5000 }).toBe(1)
    // The queue says where it was written.
    expect(await waiting.getByTestId('queue-place').textContent()).toBe("in Director General's Response, para 6(a):")
    // The chair's Moderation link counts what waits, live.
    await expect.poll(() => chair.getByTestId('moderation-link').getAttribute('aria-label'), { timeout: 5000 }).toBe('Moderation, 1 waiting')
    await waiting.getByRole('button', { name: 'Reject' }).click()
    await waiting.getByLabel(/Reason/).fill('Please use the paragraph numbers')
    await waiting.getByRole('button', { name: 'Reject message' }).click()
    await expect.poll(() => chair.getByTestId('moderation-link').getAttribute('aria-label'), { timeout: 5000 }).toBe('Moderation')
    const memberThread = member.getByTestId('thread').filter({ hasText: 'Waiting for the chair' })
    await expect.poll(() => memberThread.locator('.message__status').textContent(), { timeout: 5000 }).toBe('Not approved by the chair: Please use the paragraph numbers')
    const logRow = chair.locator('tr', { hasText: 'Please use the paragraph numbers' })
    await expect.poll(() => logRow.textContent(), { timeout: 5000 }).toContain("Director General's Response, para 6(a): “Waiting for the chair”")
    await preModeration.click()
    await expect.poll(() => preModeration.isChecked()).toBe(false)
    await chair.screenshot({ path: artifactPath('moderation-reject-reason.png'), fullPage: true })
  })

  it('tells the author of a thread of a reply, and the notification opens the thread and is read', async () => {
    const { server, browser } = suite
    const docId = server.docIds.dgResponse
    const author = await openDocumentAs(browser, server.url, docId, server.people.swiss)
    await selectPhrase(author, 'the Global Migration Group')
    await author.keyboard.press('Control+Alt+m')
    await author.getByLabel('Your comment').fill('Which agencies have joined since?')
    await author.getByRole('button', { name: 'Post comment' }).click()
    const thread = author.getByTestId('thread').filter({ hasText: 'Which agencies have joined since?' })
    await expect.poll(() => thread.count()).toBe(1)
    const threadId = (await thread.getAttribute('id'))!.replace(/^thread-/, '')
    // The author goes back to the document list; the DG office replies.
    await author.goto(`${server.url}/#/`)
    await fetch(`${server.url}/api/threads/${threadId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.people.dg.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Eighteen, with UN-Habitat the latest.' }),
    })
    const bell = author.getByTestId('notifications')
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 5000 }).toMatch(/[1-9]\d* unread/)
    const unreadBefore = Number(/(\d+) unread/.exec((await bell.getAttribute('aria-label'))!)![1])
    await bell.click()
    await author.getByRole('link', { name: /Karim DG replied to your comment: Eighteen, with UN-Habitat the latest\./ }).click()
    await expect.poll(() => author.evaluate(() => location.hash)).toBe(`#/d/${docId}/t/${threadId}`)
    await expect.poll(() => author.locator(`#thread-${threadId}`).getAttribute('class'), { timeout: 5000 }).toContain('thread--active')
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(`Notifications, ${unreadBefore - 1} unread`)
  })
})
