import type { Actor, Action } from '../../shared/permissions.js'
import { can, capabilities } from '../../shared/permissions.js'
import type { DocumentRecord, GroupRecord, Storage } from '../persistence/Storage.js'
import type { AccountStore, Membership, User } from './AccountStore.js'
import { HttpError } from '../http/HttpError.js'

/** A user as an actor in one group. */
export function actorIn(accounts: AccountStore, user: User, groupId: string): { actor: Actor; membership?: Membership } {
  const membership = accounts.membership(groupId, user.id)
  return { actor: { userId: user.id, isAdmin: user.isAdmin, role: membership?.role ?? null }, membership }
}

/** What a user may do with a document, as decided by the shared permission table. */
export interface DocumentAccess {
  actor: Actor
  membership?: Membership
  canRead: boolean
  canEdit: boolean
  canComment: boolean
  capabilities: Record<Action, boolean>
}

export function documentAccess(storage: Storage, accounts: AccountStore, user: User, doc: DocumentRecord): DocumentAccess {
  const group = storage.getGroup(doc.groupId) as GroupRecord
  const { actor, membership } = actorIn(accounts, user, doc.groupId)
  const target = { editRoles: doc.editRoles, observersMayComment: group?.observersMayComment }
  return {
    actor,
    membership,
    canRead: can(actor, 'document.read', target),
    canEdit: can(actor, 'document.edit', target),
    canComment: can(actor, 'comment.create', target),
    capabilities: capabilities(actor, target),
  }
}

/** A document the user may read, and their access to it: 404 when there is no such document, 403 when they may not read it. */
export function readableDocument(storage: Storage, accounts: AccountStore, user: User, id: string): { doc: DocumentRecord; access: DocumentAccess } {
  const doc = storage.getDocument(id)
  if (!doc) throw new HttpError(404, 'document_not_found', `no document with id "${id}"`)
  const access = documentAccess(storage, accounts, user, doc)
  authorize(access.actor, 'document.read')
  return { doc, access }
}

/**
 * The group a new document goes into: the one asked for, or the caller's only group. 400 when it
 * is ambiguous, 404 when unknown, 403 unless the caller may create documents there.
 */
export function groupForNewDocument(storage: Storage, accounts: AccountStore, user: User, requested: string | undefined): string {
  const groups = storage.listGroups().filter((g) => accounts.membership(g.id, user.id) || user.isAdmin)
  const groupId = requested ?? (groups.length === 1 ? groups[0].id : undefined)
  if (!groupId) throw new HttpError(400, 'group_required', 'groupId is required when you belong to more than one group')
  if (!storage.getGroup(groupId)) throw new HttpError(404, 'group_not_found', `no group with id "${groupId}"`)
  authorize(actorIn(accounts, user, groupId).actor, 'document.create')
  return groupId
}

/** Throws 403 unless the actor may perform the action. */
export function authorize(actor: Actor, action: Action, target: Parameters<typeof can>[2] = {}): void {
  if (!can(actor, action, target)) throw new HttpError(403, 'forbidden', `your role may not ${action.replace('.', ' ')}`)
}
