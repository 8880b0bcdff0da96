import type { Config } from '../config.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { AccountStore } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { InvitationStore } from '../invitations/InvitationStore.js'
import type { CommentStore } from '../comments/CommentStore.js'
import type { ModerationLogStore } from '../moderation/ModerationLogStore.js'
import type { NotificationStore } from '../notifications/NotificationStore.js'
import type { FeedbackStore } from '../feedback/FeedbackStore.js'
import type { VersionStore } from '../versions/VersionStore.js'
import type { ChangeFeed } from '../events/ChangeFeed.js'
import type { AmendmentStore } from '../amendments/AmendmentStore.js'
import type { DispositionStore } from '../dispositions/DispositionStore.js'
import type { PeriodStore } from '../periods/PeriodStore.js'
import type { SignerStore } from '../signers/SignerStore.js'
import type { SqliteDocumentStore } from './sqlite/SqliteDocumentStore.js'
import { openSqliteStores } from './sqlite/openSqliteStores.js'
import { openPostgresStores } from './postgres/openPostgresStores.js'

/** Every store of the server, on one database: what the rest of the server sees of storage. */
export interface Stores {
  documents: DocumentStore
  accounts: AccountStore
  groups: GroupStore
  invitations: InvitationStore
  discussion: { comments: CommentStore; moderationLog: ModerationLogStore; notifications: NotificationStore; feedback: FeedbackStore }
  versions: VersionStore
  changeFeed: ChangeFeed
  amendments: AmendmentStore
  dispositions: DispositionStore
  periods: PeriodStore
  signers: SignerStore
  /** The SQLite document adapter itself (synchronous, with the file's handle) when on SQLite: for the background worker's twin, tests and tools. */
  sqlite?: SqliteDocumentStore
  close(): Promise<void> | void
}

/** The stores the configuration chooses: PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR. */
export async function openStores(config: Pick<Config, 'DATABASE_URL' | 'PG_SCHEMA' | 'DATA_DIR' | 'SQLITE_SYNCHRONOUS'>): Promise<Stores> {
  if (config.DATABASE_URL) return openPostgresStores(config.DATABASE_URL, { schema: config.PG_SCHEMA })
  return openSqliteStores(config.DATA_DIR, { synchronous: config.SQLITE_SYNCHRONOUS })
}
