import type { Actor, Target } from '../../shared/permissions.js'
import type { DocumentRecord, DocumentStore } from '../documents/DocumentStore.js'
import type { GroupRecord, GroupStore, Membership } from '../groups/GroupStore.js'
import type { User } from './AccountStore.js'
import { notFound } from '../http/DomainError.js'
import { actorIn, documentTarget } from './access.js'
import type { PeriodGate } from '../periods/PeriodGate.js'

/** A document a route acts on, its group, and the caller as an actor there. */
export interface DocumentScope {
  actor: Actor
  target: Target
  doc: DocumentRecord
  group: GroupRecord
  membership?: Membership
  /** Its comment period, if it has one (what the close refuses is decided with it). */
  commentPeriod: { closesAt: number; closed: boolean } | null
}

/** A working group a route acts on, and the caller as an actor there. */
export interface GroupScope {
  actor: Actor
  target: Target
  group: GroupRecord
  membership?: Membership
}

/**
 * Scope resolvers for declared routes: each loads what a route acts on (404 when it does not exist)
 * and the caller's role there; the route's action is then decided by can() in the registration hook.
 */
export function scopes(storage: DocumentStore, groups: GroupStore, periods: Pick<PeriodGate, 'current'>) {
  const inGroup = async (user: User, group: GroupRecord) => {
    const { actor, membership } = await actorIn(groups, user, group.id)
    return { actor, membership, group }
  }
  const group = async (user: User, id: string): Promise<GroupScope> => {
    const found = await groups.getGroup(id)
    if (!found) throw notFound('group_not_found', `no group with id "${id}"`)
    const scope = await inGroup(user, found)
    return { ...scope, target: { observersMayComment: found.observersMayComment } }
  }
  const document = async (user: User, id: string): Promise<DocumentScope> => {
    const doc = await storage.getDocument(id)
    if (!doc) throw notFound('document_not_found', `no document with id "${id}"`)
    const scope = await inGroup(user, (await groups.getGroup(doc.groupId))!)
    const commentPeriod = await periods.current(doc.id)
    return { ...scope, doc, commentPeriod, target: documentTarget(doc, scope.group, commentPeriod?.closed) }
  }
  return { group, document }
}

export type Scopes = ReturnType<typeof scopes>
