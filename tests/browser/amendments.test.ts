import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite, dgResponsePages } from '../helpers/browserSuite.js'
import { numberedText, placeCaretAtEnd, selectPhrase } from '../helpers/editorPage.js'

const PROPOSED = ' Proposed by Switzerland.'

/** The proposals (inserted and deleted text) shown in a page's document, as [kind, delegation, text]. */
const proposalsShown = (page: Page) =>
  page.locator('.document-body ins[data-proposal], .document-body del[data-proposal]').evaluateAll((els) => els.map((e) => [e.tagName.toLowerCase(), e.getAttribute('data-delegation'), e.textContent]))

/** The card of the open proposal holding this text, in a page's proposals panel. */
async function proposalCard(page: Page, text: string) {
  await page.getByRole('tab', { name: /^Proposals/ }).click()
  return page.getByTestId('proposal').filter({ hasText: text })
}

describe('amendments in Chromium: a delegation proposes, another supports, the chair decides', () => {
  const suite = browserSuite()
  // Each test's browsers are closed after it, so the next starts with no one else online.
  const { open } = dgResponsePages(suite)

  it('the chair switches to amendments; a member’s typing becomes a proposal others see, support and the chair accepts; a third browser sees the text change', async () => {
    const swiss = await open('swiss')
    const chair = await open('chair')
    // Before: an open document, and the member may choose to suggest.
    await expect.poll(() => swiss.getByTestId('suggest-toggle').getAttribute('aria-pressed')).toBe('false')

    await chair.getByText('Document settings').click()
    await chair.getByRole('radio', { name: /^Amendments/ }).check()
    // The member's page follows live (reconnects with new rights): suggesting is on, for good, and says so.
    await expect.poll(() => swiss.getByTestId('suggesting-indicator').textContent(), { timeout: 8000 }).toBe('Amendments mode — your changes are proposals')
    expect(await swiss.getByTestId('suggest-toggle').count()).toBe(0)
    await swiss.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()

    const brazil = await open('brazil')
    const observer = await open('observer')

    await placeCaretAtEnd(swiss, 'li[data-ref="1"] > p')
    await swiss.keyboard.type(PROPOSED)
    // Brazil sees it underlined as Switzerland's proposal; the agreed text is unchanged around it.
    await expect.poll(() => proposalsShown(brazil), { timeout: 5000 }).toEqual([['ins', 'Switzerland', PROPOSED]])
    await expect.poll(() => numberedText(observer, '1'), { timeout: 5000 }).toMatch(/October 2008\. Proposed by Switzerland\.$/)

    const brazilCard = await proposalCard(brazil, PROPOSED.trim())
    await expect.poll(() => brazilCard.locator('.thread__ref').textContent()).toBe('para 1')
    await expect.poll(() => brazilCard.textContent()).toContain('Lukas Swiss')
    await brazilCard.getByRole('button', { name: 'Support' }).click()
    await expect.poll(() => brazilCard.getByTestId('supporters').textContent()).toBe('Supported by Brazil')
    // "Discuss" opens the comment form on the proposal's words.
    await brazilCard.getByRole('button', { name: 'Discuss' }).click()
    const commentForm = brazil.getByRole('form', { name: 'New comment' })
    await expect.poll(() => commentForm.locator('blockquote').textContent()).toBe(PROPOSED)
    await commentForm.getByRole('button', { name: 'Cancel' }).click()
    // The author cannot support their own proposal, only withdraw it.
    const swissCard = await proposalCard(swiss, PROPOSED.trim())
    await expect.poll(() => swissCard.getByRole('button', { name: 'Withdraw', exact: true }).count()).toBe(1)
    expect(await swissCard.getByRole('button', { name: 'Support' }).count()).toBe(0)

    // The chair sees the support live, and accepts with a reason.
    const chairCard = await proposalCard(chair, PROPOSED.trim())
    await expect.poll(() => chairCard.getByTestId('supporters').textContent(), { timeout: 5000 }).toBe('Supported by Brazil')
    await chair.screenshot({ path: artifactPath('amendments-chair-panel.png'), fullPage: true })
    await chairCard.getByRole('button', { name: 'Accept', exact: true }).click()
    await chairCard.getByLabel('Reason (optional)').fill('Agreed in the plenary')
    await chairCard.getByRole('button', { name: 'Accept proposal' }).click()

    // Everyone sees the words become agreed text: no proposal left in the document.
    for (const page of [observer, brazil, swiss]) {
      await expect.poll(() => proposalsShown(page), { timeout: 5000 }).toEqual([])
      await expect.poll(() => numberedText(page, '1')).toMatch(/October 2008\. Proposed by Switzerland\.$/)
    }
    await chair.getByTestId('decided-proposals').locator('summary').click()
    await expect.poll(() => chair.getByTestId('decided-proposal').first().textContent()).toMatch(/Accepted.*Proposed by Switzerland\..*Supported by Brazil.*Accepted by Elena Chair \(Italy\).*Reason: Agreed in the plenary/)
    await expect.poll(() => observer.getByTestId('proposal').count()).toBe(0)
    await swiss.screenshot({ path: artifactPath('amendments-member-after-accept.png') })
    // Four browsers and a reconnection: more than the default 30 s on a busy machine.
  }, 60_000)

  it('in amendments mode a member deleting a word proposes its deletion: struck through, not removed, for everyone', async () => {
    const swiss = await open('swiss')
    const brazil = await open('brazil')
    await expect.poll(() => swiss.getByTestId('suggesting-indicator').textContent()).toBe('Amendments mode — your changes are proposals')
    const before = await numberedText(swiss, '6(b)')
    expect(before).toContain('marginalization')

    await selectPhrase(swiss, 'marginalization')
    await swiss.keyboard.press('Backspace')
    for (const page of [swiss, brazil]) {
      await expect.poll(() => proposalsShown(page), { timeout: 5000 }).toEqual([['del', 'Switzerland', 'marginalization']])
      expect(await numberedText(page, '6(b)')).toBe(before)
    }
    const card = await proposalCard(brazil, 'marginalization')
    await expect.poll(() => card.locator('del').textContent()).toBe('marginalization')
    await brazil.screenshot({ path: artifactPath('amendments-deletion-proposed.png'), fullPage: true })

    // Making agreed text a heading is not something a proposal can do: refused, and said so.
    await placeCaretAtEnd(swiss, 'li[data-ref="2"] > p')
    await swiss.getByRole('button', { name: 'Heading 1' }).click()
    await expect.poll(() => swiss.getByTestId('suggest-refusal').textContent()).toMatch(/Only proposals can change the agreed text/)
    expect(await swiss.locator('.document-body h1').count()).toBe(await brazil.locator('.document-body h1').count())

    // The chair rejects all of Switzerland's proposals at once, after a confirmation: the word stays, unmarked.
    const chair = await open('chair')
    await chair.getByRole('tab', { name: /^Proposals/ }).click()
    await chair.getByLabel('Proposals by delegation').selectOption('Switzerland')
    await chair.getByRole('button', { name: /^Reject all shown/ }).click()
    const confirm = chair.getByRole('form', { name: 'Reject proposal' })
    await expect.poll(() => confirm.textContent()).toContain('Reject every proposal shown (Switzerland): 1 in all.')
    await confirm.getByRole('button', { name: 'Reject proposal' }).click()
    for (const page of [brazil, swiss]) {
      await expect.poll(() => proposalsShown(page), { timeout: 5000 }).toEqual([])
      expect(await numberedText(page, '6(b)')).toBe(before)
    }
    await expect.poll(() => brazil.getByTestId('decided-proposal').first().textContent()).toMatch(/^Rejectedpara 6\(b\)Switzerland.*Rejected by Elena Chair/)
  })

  it('strips other people’s proposal marks from pasted content, so the chair’s direct paste is not refused', async () => {
    const chair = await open('chair')
    const brazil = await open('brazil')
    await placeCaretAtEnd(chair, 'li[data-ref="3"] > p')
    await chair.evaluate(() => {
      const data = new DataTransfer()
      data.setData('text/html', '<p><ins data-proposal="copied-1" data-author="someone-else" data-delegation="Brazil" data-created-at="1">Pasted words.</ins></p>')
      data.setData('text/plain', 'Pasted words.')
      document.querySelector('.document-body')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await expect.poll(() => numberedText(brazil, '3'), { timeout: 5000 }).toMatch(/Pasted words\.$/)
    expect(await chair.locator('.document-body ins[data-proposal]').filter({ hasText: 'Pasted words' }).count()).toBe(0)
    await chair.waitForTimeout(500)
    expect(await chair.getByTestId('connection-status').getAttribute('data-status')).toBe('connected')
  })
})
