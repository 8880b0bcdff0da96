import { z } from 'zod'
import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import type { CommentService } from './CommentService.js'
import { route } from '../http/route.js'
import { download, CSV_TYPE } from '../http/download.js'
import { csvField } from '../export/csv.js'
import { CreateThreadSchema, EditMessageSchema, FlagSchema, HideSchema, ReadNotificationsSchema, RejectSchema, ReplySchema } from '../../shared/comments/types.js'
import type { ModerationLogEntry } from '../../shared/comments/types.js'
import { AnsweredSchema } from '../../shared/feedback/types.js'

export function moderationLogCsv(entries: ModerationLogEntry[]): string {
  const header = ['id', 'at', 'actor', 'delegation', 'action', 'target type', 'target id', 'reason', 'before', 'after']
  const rows = entries.map((e) => [e.id, e.at, e.actor.name, e.actor.delegation, e.action, e.targetType, e.targetId, e.reason, e.before, e.after])
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

const IdParams = z.object({ id: z.string() })

/** Comment threads on documents, moderation, and notifications. Routes are thin: CommentService decides. */
export function commentRoutes(deps: { comments: CommentService; scopes: Scopes }) {
  const { comments, scopes } = deps
  const thread = ({ user, params }: { user: User; params: { id: string } }) => comments.threadScope(user, params.id)
  const message = ({ user, params }: { user: User; params: { id: string } }) => comments.messageScope(user, params.id)
  const threadAction = (url: string, summary: string, action: 'comment.resolve' | 'comment.moderate', run: (user: User, id: string) => unknown) =>
    route({ method: 'POST', url, summary, params: IdParams, action, scope: thread, handler: ({ user, params }) => run(user, params.id) })
  const moderate = (verb: 'approve' | 'restore', summary: string) =>
    route({ method: 'POST', url: `/api/messages/:id/${verb}`, summary, params: IdParams, action: 'comment.moderate', scope: message, handler: ({ user, params }) => comments.moderate(user, params.id, verb, null) })

  return [
    route({
      method: 'GET',
      url: '/api/documents/:id/threads',
      summary: 'The comment threads on a document this caller may see, in document order, with a change cursor',
      params: IdParams,
      action: 'document.read',
      scope: ({ user, params }) => scopes.document(user, params.id),
      handler: ({ user, params }) => comments.threadsOn(user, 'document', params.id),
    }),
    route({
      method: 'POST',
      url: '/api/documents/:id/threads',
      summary: 'Starts a thread on a passage (anchor with its exact quote)',
      params: IdParams,
      body: CreateThreadSchema,
      action: 'comment.create',
      status: 201,
      scope: ({ user, params }) => scopes.document(user, params.id),
      handler: ({ user, params, body }) => comments.createThread(user, params.id, body),
    }),
    route({ method: 'GET', url: '/api/threads/:id', summary: 'One thread as this caller may see it', params: IdParams, action: 'document.read', scope: thread, handler: ({ user, params }) => comments.threadFor(user, params.id) }),
    route({
      method: 'POST',
      url: '/api/threads/:id/messages',
      summary: 'Replies to a thread (409 thread_locked when the chair has locked it)',
      params: IdParams,
      body: ReplySchema,
      action: 'comment.reply',
      status: 201,
      scope: thread,
      handler: ({ user, params, body }) => comments.reply(user, params.id, body.body),
    }),
    threadAction('/api/threads/:id/resolve', 'Resolves a thread', 'comment.resolve', (user, id) => comments.setResolved(user, id, true)),
    threadAction('/api/threads/:id/reopen', 'Reopens a resolved thread', 'comment.resolve', (user, id) => comments.setResolved(user, id, false)),
    threadAction('/api/threads/:id/lock', 'Locks a thread against replies (the chair still replies)', 'comment.moderate', (user, id) => comments.setLocked(user, id, true)),
    threadAction('/api/threads/:id/unlock', 'Unlocks a thread', 'comment.moderate', (user, id) => comments.setLocked(user, id, false)),
    route({
      method: 'PUT',
      url: '/api/threads/:id/answered',
      summary: 'Marks a document thread answered by a feedback update of its group, or clears it (null)',
      params: IdParams,
      body: AnsweredSchema,
      action: 'comment.markAnswered',
      scope: thread,
      handler: ({ user, params, body }) => comments.markAnswered(user, params.id, body.updateId),
    }),
    route({
      method: 'PATCH',
      url: '/api/messages/:id',
      summary: 'Edits one’s own message (back to the queue under pre-moderation)',
      params: IdParams,
      body: EditMessageSchema,
      action: 'comment.editOwn',
      scope: message,
      handler: ({ user, params, body }) => comments.editMessage(user, params.id, body.body),
    }),
    route({ method: 'DELETE', url: '/api/messages/:id', summary: 'Deletes one’s own message, or any as the chair (logged)', params: IdParams, action: 'comment.delete', scope: message, handler: ({ user, params }) => comments.deleteMessage(user, params.id) }),
    moderate('approve', 'Publishes a message awaiting approval'),
    route({
      method: 'POST',
      url: '/api/messages/:id/reject',
      summary: 'Rejects a message awaiting approval, with an optional reason for its author',
      params: IdParams,
      body: RejectSchema,
      action: 'comment.moderate',
      scope: message,
      handler: ({ user, params, body }) => comments.moderate(user, params.id, 'reject', body.reason ?? null),
    }),
    route({
      method: 'POST',
      url: '/api/messages/:id/hide',
      summary: 'Hides a published message, with a reason shown to its author',
      params: IdParams,
      body: HideSchema,
      action: 'comment.moderate',
      scope: message,
      handler: ({ user, params, body }) => comments.moderate(user, params.id, 'hide', body.reason),
    }),
    moderate('restore', 'Publishes a hidden or rejected message again'),
    route({
      method: 'POST',
      url: '/api/messages/:id/flag',
      summary: 'Flags a published message for the chair',
      params: IdParams,
      body: FlagSchema,
      action: 'comment.flag',
      scope: message,
      handler: ({ user, params, body }) => comments.flag(user, params.id, body.reason ?? null),
    }),
    route({
      method: 'GET',
      url: '/api/groups/:id/moderation/queue',
      summary: 'The chair’s queue: messages awaiting approval and flagged messages',
      params: IdParams,
      action: 'moderation.view',
      scope: ({ user, params }) => scopes.group(user, params.id),
      handler: ({ user, params }) => comments.queue(user, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/groups/:id/moderation/log',
      summary: 'The append-only moderation log (JSON, or CSV with ?format=csv)',
      params: IdParams,
      querystring: z.object({ format: z.string().optional() }),
      action: 'moderation.view',
      scope: ({ user, params }) => scopes.group(user, params.id),
      handler: ({ user, params, query, reply }) => {
        const entries = comments.moderationLog(user, params.id)
        return query.format === 'csv' ? download(reply, `moderation-log-${params.id}.csv`, CSV_TYPE, moderationLogCsv(entries)) : entries
      },
    }),
    route({ method: 'GET', url: '/api/notifications', summary: 'The caller’s mentions, newest first, with the unread count', handler: ({ user }) => comments.notifications(user) }),
    route({
      method: 'POST',
      url: '/api/notifications/read',
      summary: 'Marks notifications read (all when ids is omitted)',
      body: ReadNotificationsSchema,
      handler: ({ user, body }) => comments.markRead(user, body.ids),
    }),
  ]
}
