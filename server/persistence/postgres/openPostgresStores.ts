import { PostgresDatabase } from './PostgresDatabase.js'
import { ALL_POSTGRES_STORES } from './schema.js'
import { PostgresDocumentStore } from './PostgresDocumentStore.js'
import { PostgresAccountStore } from './PostgresAccountStore.js'
import { PostgresGroupStore } from './PostgresGroupStore.js'
import { PostgresInvitationStore } from './PostgresInvitationStore.js'
import { PostgresCommentStore } from './PostgresCommentStore.js'
import { PostgresModerationLogStore } from './PostgresModerationLogStore.js'
import { PostgresNotificationStore } from './PostgresNotificationStore.js'
import { PostgresFeedbackStore } from './PostgresFeedbackStore.js'
import { PostgresVersionStore } from './PostgresVersionStore.js'
import { PostgresChangeFeed } from './PostgresChangeFeed.js'
import { PostgresAmendmentStore } from './PostgresAmendmentStore.js'
import { PostgresDispositionStore } from './PostgresDispositionStore.js'
import { PostgresPeriodStore } from './PostgresPeriodStore.js'
import { PostgresSignerStore } from './PostgresSignerStore.js'

/**
 * Every store of the server in one PostgreSQL database (DATABASE_URL), in one schema (default
 * public): the same bundle as openSqliteStores, minus the synchronous SQLite adapter. Creates the
 * schema when missing and runs every store's migrations first. The stores share the database's transactions.
 */
export async function openPostgresStores(url: string, options: { schema?: string; maxConnections?: number } = {}) {
  const database = new PostgresDatabase(url, options)
  try {
    await database.open(ALL_POSTGRES_STORES)
  } catch (error) {
    await database.close()
    throw error
  }
  return {
    documents: new PostgresDocumentStore(database),
    accounts: new PostgresAccountStore(database),
    groups: new PostgresGroupStore(database),
    invitations: new PostgresInvitationStore(database),
    discussion: {
      comments: new PostgresCommentStore(database),
      moderationLog: new PostgresModerationLogStore(database),
      notifications: new PostgresNotificationStore(database),
      feedback: new PostgresFeedbackStore(database),
    },
    versions: new PostgresVersionStore(database),
    changeFeed: new PostgresChangeFeed(database),
    amendments: new PostgresAmendmentStore(database),
    dispositions: new PostgresDispositionStore(database),
    periods: new PostgresPeriodStore(database),
    signers: new PostgresSignerStore(database),
    /** The database itself, for tests and tools (persistence code only). */
    postgres: database,
    close: () => database.close(),
  }
}

export type PostgresStores = Awaited<ReturnType<typeof openPostgresStores>>
