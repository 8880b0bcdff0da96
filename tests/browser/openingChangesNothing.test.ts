import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { openDocumentAs, placeCaretAtEnd, signedInPage } from '../helpers/editorPage.js'
import { createLongDocument } from '../helpers/longDocument.js'
import { DOCUMENT_FIELD } from '../../shared/schema/extensions.js'

/**
 * Opening a document changes nothing in it: a document that ends with a list (as numbered drafts do)
 * gets no empty paragraph appended by the editor of whoever opens it (an edit in their name), and a
 * reader who may not edit sends nothing the server must refuse.
 */
describe('opening a document in Chromium', () => {
  const suite = browserSuite()

  it('leaves a document that ends with a list as it is, for an observer and a member opening it and for typing in its last item; Enter twice leaves the list', async () => {
    const { server, browser } = suite
    const { people } = server
    const { docId, client } = await createLongDocument(server, people.chair, { paragraphs: 3, threads: 0, by: [people.chair] })
    const fragment = client.doc.getXmlFragment(DOCUMENT_FIELD)
    const lastNode = () => (fragment.get(fragment.length - 1) as { nodeName?: string } | undefined)?.nodeName
    expect(lastNode()).toBe('orderedList')

    const observer = await signedInPage(browser, server.url, people.observer)
    const warnings: string[] = []
    observer.on('console', (m) => warnings.push(m.text()))
    await observer.goto(`${server.url}/#/d/${docId}`)
    await observer.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
    await observer.locator('.ProseMirror').waitFor()
    const member = await openDocumentAs(browser, server.url, docId, people.swiss)
    await member.locator('.ProseMirror[contenteditable="true"]').waitFor()
    // Both editors have synced and rendered; give any appended transaction time to travel.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(lastNode()).toBe('orderedList')
    expect(warnings.filter((w) => w.includes('Permission denied'))).toEqual([])

    // Typing in the last item adds nothing after the list either; Enter on an empty last item leaves the list, as in Word.
    await placeCaretAtEnd(member, '.ProseMirror ol > li:last-child p')
    await member.keyboard.type(' Typed.')
    await expect.poll(() => fragment.toString(), { timeout: 5000 }).toContain('Typed.')
    expect(lastNode()).toBe('orderedList')
    await member.keyboard.press('Enter')
    await member.keyboard.press('Enter')
    await member.keyboard.type('After the list')
    await expect.poll(lastNode, { timeout: 5000 }).toBe('paragraph')
    expect((fragment.get(fragment.length - 1) as { toString(): string }).toString()).toContain('After the list')
    client.destroy()
  })
})
