import type { GroupStore } from '../groups/GroupStore.js'
import type { User } from './AccountStore.js'
import type { MeResponse } from '../../shared/authTypes.js'

/** GET /api/me, and the answer of every sign-in: the account, its groups and the session's CSRF token. */
export async function meView(groups: GroupStore, user: User, csrfToken: string | null): Promise<MeResponse> {
  const memberships = await groups.membershipsOf(user.id)
  return {
    user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin },
    memberships: await Promise.all(memberships.map(async (m) => ({
      groupId: m.groupId,
      groupName: (await groups.getGroup(m.groupId))?.name ?? m.groupId,
      role: m.role,
      delegation: m.delegation,
    }))),
    csrfToken,
  }
}
