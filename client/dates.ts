/**
 * The one way a moment is shown, everywhere: date and time in the reader's locale ("30 Nov 2026,
 * 18:25" in en-GB, "30 nov. 2026, 18:25" in fr), followed by how long ago when it was within the
 * hour ("30 Nov 2026, 18:25 · 2 min ago").
 */
export function formatMoment(at: string | number, now = Date.now()): string {
  const date = new Date(at)
  const absolute = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  const minutes = Math.round((now - date.getTime()) / 60_000)
  if (minutes < 0 || minutes >= 60) return absolute
  const ago = minutes === 0 ? RELATIVE.format(0, 'second') : RELATIVE.format(-minutes, 'minute')
  return `${absolute} · ${ago}`
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' })

/** The ISO form of a moment, for <time dateTime>. */
export const isoOf = (at: string | number) => new Date(at).toISOString()
