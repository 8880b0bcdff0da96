import { hashPassword } from '../../server/auth/secrets.js'
import type { AccountStore, User } from '../../server/auth/AccountStore.js'
import type { GroupStore } from '../../server/groups/GroupStore.js'
import { accountAdapters } from '../../server/persistence/sqlite/accountStores.js'
import { SqliteDocumentStore } from '../../server/persistence/sqlite/SqliteDocumentStore.js'
import type { Role } from '../../shared/permissions.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'

export const PASSWORD = 'correct horse battery staple'

export interface Person {
  user: User
  email: string
  password: string
  token: string
  role: Role | 'admin' | 'outsider'
  delegation: string
}

export type Cast = Record<'chair' | 'swiss' | 'brazil' | 'dg' | 'observer' | 'outsider' | 'admin', Person>

const CAST: Array<[keyof Cast, string, Role | 'admin' | 'outsider', string]> = [
  ['chair', 'Elena Chair', 'chair', 'Italy'],
  ['swiss', 'Lukas Swiss', 'member', 'Switzerland'],
  ['brazil', 'Ana Brazil', 'member', 'Brazil'],
  ['dg', 'Karim DG', 'dg-office', 'IOM Secretariat'],
  ['observer', 'Mei Observer', 'observer', 'UNHCR'],
  ['outsider', 'Otto Outsider', 'outsider', ''],
  ['admin', 'Ada Admin', 'admin', ''],
]

let passwordHash: Promise<string> | undefined

/** One real account per role in the example group (plus an outsider and an admin), each with a token. */
export async function createCast({ accounts, groups }: { accounts: AccountStore; groups: GroupStore }, groupId = EXAMPLE_GROUP_ID): Promise<Cast> {
  passwordHash ??= hashPassword(PASSWORD)
  const hash = await passwordHash
  const cast = {} as Cast
  for (const [key, name, role, delegation] of CAST) {
    const email = `${key}.${Math.random().toString(36).slice(2, 8)}@test.example`
    const user = await accounts.createUser({ email, name, passwordHash: hash, isAdmin: role === 'admin' })
    if (role !== 'admin' && role !== 'outsider') await groups.setMembership({ groupId, userId: user.id, role, delegation })
    cast[key] = { user, email, password: PASSWORD, token: (await accounts.createToken(user.id, 'tests')).token, role, delegation }
  }
  return cast
}

/** A personal access token for an existing account, made directly in a server's DATA_DIR (as `npm run admin -- create-token` does). */
export function tokenFor(dataDir: string, email: string): string {
  const storage = new SqliteDocumentStore(dataDir)
  try {
    const { accounts } = accountAdapters(storage.database)
    const user = accounts.userByEmail(email)
    if (!user) throw new Error(`no user ${email}`)
    return accounts.createToken(user.id, 'tests').token
  } finally {
    storage.close()
  }
}
