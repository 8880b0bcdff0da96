import type { AccountStore, User } from '../auth/AccountStore.js'
import { route } from '../http/route.js'
import { conflict } from '../http/DomainError.js'
import { PreferencesSchema, type PreferencesView } from '../../shared/authTypes.js'

/** The caller's own preferences (the daily e-mail digest, the interface language); nobody reads or changes another person's. */
export function preferenceRoutes(deps: { accounts: AccountStore; digestAvailable: boolean }) {
  const { accounts, digestAvailable } = deps
  const view = async (user: User): Promise<PreferencesView> => ({ ...(await accounts.preferences(user.id)), digestAvailable })
  return [
    route({ method: 'GET', url: '/api/me/preferences', summary: 'The caller’s preferences, and whether the e-mail digest is available on this server', handler: ({ user }) => view(user) }),
    route({
      method: 'PUT',
      url: '/api/me/preferences',
      summary: 'Change the caller’s preferences, those given (409 digest_unavailable when turning the digest on without SMTP)',
      body: PreferencesSchema,
      handler: async ({ user, body }) => {
        if (body.emailDigest && !digestAvailable) throw conflict('digest_unavailable', 'this server sends no e-mail (SMTP_URL is not set)')
        const current = await accounts.preferences(user.id)
        await accounts.setPreferences(user.id, { emailDigest: body.emailDigest ?? current.emailDigest, language: body.language === undefined ? current.language : body.language })
        return view(user)
      },
    }),
  ]
}
