import type { Role } from '../../../shared/permissions.js'
import type { InvitationRecord, InvitationStore } from '../../invitations/InvitationStore.js'
import { hashSecret, randomSecret } from '../../auth/secrets.js'
import { PostgresStore } from './PostgresStore.js'

/** Invitations in the invitations table (migrations/invitations.ts), by the SHA-256 of their token. */
export class PostgresInvitationStore extends PostgresStore implements InvitationStore {
  async createInvitation(inv: { groupId: string; role: Role; delegation: string; createdBy: string; ttlMs: number }): Promise<{ token: string; expiresAt: number }> {
    const token = randomSecret('inv')
    const now = Date.now()
    await this.db.query('INSERT INTO invitations (token_hash, group_id, role, delegation, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      hashSecret(token), inv.groupId, inv.role, inv.delegation, inv.createdBy, now, now + inv.ttlMs,
    ])
    return { token, expiresAt: now + inv.ttlMs }
  }

  invitation(token: string): Promise<InvitationRecord | undefined> {
    return this.db.row<InvitationRecord>('SELECT group_id AS "groupId", role, delegation, expires_at AS "expiresAt", used_at AS "usedAt" FROM invitations WHERE token_hash = $1', [hashSecret(token)])
  }

  async useInvitation(token: string, userId: string): Promise<boolean> {
    const now = Date.now()
    return (await this.db.changes('UPDATE invitations SET used_at = $1, used_by = $2 WHERE token_hash = $3 AND used_at IS NULL AND expires_at > $1', [now, userId, hashSecret(token)])) > 0
  }
}
