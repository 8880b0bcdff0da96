import type { GroupStore } from '../groups/GroupStore.js'
import type { Scopes } from '../auth/scopes.js'
import type { EventHub } from '../events/EventHub.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { ModerationLogStore } from '../moderation/ModerationLogStore.js'
import type { NotificationStore } from '../notifications/NotificationStore.js'
import { ModerationLog, type LogContext } from '../moderation/ModerationLog.js'
import { ModerationService } from '../moderation/ModerationService.js'
import { moderationRoutes } from '../moderation/moderationRoutes.js'
import { NotificationService } from '../notifications/NotificationService.js'
import { notificationRoutes } from '../notifications/notificationRoutes.js'
import type { CommentStore } from './CommentStore.js'
import type { CommentTargets } from './CommentTargets.js'
import { AnchorCache } from './AnchorCache.js'
import { ThreadEvents } from './ThreadEvents.js'
import { ThreadPresenter } from './ThreadPresenter.js'
import { ThreadService } from './ThreadService.js'
import { commentScopes } from './commentScopes.js'
import { commentRoutes } from './commentRoutes.js'
import type { PeriodGate } from '../periods/PeriodGate.js'
import type { SignerPresenter } from '../signers/SignerPresenter.js'

export interface CommentsDeps {
  stores: { comments: CommentStore; moderationLog: ModerationLogStore; notifications: NotificationStore }
  groups: GroupStore
  /** What threads hang on: documents and feedback updates. */
  targets: CommentTargets
  reader: DocumentReader
  hub: EventHub
  scopes: Scopes
  /** Whether a document's comment period has closed: new comments, replies and edits are refused then. */
  periods: PeriodGate
  /** Co-signers shown on document threads (joint positions). */
  signers?: SignerPresenter
}

/**
 * Builds comment threads (lifecycle and per-viewer views), their moderation and the notifications
 * of mentions, registers how their changes are shown on the event stream, and declares their routes.
 */
export function buildComments(deps: CommentsDeps) {
  const { stores, groups, targets, hub } = deps
  const presenter = new ThreadPresenter(stores.comments, groups, targets, new AnchorCache(deps.reader), deps.signers)
  const events = new ThreadEvents(stores.comments, hub)
  const log = new ModerationLog(stores.moderationLog, groups, logContext(stores.comments, targets))
  const notifications = new NotificationService(stores.notifications, stores.comments, presenter, groups, hub)
  const threads = new ThreadService({ store: stores.comments, presenter, events, log, notifications, groups, reader: deps.reader, targets, hub })
  const moderation = new ModerationService({ store: stores.comments, presenter, events, log, notifications, groups, targets })

  hub.register('thread', { presenter: (id, viewers) => presenter.presentation(id, viewers) })
  hub.register('notification', (id, viewer) => notifications.viewOf(id, viewer))

  const scopes = commentScopes(presenter, groups, deps.periods)
  const routes = [
    ...commentRoutes({ threads, scopes: deps.scopes, comments: scopes }),
    ...moderationRoutes({ moderation, scopes: deps.scopes, comments: scopes }),
    ...notificationRoutes({ notifications }),
  ]
  return { threads, moderation, notifications, log, routes }
}

/**
 * What a moderation log entry on a message or thread concerns: the document (or feedback update)
 * by title, the paragraph the thread was started on, and the message's text (the log is the chair's).
 */
function logContext(comments: CommentStore, targets: CommentTargets): LogContext {
  return async (targetType, targetId) => {
    if (targetType === 'proposal') return null
    const message = targetType === 'message' ? await comments.message(targetId) : await comments.firstMessage(targetId)
    const thread = await comments.thread(targetType === 'message' ? (message?.threadId ?? '') : targetId)
    if (!thread) return null
    const title = (await targets[thread.targetType].titleOf(thread.targetId)) ?? (thread.targetType === 'document' ? 'Deleted document' : 'Deleted update')
    return { where: title, documentId: thread.targetType === 'document' ? thread.targetId : null, paraRef: thread.paraRef, text: message?.body.slice(0, 280) ?? '' }
  }
}
