import { IdentitySchema, type Identity } from '../../shared/types'

const KEY = 'plenary.identity'

/** Caret colours with at least 4.5:1 contrast against white label text. */
export const CARET_COLORS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#be185d', '#0e7490', '#4d7c0f']

/** The identity this browser remembered, if any and still valid. */
export function loadIdentity(): Identity | null {
  try {
    const parsed = IdentitySchema.safeParse(JSON.parse(localStorage.getItem(KEY) ?? 'null'))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function saveIdentity(identity: Identity): void {
  localStorage.setItem(KEY, JSON.stringify(identity))
}

export function randomCaretColor(): string {
  return CARET_COLORS[Math.floor(Math.random() * CARET_COLORS.length)]
}
