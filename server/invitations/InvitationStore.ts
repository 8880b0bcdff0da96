import type { Role } from '../../shared/permissions.js'
import type { Transactional } from '../persistence/Transactional.js'

/** A single-use link to join a group with a role and delegation. */
export interface InvitationRecord {
  groupId: string
  role: Role
  delegation: string
  expiresAt: number
  usedAt: number | null
}

/** Invitations, stored by the hash of their token: the clear token is returned once, when created. */
export interface InvitationStore extends Transactional {
  createInvitation(inv: { groupId: string; role: Role; delegation: string; createdBy: string; ttlMs: number }): Promise<{ token: string; expiresAt: number }>
  invitation(token: string): Promise<InvitationRecord | undefined>
  /** Marks an unused, unexpired invitation used by userId; false when it was not (so it is used once only). */
  useInvitation(token: string, userId: string): Promise<boolean>
}
