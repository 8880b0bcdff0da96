/**
 * CommentService is split: ThreadService (the thread lifecycle), ThreadPresenter (per-viewer views),
 * ModerationService (server/moderation) and NotificationService (server/notifications). groupRoutes
 * still names this type for setPreModeration; once it imports ModerationService, delete this file.
 */
export type { ModerationService as CommentService } from '../moderation/ModerationService.js'
