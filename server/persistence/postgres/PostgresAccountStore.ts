import type { AccountStore, DigestRecipient, Preferences, SessionRecord, TokenRecord, User } from '../../auth/AccountStore.js'
import type { Language } from '../../../shared/i18n/languages.js'
import { hashSecret, randomId, randomSecret } from '../../auth/secrets.js'
import { conflict } from '../../http/DomainError.js'
import { PostgresStore } from './PostgresStore.js'
import { isUniqueViolation } from './PostgresDatabase.js'

interface UserRow {
  id: string
  email: string
  name: string
  password_hash: string | null
  is_admin: boolean
}

/** Emails are stored and compared trimmed and lower-cased (as the SQLite adapter does). */
const normalEmail = (email: string) => email.trim().toLowerCase()

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, isAdmin: r.is_admin })

/** Accounts in the users, sessions, access_tokens and sign_in_links tables (migrations/accounts.ts). */
export class PostgresAccountStore extends PostgresStore implements AccountStore {
  async createUser(user: { email: string; name: string; passwordHash?: string | null; isAdmin?: boolean }): Promise<User> {
    const id = randomId()
    const email = normalEmail(user.email)
    try {
      await this.db.query('INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        id, email, user.name.trim(), user.passwordHash ?? null, !!user.isAdmin, Date.now(),
      ])
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('email_taken', `an account with the email ${email} exists`)
      throw error
    }
    return { id, email, name: user.name.trim(), isAdmin: !!user.isAdmin }
  }

  async userById(id: string): Promise<User | undefined> {
    const row = await this.db.row<UserRow>('SELECT * FROM users WHERE id = $1', [id])
    return row && toUser(row)
  }

  async userByEmail(email: string): Promise<(User & { passwordHash: string | null }) | undefined> {
    const row = await this.db.row<UserRow>('SELECT * FROM users WHERE email = $1', [normalEmail(email)])
    return row && { ...toUser(row), passwordHash: row.password_hash }
  }

  async userCount(): Promise<number> {
    return (await this.db.row<{ n: number }>('SELECT COUNT(*) AS n FROM users'))!.n
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId])
  }

  async setAdmin(userId: string, isAdmin: boolean): Promise<void> {
    await this.db.query('UPDATE users SET is_admin = $1 WHERE id = $2', [isAdmin, userId])
  }

  async preferences(userId: string): Promise<Preferences> {
    const row = await this.db.row<{ email_digest: boolean; language: Language | null }>('SELECT email_digest, language FROM users WHERE id = $1', [userId])
    return { emailDigest: row?.email_digest === true, language: row?.language ?? null }
  }

  async setPreferences(userId: string, preferences: Preferences): Promise<void> {
    await this.db.query('UPDATE users SET email_digest = $1, language = $2 WHERE id = $3', [preferences.emailDigest, preferences.language, userId])
  }

  async digestRecipients(): Promise<DigestRecipient[]> {
    const rows = await this.db.rows<UserRow & { last_digest_at: number | null }>('SELECT * FROM users WHERE email_digest ORDER BY id')
    return rows.map((r) => ({ user: toUser(r), lastDigestAt: r.last_digest_at }))
  }

  async setLastDigestAt(userId: string, at: number): Promise<void> {
    await this.db.query('UPDATE users SET last_digest_at = $1 WHERE id = $2', [at, userId])
  }

  async createSession(userId: string, ttlMs: number): Promise<{ sessionId: string; csrfToken: string; expiresAt: number }> {
    const sessionId = randomSecret('pls')
    const csrfToken = randomSecret('csrf')
    const now = Date.now()
    await this.db.query('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [hashSecret(sessionId), userId, csrfToken, now, now + ttlMs])
    return { sessionId, csrfToken, expiresAt: now + ttlMs }
  }

  async session(sessionId: string): Promise<SessionRecord | undefined> {
    const row = await this.db.row<SessionRecord>('SELECT user_id AS "userId", csrf_token AS "csrfToken", expires_at AS "expiresAt" FROM sessions WHERE id_hash = $1', [hashSecret(sessionId)])
    return row && row.expiresAt > Date.now() ? row : undefined
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [hashSecret(sessionId)])
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE user_id = $1', [userId])
  }

  async createToken(userId: string, name: string): Promise<{ id: string; token: string }> {
    const id = randomId()
    const token = randomSecret('plt')
    await this.db.query('INSERT INTO access_tokens (id, user_id, token_hash, name, created_at) VALUES ($1, $2, $3, $4, $5)', [id, userId, hashSecret(token), name, Date.now()])
    return { id, token }
  }

  async tokenOwner(token: string): Promise<{ id: string; userId: string } | undefined> {
    const owner = await this.db.row<{ id: string; userId: string }>('SELECT id, user_id AS "userId" FROM access_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hashSecret(token)])
    if (!owner) return undefined
    // At most one write a minute per token: connecting must not cost a commit each time.
    // Only bookkeeping: a failing write must not lock people out.
    await this.db
      .query('UPDATE access_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)', [Date.now(), owner.id, Date.now() - 60_000])
      .catch(() => undefined)
    return owner
  }

  async tokenActive(id: string): Promise<boolean> {
    return !!(await this.db.row('SELECT 1 FROM access_tokens WHERE id = $1 AND revoked_at IS NULL', [id]))
  }

  async tokensOf(userId: string): Promise<TokenRecord[]> {
    return this.db.rows<TokenRecord>(
      `SELECT id, user_id AS "userId", name, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
       FROM access_tokens WHERE user_id = $1 ORDER BY created_at, ord`,
      [userId],
    )
  }

  async revokeToken(by: { id?: string; token?: string; userId?: string }): Promise<boolean> {
    const now = Date.now()
    if (by.token) return (await this.db.changes('UPDATE access_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [now, hashSecret(by.token)])) > 0
    if (by.userId) return (await this.db.changes('UPDATE access_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL', [now, by.id ?? null, by.userId])) > 0
    return (await this.db.changes('UPDATE access_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now, by.id ?? null])) > 0
  }

  async createSignInLink(userId: string, ttlMs: number): Promise<string> {
    const token = randomSecret('lnk')
    await this.db.query('INSERT INTO sign_in_links (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [hashSecret(token), userId, Date.now() + ttlMs])
    return token
  }

  async consumeSignInLink(token: string): Promise<string | undefined> {
    // One statement: of two uses at once, exactly one changes the row.
    const row = await this.db.row<{ user_id: string }>('UPDATE sign_in_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id', [Date.now(), hashSecret(token)])
    return row?.user_id
  }
}
