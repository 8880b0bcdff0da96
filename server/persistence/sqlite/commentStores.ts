import type { SqliteDatabase } from './SqliteDatabase.js'
import { SqliteCommentStore } from './SqliteCommentStore.js'
import { SqliteModerationLogStore } from './SqliteModerationLogStore.js'
import { SqliteNotificationStore } from './SqliteNotificationStore.js'
import { SqliteFeedbackStore } from './SqliteFeedbackStore.js'
import { asyncStore } from './asyncStore.js'
import type { CommentStore } from '../../comments/CommentStore.js'
import type { ModerationLogStore } from '../../moderation/ModerationLogStore.js'
import type { NotificationStore } from '../../notifications/NotificationStore.js'
import type { FeedbackStore } from '../../feedback/FeedbackStore.js'

/** The stores of comments, moderation, notifications and feedback, on the one database (they share its transactions). */
export function commentStores(db: SqliteDatabase) {
  return {
    comments: asyncStore<CommentStore>(db, new SqliteCommentStore(db)),
    moderationLog: asyncStore<ModerationLogStore>(db, new SqliteModerationLogStore(db)),
    notifications: asyncStore<NotificationStore>(db, new SqliteNotificationStore(db)),
    feedback: asyncStore<FeedbackStore>(db, new SqliteFeedbackStore(db)),
  }
}
