import { ApiCallError, NetworkError } from '../api'
import { i18next } from './i18n'

/**
 * What went wrong, in the interface's language. The API answers errors with a stable code
 * (`{error, message}`): the catalogs word each code the screens can get (`errors.<code>`, or
 * `errors.<area>.<code>` where a screen needs its own words for a code), and the server's own
 * message stands in for a code they do not know. No network at all has its own message.
 */
export function errorMessage(error: unknown, area?: string): string {
  if (error instanceof NetworkError) return i18next.t('errors.network')
  const code = error instanceof ApiCallError ? error.body?.error : undefined
  const key = [area && `errors.${area}.${code}`, `errors.${code}`].find((k) => code && k && i18next.exists(k))
  if (key) return i18next.t(key)
  return error instanceof Error ? error.message : String(error)
}
