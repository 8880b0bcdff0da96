import { SqliteDatabase } from './SqliteDatabase.js'
import { ALL_STORES } from './schema.js'
import { SqliteDocumentStore } from './SqliteDocumentStore.js'
import { accountStores } from './accountStores.js'
import { commentStores } from './commentStores.js'
import { SqliteVersionStore } from './SqliteVersionStore.js'
import { SqliteChangeFeed } from './SqliteChangeFeed.js'
import { asyncStore } from './asyncStore.js'
import type { DocumentStore } from '../../documents/DocumentStore.js'
import type { VersionStore } from '../../versions/VersionStore.js'
import type { ChangeFeed } from '../../events/ChangeFeed.js'
import type { AmendmentStore } from '../../amendments/AmendmentStore.js'
import { SqliteAmendmentStore } from './SqliteAmendmentStore.js'
import type { DispositionStore } from '../../dispositions/DispositionStore.js'
import { SqliteDispositionStore } from './SqliteDispositionStore.js'
import { SqlitePeriodStore } from './SqlitePeriodStore.js'
import type { PeriodStore } from '../../periods/PeriodStore.js'
import type { SignerStore } from '../../signers/SignerStore.js'
import { SqliteSignerStore } from './SqliteSignerStore.js'

/**
 * Every store of the server on one SQLite file (DATA_DIR/plenary.db): the document log, accounts,
 * groups, invitations, comments, moderation log, notifications, feedback, versions and the change
 * feed. They share the database's transactions. This is the only place the server opens it; the rest
 * of the server sees these interfaces and records, never SQL or a handle.
 */
export function openSqliteStores(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
  const log = new SqliteDocumentStore(dataDir, options)
  const database = log.database
  return {
    documents: asyncStore<DocumentStore>(database, log),
    /** The document adapter itself, synchronous: for tests and tools that work on the file directly. */
    sqlite: log,
    ...accountStores(database),
    discussion: commentStores(database),
    versions: asyncStore<VersionStore>(database, new SqliteVersionStore(database)),
    changeFeed: asyncStore<ChangeFeed>(database, new SqliteChangeFeed(database)),
    amendments: asyncStore<AmendmentStore>(database, new SqliteAmendmentStore(database)),
    dispositions: asyncStore<DispositionStore>(database, new SqliteDispositionStore(database)),
    periods: asyncStore<PeriodStore>(database, new SqlitePeriodStore(database)),
    signers: asyncStore<SignerStore>(database, new SqliteSignerStore(database)),
    close: () => log.close(),
  }
}

export type SqliteStores = ReturnType<typeof openSqliteStores>
