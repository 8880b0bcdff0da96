import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'

describe('managing a working group’s documents in Chromium', () => {
  const suite = browserSuite()
  let page: Page

  beforeAll(async () => {
    page = await (await suite.browser.newContext()).newPage()
    await page.goto(suite.server.url)
  })

  const titles = () => page.locator('.doc-row__title').allTextContents()

  it('refuses a wrong password, then signs the chair in and shows the group, their role and its documents', async () => {
    await page.getByLabel('Email').fill(suite.server.people.chair.email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('wrong email or password')
    await page.getByLabel('Password').fill(suite.server.people.chair.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Working Group on IOM-UN Relations and the IOM Strategy')
    await expect.poll(titles).toEqual(["Chairperson's Report", "Director General's Response"])
    await expect.poll(() => page.getByTestId('whoami').textContent()).toBe('Elena Chair · ItalyChairperson')
    await expect.poll(() => page.getByTestId('my-role').textContent()).toContain('You take part as Chairperson (Italy)')
    await page.screenshot({ path: artifactPath('documents.png') })
    await page.reload()
    await expect.poll(titles).toEqual(["Chairperson's Report", "Director General's Response"])
  })

  it('creates a document and opens it', async () => {
    await page.getByLabel('New document title').fill('Draft decision')
    await page.getByRole('button', { name: 'Create document' }).click()
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await expect.poll(() => page.locator('.doc-bar__title').textContent()).toBe('Draft decision')
    await page.locator('.document-body').click()
    await page.keyboard.type('First line of the draft.')
    await page.getByRole('link', { name: '← Documents' }).click()
    await expect.poll(titles).toEqual(["Chairperson's Report", "Director General's Response", 'Draft decision'])
  })

  it('renames a document', async () => {
    await page.getByRole('button', { name: 'Rename Draft decision' }).click()
    await page.getByLabel('New title for “Draft decision”').fill('Draft decision (rev. 1)')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(titles).toContain('Draft decision (rev. 1)')
  })

  it('deletes a document only after confirmation', async () => {
    await page.getByRole('button', { name: 'Delete Draft decision (rev. 1)' }).click()
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(titles).toContain('Draft decision (rev. 1)')
    await page.getByRole('button', { name: 'Delete Draft decision (rev. 1)' }).click()
    await page.getByRole('button', { name: 'Delete document' }).click()
    await expect.poll(titles).toEqual(["Chairperson's Report", "Director General's Response"])
    expect((await suite.server.storage.listDocuments()).map((d: { title: string }) => d.title)).not.toContain('Draft decision (rev. 1)')
  })

  it('imports a Markdown file as a new document with its numbering', async () => {
    page.context().setDefaultTimeout(5000)
    // Typed the way people do: a list, and a lettered sub-point on the line under its paragraph.
    const md = ['# Draft decision', '', '1. The Council welcomes the report;', '2. Requests the Director General:', '(a) to report in 2027;', ''].join('\n')
    await page.getByLabel('Import a Word or text file…').setInputFiles({ name: 'draft-decision.md', mimeType: 'text/markdown', buffer: Buffer.from(md) })
    expect(await page.getByLabel('Title of the imported document').inputValue()).toBe('draft-decision')
    // The chosen file is named beside the button (no browser "No file chosen" text).
    expect(await page.getByTestId('import-file-name').textContent()).toBe('draft-decision.md')
    await page.getByLabel('Title of the imported document').fill('Imported draft decision')
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await expect.poll(() => page.locator('.doc-bar__title').textContent()).toBe('Imported draft decision')
    await expect.poll(() => page.locator('.document-body li[data-ref="2(a)"] > p').textContent()).toBe('to report in 2027;')
    expect(await page.locator('.document-body li[data-ref="2"]').getAttribute('data-label')).toBe('2.')
  })

  it('forgets the offline copies of documents on sign-out, for the next person on a shared computer', async () => {
    const offlineCopies = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('plenary-doc-')))
    await expect.poll(offlineCopies).not.toEqual([])
    await page.getByTestId('whoami').click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    await page.getByLabel('Email').waitFor()
    await expect.poll(offlineCopies).toEqual([])
  })
  it('opens a link to a document after the person signs in on it', async () => {
    const context = await suite.browser.newContext()
    const other = await context.newPage()
    try {
      await other.goto(`${suite.server.url}/#/d/${suite.server.docIds.dgResponse}`)
      await other.getByLabel('Email').fill(suite.server.people.swiss.email)
      await other.getByLabel('Password').fill(suite.server.people.swiss.password)
      await other.getByRole('button', { name: 'Sign in' }).click()
      await other.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
      await expect.poll(() => other.locator('.doc-bar__title').textContent()).toBe("Director General's Response")
      expect(await other.locator('.document-body[contenteditable="true"] li[data-ref="8"]').count()).toBe(1)
    } finally {
      await context.close()
    }
  })
})
