/** Caret colours with at least 4.5:1 contrast against white label text. */
export const CARET_COLORS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#be185d', '#0e7490', '#4d7c0f']

/** A person's caret colour, fixed by their user id so it is the same on every screen and visit. */
export function colorForUser(userId: string): string {
  let h = 0
  for (const ch of userId) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return CARET_COLORS[Math.abs(h) % CARET_COLORS.length]
}

/** The `user` field of an awareness state, as the server sets it: nobody can choose someone else's. */
export interface PresenceUser {
  userId: string
  name: string
  delegation: string
  role: string
  color: string
}
