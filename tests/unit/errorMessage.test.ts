import { beforeAll, describe, expect, it } from 'vitest'
import ICU from 'i18next-icu'
import { i18next } from '../../client/i18n/i18n.js'
import { errorMessage } from '../../client/i18n/errorMessage.js'
import { ApiCallError, NetworkError } from '../../client/api.js'
import { formatMoment } from '../../client/dates.js'
import en from '../../client/i18n/locales/en.json'
import fr from '../../client/i18n/locales/fr.json'

describe('an API error as the interface shows it', () => {
  beforeAll(async () => {
    await i18next.use(ICU).init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'fr', fallbackLng: 'en', interpolation: { escapeValue: false } })
  })
  const refused = (error: string, message: string) => new ApiCallError(400, { error, message })

  it('is worded by the catalogs from the stable error code, in the interface’s language', () => {
    expect(errorMessage(refused('invalid_credentials', 'wrong email or password'))).toBe(fr.errors.invalid_credentials)
    expect(errorMessage(refused('invalid_credentials', 'wrong email or password'))).not.toBe('wrong email or password')
  })

  it('takes a screen’s own words for a code when it has them, and the general ones otherwise', () => {
    expect(errorMessage(refused('invalid_link', 'this sign-in link is unknown, used or expired'), 'signIn')).toBe(fr.errors.signIn.invalid_link)
    expect(errorMessage(refused('invalid_link', 'the document has no paragraph 9'), 'feedback')).toBe(fr.errors.invalid_link)
  })

  it('gives a closed comment period’s refusal its closing time, written as the reader’s dates are', () => {
    const closesAt = '2026-12-12T17:00:00.000Z'
    const shown = errorMessage(new ApiCallError(409, { error: 'comment_period_closed', message: `the comment period closed at ${closesAt}`, closesAt }))
    expect(shown).toBe(i18next.t('errors.comment_period_closed', { closesAt: formatMoment(closesAt) }))
    expect(shown).toMatch(/^La période de commentaires a pris fin le 12 déc\. 2026, \d{2}:00\u202f: /u)
  })

  it('keeps the server’s words for a code the catalogs do not know', () => {
    expect(errorMessage(refused('import_too_complex', 'the document has too many tables; split it'))).toBe('the document has too many tables; split it')
    expect(errorMessage(new ApiCallError(502, null))).toBe('request failed with HTTP 502')
  })

  it('says so when there is no network at all', () => {
    expect(errorMessage(new NetworkError())).toBe(fr.errors.network)
  })
})
