import type { SqliteDatabase } from './SqliteDatabase.js'
import { SqliteCommentStore } from './SqliteCommentStore.js'
import { SqliteModerationLogStore } from './SqliteModerationLogStore.js'
import { SqliteNotificationStore } from './SqliteNotificationStore.js'
import { SqliteFeedbackStore } from './SqliteFeedbackStore.js'

/** The stores of comments, moderation, notifications and feedback, on the one database (they share its transactions). */
export function commentStores(db: SqliteDatabase) {
  return {
    comments: new SqliteCommentStore(db),
    moderationLog: new SqliteModerationLogStore(db),
    notifications: new SqliteNotificationStore(db),
    feedback: new SqliteFeedbackStore(db),
  }
}
