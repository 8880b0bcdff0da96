import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { signedInPage } from '../helpers/editorPage.js'
import { api } from '../helpers/http.js'

/**
 * The interface language in Chromium: the browser's at first, then the one chosen in the personal
 * menu, kept with the account (another browser opens in it) and in this browser (a reload starts in it).
 */
describe('the interface language in Chromium', () => {
  const suite = browserSuite()
  const htmlLang = (page: Awaited<ReturnType<typeof signedInPage>>) => page.evaluate(() => document.documentElement.lang)

  it('starts in the browser’s language when the person has chosen none', async () => {
    const { server, browser } = suite
    const page = await signedInPage(browser, server.url, server.people.swiss, { locale: 'es-ES' })
    await page.goto(`${server.url}/#/`)
    await expect.poll(() => htmlLang(page)).toBe('es')
    await page.getByRole('button', { name: /Swiss/ }).first().click()
    await page.getByRole('menuitem', { name: 'Cerrar sesión' }).waitFor()
  })

  it('switches from the personal menu, keeps the choice with the account and across a reload', async () => {
    const { server, browser } = suite
    const page = await signedInPage(browser, server.url, server.people.brazil)
    await page.goto(`${server.url}/#/`)
    const button = page.getByRole('button', { name: /^Ana Brazil · Brazil/ })
    await button.click()
    const french = page.getByRole('menuitemradio', { name: 'Français' })
    expect(await page.getByRole('menuitemradio', { name: 'English' }).getAttribute('aria-checked')).toBe('true')
    await french.click()
    await expect.poll(() => htmlLang(page)).toBe('fr')
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).waitFor()
    await expect.poll(() => french.getAttribute('aria-checked')).toBe('true')
    await expect.poll(async () => (await api(server.url, 'GET', '/api/me', { as: { token: server.people.brazil.token } })).json.user.language).toBe('fr')

    await page.reload()
    await expect.poll(() => htmlLang(page)).toBe('fr')

    // Another browser, in English, opens in the language saved with the account.
    const elsewhere = await signedInPage(browser, server.url, server.people.brazil, { locale: 'en-GB' })
    await elsewhere.goto(`${server.url}/#/`)
    await expect.poll(() => htmlLang(elsewhere)).toBe('fr')
    await elsewhere.getByRole('button', { name: /^Ana Brazil · Brazil/ }).click()
    await elsewhere.getByRole('menuitem', { name: 'Se déconnecter' }).waitFor()
  })
})
