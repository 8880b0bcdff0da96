import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs, openDownloads } from '../helpers/editorPage.js'
import { removeDataDir, startTestServer } from '../helpers/testServer.js'
import { loadConfig } from '../../server/config.js'
import { artifactPath } from '../helpers/browser.js'

describe('the PDF download in Chromium', () => {
  const suite = browserSuite({ SOFFICE_PATH: loadConfig(process.env).SOFFICE_PATH })

  it('downloads the PDF from its link, and on a server without LibreOffice explains how to enable it instead', async () => {
    const { server } = suite
    const page = await openDocumentAs(suite.browser, server.url, server.docIds.dgResponse, server.people.swiss)
    await openDownloads(page)
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF', exact: true }).click()])
    expect(file.suggestedFilename()).toBe(`Director General's Response - ${new Date().toISOString().slice(0, 10)}.pdf`)
    expect(fs.readFileSync(await file.path()).subarray(0, 5).toString()).toBe('%PDF-')
    await page.context().close()

    const without = await startTestServer({ SOFFICE_PATH: '/nonexistent/soffice' })
    try {
      const other = await openDocumentAs(suite.browser, without.url, without.docIds.dgResponse, without.people.swiss)
      await openDownloads(other)
      expect(await other.getByRole('link', { name: 'PDF', exact: true }).count()).toBe(0)
      const control = other.getByRole('button', { name: 'PDF (unavailable)', exact: true })
      const why = other.locator(`[id="${await control.getAttribute('aria-describedby')}"]`)
      expect(await why.textContent()).toContain('apt-get install libreoffice-writer-nogui')
      expect(await why.isVisible()).toBe(false)
      await control.click()
      expect(await why.isVisible()).toBe(true)
      await other.screenshot({ path: artifactPath('pdf-export-unavailable-explained.png'), clip: { x: 0, y: 0, width: 1280, height: 260 } })
      await other.context().close()
    } finally {
      await without.close()
      removeDataDir(without.dataDir)
    }
  })
})
