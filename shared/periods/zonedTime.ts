/**
 * Moments in a working group's time zone (an IANA name): shown as its members read the clock there,
 * and read back from a date and time typed in that zone (a datetime-local field), whatever the zone
 * of the browser or the server.
 */

/** The zone's wall-clock reading of a moment, as the UTC milliseconds of that same reading. */
function wallClock(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at)
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'))
}

/** How far ahead of UTC the zone's clock is at this moment, in milliseconds. */
const offsetAt = (at: number, timeZone: string) => wallClock(at, timeZone) - Math.floor(at / 1000) * 1000

/** "2026-12-12T18:00" (as typed in a datetime-local field) read in the zone: the moment, in milliseconds; NaN when it does not parse. */
export function zonedToUtc(local: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!m) return NaN
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))
  // The offset at the guess, then at the result (a daylight-saving change between them moves it once).
  const first = asUtc - offsetAt(asUtc, timeZone)
  return asUtc - offsetAt(first, timeZone)
}

/** A moment as a datetime-local value in the zone ("2026-12-12T18:00"). */
export function utcToZonedInput(at: number, timeZone: string): string {
  return new Date(wallClock(at, timeZone)).toISOString().slice(0, 16)
}

/** A moment as read in the zone: "12 Dec 2026, 18:00" (in en-GB unless a locale is given). */
export function formatInZone(at: number | string, timeZone: string, locale = 'en-GB'): string {
  return new Date(at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })
}

/** How a zone is named beside a time: "Geneva time" for Europe/Zurich-like names is guessed from the city; UTC stays UTC. */
export function zoneLabel(timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC'
  const city = timeZone.split('/').pop()!.replaceAll('_', ' ')
  return `${city} time`
}
