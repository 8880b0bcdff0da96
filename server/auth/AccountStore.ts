import type Database from 'better-sqlite3'
import type { Role } from '../../shared/permissions.js'
import { hashSecret, randomId, randomSecret } from './secrets.js'
import { statementCache } from '../persistence/statementCache.js'
import { conflict } from '../http/DomainError.js'

export interface User {
  id: string
  email: string
  name: string
  isAdmin: boolean
}

export interface Membership {
  groupId: string
  userId: string
  role: Role
  delegation: string
}

export interface MemberView extends Membership {
  name: string
  email: string
}

export interface SessionRecord {
  userId: string
  csrfToken: string
  expiresAt: number
}

export interface TokenRecord {
  id: string
  userId: string
  name: string
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

export interface InvitationRecord {
  groupId: string
  role: Role
  delegation: string
  expiresAt: number
  usedAt: number | null
}

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

/**
 * Users, memberships, sessions, access tokens, invitations and one-time sign-in links, in the
 * same SQLite database as the documents. Secrets are stored hashed; the clear value is returned
 * once, when it is created.
 */
export class AccountStore {
  constructor(private readonly db: Database.Database) {
    this.sql = statementCache(db)
  }

  /** A prepared statement, prepared once per SQL text. */
  private readonly sql: (text: string) => Database.Statement

