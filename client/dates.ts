/** A moment as comments and proposals show it: short date and time in the reader's locale. */
export const shortDateTime = (at: string | number) => new Date(at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })

/** The ISO form of a moment, for <time dateTime>. */
export const isoOf = (at: string | number) => new Date(at).toISOString()
