import type { MeResponse } from '../../shared/authTypes'
import type { DocumentSummary } from '../../shared/types'

/**
 * What the app needs to open a document without the network, kept in localStorage next to the
 * documents' offline copies (IndexedDB) and deleted with them on sign-out: who is signed in (never
 * the CSRF token; nothing can be written offline) and each opened document's title and rights as
 * the server last described them. Offline these only decide what the page shows: every edit is
 * checked by the server again when it is sent.
 */
const PREFIX = 'plenary-offline:'
const SESSION_KEY = `${PREFIX}me`
const documentKey = (id: string) => `${PREFIX}doc:${id}`

function read<T>(key: string, valid: (value: T) => boolean): T | null {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as T | null
    return value && valid(value) ? value : null
  } catch {
    return null
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Storage full or disabled: the page works online as before, only not after an offline reload.
  }
}

/** Keeps who is signed in (without the CSRF token) for a reload without the network. */
export function rememberSession(me: MeResponse): void {
  write(SESSION_KEY, { ...me, csrfToken: null })
}

/** The person last signed in in this browser, if they have not signed out. */
export function rememberedSession(): MeResponse | null {
  return read<MeResponse>(SESSION_KEY, (me) => typeof me.user?.id === 'string' && Array.isArray(me.memberships))
}

/** Keeps a document's title and the reader's rights, as the server just said, for offline reloads. */
export function rememberDocument(doc: DocumentSummary): void {
  write(documentKey(doc.id), doc)
}

/** A document's title and rights as the server last said, if it was opened in this browser. */
export function rememberedDocument(id: string): DocumentSummary | null {
  return read<DocumentSummary>(documentKey(id), (doc) => doc.id === id && typeof doc.title === 'string' && typeof doc.access === 'object')
}

/** Every document opened in this browser since signing in, by title. */
export function rememberedDocuments(): DocumentSummary[] {
  return Object.keys(localStorage)
    .filter((key) => key.startsWith(`${PREFIX}doc:`))
    .map((key) => rememberedDocument(key.slice(`${PREFIX}doc:`.length)))
    .filter((doc): doc is DocumentSummary => doc !== null)
    .sort((a, b) => a.title.localeCompare(b.title))
}

/** Deletes all of the above (sign-out, or someone else signing in). */
export function forgetRemembered(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key)
}

/** Outside PREFIX: it must outlive forgetRemembered, which runs in the same sign-out. */
const SIGN_OUT_PENDING_KEY = 'plenary-sign-out-pending'

/**
 * Signing out without the network forgets everything on this device at once, but the server's
 * session (an HttpOnly cookie the page cannot delete) can only be revoked once the server is
 * reached: this marks that revocation as owed.
 */
export function markSignOutPending(): void {
  write(SIGN_OUT_PENDING_KEY, true)
}

/** Whether a sign-out made offline has still to reach the server. */
export function signOutPending(): boolean {
  return read<boolean>(SIGN_OUT_PENDING_KEY, (v) => v === true) ?? false
}

/** The owed sign-out reached the server (or the session had ended anyway). */
export function clearSignOutPending(): void {
  localStorage.removeItem(SIGN_OUT_PENDING_KEY)
}
