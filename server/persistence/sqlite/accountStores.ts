import type { SqliteDatabase } from './SqliteDatabase.js'
import { SqliteAccountStore } from './SqliteAccountStore.js'
import { SqliteGroupStore } from './SqliteGroupStore.js'
import { SqliteInvitationStore } from './SqliteInvitationStore.js'

/** The stores of accounts, groups and invitations on one database (they share its transactions). */
export function accountStores(database: SqliteDatabase) {
  return { accounts: new SqliteAccountStore(database), groups: new SqliteGroupStore(database), invitations: new SqliteInvitationStore(database) }
}

/** A consistent copy of the whole database in a new file, while writers keep going (SQLite's online backup). */
export async function backupDatabase(database: SqliteDatabase, file: string): Promise<void> {
  await database.handle.backup(file)
}
