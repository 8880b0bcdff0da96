import type { Router } from '../http/Router.js'
import type { Storage, GroupRecord } from '../persistence/Storage.js'
import type { Auth } from '../auth/Auth.js'
import type { User } from '../auth/AccountStore.js'
import { HttpError } from '../http/HttpError.js'
import { readJson } from '../http/json.js'
import { actorIn, authorize } from '../auth/access.js'
import { can, capabilities } from '../../shared/permissions.js'
import { AddMemberSchema, CreateGroupSchema, CreateInvitationSchema, GroupSettingsSchema, SetMemberSchema } from '../../shared/authTypes.js'
import type { Group } from '../../shared/types.js'
import { randomId } from '../auth/secrets.js'
import type { CommentService } from '../comments/CommentService.js'

export interface GroupRouteDeps {
  auth: Auth
  comments: CommentService
  storage: Storage
  maxBodyBytes: number
  invitationTtlMs: number
  /** The base of links: PUBLIC_URL, else the server's own address. Never the request's Host header. */
  linkBase: () => string
  onAccessChanged: () => void
}

/** A group as this user sees it. */
export function groupView(deps: GroupRouteDeps, user: User, group: GroupRecord): Group {
  const { actor, membership } = actorIn(deps.auth.accounts, user, group.id)
  return {
    id: group.id,
    name: group.name,
    observersMayComment: group.observersMayComment,
    preModeration: group.preModeration,
    myRole: actor.role,
    myDelegation: membership?.delegation ?? '',
    capabilities: capabilities(actor, { observersMayComment: group.observersMayComment }),
  }
}

/** Working groups, their members, settings and invitations. */
export function addGroupRoutes(router: Router, deps: GroupRouteDeps) {
  const { auth, storage, maxBodyBytes } = deps
  const accounts = auth.accounts
  /** The group and the caller as an actor in it; 404 when unknown, 403 when the caller is not in it. */
  const groupFor = (user: User, id: string) => {
    const group = storage.getGroup(id)
    if (!group) throw new HttpError(404, 'group_not_found', `no group with id "${id}"`)
    const { actor } = actorIn(accounts, user, id)
    authorize(actor, 'group.read')
    return { group, actor }
  }

  router
    .add('GET', '/api/groups', ({ req }) => {
      const { user } = auth.require(req)
      return storage
        .listGroups()
        .filter((g) => can(actorIn(accounts, user, g.id).actor, 'group.read'))
        .map((g) => groupView(deps, user, g))
    })
    .add('POST', '/api/groups', async ({ req }) => {
      const { user } = auth.require(req)
      authorize({ userId: user.id, isAdmin: user.isAdmin, role: null }, 'group.create')
      const body = await readJson(req, CreateGroupSchema, maxBodyBytes)
      const id = randomId()
      storage.createGroup({ id, name: body.name })
      return groupView(deps, user, storage.getGroup(id)!)
    }, 201)
    .add('PATCH', '/api/groups/:id', async ({ req, params }) => {
      const { user } = auth.require(req)
      const { actor } = groupFor(user, params.id)
      authorize(actor, 'group.settings')
      const body = await readJson(req, GroupSettingsSchema, maxBodyBytes)
      if (body.observersMayComment !== undefined) storage.setObserversMayComment(params.id, body.observersMayComment)
      if (body.preModeration !== undefined) deps.comments.setPreModeration(user, params.id, body.preModeration)
      deps.onAccessChanged()
      return groupView(deps, user, storage.getGroup(params.id)!)
    })
    .add('GET', '/api/groups/:id/members', ({ req, params }) => {
      const { user } = auth.require(req)
      const { actor } = groupFor(user, params.id)
      const showEmail = can(actor, 'group.manageMembers')
      return accounts.members(params.id).map((m) => ({
        userId: m.userId,
        name: m.name,
        role: m.role,
        delegation: m.delegation,
        ...(showEmail ? { email: m.email } : {}),
      }))
    })
    .add('POST', '/api/groups/:id/members', async ({ req, params }) => {
      const { user } = auth.require(req)
      const { actor } = groupFor(user, params.id)
      authorize(actor, 'group.manageMembers')
      const body = await readJson(req, AddMemberSchema, maxBodyBytes)
      if (body.role === 'chair') authorize(actor, 'group.appointChair')
      const member = accounts.userByEmail(body.email)
      if (!member) throw new HttpError(404, 'user_not_found', 'no account has this email; send an invitation instead')
      accounts.setMembership({ groupId: params.id, userId: member.id, role: body.role, delegation: body.delegation })
      deps.onAccessChanged()
      return { userId: member.id, name: member.name, role: body.role, delegation: body.delegation }
    }, 201)
    .add('PUT', '/api/groups/:id/members/:userId', async ({ req, params }) => {
      const { user } = auth.require(req)
      const { actor } = groupFor(user, params.id)
      authorize(actor, 'group.manageMembers')
      const body = await readJson(req, SetMemberSchema, maxBodyBytes)
      const current = accounts.membership(params.id, params.userId)
      if (!current) throw new HttpError(404, 'member_not_found', 'this user is not a member of the group')
      if (body.role === 'chair' || current.role === 'chair') authorize(actor, 'group.appointChair')
      accounts.setMembership({ ...current, role: body.role, delegation: body.delegation ?? current.delegation })
      deps.onAccessChanged()
      return accounts.membership(params.id, params.userId)
    })
    .add('DELETE', '/api/groups/:id/members/:userId', ({ req, params }) => {
      const { user } = auth.require(req)
      const { actor } = groupFor(user, params.id)
      authorize(actor, 'group.manageMembers')
      const current = accounts.membership(params.id, params.userId)
      if (!current) throw new HttpError(404, 'member_not_found', 'this user is not a member of the group')
      if (current.role === 'chair') authorize(actor, 'group.appointChair')
      accounts.removeMembership(params.id, params.userId)
      deps.onAccessChanged()
      return undefined
    })
    .add('POST', '/api/groups/:id/invitations', async ({ req, params }) => {
      const { user } = auth.require(req)
      const { actor } = groupFor(user, params.id)
      authorize(actor, 'group.invite')
      const body = await readJson(req, CreateInvitationSchema, maxBodyBytes)
      if (body.role === 'chair') authorize(actor, 'group.appointChair')
      const { token, expiresAt } = accounts.createInvitation({ groupId: params.id, role: body.role, delegation: body.delegation, createdBy: user.id, ttlMs: deps.invitationTtlMs })
      return { token, url: `${deps.linkBase()}/#/invite/${token}`, role: body.role, delegation: body.delegation, expiresAt: new Date(expiresAt).toISOString() }
    }, 201)
}
