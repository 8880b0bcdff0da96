import type { SignerState, SignerTargetType } from '../../shared/signers/types.js'
import type { Transactional } from '../persistence/Transactional.js'

/**
 * An invitation to co-sign a thread or proposal: a delegation (by name) or a delegation group (by
 * id), and its answer. Times are milliseconds since the epoch.
 */
export interface SignatureRecord {
  id: string
  groupId: string
  documentId: string
  targetType: SignerTargetType
  targetId: string
  signerKind: 'delegation' | 'group'
  /** The delegation's name, or the delegation group's id. */
  signer: string
  state: SignerState
  invitedBy: string
  invitedAt: number
  answeredBy: string | null
  answeredAt: number | null
}

/** A named group of delegations of a working group, defined by the chair. */
export interface DelegationGroupRecord {
  id: string
  groupId: string
  name: string
  delegations: string[]
  coordinator: string
  createdAt: number
}

/** Joint positions: invitations to co-sign and their answers, and the delegation groups that can sign. */
export interface SignerStore extends Transactional {
  signature(id: string): Promise<SignatureRecord | undefined>
  /** A thread's or proposal's signatures, in the order they were invited. */
  signaturesOf(targetType: SignerTargetType, targetId: string): Promise<SignatureRecord[]>
  /** Every signature on a document's threads and proposals, in the order they were invited. */
  signaturesOfDocument(documentId: string): Promise<SignatureRecord[]>
  /** False when this signer was already invited to sign this target. */
  addSignature(signature: SignatureRecord): Promise<boolean>
  /** Records the answer of an invitation still open; false when it was answered or withdrawn meanwhile. */
  answer(id: string, state: Exclude<SignerState, 'invited'>, by: string, at: number): Promise<boolean>
  /** False when there was no such signature. */
  removeSignature(id: string): Promise<boolean>
  /** Whether a delegation group is a signer of anything. */
  groupSigns(delegationGroupId: string): Promise<boolean>
  delegationGroup(id: string): Promise<DelegationGroupRecord | undefined>
  /** A working group's delegation groups, by name. */
  delegationGroups(groupId: string): Promise<DelegationGroupRecord[]>
  /** Creates a delegation group, or replaces its name, delegations and coordinator. False when another group of the working group has this name. */
  saveDelegationGroup(group: DelegationGroupRecord): Promise<boolean>
  deleteDelegationGroup(id: string): Promise<boolean>
}
