import type { User } from '../auth/AccountStore.js'
import type { GroupStore, Membership } from '../groups/GroupStore.js'
import type { DocumentRecord } from '../documents/DocumentStore.js'
import type { ChangeEvent, EventHub } from '../events/EventHub.js'
import type { CommentStore } from '../comments/CommentStore.js'
import type { ThreadEvents } from '../comments/ThreadEvents.js'
import type { ThreadService } from '../comments/ThreadService.js'
import type { AmendmentService } from '../amendments/AmendmentService.js'
import type { NotificationRecord, NotificationStore } from '../notifications/NotificationStore.js'
import { conflict, invalid, notFound } from '../http/DomainError.js'
import { randomId } from '../auth/secrets.js'
import type { ThreadView } from '../../shared/comments/types.js'
import type { ProposalView } from '../../shared/amendments/types.js'
import type { SignerTargetType } from '../../shared/signers/types.js'
import type { DelegationGroupRecord, SignatureRecord, SignerStore } from './SignerStore.js'
import { answeringDelegations, type SignedTarget } from './SignerPresenter.js'

export interface SignerDeps {
  store: SignerStore
  groups: Pick<GroupStore, 'membership' | 'members'>
  comments: Pick<CommentStore, 'thread' | 'firstMessage'>
  threads: Pick<ThreadService, 'threadVisibleTo' | 'threadFor'>
  threadEvents: ThreadEvents
  amendments: Pick<AmendmentService, 'openProposal' | 'get'>
  notifications: Pick<NotificationStore, 'insert'>
  hub: EventHub
}

/** A thread or open proposal of a document that can be signed jointly. */
export interface ResolvedTarget extends SignedTarget {
  type: SignerTargetType
  id: string
  documentId: string
}

/** A signature of a document, its target, and (for a group signer) the group. */
export interface ResolvedSignature {
  signature: SignatureRecord
  target: ResolvedTarget
  group: DelegationGroupRecord | undefined
}

/** What the signers' routes answer: the thread or proposal as the caller now sees it. */
export type SignedView = ThreadView | ProposalView

/**
 * Joint positions: the author's delegation invites other delegations (or delegation groups) to
 * co-sign a comment thread or an open proposal; the invited delegation confirms or declines. Each
 * change is stored with the change event of its thread (or of the document's proposals) in one
 * transaction, so every open stream sees the new signers; invited delegations are notified. The
 * routes have decided who may (shared/permissions.ts); this decides what may happen now.
 */
export class SignerService {
  constructor(private readonly deps: SignerDeps) {}

  /** The thread or open proposal of this document that this user can see; 404 otherwise (another document's look the same). */
  async target(user: User, doc: DocumentRecord, type: SignerTargetType, id: string): Promise<ResolvedTarget> {
    if (type === 'proposal') {
      const proposal = await this.deps.amendments.openProposal(doc.id, id)
      return { type, id, documentId: doc.id, groupId: doc.groupId, authorId: proposal.authorId, authorDelegation: proposal.delegation }
    }
    const thread = await this.deps.comments.thread(id)
    if (!thread || thread.targetType !== 'document' || thread.targetId !== doc.id || !(await this.deps.threads.threadVisibleTo(user, id)))
      throw notFound('thread_not_found', `no thread "${id}" in this document`)
    const authorDelegation = (await this.deps.groups.membership(thread.groupId, thread.authorId))?.delegation || null
    return { type, id, documentId: doc.id, groupId: doc.groupId, authorId: thread.authorId, authorDelegation }
  }

  /** A signature of this document with its target; 404 otherwise. */
  async signature(user: User, doc: DocumentRecord, signatureId: string): Promise<ResolvedSignature> {
    const signature = await this.deps.store.signature(signatureId)
    if (!signature || signature.documentId !== doc.id) throw notFound('signer_not_found', `no co-signer "${signatureId}" in this document`)
    const target = await this.target(user, doc, signature.targetType, signature.targetId)
    const group = signature.signerKind === 'group' ? await this.deps.store.delegationGroup(signature.signer) : undefined
    return { signature, target, group }
  }

  /** Whose members answer this signature: the invited delegation's, or its group's coordinator's. */
  answering(s: ResolvedSignature): string[] {
    return answeringDelegations(s.signature, s.group)
  }

