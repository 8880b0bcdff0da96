import { describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs, selectPhrase, signedInPage } from '../helpers/editorPage.js'
import { copyOfDgResponse } from '../helpers/documentCopy.js'
import { api } from '../helpers/http.js'
import type { ThreadView } from '../../shared/comments/types.js'

const PASSAGE = 'risks the marginalization of IOM'
const TYPED = 'Brazil asks the DG to clarify these risks before the close.'

describe('comment periods in Chromium', () => {
  const suite = browserSuite()
  const chairCall = (method: string, path: string, body?: unknown) => api(suite.server.url, method, path, { as: { token: suite.server.people.chair.token }, body })
  const threadsOn = async (docId: string): Promise<ThreadView[]> => (await chairCall('GET', `/api/documents/${docId}/threads`)).json.threads

  it('a period closes while a member types a comment: refused with the closing time, the text kept, nothing stored; the chair extends and the member posts', async () => {
    const { server, browser } = suite
    const docId = await copyOfDgResponse(server, 'Draft for the first reading')
    // Open for an hour; the chair brings the close forward while the member types (below), so the
    // close never races the pages' loading.
    const inAnHour = new Date(Date.now() + 3_600_000)
    inAnHour.setMilliseconds(0)
    expect((await chairCall('PUT', `/api/documents/${docId}/comment-period`, { closesAt: inAnHour.toISOString(), round: 'First reading' })).status).toBe(200)

    // Everyone sees the period in the list, with its countdown.
    const list = await signedInPage(browser, server.url, server.people.swiss)
    await list.goto(`${server.url}/#/`)
    const row = list.getByTestId('document-row').filter({ hasText: 'Draft for the first reading' })
    await expect.poll(() => row.getByTestId('period-badge').textContent()).toMatch(/^First reading: (59 min|1 h 0 min) left$/)

    const member = await openDocumentAs(browser, server.url, docId, server.people.brazil)
    const chair = await openDocumentAs(browser, server.url, docId, server.people.chair)
    const banner = member.getByTestId('comment-period')
    await expect.poll(() => banner.getByTestId('period-line').textContent()).toMatch(/^First reading — comments close .+ \(UTC\)$/)
    await expect.poll(() => banner.getByTestId('period-countdown').textContent()).toMatch(/ · (59 min|1 h 0 min) left$/)

    await selectPhrase(member, PASSAGE)
    await member.keyboard.press('Control+Alt+m')
    const form = member.getByRole('form', { name: 'New comment' })
    await form.getByLabel('Your comment').fill(TYPED)
    const closesAt = new Date(Date.now() + 2_000)
    closesAt.setMilliseconds(0)
    expect((await chairCall('PUT', `/api/documents/${docId}/comment-period`, { closesAt: closesAt.toISOString(), round: 'First reading' })).status).toBe(200)
    // The period closes while the text is in the box: the banner says so live, the box keeps the text.
    await expect.poll(() => banner.getByTestId('period-line').textContent(), { timeout: 15_000 }).toMatch(/^First reading — comments closed on /)
    await expect.poll(() => row.getByTestId('period-badge').textContent(), { timeout: 10_000 }).toBe('First reading: comments closed')
    await form.getByRole('button', { name: 'Post comment' }).click()
    const refusal = form.getByRole('alert')
    await expect.poll(() => refusal.textContent()).toMatch(/^Comments closed on .+ \(UTC\): your comment was not posted/)
    // The closing time the server sent, as the browser writes it in the group's zone.
    const shownTime = await member.evaluate((iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }), closesAt.toISOString())
    expect(await refusal.textContent()).toContain(`Comments closed on ${shownTime} (UTC)`)
    expect(await form.getByLabel('Your comment').inputValue()).toBe(TYPED)
    expect((await threadsOn(docId)).flatMap((t) => t.messages.map((m) => m.body))).not.toContain(TYPED)
    await expect.poll(() => member.getByTestId('may-not-comment').textContent()).toMatch(/^Comments closed on /)
    await member.screenshot({ path: artifactPath('period-closed-member.png') })

    // The chair reopens the round until tomorrow, from the page; the history shows each change.
    const chairBanner = chair.getByTestId('comment-period')
    await chairBanner.getByRole('button', { name: 'Reopen' }).click()
    const dialog = chairBanner.getByRole('form', { name: 'Reopen' })
    const closesField = dialog.getByLabel('Comments close (UTC)')
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16)
    await closesField.fill(tomorrow)
    await dialog.getByRole('button', { name: 'Reopen' }).click()
    await expect.poll(() => chairBanner.getByTestId('period-countdown').textContent(), { timeout: 5_000 }).toMatch(/ · (23 h \d+ min|1 day) left$/)
    await chairBanner.getByText('History and compilations').click()
    await expect.poll(() => chairBanner.getByTestId('period-history').locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Opened by Elena Chair \(Italy\) on .+, closing /),
      expect.stringMatching(/^Closing time changed by Elena Chair \(Italy\) on .+: from .+ to .+/),
      expect.stringMatching(/^Closed on /),
      expect.stringMatching(/^Reopened by Elena Chair \(Italy\) on .+: from .+ to .+/),
    ])
    await expect.poll(() => chairBanner.getByRole('link', { name: 'comments (CSV)' }).count()).toBe(1)
    await chair.screenshot({ path: artifactPath('period-reopened-chair.png') })

    // The member's page follows live: the same text, still in the box, now posts.
    await expect.poll(() => banner.getByTestId('period-line').textContent(), { timeout: 5_000 }).toMatch(/^First reading — comments close /)
    await form.getByRole('button', { name: 'Post comment' }).click()
    await expect.poll(() => member.getByTestId('thread').filter({ hasText: TYPED }).count(), { timeout: 5_000 }).toBe(1)
    expect((await threadsOn(docId)).flatMap((t) => t.messages.map((m) => m.body))).toContain(TYPED)
  })

  it('the chair opens a period from the document page in the group’s time zone, and extends it', async () => {
    const { server, browser } = suite
    // The chair sets the group's time zone on the Members page.
    const members = await signedInPage(browser, server.url, server.people.chair)
    await members.goto(`${server.url}/#/members`)
    await members.getByLabel(/^Time zone of the group/).selectOption('Europe/Zurich')
    await expect.poll(async () => (await chairCall('GET', '/api/groups')).json[0].timeZone).toBe('Europe/Zurich')
    await members.context().close()
    expect((await chairCall('PATCH', '/api/groups/iom-un-relations', { timeZone: 'Mars/Olympus' })).status).toBe(400)
    const docId = await copyOfDgResponse(server, 'Draft for the second reading')
    const chair = await openDocumentAs(browser, server.url, docId, server.people.chair)
    const banner = chair.getByTestId('comment-period')
    await banner.getByRole('button', { name: 'Open comment period' }).click()
    const dialog = banner.getByRole('form', { name: 'Open comment period' })
    await dialog.getByLabel('Round name (optional)').fill('Second reading')
    await dialog.getByLabel('Comments close (Zurich time)').fill('2027-01-15T18:00')
    await dialog.getByRole('button', { name: 'Open comment period' }).click()
    await expect.poll(() => banner.getByTestId('period-line').textContent()).toMatch(/^Second reading — comments close .*(18:00|6:00\sPM) \(Zurich time\)$/)
    // 18:00 in Zurich in January is 17:00 UTC.
    expect((await chairCall('GET', `/api/documents/${docId}/comment-period`)).json.closesAt).toBe('2027-01-15T17:00:00.000Z')

    await banner.getByRole('button', { name: 'Extend' }).click()
    const extend = banner.getByRole('form', { name: 'Extend' })
    await extend.getByLabel('Comments close (Zurich time)').fill('2027-01-22T12:30')
    await extend.getByRole('button', { name: 'Extend' }).click()
    await expect.poll(() => banner.getByTestId('period-line').textContent()).toMatch(/(12:30|12:30\sPM) \(Zurich time\)$/)
    const period = (await chairCall('GET', `/api/documents/${docId}/comment-period`)).json
    expect(period.closesAt).toBe('2027-01-22T11:30:00.000Z')
    expect(period.history.map((c: { kind: string }) => c.kind)).toEqual(['open', 'extend'])
    // Members see the period but no controls.
    const member = await openDocumentAs(browser, server.url, docId, server.people.swiss)
    await expect.poll(() => member.getByTestId('period-line').textContent()).toMatch(/^Second reading — comments close /)
    expect(await member.getByRole('button', { name: 'Extend' }).count()).toBe(0)
    await chairCall('PATCH', '/api/groups/iom-un-relations', { timeZone: 'UTC' })
  })
})
