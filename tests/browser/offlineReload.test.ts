import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { onlineAndUnpluggable } from '../helpers/networkCable.js'
import { api } from '../helpers/http.js'
import { numberedText, openDocumentAs, placeCaretAtEnd, openDownloads } from '../helpers/editorPage.js'

/** Waits until the service worker controls the page and the document's offline copy is written. */
async function readyForOffline(page: Page, docId: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null), { timeout: 15_000 }).toBe('activated')
  await expect
    .poll(() =>
      page.evaluate(
        (name) =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open(name)
            open.onerror = () => resolve(0)
            open.onsuccess = () => {
              const db = open.result
              if (!db.objectStoreNames.contains('updates')) return resolve((db.close(), 0))
              const count = db.transaction('updates').objectStore('updates').count()
              count.onsuccess = () => resolve((db.close(), count.result))
            }
          }),
        `plenary-doc-${docId}`,
      ),
    )
    .toBeGreaterThan(0)
}

/** Every URL in every cache the page's origin has (the service worker's included). */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = []
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url)
    return urls
  })
}

describe('reloading offline in Chromium (service worker)', () => {
  const suite = browserSuite()

  it('reloads a document opened before without the network, edits it, and syncs the edit when the network returns', async () => {
    const docId = suite.server.docIds.chairReport
    // Behind an unpluggable cable as well as Playwright's offline switch: nothing reaches the server,
    // not even the service worker's own fetches.
    const { cable, alice, bruno } = await onlineAndUnpluggable(suite.browser, suite.server, docId)
    await readyForOffline(alice, docId)
    const before = await numberedText(alice, '1')
    expect(before).toBeTruthy()

    await alice.context().setOffline(true)
    cable.unplug()
    await alice.reload()
    await expect.poll(() => numberedText(alice, '1'), { timeout: 10_000 }).toBe(before)
    await alice.locator('[data-testid="connection-status"][data-status="offline"]', { hasText: 'Offline' }).waitFor()
    expect(await alice.locator('.document-body[contenteditable="true"]').count()).toBe(1)
    // Downloads would open the browser's error page offline: said instead of offered.
    expect(await alice.getByRole('link', { name: 'Word', exact: true }).count()).toBe(0)
    await alice.getByTestId('needs-network').waitFor()
    await placeCaretAtEnd(alice, 'li[data-ref="1"] > p')
    await alice.keyboard.type(' Typed after an offline reload.')
    await expect.poll(() => alice.locator('[data-testid="unsynced-count"]').textContent()).toMatch(/\d+ unsynced change/)
    await alice.screenshot({ path: artifactPath('offline-reload.png') })
    expect(await numberedText(bruno, '1')).toBe(before)

    cable.plugIn()
    await alice.context().setOffline(false)
    await expect.poll(() => numberedText(bruno, '1'), { timeout: 15_000 }).toBe(`${before} Typed after an offline reload.`)
    await alice.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => alice.locator('[data-testid="unsynced-count"]').count()).toBe(0)
    await openDownloads(alice)
    await alice.getByRole('link', { name: 'Word', exact: true }).waitFor()
    // Back online the app is the signed-in app again (the server answered who this is).
    await alice.getByRole('link', { name: /^Feedback/ }).waitFor()
    await cable.close()
  })

  it('keeps API answers out of the caches and serves sw.js to be checked on every load', async () => {
    const docId = suite.server.docIds.dgResponse
    const page = await openDocumentAs(suite.browser, suite.server.url, docId, suite.server.people.chair)
    await readyForOffline(page, docId)
    await page.goto(`${suite.server.url}/#/`)
    await page.getByRole('heading', { name: 'Documents', exact: true }).waitFor()

    const urls = await cachedUrls(page)
    expect(urls.some((u) => u.endsWith('/index.html') || u.includes('/index.html?'))).toBe(true)
    expect(urls.some((u) => /\/assets\/index-[\w-]+\.js/.test(u))).toBe(true)
    expect(urls.filter((u) => new URL(u).pathname.startsWith('/api/') || new URL(u).pathname.startsWith('/collab'))).toEqual([])

    const sw = await page.request.get(`${suite.server.url}/sw.js`)
    expect(sw.status()).toBe(200)
    expect(sw.headers()['cache-control']).toBe('no-cache')
    expect(sw.headers()['content-type']).toMatch(/javascript/)
    expect(sw.headers()['content-security-policy']).toContain("worker-src 'self'")
    const me = await page.request.get(`${suite.server.url}/api/me`)
    expect(me.headers()['cache-control']).toBe('no-store')
    await page.context().close()
  })

  it('says a page needs the network when the document list is reloaded offline, and lists what opens offline', async () => {
    const docId = suite.server.docIds.chairReport
    const page = await openDocumentAs(suite.browser, suite.server.url, docId, suite.server.people.brazil)
    await readyForOffline(page, docId)
    const title = await page.locator('.doc-bar__title').textContent()
    await page.goto(`${suite.server.url}/#/`)
    await page.context().setOffline(true)
    await page.reload()
    await page.getByText('You are offline; this page needs the network.').waitFor()
    await page.screenshot({ path: artifactPath('offline-document-list.png') })
    await page.getByRole('link', { name: title! }).click()
    await page.locator('[data-testid="connection-status"][data-status="offline"]').waitFor()
    await page.locator('.document-body li[data-ref="1"]').waitFor()

    await page.goto(`${suite.server.url}/#/`)
    await page.getByText('You are offline; this page needs the network.').waitFor()
    await page.context().setOffline(false)
    await page.getByTestId('offline-notice').waitFor({ state: 'detached' })
    await page.getByRole('link', { name: title! }).first().waitFor()
    await page.context().close()
  })

  it('signing out offline forgets the offline copies at once and ends the session when the network returns', async () => {
    const docId = suite.server.docIds.dgResponse
    const page = await openDocumentAs(suite.browser, suite.server.url, docId, suite.server.people.dg)
    await readyForOffline(page, docId)
    await page.context().setOffline(true)
    await page.reload()
    await page.locator('[data-testid="connection-status"][data-status="offline"]').waitFor()

    await page.getByTestId('whoami').click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    await page.getByText('You are offline; signing in needs the network.').waitFor()
    const leftOnDevice = () =>
      page.evaluate(async () => [
        ...(await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('plenary-doc-')),
        ...Object.keys(localStorage).filter((k) => k.startsWith('plenary-offline:')),
      ])
    await expect.poll(leftOnDevice).toEqual([])

    await page.context().setOffline(false)
    await page.getByLabel('Email').waitFor()
    // The session cookie is still in this browser, but the server no longer accepts it.
    expect((await page.request.get(`${suite.server.url}/api/me`)).status()).toBe(401)
    await page.reload()
    await page.getByLabel('Email').waitFor()
    await page.context().close()
  })

  it('refuses, back online, what was typed offline after the right to edit was withdrawn', async () => {
    const docId = suite.server.docIds.chairReport
    const chair = { token: suite.server.people.chair.token }
    const { cable, alice, bruno } = await onlineAndUnpluggable(suite.browser, suite.server, docId)
    try {
      await readyForOffline(alice, docId)
      await alice.context().setOffline(true)
      cable.unplug()
      await alice.reload()
      await alice.locator('[data-testid="connection-status"][data-status="offline"]').waitFor()
      expect((await api(suite.server.url, 'PUT', `/api/documents/${docId}/permissions`, { as: chair, body: { editRoles: ['chair'] } })).status).toBe(200)

      // Offline the page still goes by the rights it was last given: nothing can check them now.
      await placeCaretAtEnd(alice, 'li[data-ref="2"] > p')
      await alice.keyboard.type(' Typed offline without the right.')
      await expect.poll(() => alice.locator('[data-testid="unsynced-count"]').count()).toBe(1)

      cable.plugIn()
      await alice.context().setOffline(false)
      await alice.getByTestId('read-only-notice').waitFor({ timeout: 15_000 })
      await alice.locator('[data-testid="connection-status"][data-status="connected"]').waitFor()
      const stored = await api(suite.server.url, 'GET', `/api/documents/${docId}/content`, { as: chair })
      expect(stored.json.text).not.toContain('without the right')
      expect(await numberedText(bruno, '2')).not.toContain('without the right')
    } finally {
      await api(suite.server.url, 'PUT', `/api/documents/${docId}/permissions`, { as: chair, body: { editRoles: ['chair', 'member', 'dg-office'] } })
      await cable.close()
    }
  })
})
