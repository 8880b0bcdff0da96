import type { Transactional } from '../persistence/Transactional.js'
import type { Language } from '../../shared/i18n/languages.js'

/** A person's account. */
export interface User {
  id: string
  email: string
  name: string
  isAdmin: boolean
}

/** A person's own settings. */
export interface Preferences {
  /** Whether they receive the daily e-mail digest of their unread notifications. */
  emailDigest: boolean
  /** The interface language they chose; null until they choose (the browser's is used). */
  language: Language | null
}

/** Someone who asked for the daily digest, and when their last one was made (null: never). */
export interface DigestRecipient {
  user: User
  lastDigestAt: number | null
}

/** A live browser session. The session id itself is known only to the browser's cookie. */
export interface SessionRecord {
  userId: string
  csrfToken: string
  expiresAt: number
}

/** A personal access token as listed (its value is shown once, when created). */
export interface TokenRecord {
  id: string
  userId: string
  name: string
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

/**
 * Accounts: users, browser sessions, personal access tokens and one-time sign-in links. Secrets are
 * stored hashed; the clear value is returned once, when it is created. Emails are compared trimmed
 * and lower-cased. Times are milliseconds since the epoch.
 */
export interface AccountStore extends Transactional {
  /** A new user; conflict email_taken when an account has this email (also when made a moment ago by another request). */
  createUser(user: { email: string; name: string; passwordHash?: string | null; isAdmin?: boolean }): Promise<User>
  userById(id: string): Promise<User | undefined>
  /** The user and their password hash, for sign-in. */
  userByEmail(email: string): Promise<(User & { passwordHash: string | null }) | undefined>
  userCount(): Promise<number>
  setPassword(userId: string, passwordHash: string): Promise<void>
  setAdmin(userId: string, isAdmin: boolean): Promise<void>

  preferences(userId: string): Promise<Preferences>
  setPreferences(userId: string, preferences: Preferences): Promise<void>
  /** Everyone who asked for the daily e-mail digest. */
  digestRecipients(): Promise<DigestRecipient[]>
  /** Records that a digest was made for this person at this time (sent, or nothing to send). */
  setLastDigestAt(userId: string, at: number): Promise<void>

  createSession(userId: string, ttlMs: number): Promise<{ sessionId: string; csrfToken: string; expiresAt: number }>
  /** A live session, or undefined when unknown, revoked or expired. */
  session(sessionId: string): Promise<SessionRecord | undefined>
  deleteSession(sessionId: string): Promise<void>
  /** Signs the user out everywhere. */
  deleteSessionsOf(userId: string): Promise<void>

  createToken(userId: string, name: string): Promise<{ id: string; token: string }>
  /** The token's owner, or undefined when unknown or revoked. Records (at most once a minute) when it was last used. */
  tokenOwner(token: string): Promise<{ id: string; userId: string } | undefined>
  /** Whether the token with this id is still valid (for re-checking open connections). */
  tokenActive(id: string): Promise<boolean>
  tokensOf(userId: string): Promise<TokenRecord[]>
  /** Revokes a token by id (only if owned by userId, when given), or by its clear value; false when none was active. */
  revokeToken(by: { id?: string; token?: string; userId?: string }): Promise<boolean>

  /** A one-time sign-in link's token. */
  createSignInLink(userId: string, ttlMs: number): Promise<string>
  /** Uses a one-time sign-in link: the user id, or undefined when unknown, used or expired. */
  consumeSignInLink(token: string): Promise<string | undefined>
}
