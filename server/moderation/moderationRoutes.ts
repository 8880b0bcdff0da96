import { z } from 'zod'
import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import type { CommentScopes } from '../comments/commentScopes.js'
import type { ModerationService } from './ModerationService.js'
import { IdParams } from '../comments/commentRoutes.js'
import { route } from '../http/route.js'
import { download, downloadName, exportDate, CSV_TYPE } from '../http/download.js'
import { toCsv } from '../export/csv.js'
import { FlagSchema, HideSchema, RejectSchema, type ModerationLogEntry } from '../../shared/comments/types.js'

/** The moderation log as a spreadsheet: one row per entry, oldest first. */
export function moderationLogCsv(entries: ModerationLogEntry[]): string {
  const header = ['id', 'at', 'actor', 'delegation', 'action', 'target type', 'target id', 'document', 'paragraph', 'text', 'reason', 'before', 'after']
  return toCsv(
    header,
    entries.map((e) => [e.id, e.at, e.actor.name, e.actor.delegation, e.action, e.targetType, e.targetId, e.context?.where, e.context?.paraRef, e.context?.text, e.reason, e.before, e.after]),
  )
}

/** The chair's moderation of messages, the queue and the log; members flag messages. */
export function moderationRoutes(deps: { moderation: ModerationService; scopes: Scopes; comments: CommentScopes }) {
  const { moderation, scopes, comments } = deps
  const group = ({ user, params }: { user: User; params: { id: string } }) => scopes.group(user, params.id)
  const restoreOrApprove = (verb: 'approve' | 'restore', summary: string) =>
    route({ method: 'POST', url: `/api/messages/:id/${verb}`, summary, params: IdParams, action: 'comment.moderate', scope: comments.message, handler: ({ user, params }) => moderation.moderate(user, params.id, verb, null) })

  return [
    restoreOrApprove('approve', 'Publishes a message awaiting approval'),
    route({
      method: 'POST',
      url: '/api/messages/:id/reject',
      summary: 'Rejects a message awaiting approval, with an optional reason for its author',
      params: IdParams,
      body: RejectSchema,
      action: 'comment.moderate',
      scope: comments.message,
      handler: ({ user, params, body }) => moderation.moderate(user, params.id, 'reject', body.reason ?? null),
    }),
    route({
      method: 'POST',
      url: '/api/messages/:id/hide',
      summary: 'Hides a published message, with a reason shown to its author',
      params: IdParams,
      body: HideSchema,
      action: 'comment.moderate',
      scope: comments.message,
      handler: ({ user, params, body }) => moderation.moderate(user, params.id, 'hide', body.reason),
    }),
    restoreOrApprove('restore', 'Publishes a hidden or rejected message again'),
    route({
      method: 'POST',
      url: '/api/messages/:id/flag',
      summary: 'Flags a published message for the chair',
      params: IdParams,
      body: FlagSchema,
      action: 'comment.flag',
      scope: comments.message,
      handler: ({ user, params, body }) => moderation.flag(user, params.id, body.reason ?? null),
    }),
    route({
      method: 'GET',
      url: '/api/groups/:id/moderation/queue',
      summary: 'The chair’s queue: messages awaiting approval and flagged messages',
      params: IdParams,
      action: 'moderation.view',
      scope: group,
      handler: ({ user, params }) => moderation.queue(user, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/groups/:id/moderation/log',
      summary: 'The append-only moderation log (JSON, or CSV with ?format=csv)',
      params: IdParams,
      querystring: z.object({ format: z.string().optional() }),
      action: 'moderation.view',
      scope: group,
      handler: async ({ params, query, reply, scope }) => {
        const entries = await moderation.log(params.id)
        return query.format === 'csv' ? download(reply, downloadName(scope.group.name, [exportDate(), 'moderation log'], 'csv'), CSV_TYPE, moderationLogCsv(entries)) : entries
      },
    }),
  ]
}
