import type { Actor, Action, Target } from '../../shared/permissions.js'
import { can, capabilities } from '../../shared/permissions.js'
import type { DocumentRecord } from '../documents/DocumentStore.js'
import type { GroupRecord, GroupStore, Membership } from '../groups/GroupStore.js'
import type { User } from './AccountStore.js'
import { forbidden } from '../http/DomainError.js'

/** A user as an actor in one group: their role there (null when not a member) and the admin flag. */
export async function actorIn(groups: Pick<GroupStore, 'membership'>, user: User, groupId: string): Promise<{ actor: Actor; membership?: Membership }> {
  const membership = await groups.membership(groupId, user.id)
  return { actor: { userId: user.id, isAdmin: user.isAdmin, role: membership?.role ?? null }, membership }
}

/** From how many viewers an event's presentation reads the whole group's roles at once rather than each viewer's. */
export const ROSTER_FROM = 16

/** A user's role in one group as an actor, with their delegation there ('' when none). */
export interface RoleInGroup {
  actor: Actor
  delegation: string
}

/**
 * The roles of many users in one group (an event shown to a crowd's streams), each read once: for
 * `viewers` from ROSTER_FROM, one query answers every member's; below, one query per user.
 */
export function actorsIn(groups: Pick<GroupStore, 'membership' | 'membershipsIn'>, groupId: string, viewers: number): (user: User) => Promise<RoleInGroup> {
  const roles = new Map<string, Promise<RoleInGroup>>()
  let roster: Promise<Map<string, Membership>> | undefined
  const rosterOf = () => (roster ??= groups.membershipsIn(groupId).then((all) => new Map(all.map((m) => [m.userId, m]))))
  const membershipOf = (user: User) => (viewers >= ROSTER_FROM ? rosterOf().then((all) => all.get(user.id)) : groups.membership(groupId, user.id))
  return (user) => {
    let role = roles.get(user.id)
    if (!role) {
      role = membershipOf(user).then((m) => ({ actor: { userId: user.id, isAdmin: user.isAdmin, role: m?.role ?? null }, delegation: m?.delegation ?? '' }))
      roles.set(user.id, role)
    }
    return role
  }
}

/** What a user may do with a document, as decided by the shared permission table. */
export interface DocumentAccess {
  actor: Actor
  membership?: Membership
  canRead: boolean
  canEdit: boolean
  canComment: boolean
  capabilities: Record<Action, boolean>
  /** When the edit rights end (or ended) by themselves: the closing time of the comment period, for a role that may not edit after it. */
  editUntil?: number
}

/** A document's current comment period as the rules read it: when it closes, and whether that has passed. */
export interface PeriodState {
  closesAt: number
  closed: boolean
}

/** What the permission rules read of a document and its group (and whether its comment period has closed, when the caller knows). */
export function documentTarget(doc: DocumentRecord, group: Pick<GroupRecord, 'observersMayComment'> | undefined, commentPeriodClosed?: boolean): Target {
  return { editRoles: doc.editRoles, observersMayComment: group?.observersMayComment, mode: doc.mode, ...(commentPeriodClosed && { commentPeriodClosed }) }
}

/** A user's rights on a document (websocket upgrades and their re-checks, version events), with its comment period when given. */
export async function documentAccess(groups: Pick<GroupStore, 'membership' | 'getGroup'>, user: User, doc: DocumentRecord, period?: PeriodState | null): Promise<DocumentAccess> {
  const group = await groups.getGroup(doc.groupId)
  const { actor, membership } = await actorIn(groups, user, doc.groupId)
  const target = documentTarget(doc, group, period?.closed)
  const canEdit = can(actor, 'document.edit', target)
  const endsAtClose = !!period && can(actor, 'document.edit', { ...target, commentPeriodClosed: false }) && !can(actor, 'document.edit', { ...target, commentPeriodClosed: true })
  return {
    actor,
    membership,
    ...(endsAtClose && { editUntil: period.closesAt }),
    canRead: can(actor, 'document.read', target),
    canEdit,
    canComment: can(actor, 'comment.create', target),
    capabilities: capabilities(actor, target),
  }
}

/**
 * The one authorize, for a rule that depends on state a service loads (routes decide theirs in the
 * registration hook): 403 forbidden unless the actor may perform the action.
 */
export function authorize(actor: Actor, action: Action, target: Target = {}): void {
  if (!can(actor, action, target)) throw forbidden(refusal(action))
}

/** The message of a 403: which permission of the table the caller's role lacks. */
export function refusal(action: Action): string {
  return `your role in this group does not allow this (permission "${action}")`
}
