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
  /** Whether the chair has locked the thread acted on. */
  locked?: boolean
  /** The role the member acted on has now (changing or removing a member). */
  memberRole?: Role
  /** The role given to someone (adding or changing a member, inviting). */
  grantedRole?: Role
  /** Whether a change of group settings turns pre-moderation on or off. */
  changesPreModeration?: boolean
  /** The document's editing mode: in 'amendments', changes to the agreed text are proposals. */
  mode?: 'open' | 'amendments'
  /** Whether the document's comment period has closed (its closing time has passed). */
  commentPeriodClosed?: boolean
  /** The delegation of the comment or proposal acted on (its author's when made): joint positions. */
  authorDelegation?: string | null
  /** The actor's own delegation in the group. */
  actorDelegation?: string
  /** The delegations whose members may answer an invitation to co-sign (the invited one, or a group's coordinator). */
  answeringDelegations?: readonly string[]
}

type Rule =
  | { roles: readonly Role[]; admin?: boolean }
  | { rule: (actor: Actor, target: Target) => boolean; describe: string }

const everyone: readonly Role[] = ROLES
const chairOnly: readonly Role[] = ['chair']

/** Who may write comments: any member, observers only when the chair allows. */
const mayComment = (a: Actor, t: Target) => a.role !== null && (a.role !== 'observer' || t.observersMayComment === true)
/** Who still comments, replies, edits and proposes once a comment period has closed: the chair and the DG office (the secretariat answering). */
const AFTER_CLOSE: readonly Role[] = ['chair', 'dg-office']
/** Before a comment period closes anyone; after it, only the roles that answer. */
const periodAllows = (a: Actor, t: Target) => t.commentPeriodClosed !== true || (a.role !== null && AFTER_CLOSE.includes(a.role))
/** Roles listed in the document's edit roles (after a comment period closed, only those that answer). */
const mayEdit = (a: Actor, t: Target) => a.role !== null && (t.editRoles ?? DEFAULT_EDIT_ROLES).includes(a.role) && periodAllows(a, t)
/** Whoever may comment, while the comment period is open (after it, the chair and the DG office). */
const mayCommentNow = (a: Actor, t: Target) => mayComment(a, t) && periodAllows(a, t)
/** The chair, or the author of what is acted on while still a member. */
const chairOrAuthor = (a: Actor, t: Target) => a.role === 'chair' || (a.role !== null && a.userId === t.authorId)

/** A member delegation acting for the comment or proposal's delegation: its author, or another member of that delegation. */
const forAuthorsDelegation = (a: Actor, t: Target) =>
  a.role === 'member' && (a.userId === t.authorId || (!!t.actorDelegation && t.actorDelegation === t.authorDelegation))

/** Who manages a group's members, and who alone may make someone chair or change a chair. */
const MANAGE_MEMBERS = { roles: chairOnly, admin: true }
const APPOINT_CHAIR = { roles: [] as readonly Role[], admin: true }
const holds = (a: Actor, r: { roles: readonly Role[]; admin?: boolean }) => (!!r.admin && a.isAdmin) || (a.role !== null && r.roles.includes(a.role))
/** A member change concerns a chair when the member is chair or is made chair. */
const concernsChair = (t: Target) => t.memberRole === 'chair' || t.grantedRole === 'chair'

