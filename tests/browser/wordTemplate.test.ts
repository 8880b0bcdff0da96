import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { Document, Packer, Paragraph } from 'docx'
import { browserSuite } from '../helpers/browserSuite.js'
import { signedInPage } from '../helpers/editorPage.js'

/** A Word template as a secretariat saves it: Arial 11 for the body. */
async function templateFile(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-template-')), 'IOM paper.dotx')
  fs.writeFileSync(file, await Packer.toBuffer(new Document({ styles: { default: { document: { run: { font: 'Arial', size: 22 } } } }, sections: [{ children: [new Paragraph('Template')] }] })))
  return file
}

describe('The group’s Word template in the members page', () => {
  const suite = browserSuite()

  it('the chair uploads a template, the exports take its font, a member sees which template is set but cannot change it, and the chair removes it', async () => {
    const { server, browser } = suite
    const chair = await signedInPage(browser, server.url, server.people.chair)
    await chair.goto(`${server.url}/#/members`)
    const section = chair.getByTestId('word-template')
    await expect.poll(() => section.textContent(), { timeout: 5000 }).toContain('built-in paper')
    await section.getByLabel('Upload a Word template (.docx or .dotx)').setInputFiles(await templateFile())
    await expect.poll(() => section.textContent(), { timeout: 5000 }).toContain('“IOM paper.dotx”, uploaded by Elena Chair')
    expect(await section.textContent()).toContain('Arial')

    // The Word export the chair downloads now uses the template's font.
    const [download] = await Promise.all([chair.waitForEvent('download'), chair.evaluate((url) => {
      const a = document.createElement('a')
      a.href = url
      a.download = ''
      document.body.append(a)
      a.click()
    }, `/api/documents/${server.docIds.dgResponse}/export.docx`)])
    const styles = strFromU8(unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)))['word/styles.xml'])
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*w:ascii="Arial"/)

    const member = await signedInPage(browser, server.url, server.people.swiss)
    await member.goto(`${server.url}/#/members`)
    await expect.poll(() => member.getByTestId('word-template').textContent(), { timeout: 5000 }).toContain('IOM paper.dotx')
    expect(await member.getByTestId('word-template').locator('input[type=file]').count()).toBe(0)
    expect(await member.getByTestId('word-template').getByRole('button').count()).toBe(0)

    await section.getByRole('button', { name: 'Remove the template' }).click()
    await expect.poll(() => section.textContent(), { timeout: 5000 }).toContain('built-in paper')
    await Promise.all([chair.context().close(), member.context().close()])
  })

  it('says why a file that is not a Word template is refused', async () => {
    const { server, browser } = suite
    const chair = await signedInPage(browser, server.url, server.people.chair)
    await chair.goto(`${server.url}/#/members`)
    const section = chair.getByTestId('word-template')
    const bogus = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-template-')), 'notes.docx')
    fs.writeFileSync(bogus, 'not a Word file')
    await section.getByLabel('Upload a Word template (.docx or .dotx)').setInputFiles(bogus)
    await expect.poll(() => section.getByRole('alert').textContent(), { timeout: 5000 }).toContain('not a Word template')
    await chair.context().close()
  })
})
