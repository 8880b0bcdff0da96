import { z } from 'zod'
import type { PersonView } from '../comments/types.js'

/** invited: waiting for the invited delegation (or the group's coordinator) to answer. */
export const SIGNER_STATES = ['invited', 'confirmed', 'declined'] as const
export type SignerState = (typeof SIGNER_STATES)[number]

/** What can be signed jointly: a comment thread, or a proposal, of a document. */
export const SIGNER_TARGETS = ['thread', 'proposal'] as const
export type SignerTargetType = (typeof SIGNER_TARGETS)[number]

/** Longest delegation or delegation group name. */
export const MAX_DELEGATION_NAME = 120

const delegationName = z.string().trim().min(1, 'name a delegation').max(MAX_DELEGATION_NAME)

/**
 * POST /api/documents/:id/signers: invite a delegation, or a delegation group, to co-sign a thread
 * or proposal. Exactly one of delegation and delegationGroupId.
 */
export const InviteSignerSchema = z
  .strictObject({
    targetType: z.enum(SIGNER_TARGETS),
    targetId: z.string().min(1).max(100),
    delegation: delegationName.optional(),
    delegationGroupId: z.string().min(1).max(64).optional(),
  })
  .refine((b) => (b.delegation === undefined) !== (b.delegationGroupId === undefined), { message: 'invite either a delegation or a delegation group' })

/** POST /api/documents/:id/signers/:signerId/answer: the invited delegation confirms or declines. */
export const AnswerSignerSchema = z.strictObject({ answer: z.enum(['confirm', 'decline']) })

/** A delegation group as the chair defines it: its delegations, one of them its coordinator (who answers for it). */
/** A group's name as people read it: composed (NFC), without control or invisible characters (a "Brazil\u200b" beside "Brazil"). */
const groupName = delegationName.normalize('NFC').refine((name) => !/[\p{Cc}\p{Cf}]/u.test(name), 'a name without control or invisible characters')

export const DelegationGroupSchema = z
  .strictObject({
    name: groupName,
    delegations: z.array(delegationName).min(2, 'a group has at least two delegations').max(200),
    coordinator: delegationName,
  })
  .refine((g) => g.delegations.includes(g.coordinator), { message: 'the coordinator must be one of the group’s delegations', path: ['coordinator'] })
  .refine((g) => new Set(g.delegations).size === g.delegations.length, { message: 'a delegation is listed twice', path: ['delegations'] })

export type DelegationGroupInput = z.infer<typeof DelegationGroupSchema>

/** A named group of delegations that often speak together ("GRULAC", "EU and its Member States"). */
export interface DelegationGroupView {
  id: string
  groupId: string
  name: string
  delegations: string[]
  /** The delegation whose members confirm or decline for the group. */
  coordinator: string
  createdAt: string
}

/**
 * A co-signer of a thread or proposal as one viewer sees it: a delegation, or a delegation group
 * (shown under its name, speaking for each of its delegations).
 */
export interface SignerView {
  id: string
  kind: 'delegation' | 'group'
  /** The delegation's name, or the group's. */
  name: string
  /** The delegations it speaks for: the delegation itself, or the group's delegations. */
  delegations: string[]
  /** For a group: its id. */
  delegationGroupId: string | null
  state: SignerState
  invitedBy: PersonView
  invitedAt: string
  answeredBy: PersonView | null
  answeredAt: string | null
  /** Whether this viewer may confirm or decline it (a member of the invited delegation, or of the group's coordinator). */
  mayAnswer: boolean
  /** Whether this viewer may withdraw the invitation (the author's delegation). */
  mayWithdraw: boolean
}
