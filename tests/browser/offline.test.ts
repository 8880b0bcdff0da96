import { describe, expect, it } from 'vitest'
import { artifactPath } from '../helpers/browser.js'
import { browserSuite } from '../helpers/browserSuite.js'
import { onlineAndUnpluggable } from '../helpers/networkCable.js'
import { numberedText, placeCaretAtEnd } from '../helpers/editorPage.js'

describe('editing offline in Chromium', () => {
  const suite = browserSuite()


  it('keeps typing while offline, shows unsynced changes, and merges on reconnect', async () => {
    const docId = suite.server.docIds.chairReport
    const { cable, alice, bruno } = await onlineAndUnpluggable(suite.browser, suite.server, docId)

    cable.unplug()
    await alice.locator('[data-testid="connection-status"]:not([data-status="connected"])').waitFor({ timeout: 10_000 })
    await placeCaretAtEnd(alice, 'li[data-ref="1"] > p')
    await alice.keyboard.type(' Alice offline.')
    await expect.poll(() => alice.locator('[data-testid="unsynced-count"]').textContent(), { timeout: 5000 }).toMatch(/\d+ unsynced change/)

    // Meanwhile Bruno, online, edits another paragraph.
    await placeCaretAtEnd(bruno, 'li[data-ref="2"] > p')
    await bruno.keyboard.type(' Bruno online.')
    await new Promise((r) => setTimeout(r, 300))
    expect(await numberedText(bruno, '1')).not.toContain('Alice offline.')
    await alice.screenshot({ path: artifactPath('offline-unsynced.png') })

    cable.plugIn()
    for (const page of [alice, bruno]) {
      await expect.poll(() => numberedText(page, '1'), { timeout: 15_000 }).toMatch(/Alice offline\.$/)
      await expect.poll(() => numberedText(page, '2'), { timeout: 15_000 }).toMatch(/Bruno online\.$/)
    }
    await alice.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 10_000 })
    await expect.poll(() => alice.locator('[data-testid="unsynced-count"]').count()).toBe(0)
    await cable.close()
  })
})
