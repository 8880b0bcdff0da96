import { z } from 'zod'
import type { AccountStore, User } from '../auth/AccountStore.js'
import type { GroupRecord, GroupStore } from './GroupStore.js'
import type { Scopes } from '../auth/scopes.js'
import type { ModerationService } from '../moderation/ModerationService.js'
import { route } from '../http/route.js'
import { notFound } from '../http/DomainError.js'
import { actorIn } from '../auth/access.js'
import { randomId } from '../auth/secrets.js'
import { can, capabilities } from '../../shared/permissions.js'
import { AddMemberSchema, CreateGroupSchema, GroupSettingsSchema, SetMemberSchema } from '../../shared/authTypes.js'
import type { Group } from '../../shared/types.js'

export interface GroupRouteDeps {
  accounts: AccountStore
  groups: GroupStore
  scopes: Scopes
  /** Pre-moderation is turned on and off (and logged) by the moderation service. */
  moderation: Pick<ModerationService, 'setPreModeration'>
  /** Re-decide open websockets and event streams after a change of rights. */
  onAccessChanged: () => void
}

const GroupParams = z.object({ id: z.string() })
const MemberParams = z.object({ id: z.string(), userId: z.string() })

/** A group as this user sees it, with what they may do in it. */
export async function groupView(groups: GroupStore, user: User, group: GroupRecord): Promise<Group> {
  const { actor, membership } = await actorIn(groups, user, group.id)
  return {
    id: group.id,
    name: group.name,
    observersMayComment: group.observersMayComment,
    preModeration: group.preModeration,
    timeZone: group.timeZone,
    myRole: actor.role,
    myDelegation: membership?.delegation ?? '',
    capabilities: capabilities(actor, { observersMayComment: group.observersMayComment }),
  }
}

/** Working groups, their settings and their members. Invitations are in server/invitations. */
export function groupRoutes(deps: GroupRouteDeps) {
  const { accounts, groups, scopes } = deps
  /** The group, the caller in it, and the member acted on with the roles the rule reads. */
  const memberScope = async (user: User, params: { id: string; userId: string }, grantedRole?: z.infer<typeof SetMemberSchema>['role']) => {
    const scope = await scopes.group(user, params.id)
    const current = await groups.membership(params.id, params.userId)
    return { ...scope, current, target: { ...scope.target, memberRole: current?.role, grantedRole } }
  }
  const changed = <T>(result: T) => {
    deps.onAccessChanged()
    return result
  }

  return [
    route({
      method: 'GET',
      url: '/api/groups',
      summary: 'The working groups the caller belongs to (all of them for an admin), with their role and capabilities',
      handler: async ({ user }) => {
        const visible: Group[] = []
        for (const g of await groups.listGroups()) {
          if (can((await actorIn(groups, user, g.id)).actor, 'group.read')) visible.push(await groupView(groups, user, g))
        }
        return visible
      },
    }),
    route({
      method: 'POST',
      url: '/api/groups',
      summary: 'Create a working group (admin)',
      action: 'group.create',
      body: CreateGroupSchema,
      status: 201,
      handler: async ({ user, body }) => {
        const id = randomId()
        await groups.createGroup({ id, name: body.name })
        return groupView(groups, user, (await groups.getGroup(id))!)
      },
    }),
    route({
      method: 'PATCH',
      url: '/api/groups/:id',
      summary: 'Change a group’s settings: whether observers may comment, pre-moderation, the time zone',
      action: 'group.settings',
      params: GroupParams,
      body: GroupSettingsSchema,
      scope: async ({ user, params, body }) => {
        const scope = await scopes.group(user, params.id)
        return { ...scope, target: { ...scope.target, changesPreModeration: body.preModeration !== undefined } }
      },
      handler: async ({ user, params, body }) => {
        if (body.observersMayComment !== undefined) await groups.setObserversMayComment(params.id, body.observersMayComment)
        if (body.preModeration !== undefined) await deps.moderation.setPreModeration(user, params.id, body.preModeration)
        if (body.timeZone !== undefined) await groups.setTimeZone(params.id, body.timeZone)
        return changed(await groupView(groups, user, (await groups.getGroup(params.id))!))
      },
    }),
    route({
      method: 'GET',
      url: '/api/groups/:id/members',
      summary: 'The members of a group with role and delegation (emails for those who manage members)',
      action: 'group.read',
      params: GroupParams,
      scope: ({ user, params }) => scopes.group(user, params.id),
      handler: async ({ params, scope }) => {
        const showEmail = can(scope.actor, 'group.manageMembers')
        return (await groups.members(params.id)).map((m) => ({
          userId: m.userId,
          name: m.name,
          role: m.role,
          delegation: m.delegation,
          ...(showEmail ? { email: m.email } : {}),
        }))
      },
    }),
    route({
      method: 'POST',
      url: '/api/groups/:id/members',
      summary: 'Add an existing account to the group with a role and delegation',
      action: 'group.changeMember',
      params: GroupParams,
      body: AddMemberSchema,
      status: 201,
      scope: async ({ user, params, body }) => {
        const scope = await scopes.group(user, params.id)
        return { ...scope, target: { ...scope.target, grantedRole: body.role } }
      },
      handler: async ({ params, body }) => {
        const member = await accounts.userByEmail(body.email)
        if (!member) throw notFound('user_not_found', 'no account has this email; send an invitation instead')
        await groups.setMembership({ groupId: params.id, userId: member.id, role: body.role, delegation: body.delegation })
        return changed({ userId: member.id, name: member.name, role: body.role, delegation: body.delegation })
      },
    }),
    route({
      method: 'PUT',
      url: '/api/groups/:id/members/:userId',
      summary: 'Change a member’s role or delegation',
      action: 'group.changeMember',
      params: MemberParams,
      body: SetMemberSchema,
      scope: ({ user, params, body }) => memberScope(user, params, body.role),
      handler: async ({ params, body, scope: { current } }) => {
        if (!current) throw memberNotFound()
        await groups.setMembership({ ...current, role: body.role, delegation: body.delegation ?? current.delegation })
        return changed(await groups.membership(params.id, params.userId))
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/groups/:id/members/:userId',
      summary: 'Remove a member from the group',
      action: 'group.changeMember',
      params: MemberParams,
      scope: ({ user, params }) => memberScope(user, params),
      handler: async ({ params, scope: { current } }) => {
        if (!current) throw memberNotFound()
        await groups.removeMembership(params.id, params.userId)
        return changed(undefined)
      },
    }),
  ]
}

const memberNotFound = () => notFound('member_not_found', 'this user is not a member of the group')
