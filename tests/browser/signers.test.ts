import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite, dgResponsePages } from '../helpers/browserSuite.js'
import { openDocumentAs, selectPhrase, signedInPage } from '../helpers/editorPage.js'
import { PASSWORD } from '../helpers/people.js'
import { hashPassword } from '../../server/auth/secrets.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'

const PASSAGE = 'risks the marginalization of IOM'
const COMMENT = 'Our three delegations ask the DG to say how this risk will be avoided.'

describe('a joint comment in Chromium', () => {
  const suite = browserSuite()
  const pages = dgResponsePages(suite)
  const delegates = {
    chile: { email: 'chile@joint.test', password: PASSWORD },
    norway: { email: 'norway@joint.test', password: PASSWORD },
    peru: { email: 'peru@joint.test', password: PASSWORD },
  }

  beforeAll(async () => {
    const { accounts, groups } = suite.server
    const passwordHash = await hashPassword(PASSWORD)
    for (const [key, name, delegation] of [['chile', 'Carmen Chile', 'Chile'], ['norway', 'Nils Norway', 'Norway'], ['peru', 'Pedro Peru', 'Peru']] as const) {
      const user = await accounts.createUser({ email: delegates[key].email, name, passwordHash })
      await groups.setMembership({ groupId: EXAMPLE_GROUP_ID, userId: user.id, role: 'member', delegation })
    }
  })

  const openAs = async (who: keyof typeof delegates) => pages.keep(await openDocumentAs(suite.browser, suite.server.url, suite.server.docIds.dgResponse, delegates[who]))
  const jointThread = (page: Page) => page.getByTestId('thread').filter({ hasText: COMMENT })

  it('Brazil invites Chile and Norway, both confirm from their own browsers, and the comment shows “Brazil, Chile and Norway” and is listed under each', async () => {
    const brazil = await pages.open('brazil')
    await selectPhrase(brazil, PASSAGE)
    await brazil.keyboard.press('Control+Alt+m')
    await brazil.getByLabel('Your comment').fill(COMMENT)
    await brazil.getByRole('button', { name: 'Post comment' }).click()
    const mine = jointThread(brazil)
    await expect.poll(() => mine.count()).toBe(1)

    // Brazil's member invites the two other delegations from the thread, with the keyboard-reachable controls.
    await mine.getByText('Co-signers (0)').click()
    const invite = mine.getByLabel('Invite a co-signer')
    await expect.poll(() => invite.isEnabled()).toBe(true)
    await invite.selectOption({ label: 'Chile' })
    await mine.getByRole('button', { name: 'Invite', exact: true }).click()
    await expect.poll(() => mine.getByTestId('signers-line').textContent()).toBe('On behalf of Brazil · awaiting Chile')
    await invite.selectOption({ label: 'Norway' })
    await mine.getByRole('button', { name: 'Invite', exact: true }).click()
    await expect.poll(() => mine.getByTestId('signers-line').textContent()).toBe('On behalf of Brazil · awaiting Chile and Norway')

    // Chile's member is told on the bell, and confirms in the thread.
    const chile = await openAs('chile')
    await expect.poll(() => chile.getByTestId('notifications').getAttribute('aria-label'), { timeout: 5000 }).toBe('Notifications, 1 unread')
    await chile.getByTestId('notifications').click()
    await expect.poll(() => chile.getByRole('region', { name: 'Notifications' }).textContent()).toContain('Ana Brazil invited your delegation to co-sign')
    const chileCard = jointThread(chile)
    await chileCard.getByRole('group', { name: 'Co-sign for Chile' }).getByRole('button', { name: 'Confirm co-signing' }).click()
    await expect.poll(() => chileCard.getByTestId('signers-line').textContent()).toBe('On behalf of Brazil and Chile · awaiting Norway')
    // Chile may not answer for Norway.
    expect(await chileCard.getByRole('group', { name: 'Co-sign for Norway' }).count()).toBe(0)

    // Brazil sees it live.
    await expect.poll(() => mine.getByTestId('signers-line').textContent(), { timeout: 5000 }).toBe('On behalf of Brazil and Chile · awaiting Norway')

    const norway = await openAs('norway')
    await jointThread(norway).getByRole('group', { name: 'Co-sign for Norway' }).getByRole('button', { name: 'Confirm co-signing' }).click()
    for (const page of [brazil, chile, norway]) {
      await expect.poll(() => jointThread(page).getByTestId('signers-line').textContent(), { timeout: 5000 }).toBe('On behalf of Brazil, Chile and Norway')
    }

    // Filtering the comments by any of the three delegations shows the joint comment; by another, not.
    const swiss = await pages.open('swiss')
    await expect.poll(() => jointThread(swiss).getByTestId('signers-line').textContent(), { timeout: 5000 }).toBe('On behalf of Brazil, Chile and Norway')
    const filter = swiss.getByRole('combobox', { name: 'Delegation', exact: true })
    for (const delegation of ['Chile', 'Norway', 'Brazil']) {
      await filter.selectOption(delegation)
      await expect.poll(() => jointThread(swiss).count()).toBe(1)
    }
    await filter.selectOption('Chile')
    await expect.poll(() => swiss.getByTestId('comments-count').textContent()).toBe('1 thread shown')
    await swiss.screenshot({ path: artifactPath('joint-comment-filtered.png') })
    await brazil.screenshot({ path: artifactPath('joint-comment-author.png') })
  })

  it('the chair defines GRULAC on the Members page by keyboard; Brazil invites it and its coordinator, Peru, confirms for it', async () => {
    const chair = pages.keep(await signedInPage(suite.browser, suite.server.url, suite.server.people.chair))
    await chair.goto(`${suite.server.url}/#/members`)
    await chair.getByRole('button', { name: 'New delegation group' }).focus()
    await chair.keyboard.press('Enter')
    const form = chair.getByRole('form', { name: 'Delegation group' })
    await form.getByLabel('Name').fill('GRULAC')
    for (const d of ['Brazil', 'Chile', 'Peru']) await form.getByRole('checkbox', { name: d }).check()
    await form.getByLabel('Coordinator').selectOption('Peru')
    await form.getByRole('button', { name: 'Save group' }).press('Enter')
    await expect.poll(() => chair.getByTestId('delegation-groups').textContent()).toBe('GRULAC: Brazil, Chile, Peru (coordinator: Peru) EditDelete')
    await chair.screenshot({ path: artifactPath('delegation-groups.png'), fullPage: true })

    const brazil = await pages.open('brazil')
    await selectPhrase(brazil, 'near universal membership')
    await brazil.keyboard.press('Control+Alt+m')
    await brazil.getByLabel('Your comment').fill('GRULAC supports this paragraph.')
    await brazil.getByRole('button', { name: 'Post comment' }).click()
    const mine = brazil.getByTestId('thread').filter({ hasText: 'GRULAC supports this paragraph.' })
    await mine.getByText('Co-signers (0)').click()
    await expect.poll(() => mine.getByLabel('Invite a co-signer').isEnabled()).toBe(true)
    await mine.getByLabel('Invite a co-signer').selectOption({ label: 'GRULAC' })
    await mine.getByRole('button', { name: 'Invite', exact: true }).click()
    await expect.poll(() => mine.getByTestId('signers-line').textContent()).toBe('On behalf of Brazil · awaiting GRULAC')

    // Chile belongs to GRULAC but does not answer for it; Peru, its coordinator, does.
    const chile = await openAs('chile')
    const chileCard = chile.getByTestId('thread').filter({ hasText: 'GRULAC supports this paragraph.' })
    await expect.poll(() => chileCard.getByTestId('signers-line').textContent()).toBe('On behalf of Brazil · awaiting GRULAC')
    expect(await chileCard.getByRole('button', { name: 'Confirm co-signing' }).count()).toBe(0)
    const peru = await openAs('peru')
    await peru.getByTestId('thread').filter({ hasText: 'GRULAC supports this paragraph.' }).getByRole('group', { name: 'Co-sign for GRULAC' }).getByRole('button', { name: 'Confirm co-signing' }).click()
    await expect.poll(() => mine.getByTestId('signers-line').textContent(), { timeout: 5000 }).toBe('On behalf of Brazil and GRULAC')
    // Listed under each of the group's delegations.
    const filter = chile.getByRole('combobox', { name: 'Delegation', exact: true })
    await expect.poll(() => chileCard.getByTestId('signers-line').textContent(), { timeout: 5000 }).toBe('On behalf of Brazil and GRULAC')
    await filter.selectOption('Peru')
    await expect.poll(() => chileCard.count()).toBe(1)
  })
})
