/** Caret colours with at least 4.5:1 contrast against white label text. */
export const CARET_COLORS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#be185d', '#0e7490', '#4d7c0f', '#4338ca', '#a21caf', '#c2410c', '#0f766e']

/** A person's caret colour, fixed by their user id so it is the same on every screen and visit. */
export function colorForUser(userId: string): string {
  let h = 0
  for (const ch of userId) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return CARET_COLORS[Math.abs(h) % CARET_COLORS.length]
}

/**
 * A person's caret colour in a document where others already have theirs (otherColors, by user id):
 * the one they already have there, else their own colour unless someone has it, else the next free
 * one. Only when every colour is taken do two people share one.
 */
export function colorAmong(userId: string, otherColors: ReadonlyMap<string, string>): string {
  const mine = otherColors.get(userId)
  if (mine) return mine
  const used = new Set(otherColors.values())
  const start = CARET_COLORS.indexOf(colorForUser(userId))
  for (let i = 0; i < CARET_COLORS.length; i++) {
    const color = CARET_COLORS[(start + i) % CARET_COLORS.length]
    if (!used.has(color)) return color
  }
  return colorForUser(userId)
}

/** The `user` field of an awareness state, as the server sets it: nobody can choose someone else's. */
export interface PresenceUser {
  userId: string
  name: string
  delegation: string
  role: string
  color: string
}
