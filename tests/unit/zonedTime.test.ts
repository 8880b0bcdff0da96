import { describe, expect, it } from 'vitest'
import { formatInZone, utcToZonedInput, zoneLabel, zonedToUtc } from '../../shared/periods/zonedTime.js'
import { isTimeZone } from '../../shared/periods/types.js'

describe("times in a group's time zone", () => {
  it('reads a typed date and time in the zone, winter and summer alike', () => {
    expect(new Date(zonedToUtc('2027-01-15T18:00', 'Europe/Zurich')).toISOString()).toBe('2027-01-15T17:00:00.000Z')
    expect(new Date(zonedToUtc('2027-07-15T18:00', 'Europe/Zurich')).toISOString()).toBe('2027-07-15T16:00:00.000Z')
    expect(new Date(zonedToUtc('2027-03-01T09:30', 'America/New_York')).toISOString()).toBe('2027-03-01T14:30:00.000Z')
    expect(new Date(zonedToUtc('2026-12-12T18:00', 'UTC')).toISOString()).toBe('2026-12-12T18:00:00.000Z')
    // The day the clocks go forward in Zurich (28 March 2027, 02:00 → 03:00).
    expect(new Date(zonedToUtc('2027-03-28T12:00', 'Europe/Zurich')).toISOString()).toBe('2027-03-28T10:00:00.000Z')
    expect(zonedToUtc('tomorrow', 'UTC')).toBeNaN()
  })

  it('writes a moment back as the zone reads it, and names the zone', () => {
    expect(utcToZonedInput(Date.parse('2027-01-15T17:00:00Z'), 'Europe/Zurich')).toBe('2027-01-15T18:00')
    expect(utcToZonedInput(Date.parse('2027-07-15T16:00:00Z'), 'Europe/Zurich')).toBe('2027-07-15T18:00')
    expect(formatInZone('2026-12-12T17:00:00Z', 'Europe/Zurich')).toBe('12 Dec 2026, 18:00')
    expect(zoneLabel('Europe/Zurich')).toBe('Zurich time')
    expect(zoneLabel('America/New_York')).toBe('New York time')
    expect(zoneLabel('UTC')).toBe('UTC')
    expect(isTimeZone('Europe/Zurich')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
  })
})
