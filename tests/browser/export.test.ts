import { describe, expect, it } from 'vitest'
import { unzipSync, strFromU8 } from 'fflate'
import fs from 'node:fs'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs, openDownloads } from '../helpers/editorPage.js'
import { artifactPath } from '../helpers/browser.js'

describe('exporting and printing from the document page in Chromium', () => {
  const suite = browserSuite()

  it('downloads the Word file and the comments table from the links, and prints the document alone', async () => {
    const { server } = suite
    const page = await openDocumentAs(suite.browser, server.url, server.docIds.dgResponse, server.people.swiss)
    const download = async (name: string) => {
      await openDownloads(page)
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()])
      return { name: file.suggestedFilename(), files: unzipSync(new Uint8Array(fs.readFileSync(await file.path()))) }
    }
    const word = await download('Word')
    expect(word.name).toBe(`Director General's Response - ${new Date().toISOString().slice(0, 10)}.docx`)
    const xml = strFromU8(word.files['word/document.xml'])
    expect([...xml.matchAll(/<w:numPr><w:ilvl w:val="0"\/>/g)]).toHaveLength(8)
    expect(xml).toContain('I would provide regular feedback')
    const table = await download('Comments matrix (Word)')
    expect(strFromU8(table.files['word/document.xml'])).toContain('Answering paragraph')
    // The files are one "Download" menu: choosing one closed it; by keyboard it opens, and Escape closes it back onto its button.
    const menu = page.getByTestId('downloads')
    const isOpen = () => menu.evaluate((el) => (el as HTMLDetailsElement).open)
    expect(await isOpen()).toBe(false)
    await menu.locator('summary').focus()
    await page.keyboard.press('Enter')
    expect(await isOpen()).toBe(true)
    await page.getByRole('link', { name: 'Markdown', exact: true }).focus()
    await page.keyboard.press('Escape')
    expect(await isOpen()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY')

    // The print view shows the document without the app around it, numbered as on screen.
    await page.emulateMedia({ media: 'print' })
    for (const selector of ['.app-bar', '.toolbar', '.side-panel', '.doc-bar__export']) {
      expect(await page.locator(selector).first().evaluate((el) => getComputedStyle(el).display)).toBe('none')
    }
    expect(await page.locator('.document-body').isVisible()).toBe(true)
    expect(await page.locator('.document-body li[data-ref="6(b)"]').getAttribute('data-label')).toBe('(b)')
    await page.pdf({ path: artifactPath('dg-response-print.pdf') })
    await page.context().close()
  })

  it('imports a downloaded Word file back as a new document with the same numbering', async () => {
    const { server } = suite
    const page = await openDocumentAs(suite.browser, server.url, server.docIds.dgResponse, server.people.chair)
    await openDownloads(page)
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Word', exact: true }).click()])
    const docx = fs.readFileSync(await file.path())
    await page.getByRole('link', { name: '← Documents' }).click()
    await page.getByLabel('Import a Word or text file…').setInputFiles({ name: 'dg-response.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx })
    await page.getByLabel('Title of the imported document').fill('DG response (imported from Word)')
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await expect.poll(() => page.locator('.doc-bar__title').textContent()).toBe('DG response (imported from Word)')
    await expect.poll(() => page.locator('.document-body li[data-ref="6(b)"] > p').textContent()).toContain('The resolution, as currently drafted')
    expect(await page.locator('.document-body li[data-ref]').count()).toBe(15)
    await page.context().close()
  })
})
