import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserSuite, dgResponsePages } from '../helpers/browserSuite.js'
import { placeCaretAtEnd } from '../helpers/editorPage.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { pmIn } from '../helpers/proposing.js'
import { api, signIn } from '../helpers/http.js'

/** How often a pattern occurs in the document a real y-websocket client holds, block by block. */
const occurrences = (client: YClient, pattern: RegExp) => {
  const doc = pmIn(client.doc)
  return doc.textBetween(0, doc.content.size, '\n').match(pattern)?.length ?? 0
}

describe('find and replace in Chromium', () => {
  const suite = browserSuite()
  const { open } = dgResponsePages(suite)
  let other: YClient
  const count = (page: Page) => page.getByTestId('find-count').textContent()
  const current = (page: Page) => page.locator('.find-match--current').allTextContents()
  beforeAll(async () => {
    other = connectClient(suite.server.wsUrl, suite.server.docIds.dgResponse, { token: suite.server.people.brazil.token })
    await other.synced
  })
  afterAll(() => other?.destroy())

  it('Ctrl+F finds and counts every match, Enter and Shift+Enter move between them, Match case and Whole words narrow them, Escape returns to the text at the match', async () => {
    const page = await open('swiss')
    await placeCaretAtEnd(page, '.doc-header p')
    await page.keyboard.press('Control+f')
    const field = page.getByRole('searchbox', { name: 'Find' })
    await expect.poll(() => field.evaluate((f) => f === document.activeElement)).toBe(true)
    await field.fill('migration')
    const all = occurrences(other, /migration/gi)
    expect(all).toBeGreaterThan(15)
    await expect.poll(() => count(page)).toBe(`1 of ${all}`)
    expect(await page.locator('.find-match').count()).toBe(all)
    const first = await page.locator('.find-match').evaluateAll((ms) => ms.findIndex((m) => m.classList.contains('find-match--current')))

    await field.press('Enter')
    await expect.poll(() => count(page)).toBe(`2 of ${all}`)
    expect(await page.locator('.find-match').evaluateAll((ms) => ms.findIndex((m) => m.classList.contains('find-match--current')))).toBe(first + 1)
    await field.press('Shift+Enter')
    await field.press('Shift+Enter')
    // Before the first comes the last.
    await expect.poll(() => count(page)).toBe(`${all} of ${all}`)
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => count(page)).toBe(`1 of ${all}`)

    await page.getByRole('checkbox', { name: 'Match case' }).check()
    await expect.poll(() => count(page)).toMatch(new RegExp(` of ${occurrences(other, /migration/g)}$`))
    await page.getByRole('checkbox', { name: 'Match case' }).uncheck()
    await field.fill('IOM')
    await page.getByRole('checkbox', { name: 'Whole words' }).check()
    await expect.poll(() => count(page)).toMatch(new RegExp(` of ${occurrences(other, /(?<![\p{L}\p{N}_])IOM(?![\p{L}\p{N}_])/giu)}$`))
    await field.fill('iom-un relat')
    await expect.poll(() => count(page)).toBe('No matches')
    await page.getByRole('checkbox', { name: 'Whole words' }).uncheck()
    await expect.poll(() => count(page)).toMatch(/^\d+ of \d+$/)

    // Escape: the find bar closes, the caret is in the text with the match selected.
    await field.press('Escape')
    await expect.poll(() => page.getByRole('search').count()).toBe(0)
    // The editor takes the focus back on the next frame (Tiptap's focus command).
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('document-body'))).toBe(true)
    expect(await page.evaluate(() => window.getSelection()?.toString().toLowerCase())).toBe('iom-un relat')
  })

  it('Ctrl+H replaces all in one step another client sees, undone in one step', async () => {
    const page = await open('swiss')
    const before = occurrences(other, /Member States/g)
    expect(before).toBeGreaterThan(3)
    await placeCaretAtEnd(page, '.doc-header p')
    await page.keyboard.press('Control+h')
    await page.getByRole('searchbox', { name: 'Find' }).fill('Member States')
    await page.getByRole('textbox', { name: 'Replace with' }).fill('States Members')
    await expect.poll(() => count(page)).toBe(`1 of ${before}`)
    await page.getByRole('button', { name: 'Replace all' }).click()
    await expect.poll(() => occurrences(other, /States Members/g)).toBe(before)
    expect(occurrences(other, /Member States/g)).toBe(0)
    await expect.poll(() => count(page)).toBe('No matches')

    await page.keyboard.press('Escape')
    // As a person would: undo once the caret is back in the text (the find bar gives the focus back as it closes).
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('document-body'))).toBe(true)
    await page.keyboard.press('Control+z')
    await expect.poll(() => occurrences(other, /Member States/g)).toBe(before)
    expect(occurrences(other, /States Members/g)).toBe(0)
  })

  it('offers no replacing to a reader', async () => {
    const page = await open('observer')
    await page.locator('.document-body').click()
    await page.keyboard.press('Control+h')
    await page.getByRole('searchbox', { name: 'Find' }).fill('IOM')
    await expect.poll(() => count(page)).toMatch(/^\d+ of \d+$/)
    expect(await page.getByRole('textbox', { name: 'Replace with' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Replace/ }).count()).toBe(0)
  })

  it('in amendments mode a member’s replacements become their proposals, none refused', async () => {
    const chair = await signIn(suite.server.url, suite.server.people.chair.email, suite.server.people.chair.password)
    expect((await api(suite.server.url, 'PUT', `/api/documents/${suite.server.docIds.dgResponse}/mode`, { as: chair, body: { mode: 'amendments' } })).status).toBe(200)
    const page = await open('swiss')
    await expect.poll(() => page.getByTestId('suggesting-indicator').count()).toBe(1)
    const organizations = occurrences(other, /organization/gi)
    const ioms = occurrences(other, /IOM/g)
    await placeCaretAtEnd(page, '.doc-header p')
    await page.keyboard.press('Control+h')
    await page.getByRole('searchbox', { name: 'Find' }).fill('Organization')
    await page.getByRole('textbox', { name: 'Replace with' }).fill('IOM')
    await expect.poll(() => count(page)).toBe(`1 of ${organizations}`)
    await page.getByRole('button', { name: 'Replace', exact: true }).click()

    const proposed = () => page.locator('.document-body ins[data-proposal], .document-body del[data-proposal]').evaluateAll((els) => els.map((e) => [e.tagName.toLowerCase(), e.textContent]))
    await expect.poll(proposed).toEqual([['del', 'Organization'], ['ins', 'IOM']])
    // The word proposed for deletion is no longer a match.
    await expect.poll(() => count(page)).toBe(`1 of ${organizations - 1}`)
    expect((await current(page)).map((t) => t.toLowerCase())).toEqual(['organization'])
    await page.getByRole('button', { name: 'Replace all' }).click()
    await expect.poll(() => count(page)).toBe('No matches')
    await expect.poll(async () => (await proposed()).filter(([tag]) => tag === 'del').length).toBe(organizations)
    // One proposal per replacement, for the chair to decide one by one.
    await expect.poll(() => page.getByRole('tab', { name: /^Proposals/ }).textContent()).toBe(`Proposals (${organizations})`)
    expect(await page.getByTestId('suggest-refusal').textContent()).toBe('')
    // The agreed text is unchanged for everyone: the words are only proposed for deletion.
    await expect.poll(() => occurrences(other, /organization/gi)).toBe(organizations)
    await expect.poll(() => occurrences(other, /IOM/g)).toBe(ioms + organizations)
  })
})
