import type { GroupStore } from '../groups/GroupStore.js'
import type { AccountStore, User } from './AccountStore.js'
import type { MeResponse } from '../../shared/authTypes.js'

/** GET /api/me, and the answer of every sign-in: the account, its groups and the session's CSRF token. */
export async function meView(stores: { groups: GroupStore; accounts: AccountStore }, user: User, csrfToken: string | null): Promise<MeResponse> {
  const { groups, accounts } = stores
  const memberships = await groups.membershipsOf(user.id)
  const { language } = await accounts.preferences(user.id)
  return {
    user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, language },
    memberships: await Promise.all(memberships.map(async (m) => ({
      groupId: m.groupId,
      groupName: (await groups.getGroup(m.groupId))?.name ?? m.groupId,
      role: m.role,
      delegation: m.delegation,
    }))),
    csrfToken,
  }
}
