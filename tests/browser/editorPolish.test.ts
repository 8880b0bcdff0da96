import { describe, expect, it } from 'vitest'
import { browserSuite, dgResponsePages } from '../helpers/browserSuite.js'
import { placeCaretAtEnd, signedInPage } from '../helpers/editorPage.js'

describe('the editor’s polish in Chromium: toolbar, caret labels, a clean console', () => {
  const suite = browserSuite()
  const { open, keep } = dgResponsePages(suite)

  it('loads the DG response and takes some typing without a console warning or error', async () => {
    const page = keep(await signedInPage(suite.browser, suite.server.url, suite.server.people.swiss))
    const messages: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') messages.push(`${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`))
    await page.goto(`${suite.server.url}/#/d/${suite.server.docIds.dgResponse}`)
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 })
    await placeCaretAtEnd(page, 'li[data-ref="2"] > p')
    await page.keyboard.type(' Noted.')
    await expect.poll(() => page.locator('li[data-ref="2"] > p').textContent()).toMatch(/ Noted\.$/)
    expect(messages).toEqual([])
  })

  it('names every toolbar button with its shortcut, and makes the toolbar one Tab stop with arrow keys', async () => {
    const page = await open('swiss')
    expect(await page.getByRole('button', { name: 'Bold Ctrl+B', exact: true }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Make sub-point Alt+Shift+→', exact: true }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Lift sub-point Alt+Shift+←', exact: true }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Find Ctrl+F', exact: true }).count()).toBe(1)
    // No button is a bare symbol: each has a visible word.
    const names = await page.locator('.toolbar button').evaluateAll((bs) => bs.map((b) => b.textContent?.replace(/[^\p{L}]/gu, '') ?? ''))
    expect(names.every((n) => n.length >= 3)).toBe(true)

    const stops = () => page.locator('.toolbar button').evaluateAll((bs) => bs.filter((b) => (b as HTMLButtonElement).tabIndex === 0).map((b) => b.textContent))
    expect(await stops()).toEqual(['BBoldCtrl+B'])
    await page.getByRole('button', { name: 'Bold Ctrl+B' }).focus()
    await page.keyboard.press('ArrowRight')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('IItalicCtrl+I')
    expect(await stops()).toEqual(['IItalicCtrl+I'])
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    // Wraps round to the last button: "Suggest", after the Tab setting.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Suggest')
    await page.keyboard.press('ArrowLeft')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Tab key indents paragraphs')
  })

  it('fades a caret label once its person is still, and shows it again when they move', async () => {
    const swiss = await open('swiss')
    const brazil = await open('brazil')
    await placeCaretAtEnd(brazil, 'li[data-ref="1"] > p')
    const label = swiss.locator('.collaboration-carets__label', { hasText: 'Ana Brazil (Brazil)' })
    await label.waitFor()
    // Placed above its line: its bottom at the caret's top.
    const [labelBox, caretBox] = await Promise.all([label.boundingBox(), swiss.locator('.collaboration-carets__caret', { has: label }).boundingBox()])
    expect(labelBox!.y + labelBox!.height).toBeLessThanOrEqual(caretBox!.y + 1)
    await expect.poll(() => label.getAttribute('class'), { timeout: 6000 }).toContain('collaboration-carets__label--faded')
    await swiss.mouse.move(0, 0)
    await expect.poll(() => label.evaluate((l) => getComputedStyle(l).opacity)).toBe('0')
    // Pointing at the paragraph shows the name again.
    await swiss.locator('li[data-ref="1"] > p').hover()
    await expect.poll(() => label.evaluate((l) => getComputedStyle(l).opacity)).toBe('1')
    await brazil.keyboard.type(' Brazil')
    await expect.poll(() => swiss.locator('.collaboration-carets__label', { hasText: 'Ana Brazil (Brazil)' }).getAttribute('class')).not.toContain('--faded')
  })
})
