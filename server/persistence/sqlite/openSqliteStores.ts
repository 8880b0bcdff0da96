import { SqliteDatabase } from './SqliteDatabase.js'
import { ALL_STORES } from './schema.js'
import { SqliteDocumentStore } from './SqliteDocumentStore.js'
import { accountStores } from './accountStores.js'
import { commentStores } from './commentStores.js'
import { SqliteVersionStore } from './SqliteVersionStore.js'
import { SqliteChangeFeed } from './SqliteChangeFeed.js'

/**
 * Every store of the server on one SQLite file (DATA_DIR/plenary.db): the document log, accounts,
 * groups, invitations, comments, moderation log, notifications, feedback, versions and the change
 * feed. They share the database's transactions. This is the only place the server opens it; the rest
 * of the server sees these interfaces and records, never SQL or a handle.
 */
export function openSqliteStores(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
  const documents = new SqliteDocumentStore(dataDir, options)
  const database = documents.database
  return {
    documents,
    ...accountStores(database),
    discussion: commentStores(database),
    versions: new SqliteVersionStore(database),
    changeFeed: new SqliteChangeFeed(database),
    close: () => documents.close(),
  }
}

export type SqliteStores = ReturnType<typeof openSqliteStores>
