import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs, placeCaretAtEnd, selectPhrase } from '../helpers/editorPage.js'

const PAYLOADS = [
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '<script>window.__xss=(window.__xss||0)+1</script>',
  '<a href="javascript:window.__xss=(window.__xss||0)+1">click</a>',
  '"><svg onload="window.__xss=(window.__xss||0)+1">',
]

describe('cross-site scripting in Chromium', () => {
  const suite = browserSuite()

  it('reduces pasted HTML to the schema and shows typed payloads, titles, names and comments as text', async () => {
    const { server, browser } = suite
    // A hostile document title and display name.
    const created = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.people.chair.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: PAYLOADS[0] }),
    }).then((r) => r.json())
    server.sqlite.db.prepare('UPDATE users SET name = ? WHERE id = ?').run(PAYLOADS[3], server.people.swiss.user.id)
    const page = await openDocumentAs(browser, server.url, created.id, server.people.swiss)
    const dialogs: string[] = []
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()))

    await page.locator('.document-body').click()
    for (const p of PAYLOADS) await page.keyboard.type(`${p} `)
    await page.keyboard.press('Enter')
    await page.keyboard.type('Pasted: ')
    // Paste the payloads as HTML, the way a browser hands clipboard content to the editor.
    await page.evaluate((html) => {
      const data = new DataTransfer()
      data.setData('text/html', html)
      data.setData('text/plain', 'fallback')
      document.querySelector('.document-body')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, `<p>safe <b>bold</b> ${PAYLOADS.join(' ')} <a href="https://www.iom.int" onclick="window.__xss=1">IOM</a></p>`)
    await page.waitForTimeout(300)
    const body = page.locator('.document-body')
    expect(await body.locator('script, img, svg, iframe, [onerror], [onload], [onclick]').count()).toBe(0)
    expect(await body.locator('a[href^="javascript:"]').count()).toBe(0)
    expect(await body.locator('a[href="https://www.iom.int"]').count()).toBe(1)
    expect(await body.locator('strong').first().textContent()).toBe('bold')
    expect(await body.textContent()).toContain('<img src=x onerror=')

    // A comment with a payload, by a person whose name is a payload.
    await selectPhrase(page, 'Pasted:')
    await page.keyboard.press('Control+Alt+m')
    await page.getByLabel('Your comment').fill(PAYLOADS.join(' '))
    await page.getByRole('button', { name: 'Post comment' }).click()
    await expect.poll(() => page.getByTestId('thread').count()).toBe(1)
    expect(await page.getByTestId('thread').locator('.message__body').textContent()).toBe(PAYLOADS.join(' '))
    expect(await page.getByTestId('thread').locator('.message__meta strong').textContent()).toBe(PAYLOADS[3])
    expect(await page.locator('.doc-bar__title').textContent()).toBe(PAYLOADS[0])
    await page.reload()
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0)).toBe(0)
    expect(dialogs).toEqual([])
    await placeCaretAtEnd(page, '.document-body p')
  })
})