/** The roles × actions table. `admin: true` lets a server admin act without a role in the group. */
export const PERMISSIONS = {
  'group.create': { roles: [], admin: true },
  'group.read': { roles: everyone, admin: true },
  'group.manageMembers': MANAGE_MEMBERS,
  'group.appointChair': APPOINT_CHAIR,
  'group.changeMember': {
    rule: (a, t) => holds(a, MANAGE_MEMBERS) && (!concernsChair(t) || holds(a, APPOINT_CHAIR)),
    describe: 'the chair or an admin adds, changes and removes members; only an admin when the member is or becomes chair',
  },
  'group.invite': {
    rule: (a, t) => holds(a, MANAGE_MEMBERS) && (t.grantedRole !== 'chair' || holds(a, APPOINT_CHAIR)),
    describe: 'the chair or an admin; only an admin invites a chair',
  },
  'group.settings': {
    rule: (a, t) => holds(a, MANAGE_MEMBERS) && (!t.changesPreModeration || a.role === 'chair'),
    describe: 'the chair or an admin; pre-moderation only the chair',
  },
  /** The group's Word template, which Word and PDF exports take their look from. */
  'group.template': MANAGE_MEMBERS,
  'document.read': { roles: everyone, admin: true },
  'document.create': { roles: chairOnly },
  'document.rename': { roles: chairOnly },
  'document.delete': { roles: chairOnly },
  'document.setPermissions': { roles: chairOnly },
  'document.edit': { rule: mayEdit, describe: 'roles listed in the document’s edit roles; after a comment period closed, only the chair and the DG office among them' },
  'document.setMode': { roles: chairOnly },
  'document.setLanguage': { roles: chairOnly },
  /** The paper's header fields (symbol, distribution, date, session): the chair and the secretariat that issues the paper. */
  'document.setPaper': { roles: ['chair', 'dg-office'] },
  'document.editAgreed': {
    rule: (a, t) => mayEdit(a, t) && (t.mode !== 'amendments' || a.role === 'chair'),
    describe: 'who may edit changes the agreed text directly; in amendments mode only the chair (the others propose)',
  },
  'proposal.create': { rule: mayEdit, describe: 'whoever may edit proposes (in amendments mode, or choosing to suggest); after a comment period closed, only the chair and the DG office' },
  'proposal.support': { rule: (a, t) => a.role === 'member' && periodAllows(a, t), describe: 'member delegations, while the comment period is open' },
  'proposal.withdraw': { rule: (a, t) => a.role !== null && a.userId === t.authorId && periodAllows(a, t), describe: 'the author of the proposal (after a comment period closed, only the chair and the DG office)' },
  'proposal.decide': { roles: chairOnly },
  'signer.invite': { rule: (a, t) => forAuthorsDelegation(a, t) && periodAllows(a, t), describe: 'a member of the author’s delegation invites other delegations (or groups) to co-sign, while the comment period is open' },
  'signer.withdraw': { rule: (a, t) => forAuthorsDelegation(a, t) && periodAllows(a, t), describe: 'a member of the author’s delegation withdraws an invitation to co-sign, while the comment period is open' },
  'signer.answer': {
    rule: (a, t) => a.role === 'member' && !!t.actorDelegation && (t.answeringDelegations ?? []).includes(t.actorDelegation) && periodAllows(a, t),
    describe: 'a member of the invited delegation (for a group, of its coordinator) confirms or declines, while the comment period is open',
  },
  'delegationGroup.read': { roles: everyone, admin: true },
  'delegationGroup.manage': { roles: chairOnly },
  'comment.create': { rule: mayCommentNow, describe: 'chair, members, DG office; observers when the chair allows; after a comment period closed, the chair and the DG office' },
  'comment.reply': { rule: mayCommentNow, describe: 'whoever may comment (and, in a locked thread, comment.replyLocked); after a comment period closed, the chair and the DG office' },
  'comment.replyLocked': { rule: (a, t) => t.locked !== true || a.role === 'chair', describe: 'anyone in a thread that is not locked; only the chair in a locked one' },
  'comment.editOwn': { rule: (a, t) => a.role !== null && a.userId === t.authorId && periodAllows(a, t), describe: 'the author of the message (after a comment period closed, only the chair and the DG office)' },
  'comment.delete': { rule: (a, t) => chairOrAuthor(a, t) && periodAllows(a, t), describe: 'the author of the message, or the chair (logged); after a comment period closed, the chair (and the DG office its own)' },
  'comment.resolve': { rule: (a, t) => chairOrAuthor(a, t) && periodAllows(a, t), describe: 'the chair or the thread author (after a comment period closed, the chair, and the DG office its own)' },
  'comment.flag': { rule: mayComment, describe: 'whoever may comment' },
  'comment.seeWithheld': {
    rule: (a, t) => a.role === 'chair' || a.userId === t.authorId,
    describe: 'the text of a pending, rejected or hidden message and the chair’s reason: its author and the chair',
  },
  'comment.markAnswered': { roles: ['chair', 'dg-office'] },
  'comment.moderate': { roles: chairOnly },
  'moderation.view': { roles: chairOnly },
  'commentPeriod.read': { roles: everyone, admin: true },
  'commentPeriod.manage': { roles: chairOnly },
  'version.read': { roles: everyone, admin: true },
  'version.save': { roles: ['chair', 'dg-office'] },
  'version.restore': { roles: chairOnly },
  'feedback.post': { roles: ['dg-office'] },
  'feedback.pin': { roles: chairOnly },
  'feedback.acknowledge': { roles: ['chair', 'member', 'observer'] },
  'feedback.labels': { roles: ['chair', 'dg-office'] },
  'feedback.seeAcks': { roles: ['chair', 'dg-office'] },
  // The secretariat answers the DG's response and the chair a chair's report; documents have no kind
  // yet, so both may record on any document of their group (the matrix shows who decided).
  'disposition.record': { roles: ['chair', 'dg-office'] },
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
