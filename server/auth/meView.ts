import type { GroupStore } from '../groups/GroupStore.js'
import type { AccountStore, User } from './AccountStore.js'
import type { MeResponse } from '../../shared/authTypes.js'

/** What /api/me is made from: the stores, and what this server offers (PDF export needs LibreOffice). */
export interface MeSources {
  groups: GroupStore
  accounts: AccountStore
  pdfExport: boolean
}

/** GET /api/me, and the answer of every sign-in: the account, its groups, the session's CSRF token and what the server offers. */
export async function meView(sources: MeSources, user: User, csrfToken: string | null): Promise<MeResponse> {
  const { groups, accounts } = sources
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
    pdfExport: sources.pdfExport,
  }
}
