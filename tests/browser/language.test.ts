import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { signedInPage } from '../helpers/editorPage.js'
import { api } from '../helpers/http.js'
import { connectClient } from '../helpers/yClient.js'
import { anchorOn } from '../helpers/anchors.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'

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

  it('shows the document page and its comments panel in French and in Spanish, plurals included', async () => {
    const { server, browser } = suite
    const docId = server.docIds.dgResponse
    // One open thread, so the count is "1 fil affiché" / "1 hilo mostrado".
    const client = connectClient(server.wsUrl, docId, { token: server.people.chair.token })
    await client.synced
    expect((await api(server.url, 'POST', `/api/documents/${docId}/threads`, { as: { token: server.people.chair.token }, body: { anchor: anchorOn(client.doc, 'UNDSS'), body: 'Une question.' } })).status).toBe(201)
    client.destroy()
    const checks = [
      { locale: 'fr-FR', who: server.people.brazil, history: 'Historique', print: 'Imprimer / PDF', tab: /^Commentaires \(\d+\)$/, search: 'Rechercher dans les commentaires', comment: 'Commenter', open: 'Ouverts', none: 'Aucun commentaire ici.', shown: /^1 fil affiché$/ },
      { locale: 'es-ES', who: server.people.swiss, history: 'Historial', print: 'Imprimir / PDF', tab: /^Comentarios \(\d+\)$/, search: 'Buscar en los comentarios', comment: 'Comentar', open: 'Abiertos', none: 'No hay comentarios aquí.', shown: /^1 hilo mostrado$/ },
    ]
    for (const c of checks) {
      const page = await signedInPage(browser, server.url, c.who, { locale: c.locale })
      await page.goto(`${server.url}/#/d/${docId}`)
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 })
      await expect.poll(() => htmlLang(page)).toBe(c.locale.slice(0, 2))
      // The document page: its bar and its side tabs.
      await page.getByTestId('history-link').filter({ hasText: c.history }).waitFor()
      await page.getByRole('button', { name: c.print }).waitFor()
      await expect.poll(() => page.getByRole('tab').first().textContent()).toMatch(c.tab)
      // The comments panel: search, the Comment button, the status filter, and the count in the language's plural.
      const panel = page.locator('section.comments')
      await panel.getByLabel(c.search).waitFor()
      await panel.getByRole('button', { name: c.comment, exact: true }).waitFor()
      expect(await panel.getByRole('combobox').first().locator('option').first().textContent()).toBe(c.open)
      await expect.poll(() => panel.getByTestId('comments-count').textContent()).toMatch(c.shown)
      await panel.getByLabel(c.search).fill('zzz no such text')
      await expect.poll(() => panel.getByTestId('comments-count').textContent()).toBe(c.none)
      await page.context().close()
    }
  })

  it('shows the feedback page and the version history in French and in Spanish, plurals included', async () => {
    const { server, browser } = suite
    const as = (who: keyof typeof server.people) => ({ as: { token: server.people[who].token } })
    const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The consultations continue.' }] }] }
    const posted = await api(server.url, 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/feedback`, { ...as('dg'), body: { title: 'Informal consultations', body, statusLabel: null, links: [] } })
    expect(posted.status).toBe(201)
    const updateId = posted.json.id as string
    expect((await api(server.url, 'POST', `/api/feedback/${updateId}/acknowledge`, as('swiss'))).status).toBe(200)
    const docId = server.docIds.chairReport
    expect((await api(server.url, 'POST', `/api/documents/${docId}/versions`, { ...as('chair'), body: { name: 'First reading' } })).status).toBe(201)
    const card = (page: Awaited<ReturnType<typeof signedInPage>>) => page.getByTestId('feedback-update').filter({ hasText: 'Informal consultations' })

    // French, from the browser's language: the DG office's feed with its form, one acknowledgement.
    const dg = await signedInPage(browser, server.url, server.people.dg, { locale: 'fr-FR' })
    await dg.goto(`${server.url}/#/feedback`)
    await dg.getByRole('heading', { level: 1, name: 'Mises à jour du Cabinet du Directeur général' }).waitFor()
    await dg.getByRole('form', { name: 'Publier une mise à jour' }).getByRole('button', { name: 'Publier la mise à jour' }).waitFor()
    await expect.poll(() => dg.getByTestId('feedback-link').textContent()).toBe('Mises à jour')
    await expect.poll(() => card(dg).getByTestId('ack-count').textContent()).toBe('1 accusé de réception')
    await card(dg).getByRole('button', { name: 'Retirer' }).waitFor()

    await dg.goto(`${server.url}/#/d/${docId}/history`)
    await dg.getByRole('heading', { level: 1, name: /^Historique des versions de « .+ »$/u }).waitFor()
    await dg.getByRole('button', { name: 'Enregistrer la version' }).waitFor()
    await dg.getByRole('columnheader', { name: 'Comparer depuis' }).waitFor()
    await dg.getByRole('radio', { name: 'Comparer avec le document actuel' }).waitFor()
    await expect.poll(() => dg.getByTestId('version-row').filter({ hasText: 'First reading' }).locator('.badge').textContent()).toBe('Nommée')
    await expect.poll(() => dg.getByTestId('version-row').filter({ hasText: 'First reading' }).locator('td').nth(2).textContent()).toBe('Enregistrée par Elena Chair (Italy)')

    // Spanish for an observer, after a second acknowledgement: the plural.
    expect((await api(server.url, 'POST', `/api/feedback/${updateId}/acknowledge`, as('chair'))).status).toBe(200)
    const observer = await signedInPage(browser, server.url, server.people.observer, { locale: 'es-ES' })
    await observer.goto(`${server.url}/#/feedback`)
    await observer.getByRole('heading', { level: 1, name: 'Actualizaciones de la Oficina del Director General' }).waitFor()
    await expect.poll(() => card(observer).getByTestId('ack-count').textContent()).toBe('2 acuses de recibo')
    await card(observer).getByRole('button', { name: 'Acusar recibo' }).waitFor()
    expect(await observer.getByRole('form', { name: /actualización/ }).count()).toBe(0)

    await observer.goto(`${server.url}/#/d/${docId}/history`)
    await observer.getByRole('heading', { level: 1, name: /^Historial de versiones de «.+»$/u }).waitFor()
    await observer.getByRole('columnheader', { name: 'Comparar desde' }).waitFor()
    await observer.getByRole('button', { name: 'Comparar' }).waitFor()
    await expect.poll(() => observer.getByTestId('version-row').filter({ hasText: 'First reading' }).locator('.badge').textContent()).toBe('Con nombre')
    expect(await observer.getByRole('button', { name: 'Guardar versión' }).count()).toBe(0)
    expect(await observer.locator('main').textContent()).not.toMatch(/Version history|Save version|Compare from/)
  })

  it('words the server’s refusals by their error code in the reader’s language', async () => {
    const { server, browser } = suite
    const page = await (await browser.newContext({ locale: 'es-ES' })).newPage()
    await page.goto(`${server.url}/#/`)
    await page.getByLabel('Correo electrónico').fill(server.people.swiss.email)
    await page.getByLabel('Contraseña').fill('not the password at all')
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Correo electrónico o contraseña incorrectos')

    // A used or unknown one-time link, in French: the reason and the way back, one sentence.
    const french = await (await browser.newContext({ locale: 'fr-FR' })).newPage()
    await french.goto(`${server.url}/#/signin/sl_unknown-link`)
    await expect.poll(() => french.getByRole('alert').textContent()).toBe('Ce lien de connexion est inconnu, a déjà servi ou a expiré. Se connecter avec votre mot de passe')
    await french.getByRole('alert').getByRole('link', { name: 'Se connecter avec votre mot de passe' }).waitFor()
    await Promise.all([page.context().close(), french.context().close()])
  })
})
