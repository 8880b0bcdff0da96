import { describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { numberedText, openDocumentAs, placeCaretAtEnd, signedInPage } from '../helpers/editorPage.js'

describe('version history in Chromium: save, compare with attribution, open read only, restore', () => {
  const suite = browserSuite()
  const amendment = ' as amended by Switzerland'

  it('the chair saves a version, a member amends 6(b), and the comparison shows the insertion credited to that member', async () => {
    const { server } = suite
    const docId = server.docIds.dgResponse
    const chair = await openDocumentAs(suite.browser, server.url, docId, server.people.chair)
    await chair.getByTestId('history-link').click()
    await chair.getByLabel('Name for the current state').fill('As presented at the 105th Session')
    await chair.getByRole('button', { name: 'Save version' }).click()
    await expect.poll(() => chair.getByRole('status').first().textContent()).toContain('Saved “As presented at the 105th Session”')

    const swiss = await openDocumentAs(suite.browser, server.url, docId, server.people.swiss)
    await placeCaretAtEnd(swiss, '.document-body li[data-ref="6(b)"] > p')
    await swiss.keyboard.type(amendment)
    await expect.poll(() => numberedText(swiss, '6(b)')).toContain(amendment)
    // Stored on the server (what the comparison reads).
    await expect.poll(async () => (await (await fetch(`${server.url}/api/documents/${docId}/content`, { headers: { authorization: `Bearer ${server.people.chair.token}` } })).json()).text).toContain(amendment)

    // A member sees the history but cannot save versions.
    await swiss.getByTestId('history-link').click()
    await expect.poll(() => swiss.getByTestId('version-row').count()).toBeGreaterThan(0)
    expect(await swiss.getByLabel('Name for the current state').count()).toBe(0)
    // A version saved elsewhere appears on the member's open history page without a reload.
    const saved = await fetch(`${server.url}/api/documents/${docId}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.people.dg.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'DG office reading' }),
    })
    expect(saved.status).toBe(201)
    await swiss.getByRole('link', { name: 'DG office reading' }).waitFor()

    await chair.reload()
    await chair.getByRole('radio', { name: /^Compare from As presented at the 105th Session/ }).check()
    await chair.getByRole('radio', { name: 'Compare to the current document' }).check()
    await chair.getByRole('button', { name: 'Compare' }).click()
    const block = chair.locator('[data-testid="compare-block"][data-ref="6(b)"]')
    await expect.poll(() => block.locator('ins').textContent()).toContain(amendment)
    expect(await block.locator('ins').getAttribute('title')).toBe('Inserted by Lukas Swiss (Switzerland)')
    expect(await chair.getByTestId('compare-author').allTextContents()).toEqual([`Lukas Swiss (Switzerland): ${amendment.length} characters inserted, 0 deleted`])
    // Only the changed paragraph is listed until unchanged ones are asked for.
    expect(await chair.getByTestId('compare-block').count()).toBe(1)
    await chair.getByLabel('Show unchanged paragraphs too').check()
    await expect.poll(() => chair.getByTestId('compare-block').count(), { timeout: 5000 }).toBeGreaterThan(10)
    await chair.screenshot({ path: artifactPath('versions-compare.png'), fullPage: true })

    // Open the saved version read only, then restore it: the member's page loses the amendment live.
    await chair.getByRole('link', { name: '← Version history' }).click()
    await chair.getByRole('link', { name: 'As presented at the 105th Session' }).click()
    await expect.poll(() => chair.locator('.document-body li[data-ref="6(b)"] > p').textContent()).toContain('The resolution, as currently drafted')
    expect(await chair.locator('.document-body [contenteditable="true"]').count()).toBe(0)
    expect(await chair.locator('.document-body').textContent()).not.toContain(amendment)
    await chair.getByRole('button', { name: 'Restore this version' }).click()
    await chair.getByRole('dialog').getByRole('button', { name: 'Restore' }).click()
    await chair.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await swiss.goto(`${server.url}/#/d/${docId}`)
    await expect.poll(() => numberedText(swiss, '6(b)')).not.toContain(amendment)
    expect(await numberedText(chair, '6(b)')).not.toContain(amendment)
    await chair.context().close()
    await swiss.context().close()
  })

  it('does not offer saving or restoring to an observer', async () => {
    const { server } = suite
    const docId = server.docIds.dgResponse
    const observer = await signedInPage(suite.browser, server.url, server.people.observer)
    await observer.goto(`${server.url}/#/d/${docId}/history`)
    const first = observer.getByTestId('version-row').first().getByRole('link')
    await first.click()
    await observer.getByRole('link', { name: 'Compare with the current document' }).waitFor()
    expect(await observer.getByRole('button', { name: 'Restore this version' }).count()).toBe(0)
    expect(await observer.getByLabel('Name for the current state').count()).toBe(0)
    await observer.context().close()
  })
})
