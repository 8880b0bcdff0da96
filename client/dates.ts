import { formatInZone } from '../shared/periods/zonedTime'
import { currentLanguage, i18next, LOCALES } from './i18n/i18n'

/** The locale of the interface's language: dates and times are written one way per language. */
const locale = () => LOCALES[currentLanguage()]

/**
 * The one way a moment is shown, everywhere: date and time as the interface's language writes them
 * ("30 Nov 2026, 18:25" in English, "30 nov. 2026, 18:25" in French, "30 nov 2026, 18:25" in
 * Spanish), followed by how long ago when it was within the hour ("30 Nov 2026, 18:25 · 2 min ago").
 */
export function formatMoment(at: string | number, now = Date.now()): string {
  const date = new Date(at)
  const absolute = date.toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' })
  const minutes = Math.round((now - date.getTime()) / 60_000)
  if (minutes < 0 || minutes >= 60) return absolute
  const relative = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto', style: 'short' })
  const ago = minutes === 0 ? relative.format(0, 'second') : relative.format(-minutes, 'minute')
  return `${absolute} · ${ago}`
}

/** The ISO form of a moment, for <time dateTime>. */
export const isoOf = (at: string | number) => new Date(at).toISOString()

/** How a zone is named beside a time, in the interface's language: "Zurich time", "heure de Zurich", "hora de Zurich"; UTC stays UTC. */
export function zoneName(timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC'
  return i18next.t('dates.zone', { city: timeZone.split('/').pop()!.replaceAll('_', ' ') })
}

/** A moment as read in a group's time zone, as the interface's language writes it, with the zone named: "12 Dec 2026, 18:00 (Zurich time)". */
export function formatInGroupZone(at: string | number, timeZone: string): string {
  return `${formatInZone(at, timeZone, locale())} (${zoneName(timeZone)})`
}

/**
 * What is left until a moment, in the interface's language: "2 days 4 h", "3 h 12 min", "5 min",
 * "40 s" (seconds only in the last minute; "2 jours 4 h", "2 días 4 h").
 */
export function timeLeft(ms: number): string {
  if (ms <= 0) return i18next.t('dates.timeLeft.seconds', { seconds: 0 })
  const minutes = Math.floor(ms / 60_000)
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  if (days > 0) return i18next.t(hours ? 'dates.timeLeft.daysHours' : 'dates.timeLeft.days', { days, hours })
  if (hours > 0) return i18next.t('dates.timeLeft.hoursMinutes', { hours, minutes: minutes % 60 })
  if (minutes > 0) return i18next.t('dates.timeLeft.minutes', { minutes })
  return i18next.t('dates.timeLeft.seconds', { seconds: Math.ceil(ms / 1000) })
}

export { utcToZonedInput, zonedToUtc } from '../shared/periods/zonedTime'