  /**
   * Invites a delegation of the group (400 when it has no member delegate, or is the author's own)
   * or a delegation group of it (404 otherwise); 409 when already invited. Notifies the members of
   * the delegation that will answer.
   */
  async invite(user: User, doc: DocumentRecord, target: ResolvedTarget, signer: { delegation?: string; delegationGroupId?: string }): Promise<SignedView> {
    const { store } = this.deps
    let answering: string
    let record: Pick<SignatureRecord, 'signerKind' | 'signer'>
    if (signer.delegationGroupId !== undefined) {
      const group = await store.delegationGroup(signer.delegationGroupId)
      if (!group || group.groupId !== doc.groupId) throw notFound('delegation_group_not_found', `no delegation group "${signer.delegationGroupId}" in this working group`)
      // A group the author's own delegation coordinates would confirm its own invitation.
      if (group.coordinator === target.authorDelegation) throw invalid('own_delegation', 'your delegation coordinates this group: invite another delegation or group')
      record = { signerKind: 'group', signer: group.id }
      answering = group.coordinator
    } else {
      const delegation = signer.delegation!
      if (delegation === target.authorDelegation) throw invalid('own_delegation', 'this is already your delegation’s; invite another delegation')
      if (!(await this.delegationsOf(doc.groupId)).includes(delegation)) throw invalid('unknown_delegation', `no member delegation "${delegation}" in this working group`)
      record = { signerKind: 'delegation', signer: delegation }
      answering = delegation
    }
    await this.change(target, async (events) => {
      const signature: SignatureRecord = {
        ...record,
        id: randomId(),
        groupId: doc.groupId,
        documentId: doc.id,
        targetType: target.type,
        targetId: target.id,
        state: 'invited',
        invitedBy: user.id,
        invitedAt: Date.now(),
        answeredBy: null,
        answeredAt: null,
      }
      if (!(await store.addSignature(signature))) throw conflict('already_invited', 'this signer is already invited; withdraw the invitation first to invite again')
      await this.notify(events, target, user.id, 'cosign', (m) => m.role === 'member' && m.delegation === answering)
    })
    return this.viewOf(user, doc, target)
  }

  /** The invited delegation confirms or declines (409 when already answered). */
  async answer(user: User, doc: DocumentRecord, s: ResolvedSignature, answer: 'confirm' | 'decline'): Promise<SignedView> {
    await this.change(s.target, async (events) => {
      if (!(await this.deps.store.answer(s.signature.id, answer === 'confirm' ? 'confirmed' : 'declined', user.id, Date.now())))
        throw conflict('already_answered', 'this invitation was already answered')
      const told = [...new Set([s.signature.invitedBy, s.target.authorId])].filter((id) => id !== user.id)
      await this.notify(events, s.target, user.id, answer === 'confirm' ? 'cosignConfirmed' : 'cosignDeclined', (m) => told.includes(m.userId))
    })
    return this.viewOf(user, doc, s.target)
  }

  /** The author's delegation withdraws an invitation, answered or not (a confirmed co-signer leaves the joint position). */
  async withdraw(user: User, doc: DocumentRecord, s: ResolvedSignature): Promise<SignedView> {
    await this.change(s.target, async () => {
      if (!(await this.deps.store.removeSignature(s.signature.id))) throw notFound('signer_not_found', `no co-signer "${s.signature.id}" in this document`)
    })
    return this.viewOf(user, doc, s.target)
  }

  /** The delegations of the group's member delegates, by name: whom a joint position can be signed with. */
  async delegationsOf(groupId: string): Promise<string[]> {
    const members = await this.deps.groups.members(groupId)
    return [...new Set(members.filter((m) => m.role === 'member' && m.delegation).map((m) => m.delegation))].sort()
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private viewOf(user: User, doc: DocumentRecord, target: ResolvedTarget): Promise<SignedView> {
    return target.type === 'thread' ? this.deps.threads.threadFor(user, target.id) : this.deps.amendments.get(user, doc, target.id)
  }

  /** Writes a change with the event of its thread, or of the document's proposals, in one transaction; then publishes it. */
  private change(target: ResolvedTarget, fn: (events: ChangeEvent[]) => Promise<void>): Promise<void> {
    if (target.type === 'thread') return this.deps.threadEvents.changeThread({ id: target.id, groupId: target.groupId }, fn)
    return this.deps.hub.change(this.deps.store, async (events) => {
      await fn(events)
      events.push(await this.deps.hub.record(target.groupId, 'proposals', target.documentId))
    })
  }

  /**
   * Tells these members of the group (never the actor) on their notification bell: the invited
   * delegation's members, or the inviter and author of an answered invitation. Threads only: a
   * notification leads to a thread (proposals show their invitations in the proposals panel).
   */
  private async notify(events: ChangeEvent[], target: ResolvedTarget, actorId: string, kind: NotificationRecord['kind'], who: (m: Membership) => boolean): Promise<void> {
    if (target.type !== 'thread') return
    const first = await this.deps.comments.firstMessage(target.id)
    if (!first) return
    const members = (await this.deps.groups.members(target.groupId)).filter((m) => who(m) && m.userId !== actorId)
    for (const m of members) {
      const id = await this.deps.notifications.insert({ userId: m.userId, kind, threadId: target.id, messageId: first.id, actorId })
      events.push(await this.deps.hub.record(target.groupId, 'notification', id, m.userId))
    }
  }
}
