import type { PostgresMigrations } from './PostgresDatabase.js'
import { accountsMigrations } from './migrations/accounts.js'
import { groupsMigrations } from './migrations/groups.js'
import { invitationsMigrations } from './migrations/invitations.js'
import { documentLogMigrations } from './migrations/documentLog.js'
import { commentsMigrations } from './migrations/comments.js'
import { notificationsMigrations } from './migrations/notifications.js'
import { moderationLogMigrations } from './migrations/moderationLog.js'
import { changeFeedMigrations } from './migrations/changeFeed.js'
import { feedbackMigrations } from './migrations/feedback.js'
import { versionsMigrations } from './migrations/versions.js'
import { amendmentsMigrations } from './migrations/amendments.js'
import { dispositionsMigrations } from './migrations/dispositions.js'
import { periodsMigrations } from './migrations/periods.js'
import { signersMigrations } from './migrations/signers.js'

/** Every store's PostgreSQL migrations, in an order where tables referenced by foreign keys come first. */
export const ALL_POSTGRES_STORES: PostgresMigrations[] = [
  accountsMigrations,
  groupsMigrations,
  invitationsMigrations,
  documentLogMigrations,
  commentsMigrations,
  notificationsMigrations,
  moderationLogMigrations,
  changeFeedMigrations,
  feedbackMigrations,
  versionsMigrations,
  amendmentsMigrations,
  dispositionsMigrations,
  periodsMigrations,
  signersMigrations,
]
