import type { Role } from '../../../shared/permissions.js'
import type { InvitationRecord, InvitationStore } from '../../invitations/InvitationStore.js'
import type { SqliteDatabase } from './SqliteDatabase.js'
import { hashSecret, randomSecret } from '../../auth/secrets.js'
import type { Synchronous } from './asyncStore.js'

/** Invitations in the invitations table (migrations/invitations.ts), by the SHA-256 of their token. */
export class SqliteInvitationStore implements Synchronous<InvitationStore> {
  constructor(private readonly db: SqliteDatabase) {}

  createInvitation(inv: { groupId: string; role: Role; delegation: string; createdBy: string; ttlMs: number }): { token: string; expiresAt: number } {
    const token = randomSecret('inv')
    const now = Date.now()
    this.db
      .statement('INSERT INTO invitations (token_hash, group_id, role, delegation, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(hashSecret(token), inv.groupId, inv.role, inv.delegation, inv.createdBy, now, now + inv.ttlMs)
    return { token, expiresAt: now + inv.ttlMs }
  }

  invitation(token: string): InvitationRecord | undefined {
    return this.db
      .statement('SELECT group_id AS groupId, role, delegation, expires_at AS expiresAt, used_at AS usedAt FROM invitations WHERE token_hash = ?')
      .get(hashSecret(token)) as InvitationRecord | undefined
  }

  useInvitation(token: string, userId: string): boolean {
    const now = Date.now()
    return this.db.statement('UPDATE invitations SET used_at = ?, used_by = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?').run(now, userId, hashSecret(token), now).changes > 0
  }
}
