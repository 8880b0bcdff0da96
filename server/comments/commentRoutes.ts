import { z } from 'zod'
import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import type { ThreadService } from './ThreadService.js'
import type { CommentScopes } from './commentScopes.js'
import { route } from '../http/route.js'
import { CreateThreadSchema, EditMessageSchema, ReplySchema } from '../../shared/comments/types.js'
import { AnsweredSchema } from '../../shared/feedback/types.js'

/** The id in the path of every comment, moderation and feedback route. */
export const IdParams = z.object({ id: z.string() })

/** Comment threads on documents: reading, starting, replying, editing, deleting, resolving, locking, marking answered. */
export function commentRoutes(deps: { threads: ThreadService; scopes: Scopes; comments: CommentScopes }) {
  const { threads, scopes, comments } = deps
  const threadAction = (verb: string, summary: string, action: 'comment.resolve' | 'comment.moderate', run: (user: User, id: string) => unknown) =>
    route({ method: 'POST', url: `/api/threads/:id/${verb}`, summary, params: IdParams, action, scope: comments.thread, handler: ({ user, params }) => run(user, params.id) })

  return [
    route({
      method: 'GET',
      url: '/api/documents/:id/threads',
      summary: 'The comment threads on a document this caller may see, in document order, with a change cursor',
      params: IdParams,
      action: 'document.read',
      scope: ({ user, params }) => scopes.document(user, params.id),
      handler: ({ user, params }) => threads.threadsOn(user, 'document', params.id),
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
      handler: ({ user, params, body }) => threads.start(user, { type: 'document', id: params.id }, body),
    }),
    route({ method: 'GET', url: '/api/threads/:id', summary: 'One thread as this caller may see it', params: IdParams, action: 'document.read', scope: comments.thread, handler: ({ user, params }) => threads.threadFor(user, params.id) }),
    route({
      method: 'POST',
      url: '/api/threads/:id/messages',
      summary: 'Replies to a thread (409 thread_locked when the chair has locked it)',
      params: IdParams,
      body: ReplySchema,
      action: 'comment.reply',
      status: 201,
      scope: comments.thread,
      handler: ({ user, params, body }) => threads.reply(user, params.id, body.body),
    }),
    threadAction('resolve', 'Resolves a thread', 'comment.resolve', (user, id) => threads.setResolved(user, id, true)),
    threadAction('reopen', 'Reopens a resolved thread', 'comment.resolve', (user, id) => threads.setResolved(user, id, false)),
    threadAction('lock', 'Locks a thread against replies (the chair still replies)', 'comment.moderate', (user, id) => threads.setLocked(user, id, true)),
    threadAction('unlock', 'Unlocks a thread', 'comment.moderate', (user, id) => threads.setLocked(user, id, false)),
    route({
      method: 'PUT',
      url: '/api/threads/:id/answered',
      summary: 'Marks a thread answered by a feedback update of its group, or clears it (null)',
      params: IdParams,
      body: AnsweredSchema,
      action: 'comment.markAnswered',
      scope: comments.thread,
      handler: ({ user, params, body }) => threads.markAnswered(user, params.id, body.updateId),
    }),
    route({
      method: 'PATCH',
      url: '/api/messages/:id',
      summary: 'Edits one’s own message (back to the queue under pre-moderation)',
      params: IdParams,
      body: EditMessageSchema,
      action: 'comment.editOwn',
      scope: comments.message,
      handler: ({ user, params, body }) => threads.edit(user, params.id, body.body),
    }),
    route({ method: 'DELETE', url: '/api/messages/:id', summary: 'Deletes one’s own message, or any as the chair (logged)', params: IdParams, action: 'comment.delete', scope: comments.message, handler: ({ user, params }) => threads.delete(user, params.id) }),
  ]
}
