import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.js'
import { signedInPage } from '../helpers/editorPage.js'
import { api } from '../helpers/http.js'
import { anchorOn } from '../helpers/anchors.js'
import { connectClient } from '../helpers/yClient.js'
import { copyOfDgResponse } from '../helpers/documentCopy.js'
import { PASSWORD } from '../helpers/people.js'
import { hashPassword } from '../../server/auth/secrets.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'
import type { ThreadView } from '../../shared/comments/types.js'

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
    await expect.poll(async () => (await api(server.url, 'GET', '/api/me', { as: { token: server.people.brazil.token } })).json.user.language).toBe('fr')
    // Chosen and saved: the menu closes and the focus is back on its button, which opens it again in French.
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('whoami')
    await button.click()
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).waitFor()
    await expect.poll(() => french.getAttribute('aria-checked')).toBe('true')
    // Going to another page closes it too.
    await page.evaluate(() => void (window.location.hash = '#/feedback'))
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false')

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
      { locale: 'fr-FR', who: server.people.brazil, history: 'Historique', print: 'Imprimer…', download: 'Télécharger', tab: /^Commentaires \(\d+\)$/, search: 'Rechercher dans les commentaires', comment: 'Commenter', open: 'Ouverts', none: 'Aucun commentaire ici.', shown: /^1 fil affiché$/ },
      { locale: 'es-ES', who: server.people.swiss, history: 'Historial', print: 'Imprimir…', download: 'Descargar', tab: /^Comentarios \(\d+\)$/, search: 'Buscar en los comentarios', comment: 'Comentar', open: 'Abiertos', none: 'No hay comentarios aquí.', shown: /^1 hilo mostrado$/ },
    ]
    for (const c of checks) {
      const page = await signedInPage(browser, server.url, c.who, { locale: c.locale })
      await page.goto(`${server.url}/#/d/${docId}`)
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 })
      await expect.poll(() => htmlLang(page)).toBe(c.locale.slice(0, 2))
      // The document page: its bar and its side tabs.
      await page.getByTestId('history-link').filter({ hasText: c.history }).waitFor()
      await page.getByRole('button', { name: c.print }).waitFor()
      await page.getByTestId('downloads').locator('summary', { hasText: c.download }).waitFor()
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

  it('lets the chair set the language of a document’s exports in its settings; the comments matrix follows', async () => {
    const { server, browser } = suite
    const docId = server.docIds.chairReport
    const page = await signedInPage(browser, server.url, server.people.chair)
    await page.goto(`${server.url}/#/d/${docId}`)
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 })
    await page.getByText('Document settings').click()
    await page.getByLabel('Language of exports').selectOption({ label: 'Español' })
    await expect.poll(async () => (await api(server.url, 'GET', `/api/documents/${docId}`, { as: { token: server.people.chair.token } })).json.language).toBe('es')
    const csv = await (await fetch(`${server.url}/api/documents/${docId}/comments.csv`, { headers: { authorization: `Bearer ${server.people.chair.token}` } })).text()
    expect(csv.split('\r\n')[0]).toBe('párrafo,delegación(es),comentario o texto propuesto,curso dado,explicación,párrafo de respuesta')
    // Members see no such control.
    const member = await signedInPage(browser, server.url, server.people.brazil)
    await member.goto(`${server.url}/#/d/${docId}`)
    await member.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 })
    expect(await member.getByTestId('document-language').count()).toBe(0)
  })

  it('shows the feedback page and the version history in French and in Spanish, plurals included', async () => {
    const { server, browser } = suite
    const as = (who: keyof typeof server.people) => ({ as: { token: server.people[who].token } })
    const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The consultations continue.' }] }] }
    const links = [{ type: 'paragraph', documentId: server.docIds.dgResponse, paraRef: '3' }]
    const posted = await api(server.url, 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/feedback`, { ...as('dg'), body: { title: 'Informal consultations', body, statusLabel: null, links } })
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
    // Its link to a paragraph, worded in French from the facts the server sends (its label is English).
    await card(dg).getByRole('link', { name: "Director General's Response, par. 3" }).waitFor()
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
    await card(observer).getByRole('link', { name: "Director General's Response, párr. 3" }).waitFor()
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

  it('shows the document list with a comment period, a joint comment with its disposition, and the members page in French and in Spanish', async () => {
    const { server, browser } = suite
    const as = (token: string) => ({ as: { token } })
    // A third delegation, so the joint position lists three names.
    const norway = await server.accounts.createUser({ email: 'norway@language.test', name: 'Nils Norway', passwordHash: await hashPassword(PASSWORD) })
    await server.groups.setMembership({ groupId: EXAMPLE_GROUP_ID, userId: norway.id, role: 'member', delegation: 'Norway' })
    const norwayToken = (await server.accounts.createToken(norway.id, 'tests')).token

    // A draft open for comments for 2 days 4 h and a half: the countdown reads "2 days 4 h" for half an hour.
    const docId = await copyOfDgResponse(server, 'Draft for the first reading')
    const closesAt = new Date(Date.now() + ((2 * 24 + 4) * 60 + 30) * 60_000)
    expect((await api(server.url, 'PUT', `/api/documents/${docId}/comment-period`, { ...as(server.people.chair.token), body: { closesAt: closesAt.toISOString(), round: 'First reading' } })).status).toBe(200)

    // Brazil comments, Switzerland and Norway co-sign, the DG office answers: partly accepted.
    const c = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
    await c.synced
    const comment = 'Brazil, Switzerland and Norway ask for the risks to be named.'
    const posted = await api(server.url, 'POST', `/api/documents/${docId}/threads`, { ...as(server.people.brazil.token), body: { anchor: anchorOn(c.doc, 'risks the marginalization of IOM'), body: comment } })
    c.destroy()
    expect(posted.status).toBe(201)
    const threadId = posted.json.id as string
    for (const [delegation, token] of [['Switzerland', server.people.swiss.token], ['Norway', norwayToken]]) {
      const invited = await api(server.url, 'POST', `/api/documents/${docId}/signers`, { ...as(server.people.brazil.token), body: { targetType: 'thread', targetId: threadId, delegation } })
      expect(invited.status).toBe(201)
      const signer = (invited.json as ThreadView).signers!.find((s) => s.name === delegation)!
      expect((await api(server.url, 'POST', `/api/documents/${docId}/signers/${signer.id}/answer`, { ...as(token), body: { answer: 'confirm' } })).status).toBe(200)
    }
    const disposition = { value: 'partly-accepted', explanation: 'The risks are named in paragraph 7.' }
    expect((await api(server.url, 'PUT', `/api/documents/${docId}/dispositions/${threadId}`, { ...as(server.people.dg.token), body: disposition })).status).toBe(200)

    // The chair chose French on the account but reads in an English browser: lists are joined in the interface's language, not the browser's.
    expect((await api(server.url, 'PUT', '/api/me/preferences', { ...as(server.people.chair.token), body: { language: 'fr' } })).status).toBe(200)
    const views = [
      { who: server.people.chair, locale: 'en-GB', french: true, role: 'Votre rôle\u202f: Présidence (Italy).', badge: 'First reading\u202f: il reste 2 jours 4 h', signers: 'Au nom de Brazil, Switzerland et Norway', value: 'Accepté en partie', region: 'Suite donnée', joint: 'Position commune' },
      { who: server.people.observer, locale: 'es-ES', french: false, role: 'Su rol: Observador (UNHCR).', badge: 'First reading: cierre en 2 días 4 h', signers: 'En nombre de Brazil, Switzerland y Norway', value: 'Aceptado en parte', region: 'Curso dado', joint: 'Posición conjunta' },
    ]
    for (const view of views) {
      const page = await signedInPage(browser, server.url, view.who, { locale: view.locale })
      await page.goto(`${server.url}/#/`)
      await expect.poll(() => page.getByTestId('my-role').textContent()).toMatch(new RegExp(`^${view.role.replace(/[().]/g, '\\$&')} `))
      const row = page.getByTestId('document-row').filter({ hasText: 'Draft for the first reading' })
      await expect.poll(() => row.getByTestId('period-badge').textContent()).toBe(view.badge)
      expect(await page.locator('main').textContent()).not.toMatch(/You take part|Read only|You can edit|Updated |comments close|left$/)

      await page.goto(`${server.url}/#/d/${docId}`)
      const card = page.getByTestId('thread').filter({ hasText: comment })
      await expect.poll(() => card.getByTestId('signers-line').textContent()).toBe(view.signers)
      await card.getByRole('region', { name: view.joint }).waitFor()
      await expect.poll(() => card.getByTestId('disposition-value').textContent()).toBe(view.value)
      await card.getByRole('region', { name: view.region }).waitFor()

      await page.goto(`${server.url}/#/members`)
      const members = page.locator('main')
      await members.getByRole('heading', { level: 1, name: view.french ? /: membres$/ : /: miembros$/ }).waitFor()
      await members.getByRole('heading', { level: 2, name: view.french ? 'Groupes de délégations' : 'Grupos de delegaciones' }).waitFor()
      await members.getByRole('columnheader', { name: view.french ? 'Délégation' : 'Delegación' }).waitFor()
      if (view.french) {
        // The chair changes roles: each member's is a select, named in French, its options the roles' French names.
        const role = members.getByRole('combobox', { name: 'Rôle de Ana Brazil' })
        expect(await role.locator('option:checked').textContent()).toBe('Délégation membre')
        await members.getByRole('button', { name: 'Créer un lien d’invitation' }).waitFor()
        await members.getByRole('button', { name: 'Nouveau groupe de délégations' }).waitFor()
      } else {
        // An observer reads the roles in Spanish and has nothing to change.
        await expect.poll(() => members.getByRole('row').filter({ hasText: 'Elena Chair' }).locator('td').nth(2).textContent()).toBe('Presidencia')
        await members.getByText('Todavía no hay grupos de delegaciones.').waitFor()
        expect(await members.getByRole('button').count()).toBe(0)
      }
      expect(await members.textContent()).not.toMatch(/Delegation groups|Member delegation|Chairperson|: members/)
      await page.context().close()
    }
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
