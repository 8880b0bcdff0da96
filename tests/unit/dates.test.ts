import { describe, expect, it } from 'vitest'
import { formatMoment } from '../../client/dates.js'

describe('one way to show a moment', () => {
  const now = Date.UTC(2026, 10, 30, 18, 25)
  // English (the interface's language until another is chosen) writes dates the UN's way.
  const absolute = (at: number) => new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })

  it('shows the date and time as the interface’s language writes them, with how long ago within the hour', () => {
    expect(formatMoment(now - 2 * 60_000, now)).toBe(`${absolute(now - 2 * 60_000)} · 2 min ago`)
    expect(formatMoment(now - 3 * 3_600_000, now)).toMatch(/^\d{1,2} Nov 2026, \d{2}:\d{2}$/)
    expect(formatMoment(new Date(now - 10_000).toISOString(), now)).toMatch(/ · /)
  })

  it('shows only the date and time for older moments, and for a clock slightly ahead', () => {
    expect(formatMoment(now - 3 * 3_600_000, now)).toBe(absolute(now - 3 * 3_600_000))
    expect(formatMoment(now + 90_000, now)).toBe(absolute(now + 90_000))
  })
})