  /** Runs fn in one SQLite transaction: all of it happens, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  /** A new user; 409 email_taken when an account has this email (also when another request made it a moment ago). */
  createUser(user: { email: string; name: string; passwordHash?: string | null; isAdmin?: boolean }): User {
    const id = randomId()
    const email = normalEmail(user.email)
    try {
      this.sql('INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, email, user.name.trim(), user.passwordHash ?? null, user.isAdmin ? 1 : 0, Date.now())
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw conflict('email_taken', `an account with the email ${email} exists`)
      throw error
    }
    return { id, email, name: user.name.trim(), isAdmin: !!user.isAdmin }
  }

  userById(id: string): User | undefined {
    const row = this.sql('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return row && toUser(row)
  }

  /** The user and their password hash, for sign-in. */
  userByEmail(email: string): (User & { passwordHash: string | null }) | undefined {
    const row = this.sql('SELECT * FROM users WHERE email = ?').get(normalEmail(email)) as UserRow | undefined
    return row && { ...toUser(row), passwordHash: row.password_hash }
  }

  userCount(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n
  }

  setPassword(userId: string, passwordHash: string): void {
    this.sql('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId)
  }

  setAdmin(userId: string, isAdmin: boolean): void {
    this.sql('UPDATE users SET is_admin = ? WHERE id = ?').run(isAdmin ? 1 : 0, userId)
  }

  setMembership(m: Membership): void {
    this.sql(
        `INSERT INTO memberships (group_id, user_id, role, delegation, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(group_id, user_id) DO UPDATE SET role = excluded.role, delegation = excluded.delegation`,
      )
      .run(m.groupId, m.userId, m.role, m.delegation, Date.now())
  }

  removeMembership(groupId: string, userId: string): boolean {
    return this.sql('DELETE FROM memberships WHERE group_id = ? AND user_id = ?').run(groupId, userId).changes > 0
  }

  /** How a person is named in a group: name (or "Former member") and delegation. */
  personIn(groupId: string, userId: string): { id: string; name: string; delegation: string } {
    return { id: userId, name: this.userById(userId)?.name ?? 'Former member', delegation: this.membership(groupId, userId)?.delegation ?? '' }
  }

  membership(groupId: string, userId: string): Membership | undefined {
    const row = this.sql('SELECT group_id, user_id, role, delegation FROM memberships WHERE group_id = ? AND user_id = ?').get(groupId, userId) as
      | { group_id: string; user_id: string; role: Role; delegation: string }
      | undefined
    return row && { groupId: row.group_id, userId: row.user_id, role: row.role, delegation: row.delegation }
  }

  membershipsOf(userId: string): Membership[] {
    const rows = this.sql('SELECT group_id, role, delegation FROM memberships WHERE user_id = ? ORDER BY created_at').all(userId) as Array<{
      group_id: string
      role: Role
      delegation: string
    }>
    return rows.map((r) => ({ groupId: r.group_id, userId, role: r.role, delegation: r.delegation }))
  }

  members(groupId: string): MemberView[] {
    const rows = this.sql(
        `SELECT m.user_id, m.role, m.delegation, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.group_id = ? ORDER BY m.role, u.name`,
      )
      .all(groupId) as Array<{ user_id: string; role: Role; delegation: string; name: string; email: string }>
    return rows.map((r) => ({ groupId, userId: r.user_id, role: r.role, delegation: r.delegation, name: r.name, email: r.email }))
  }

  createSession(userId: string, ttlMs: number): { sessionId: string; csrfToken: string; expiresAt: number } {
    const sessionId = randomSecret('pls')
    const csrfToken = randomSecret('csrf')
    const now = Date.now()
    this.sql('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(hashSecret(sessionId), userId, csrfToken, now, now + ttlMs)
    return { sessionId, csrfToken, expiresAt: now + ttlMs }
  }

  /** A live session, or undefined when unknown, revoked or expired. */
  session(sessionId: string): SessionRecord | undefined {
    const row = this.sql('SELECT user_id, csrf_token, expires_at FROM sessions WHERE id_hash = ?').get(hashSecret(sessionId)) as
      | { user_id: string; csrf_token: string; expires_at: number }
      | undefined
    if (!row || row.expires_at <= Date.now()) return undefined
    return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at }
  }

  deleteSession(sessionId: string): void {
    this.sql('DELETE FROM sessions WHERE id_hash = ?').run(hashSecret(sessionId))
  }

  deleteSessionsOf(userId: string): void {
    this.sql('DELETE FROM sessions WHERE user_id = ?').run(userId)
  }

  createToken(userId: string, name: string): { id: string; token: string } {
    const id = randomId()
    const token = randomSecret('plt')
    this.sql('INSERT INTO access_tokens (id, user_id, token_hash, name, created_at) VALUES (?, ?, ?, ?, ?)').run(id, userId, hashSecret(token), name, Date.now())
    return { id, token }
  }

  /** The token's owner, or undefined when unknown or revoked. Records when it was last used. */
  tokenOwner(token: string): { id: string; userId: string } | undefined {
    const row = this.sql('SELECT id, user_id FROM access_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(hashSecret(token)) as
      | { id: string; user_id: string }
      | undefined
    if (!row) return undefined
    try {
      // At most one write a minute per token: connecting must not cost a commit each time.
      this.sql('UPDATE access_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)').run(Date.now(), row.id, Date.now() - 60_000)
    } catch {
      // Only bookkeeping: a full disk must not lock people out.
    }
    return { id: row.id, userId: row.user_id }
  }

  /** Whether the token with this id is still valid (for re-checking open connections). */
  tokenActive(id: string): boolean {
    return !!this.sql('SELECT 1 FROM access_tokens WHERE id = ? AND revoked_at IS NULL').get(id)
  }

  tokensOf(userId: string): TokenRecord[] {
    const rows = this.sql('SELECT * FROM access_tokens WHERE user_id = ? ORDER BY created_at').all(userId) as Array<{
      id: string
      user_id: string
      name: string
      created_at: number
      last_used_at: number | null
      revoked_at: number | null
    }>
    return rows.map((r) => ({ id: r.id, userId: r.user_id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }))
  }

  /** Revokes a token by id (optionally only if owned by userId), or by its clear value. */
  revokeToken(by: { id?: string; token?: string; userId?: string }): boolean {
    const now = Date.now()
    if (by.token) return this.sql('UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(now, hashSecret(by.token)).changes > 0
    if (by.userId) return this.sql('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(now, by.id, by.userId).changes > 0
    return this.sql('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, by.id).changes > 0
  }

  createInvitation(inv: { groupId: string; role: Role; delegation: string; createdBy: string; ttlMs: number }): { token: string; expiresAt: number } {
    const token = randomSecret('inv')
    const now = Date.now()
    this.sql('INSERT INTO invitations (token_hash, group_id, role, delegation, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(hashSecret(token), inv.groupId, inv.role, inv.delegation, inv.createdBy, now, now + inv.ttlMs)
    return { token, expiresAt: now + inv.ttlMs }
  }

  invitation(token: string): InvitationRecord | undefined {
    const row = this.sql('SELECT group_id, role, delegation, expires_at, used_at FROM invitations WHERE token_hash = ?').get(hashSecret(token)) as
      | { group_id: string; role: Role; delegation: string; expires_at: number; used_at: number | null }
      | undefined
    return row && { groupId: row.group_id, role: row.role, delegation: row.delegation, expiresAt: row.expires_at, usedAt: row.used_at }
  }

  /** Marks an unused, unexpired invitation used; false when it was not (so it can be used once only). */
  useInvitation(token: string, userId: string): boolean {
    const now = Date.now()
    return (
      this.sql('UPDATE invitations SET used_at = ?, used_by = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?').run(now, userId, hashSecret(token), now)
        .changes > 0
    )
  }

  createSignInLink(userId: string, ttlMs: number): string {
    const token = randomSecret('lnk')
    this.sql('INSERT INTO sign_in_links (token_hash, user_id, expires_at) VALUES (?, ?, ?)').run(hashSecret(token), userId, Date.now() + ttlMs)
    return token
  }

  /** Uses a one-time sign-in link: the user id, or undefined when unknown, used or expired. */
  consumeSignInLink(token: string): string | undefined {
    const now = Date.now()
    const row = this.sql('SELECT user_id FROM sign_in_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?').get(hashSecret(token), now) as
      | { user_id: string }
      | undefined
    if (!row) return undefined
    const used = this.sql('UPDATE sign_in_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL').run(now, hashSecret(token)).changes
    return used ? row.user_id : undefined
  }
}
