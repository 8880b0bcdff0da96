import { describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite, dgResponsePages } from '../helpers/browserSuite.js'
import { placeCaretAtEnd } from '../helpers/editorPage.js'
import { anchorOn } from '../helpers/anchors.js'
import { connectClient } from '../helpers/yClient.js'
import { api } from '../helpers/http.js'
import { waitFor } from '../helpers/waitFor.js'
import { after, propose } from '../helpers/proposing.js'
import type { ProposalList } from '../../shared/amendments/types.js'

describe('dispositions in Chromium', () => {
  const suite = browserSuite()
  const pages = dgResponsePages(suite)

  it('the DG office records a disposition on a card; the member delegation sees it appear on its card without reloading, is notified, and opens the answering paragraph', async () => {
    const { server } = suite
    const docId = server.docIds.dgResponse
    const c = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    await c.synced
    const posted = await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: { token: server.people.swiss.token }, body: { anchor: anchorOn(c.doc, 'I would provide regular feedback'), body: 'Please say how often.' } })
    c.destroy()
    const threadId = posted.json.id as string

    const member = await pages.open('swiss')
    const dg = await pages.open('dg')
    const memberCard = member.locator(`#thread-${threadId}`)
    await expect.poll(() => memberCard.count()).toBe(1)
    // A member may not record one: the card has no form, and shows no disposition yet.
    expect(await memberCard.getByTestId('disposition').count()).toBe(0)
    await member.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true))
    const bell = member.getByTestId('notifications')
    const unreadBefore = Number(/(\d+) unread/.exec((await bell.getAttribute('aria-label'))!)![1])

    // The DG office opens the form on the card, puts the cursor in paragraph 7 of the text and links it.
    const dgCard = dg.locator(`#thread-${threadId}`)
    await dgCard.getByRole('button', { name: 'Record disposition' }).click()
    const form = dgCard.getByRole('form', { name: 'Record the disposition' })
    await form.getByLabel('Disposition', { exact: true }).selectOption({ label: 'Partly accepted' })
    await form.getByLabel('Explanation').fill('Twice a year, as paragraph 7 now says.')
    await placeCaretAtEnd(dg, '.document-body li[data-ref="7"] > p')
    await form.getByRole('button', { name: 'Paragraph at cursor' }).click()
    expect(await form.getByLabel('Answering paragraph (optional)').inputValue()).toBe('7')
    await form.screenshot({ path: artifactPath('disposition-form.png') })
    await form.getByRole('button', { name: 'Save disposition' }).click()
    await expect.poll(() => dgCard.getByTestId('disposition-value').textContent()).toBe('Partly accepted')

    // The member's card shows it, live.
    const shown = memberCard.getByTestId('disposition')
    await expect.poll(() => shown.getByTestId('disposition-value').textContent(), { timeout: 5000 }).toBe('Partly accepted')
    expect(await shown.getByTestId('disposition-explanation').textContent()).toBe('Twice a year, as paragraph 7 now says.')
    expect(await shown.getByTestId('disposition-answer').textContent()).toBe('answered in ¶7')
    expect(await shown.getByRole('button').count()).toBe(0)
    expect(await member.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
    // The delegation is told, in the bell.
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 5000 }).toBe(`Notifications, ${unreadBefore + 1} unread`)
    await bell.click()
    await expect.poll(() => member.getByRole('link', { name: /Karim DG answered your delegation’s comment: Partly accepted: Twice a year/ }).count()).toBe(1)
    await bell.click()
    await memberCard.screenshot({ path: artifactPath('disposition-member-card.png') })

    // The link brings paragraph 7 into view, emphasised.
    await shown.getByTestId('disposition-answer').click()
    await expect.poll(() => member.locator('.document-body li[data-ref="7"]').getAttribute('class')).toContain('numbered-item--focus')

    // Cleared by the DG office: it leaves the member's card too.
    await dgCard.getByRole('button', { name: 'Change disposition' }).click()
    await dgCard.getByRole('button', { name: 'Clear' }).click()
    await expect.poll(() => shown.count(), { timeout: 5000 }).toBe(0)
  })

  it('the DG office answers a proposal on its card; the proposing delegation sees it on its proposal card, live', async () => {
    const { server } = suite
    const docId = server.docIds.dgResponse
    const c = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
    await c.synced
    propose(c.doc, { authorId: server.people.brazil.user.id, delegation: 'Brazil' }, (s) => s.tr.insertText(' and annually', after(s.doc, 'I would provide regular feedback')))
    const proposalId = await waitFor(async () => {
      const list = (await api(server.url, 'GET', `/api/documents/${docId}/proposals`, { as: { token: server.people.dg.token } })).json as ProposalList
      const mine = list.proposals.find((p) => p.inserted.includes('and annually'))
      expect(mine).toBeDefined()
      return mine!.id
    })
    c.destroy()

    const member = await pages.open('brazil')
    const dg = await pages.open('dg')
    for (const page of [member, dg]) await page.getByRole('tab', { name: /^Proposals/ }).click()
    const dgCard = dg.locator(`#proposal-${proposalId}`)
    await dgCard.getByRole('button', { name: 'Record disposition' }).click()
    const form = dgCard.getByRole('form', { name: 'Record the disposition' })
    await form.getByLabel('Disposition', { exact: true }).selectOption({ label: 'Not accepted' })
    await form.getByLabel('Explanation').fill('Feedback is already given twice a year.')
    await form.getByRole('button', { name: 'Save disposition' }).click()

    const shown = member.locator(`#proposal-${proposalId}`).getByTestId('disposition')
    await expect.poll(() => shown.getByTestId('disposition-value').textContent(), { timeout: 5000 }).toBe('Not accepted')
    expect(await shown.getByTestId('disposition-explanation').textContent()).toBe('Feedback is already given twice a year.')
    expect(await shown.getByRole('button').count()).toBe(0)
  })
})
