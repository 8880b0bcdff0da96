import type { Router } from '../http/Router.js'
import type { Auth } from '../auth/Auth.js'
import type { FeedbackService } from './FeedbackService.js'
import { readJson } from '../http/json.js'
import { HttpError } from '../http/HttpError.js'
import { AddLabelSchema, AnsweredSchema, EditFeedbackSchema, PostFeedbackSchema } from '../../shared/feedback/types.js'
import { ReadNotificationsSchema, ReplySchema } from '../../shared/comments/types.js'

/** The feedback feed of a group and its updates. Routes are thin: FeedbackService decides. */
export function addFeedbackRoutes(router: Router, deps: { auth: Auth; feedback: FeedbackService; maxBodyBytes: number }) {
  const { auth, feedback, maxBodyBytes } = deps
  const user = (req: Parameters<Auth['require']>[0]) => auth.require(req).user

  router
    .add('GET', '/api/groups/:id/feedback', ({ req, params, url }) => {
      const limit = Number(url.searchParams.get('limit') ?? 20)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new HttpError(400, 'invalid_limit', 'limit is a whole number from 1 to 100')
      return feedback.feed(user(req), params.id, url.searchParams.get('before'), limit)
    })
    .add('POST', '/api/groups/:id/feedback', async ({ req, params }) => {
      const u = user(req)
      return feedback.post(u, params.id, await readJson(req, PostFeedbackSchema, maxBodyBytes))
    }, 201)
    .add('GET', '/api/groups/:id/feedback/unread', ({ req, params }) => ({ unread: feedback.unreadFor(user(req), params.id) }))
    .add('POST', '/api/groups/:id/feedback/read', async ({ req, params }) => {
      const u = user(req)
      return feedback.markRead(u, params.id, (await readJson(req, ReadNotificationsSchema, maxBodyBytes)).ids)
    })
    .add('POST', '/api/groups/:id/feedback-labels', async ({ req, params }) => {
      const u = user(req)
      return feedback.addLabel(u, params.id, (await readJson(req, AddLabelSchema, maxBodyBytes)).label)
    }, 201)
    .add('GET', '/api/feedback/:id', ({ req, params }) => feedback.get(user(req), params.id))
    .add('PATCH', '/api/feedback/:id', async ({ req, params }) => {
      const u = user(req)
      return feedback.edit(u, params.id, await readJson(req, EditFeedbackSchema, maxBodyBytes))
    })
    .add('POST', '/api/feedback/:id/retract', ({ req, params }) => feedback.retract(user(req), params.id))
    .add('POST', '/api/feedback/:id/pin', ({ req, params }) => feedback.setPinned(user(req), params.id, true))
    .add('POST', '/api/feedback/:id/unpin', ({ req, params }) => feedback.setPinned(user(req), params.id, false))
    .add('POST', '/api/feedback/:id/acknowledge', ({ req, params }) => feedback.acknowledge(user(req), params.id))
    .add('GET', '/api/feedback/:id/thread', ({ req, params }) => feedback.thread(user(req), params.id) ?? { messages: [] })
    .add('POST', '/api/feedback/:id/replies', async ({ req, params }) => {
      const u = user(req)
      return feedback.reply(u, params.id, (await readJson(req, ReplySchema, maxBodyBytes)).body)
    }, 201)
    .add('PUT', '/api/threads/:id/answered', async ({ req, params }) => {
      const u = user(req)
      return feedback.markAnswered(u, params.id, (await readJson(req, AnsweredSchema, maxBodyBytes)).updateId)
    })
}
