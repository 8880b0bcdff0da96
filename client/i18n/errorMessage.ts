import { ApiCallError, NetworkError } from '../api'
import { formatMoment } from '../dates'
import { i18next } from './i18n'

/**
 * What went wrong, in the interface's language. The API answers errors with a stable code
 * (`{error, message}`): the catalogs word each code the screens can get (`errors.<code>`, or
 * `errors.<area>.<code>` where a screen needs its own words for a code), and the server's own
 * message stands in for a code they do not know. No network at all has its own message. A closed
 * comment period's refusal carries its closing time (`closesAt`), written as the reader's dates are.
 */
export function errorMessage(error: unknown, area?: string): string {
  if (error instanceof NetworkError) return i18next.t('errors.network')
  const body = error instanceof ApiCallError ? error.body : null
  const code = body?.error
  const key = [area && `errors.${area}.${code}`, `errors.${code}`].find((k) => code && k && i18next.exists(k))
  if (key) return i18next.t(key, body?.closesAt ? { closesAt: formatMoment(body.closesAt) } : {})
  return error instanceof Error ? error.message : String(error)
}
