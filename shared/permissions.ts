/**
 * Who may do what: the one place authorization is decided. The server calls can() on every
 * request and websocket message; the client calls the same function only to hide controls the
 * server would refuse.
 */

/** A person's role in one working group. */
export const ROLES = ['chair', 'member', 'dg-office', 'observer'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  chair: 'Chairperson',
  member: 'Member delegation',
  'dg-office': 'DG office',
  observer: 'Observer',
}

/** Roles that may edit a document unless the chair changes it. */
export const DEFAULT_EDIT_ROLES: readonly Role[] = ['chair', 'member', 'dg-office']

/** Who is acting: a server-wide admin flag and their role in the group concerned (null: not a member). */
export interface Actor {
  userId: string
  isAdmin: boolean
  role: Role | null
}

/** What is acted on. Only the fields an action's rule reads need to be present. */
export interface Target {
  /** Roles allowed to edit this document (documents.edit_roles). */
  editRoles?: readonly Role[]
  /** Whether the chair lets observers comment in this group. */
  observersMayComment?: boolean
  /** The author of the message acted on. */
  authorId?: string
}

type Rule =
  | { roles: readonly Role[]; admin?: boolean }
  | { rule: (actor: Actor, target: Target) => boolean; describe: string }

const everyone: readonly Role[] = ROLES
const chairOnly: readonly Role[] = ['chair']

/** The roles × actions table. `admin: true` lets a server admin act without a role in the group. */
export const PERMISSIONS = {
  'group.create': { roles: [], admin: true },
  'group.read': { roles: everyone, admin: true },
  'group.manageMembers': { roles: chairOnly, admin: true },
  'group.appointChair': { roles: [], admin: true },
  'group.invite': { roles: chairOnly, admin: true },
  'group.settings': { roles: chairOnly, admin: true },
  'document.read': { roles: everyone, admin: true },
  'document.create': { roles: chairOnly },
  'document.rename': { roles: chairOnly },
  'document.delete': { roles: chairOnly },
  'document.setPermissions': { roles: chairOnly },
  'document.edit': {
    rule: (a, t) => a.role !== null && (t.editRoles ?? DEFAULT_EDIT_ROLES).includes(a.role),
    describe: 'roles listed in the document’s edit roles',
  },
  'comment.create': {
    rule: (a, t) => a.role !== null && (a.role !== 'observer' || t.observersMayComment === true),
    describe: 'chair, members, DG office; observers when the chair allows',
  },
  'comment.reply': {
    rule: (a, t) => a.role !== null && (a.role !== 'observer' || t.observersMayComment === true),
    describe: 'whoever may comment, on threads that are not locked',
  },
  'comment.editOwn': { rule: (a, t) => a.role !== null && a.userId === t.authorId, describe: 'the author of the message' },
  'comment.deleteOwn': { rule: (a, t) => a.role !== null && a.userId === t.authorId, describe: 'the author of the message' },
  'comment.resolve': { rule: (a, t) => a.role === 'chair' || (a.role !== null && a.userId === t.authorId), describe: 'the chair or the thread author' },
  'comment.flag': {
    rule: (a, t) => a.role !== null && (a.role !== 'observer' || t.observersMayComment === true),
    describe: 'whoever may comment',
  },
  'comment.moderate': { roles: chairOnly },
  'version.read': { roles: everyone, admin: true },
  'version.save': { roles: ['chair', 'dg-office'] },
  'version.restore': { roles: chairOnly },
  'feedback.post': { roles: ['dg-office'] },
  'feedback.pin': { roles: chairOnly },
  'feedback.acknowledge': { roles: ['chair', 'member', 'observer'] },
  'feedback.labels': { roles: ['chair', 'dg-office'] },
} as const satisfies Record<string, Rule>

export type Action = keyof typeof PERMISSIONS

/** True when the actor may perform the action on the target. */
export function can(actor: Actor | null, action: Action, target: Target = {}): boolean {
  if (!actor) return false
  const rule: Rule = PERMISSIONS[action]
  if ('rule' in rule) return rule.rule(actor, target)
  if (rule.admin && actor.isAdmin) return true
  return actor.role !== null && rule.roles.includes(actor.role)
}

/** Every action with whether the actor may do it: what the server sends the client to show. */
export function capabilities(actor: Actor | null, target: Target = {}): Record<Action, boolean> {
  return Object.fromEntries((Object.keys(PERMISSIONS) as Action[]).map((a) => [a, can(actor, a, target)])) as Record<Action, boolean>
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
