import type { AccountStore, DigestRecipient, Preferences, SessionRecord, TokenRecord, User } from '../../auth/AccountStore.js'
import type { Language } from '../../../shared/i18n/languages.js'
import type { SqliteDatabase } from './SqliteDatabase.js'
import { hashSecret, randomId, randomSecret } from '../../auth/secrets.js'
import { conflict } from '../../http/DomainError.js'
import type { Synchronous } from './asyncStore.js'

interface UserRow {
  id: string
  email: string
  name: string
  password_hash: string | null
  is_admin: number
}

/** Emails are compared trimmed and lower-cased (SQLite's NOCASE folds ASCII letters only). */
const normalEmail = (email: string) => email.trim().toLowerCase()

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, isAdmin: r.is_admin === 1 })

/** Accounts in the users, sessions, access_tokens and sign_in_links tables (migrations/accounts.ts). */
export class SqliteAccountStore implements Synchronous<AccountStore> {
  constructor(private readonly db: SqliteDatabase) {}

  createUser(user: { email: string; name: string; passwordHash?: string | null; isAdmin?: boolean }): User {
    const id = randomId()
    const email = normalEmail(user.email)
    try {
      this.db.statement('INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, email, user.name.trim(), user.passwordHash ?? null, user.isAdmin ? 1 : 0, Date.now())
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw conflict('email_taken', `an account with the email ${email} exists`)
      throw error
    }
    return { id, email, name: user.name.trim(), isAdmin: !!user.isAdmin }
  }

  userById(id: string): User | undefined {
    const row = this.db.statement('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return row && toUser(row)
  }

  userByEmail(email: string): (User & { passwordHash: string | null }) | undefined {
    const row = this.db.statement('SELECT * FROM users WHERE email = ?').get(normalEmail(email)) as UserRow | undefined
    return row && { ...toUser(row), passwordHash: row.password_hash }
  }

  userCount(): number {
    return (this.db.statement('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n
  }

  setPassword(userId: string, passwordHash: string): void {
    this.db.statement('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId)
  }

  setAdmin(userId: string, isAdmin: boolean): void {
    this.db.statement('UPDATE users SET is_admin = ? WHERE id = ?').run(isAdmin ? 1 : 0, userId)
  }

  preferences(userId: string): Preferences {
    const row = this.db.statement('SELECT email_digest, language FROM users WHERE id = ?').get(userId) as { email_digest: number; language: Language | null } | undefined
    return { emailDigest: row?.email_digest === 1, language: row?.language ?? null }
  }

  setPreferences(userId: string, preferences: Preferences): void {
    this.db.statement('UPDATE users SET email_digest = ?, language = ? WHERE id = ?').run(preferences.emailDigest ? 1 : 0, preferences.language, userId)
  }

  digestRecipients(): DigestRecipient[] {
    const rows = this.db.statement('SELECT * FROM users WHERE email_digest = 1 ORDER BY id').all() as Array<UserRow & { last_digest_at: number | null }>
    return rows.map((r) => ({ user: toUser(r), lastDigestAt: r.last_digest_at }))
  }

  setLastDigestAt(userId: string, at: number): void {
    this.db.statement('UPDATE users SET last_digest_at = ? WHERE id = ?').run(at, userId)
  }

  createSession(userId: string, ttlMs: number): { sessionId: string; csrfToken: string; expiresAt: number } {
    const sessionId = randomSecret('pls')
    const csrfToken = randomSecret('csrf')
    const now = Date.now()
    this.db.statement('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(hashSecret(sessionId), userId, csrfToken, now, now + ttlMs)
    return { sessionId, csrfToken, expiresAt: now + ttlMs }
  }

  session(sessionId: string): SessionRecord | undefined {
    const row = this.db.statement('SELECT user_id AS userId, csrf_token AS csrfToken, expires_at AS expiresAt FROM sessions WHERE id_hash = ?').get(hashSecret(sessionId)) as SessionRecord | undefined
    return row && row.expiresAt > Date.now() ? row : undefined
  }

  deleteSession(sessionId: string): void {
    this.db.statement('DELETE FROM sessions WHERE id_hash = ?').run(hashSecret(sessionId))
  }

  deleteSessionsOf(userId: string): void {
    this.db.statement('DELETE FROM sessions WHERE user_id = ?').run(userId)
  }

  createToken(userId: string, name: string): { id: string; token: string } {
    const id = randomId()
    const token = randomSecret('plt')
    this.db.statement('INSERT INTO access_tokens (id, user_id, token_hash, name, created_at) VALUES (?, ?, ?, ?, ?)').run(id, userId, hashSecret(token), name, Date.now())
    return { id, token }
  }

  tokenOwner(token: string): { id: string; userId: string } | undefined {
    const owner = this.db.statement('SELECT id, user_id AS userId FROM access_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(hashSecret(token)) as
      | { id: string; userId: string }
      | undefined
    if (!owner) return undefined
    try {
      // At most one write a minute per token: connecting must not cost a commit each time.
      this.db.statement('UPDATE access_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)').run(Date.now(), owner.id, Date.now() - 60_000)
    } catch {
      // Only bookkeeping: a full disk must not lock people out.
    }
    return owner
  }

  tokenActive(id: string): boolean {
    return !!this.db.statement('SELECT 1 FROM access_tokens WHERE id = ? AND revoked_at IS NULL').get(id)
  }

  tokensOf(userId: string): TokenRecord[] {
    return this.db.statement(
      `SELECT id, user_id AS userId, name, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt
       FROM access_tokens WHERE user_id = ? ORDER BY created_at, rowid`,
    ).all(userId) as TokenRecord[]
  }

  revokeToken(by: { id?: string; token?: string; userId?: string }): boolean {
    const now = Date.now()
    if (by.token) return this.db.statement('UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(now, hashSecret(by.token)).changes > 0
    if (by.userId) return this.db.statement('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(now, by.id, by.userId).changes > 0
    return this.db.statement('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, by.id).changes > 0
  }

  createSignInLink(userId: string, ttlMs: number): string {
    const token = randomSecret('lnk')
    this.db.statement('INSERT INTO sign_in_links (token_hash, user_id, expires_at) VALUES (?, ?, ?)').run(hashSecret(token), userId, Date.now() + ttlMs)
    return token
  }

  consumeSignInLink(token: string): string | undefined {
    const now = Date.now()
    const row = this.db.statement('SELECT user_id FROM sign_in_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?').get(hashSecret(token), now) as
      | { user_id: string }
      | undefined
    if (!row) return undefined
    const used = this.db.statement('UPDATE sign_in_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL').run(now, hashSecret(token)).changes
    return used ? row.user_id : undefined
  }
}
