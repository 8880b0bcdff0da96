import { describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { api } from '../helpers/http.js'

/** The interface language is a person's own preference, kept on the account and given with /api/me. */
describe('the interface language chosen per person', () => {
  const suite = serverSuite()

  it('is none until chosen, then saved on the account and given with /api/me; other preferences stay as they are', async () => {
    const { server } = suite
    const brazil = { token: server.people.brazil.token }
    expect((await api(server.url, 'GET', '/api/me', { as: brazil })).json.user.language).toBeNull()
    const chosen = await api(server.url, 'PUT', '/api/me/preferences', { as: brazil, body: { language: 'fr' } })
    expect(chosen.status).toBe(200)
    expect(chosen.json).toMatchObject({ language: 'fr', emailDigest: false })
    expect((await api(server.url, 'GET', '/api/me', { as: brazil })).json.user.language).toBe('fr')
    // Someone else's is untouched.
    expect((await api(server.url, 'GET', '/api/me', { as: { token: server.people.swiss.token } })).json.user.language).toBeNull()
    // Back to the browser's.
    await api(server.url, 'PUT', '/api/me/preferences', { as: brazil, body: { language: null } })
    expect((await api(server.url, 'GET', '/api/me/preferences', { as: brazil })).json.language).toBeNull()
  })

  it('refuses a language the interface does not have, and anything else in the body', async () => {
    const { server } = suite
    const brazil = { token: server.people.brazil.token }
    for (const body of [{ language: 'de' }, { language: 'FR' }, { language: 1 }, { language: 'fr', theme: 'dark' }]) {
      expect((await api(server.url, 'PUT', '/api/me/preferences', { as: brazil, body })).status, JSON.stringify(body)).toBe(400)
    }
    expect((await api(server.url, 'PUT', '/api/me/preferences', { body: { language: 'fr' } })).status).toBe(401)
  })
})
