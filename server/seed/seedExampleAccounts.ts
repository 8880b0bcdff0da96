import type { AccountStore } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Role } from '../../shared/permissions.js'

/** The example people of the example working group, one per role. */
export const EXAMPLE_ACCOUNTS: Array<{ email: string; name: string; role: Role; delegation: string }> = [
  { email: 'chair@example.org', name: 'Elena Rossi', role: 'chair', delegation: 'Italy' },
  { email: 'switzerland@example.org', name: 'Lukas Meier', role: 'member', delegation: 'Switzerland' },
  { email: 'brazil@example.org', name: 'Ana Souza', role: 'member', delegation: 'Brazil' },
  { email: 'dg-office@example.org', name: 'Karim Haddad', role: 'dg-office', delegation: 'IOM Secretariat' },
  { email: 'observer@example.org', name: 'Mei Tanaka', role: 'observer', delegation: 'UNHCR' },
]

/**
 * Creates the example accounts (no passwords) in the example group of an empty database, and a
 * one-time sign-in link for each, so a newcomer can try every role at once.
 */
export async function seedExampleAccounts({ accounts, groups }: { accounts: AccountStore; groups: GroupStore }, groupId: string, linkTtlMs: number): Promise<Array<{ name: string; role: Role; delegation: string; token: string }>> {
  if ((await accounts.userCount()) > 0) return []
  return accounts.transaction(async () => {
    const links: Array<{ name: string; role: Role; delegation: string; token: string }> = []
    for (const a of EXAMPLE_ACCOUNTS) {
      const user = await accounts.createUser({ email: a.email, name: a.name })
      await groups.setMembership({ groupId, userId: user.id, role: a.role, delegation: a.delegation })
      links.push({ name: a.name, role: a.role, delegation: a.delegation, token: await accounts.createSignInLink(user.id, linkTtlMs) })
    }
    return links
  })
}
