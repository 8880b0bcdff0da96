import { SqliteDatabase } from './SqliteDatabase.js'
import { ALL_STORES } from './schema.js'
import { SqliteAccountStore } from './SqliteAccountStore.js'
import { SqliteGroupStore } from './SqliteGroupStore.js'
import { SqliteInvitationStore } from './SqliteInvitationStore.js'
import { asyncStore } from './asyncStore.js'
import type { AccountStore } from '../../auth/AccountStore.js'
import type { GroupStore } from '../../groups/GroupStore.js'
import type { InvitationStore } from '../../invitations/InvitationStore.js'

/**
 * The synchronous SQLite adapters of accounts, groups and invitations, for fixtures that prepare a
 * DATA_DIR with no server running (tests, benchmarks). The server uses accountStores().
 */
export function accountAdapters(database: SqliteDatabase) {
  return { accounts: new SqliteAccountStore(database), groups: new SqliteGroupStore(database), invitations: new SqliteInvitationStore(database) }
}

/** The stores of accounts, groups and invitations on one database (they share its transactions). */
export function accountStores(database: SqliteDatabase) {
  const adapters = accountAdapters(database)
  return {
    accounts: asyncStore<AccountStore>(database, adapters.accounts),
    groups: asyncStore<GroupStore>(database, adapters.groups),
    invitations: asyncStore<InvitationStore>(database, adapters.invitations),
  }
}

/**
 * Opens DATA_DIR/plenary.db for a process other than the server (the admin command line): the
 * account stores, a consistent backup while writers keep going (SQLite's online backup), and close.
 */
export function openAccountStores(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
  const database = new SqliteDatabase(dataDir, options, ALL_STORES)
  return {
    ...accountStores(database),
    backup: async (file: string) => void (await database.handle.backup(file)),
    close: () => database.close(),
  }
}
