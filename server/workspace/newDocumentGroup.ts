import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { GroupScope, Scopes } from '../auth/scopes.js'
import { invalid } from '../http/DomainError.js'

/**
 * The scope of a new document (POST /api/documents, the import): the group asked for, or the
 * caller's only group. 400 group_required when that is ambiguous, 404 when the group is unknown;
 * the route's action (document.create) is then decided against the caller's role there.
 */
export async function newDocumentGroup(
  { groups, scopes }: { groups: Pick<GroupStore, 'listGroups' | 'membership'>; scopes: Pick<Scopes, 'group'> },
  user: User,
  requested: string | undefined,
): Promise<GroupScope> {
  if (requested !== undefined) return scopes.group(user, requested)
  const mine = []
  for (const g of await groups.listGroups()) if (user.isAdmin || (await groups.membership(g.id, user.id))) mine.push(g)
  if (mine.length !== 1) throw invalid('group_required', 'groupId is required when you belong to more than one group')
  return scopes.group(user, mine[0].id)
}
