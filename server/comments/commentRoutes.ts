import type { Router } from '../http/Router.js'
import type { Auth } from '../auth/Auth.js'
import type { CommentService } from './CommentService.js'
import { readJson } from '../http/json.js'
import { CreateThreadSchema, EditMessageSchema, FlagSchema, HideSchema, ReadNotificationsSchema, RejectSchema, ReplySchema } from '../../shared/comments/types.js'
import type { ModerationLogEntry } from '../../shared/comments/types.js'
import { COMMENTS_TABLE_HEADER, commentsTableCsv, commentsTableRows, csvField } from '../workspace/commentsTable.js'
import { commentsTableDocx, toDocx, docxComments } from '../workspace/toDocx.js'
import type { User } from '../auth/AccountStore.js'
import type { Node as PMNode } from '@tiptap/pm/model'
import { CSV_TYPE, DOCX_TYPE, safeFileName, sendDownload } from '../http/download.js'

export function moderationLogCsv(entries: ModerationLogEntry[]): string {
  const header = ['id', 'at', 'actor', 'delegation', 'action', 'target type', 'target id', 'reason', 'before', 'after']
  const rows = entries.map((e) => [e.id, e.at, e.actor.name, e.actor.delegation, e.action, e.targetType, e.targetId, e.reason, e.before, e.after])
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** Comment threads on documents, moderation, and notifications. Routes are thin: CommentService decides. */
export function addCommentRoutes(router: Router, deps: { auth: Auth; comments: CommentService; maxBodyBytes: number; readForExport: (user: User, docId: string) => { node: PMNode; title: string } }) {
  const { auth, comments, maxBodyBytes } = deps
  const user = (req: Parameters<Auth['require']>[0]) => auth.require(req).user

  router
    .add('GET', '/api/documents/:id/threads', ({ req, params }) => comments.threadsOn(user(req), 'document', params.id))
    .add('POST', '/api/documents/:id/threads', async ({ req, params }) => {
      const u = user(req)
      const body = await readJson(req, CreateThreadSchema, maxBodyBytes)
      return comments.createThread(u, params.id, body)
    }, 201)
    .add('GET', '/api/threads/:id', ({ req, params }) => comments.threadFor(user(req), params.id))
    .add('POST', '/api/threads/:id/messages', async ({ req, params }) => {
      const u = user(req)
      return comments.reply(u, params.id, (await readJson(req, ReplySchema, maxBodyBytes)).body)
    }, 201)
    .add('POST', '/api/threads/:id/resolve', ({ req, params }) => comments.setResolved(user(req), params.id, true))
    .add('POST', '/api/threads/:id/reopen', ({ req, params }) => comments.setResolved(user(req), params.id, false))
    .add('POST', '/api/threads/:id/lock', ({ req, params }) => comments.setLocked(user(req), params.id, true))
    .add('POST', '/api/threads/:id/unlock', ({ req, params }) => comments.setLocked(user(req), params.id, false))
    .add('PATCH', '/api/messages/:id', async ({ req, params }) => {
      const u = user(req)
      return comments.editMessage(u, params.id, (await readJson(req, EditMessageSchema, maxBodyBytes)).body)
    })
    .add('DELETE', '/api/messages/:id', ({ req, params }) => comments.deleteMessage(user(req), params.id))
    .add('POST', '/api/messages/:id/approve', ({ req, params }) => comments.moderate(user(req), params.id, 'approve', null))
    .add('POST', '/api/messages/:id/reject', async ({ req, params }) => {
      const u = user(req)
      return comments.moderate(u, params.id, 'reject', (await readJson(req, RejectSchema, maxBodyBytes)).reason ?? null)
    })
    .add('POST', '/api/messages/:id/hide', async ({ req, params }) => {
      const u = user(req)
      return comments.moderate(u, params.id, 'hide', (await readJson(req, HideSchema, maxBodyBytes)).reason)
    })
    .add('POST', '/api/messages/:id/restore', ({ req, params }) => comments.moderate(user(req), params.id, 'restore', null))
    .add('POST', '/api/messages/:id/flag', async ({ req, params }) => {
      const u = user(req)
      return comments.flag(u, params.id, (await readJson(req, FlagSchema, maxBodyBytes)).reason ?? null)
    })
    .add('GET', '/api/documents/:id/comments.csv', ({ req, res, params }) => {
      const { threads } = comments.threadsOn(user(req), 'document', params.id)
      return sendDownload(res, `comments-${params.id}.csv`, CSV_TYPE, commentsTableCsv(threads))
    })
    .add('GET', '/api/documents/:id/comments.docx', async ({ req, res, params }) => {
      const u = user(req)
      const { threads } = comments.threadsOn(u, 'document', params.id)
      const { title } = deps.readForExport(u, params.id)
      return sendDownload(res, `comments-${params.id}.docx`, DOCX_TYPE, await commentsTableDocx(title, COMMENTS_TABLE_HEADER, commentsTableRows(threads)))
    })
    .add('GET', '/api/documents/:id/export.docx', async ({ req, res, params, url }) => {
      const u = user(req)
      const { threads } = comments.threadsOn(u, 'document', params.id)
      const { node, title } = deps.readForExport(u, params.id)
      const file = await toDocx(node, title, url.searchParams.get('comments') === '1' ? docxComments(threads) : [])
      return sendDownload(res, `${safeFileName(title)}.docx`, DOCX_TYPE, file)
    })
    .add('GET', '/api/groups/:id/moderation/queue', ({ req, params }) => comments.queue(user(req), params.id))
    .add('GET', '/api/groups/:id/moderation/log', ({ req, res, params, url }) => {
      const entries = comments.moderationLog(user(req), params.id)
      if (url.searchParams.get('format') !== 'csv') return entries
      return sendDownload(res, `moderation-log-${params.id}.csv`, CSV_TYPE, moderationLogCsv(entries))
    })
    .add('GET', '/api/notifications', ({ req }) => comments.notifications(user(req)))
    .add('POST', '/api/notifications/read', async ({ req }) => {
      const u = user(req)
      return comments.markRead(u, (await readJson(req, ReadNotificationsSchema, maxBodyBytes)).ids)
    })
}
