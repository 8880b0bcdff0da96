import { z } from 'zod'
import { IdParams } from '../comments/commentRoutes.js'
import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import type { FeedbackService } from './FeedbackService.js'
import type { Action } from '../../shared/permissions.js'
import { route } from '../http/route.js'
import { invalid } from '../http/DomainError.js'
import { AddLabelSchema, EditFeedbackSchema, PostFeedbackSchema } from '../../shared/feedback/types.js'
import { ReadNotificationsSchema, ReplySchema } from '../../shared/comments/types.js'

const FeedQuery = z.object({ before: z.string().optional(), limit: z.string().optional() })

/** The feedback feed of a group and its updates. Routes are thin: FeedbackService decides. */
export function feedbackRoutes(deps: { feedback: FeedbackService; scopes: Scopes }) {
  const { feedback, scopes } = deps
  const group = ({ user, params }: { user: User; params: { id: string } }) => scopes.group(user, params.id)
  /** An update the caller may read (404 otherwise), and the caller in its group. */
  const update = async ({ user, params }: { user: User; params: { id: string } }) => scopes.group(user, (await feedback.visible(user, params.id)).groupId)
  const updateAction = (suffix: string, summary: string, action: Action, run: (user: User, id: string) => unknown) =>
    route({ method: 'POST', url: `/api/feedback/:id/${suffix}`, summary, params: IdParams, action, scope: update, handler: ({ user, params }) => run(user, params.id) })

  return [
    route({
      method: 'GET',
      url: '/api/groups/:id/feedback',
      summary: 'The group’s feed, newest first with the pinned update on top; ?before= pages, ?limit= 1 to 100',
      params: IdParams,
      querystring: FeedQuery,
      action: 'group.read',
      scope: group,
      handler: ({ user, params, query }) => {
        const limit = Number(query.limit ?? 20)
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('invalid_limit', 'limit is a whole number from 1 to 100')
        return feedback.feed(user, params.id, query.before ?? null, limit)
      },
    }),
    route({
      method: 'POST',
      url: '/api/groups/:id/feedback',
      summary: 'Posts a feedback update (the DG office)',
      params: IdParams,
      body: PostFeedbackSchema,
      action: 'feedback.post',
      status: 201,
      scope: group,
      handler: ({ user, params, body }) => feedback.post(user, params.id, body),
    }),
    route({ method: 'GET', url: '/api/groups/:id/feedback/unread', summary: 'How many updates of the group the caller has not read', params: IdParams, action: 'group.read', scope: group, handler: async ({ user, params }) => ({ unread: await feedback.unread(user, params.id) }) }),
    route({
      method: 'POST',
      url: '/api/groups/:id/feedback/read',
      summary: 'Marks updates read (all of the group’s when ids is omitted)',
      params: IdParams,
      body: ReadNotificationsSchema,
      action: 'group.read',
      scope: group,
      handler: ({ user, params, body }) => feedback.markRead(user, params.id, body.ids),
    }),
    route({
      method: 'POST',
      url: '/api/groups/:id/feedback-labels',
      summary: 'Adds a status label to the group’s list',
      params: IdParams,
      body: AddLabelSchema,
      action: 'feedback.labels',
      status: 201,
      scope: group,
      handler: ({ params, body }) => feedback.addLabel(params.id, body.label),
    }),
    route({ method: 'GET', url: '/api/feedback/:id', summary: 'One feedback update', params: IdParams, action: 'group.read', scope: update, handler: ({ user, params }) => feedback.get(user, params.id) }),
    route({
      method: 'PATCH',
      url: '/api/feedback/:id',
      summary: 'Edits an update; the previous wording is kept as a version',
      params: IdParams,
      body: EditFeedbackSchema,
      action: 'feedback.post',
      scope: update,
      handler: ({ user, params, body }) => feedback.edit(user, params.id, body),
    }),
    updateAction('retract', 'Retracts an update', 'feedback.post', (user, id) => feedback.retract(user, id)),
    updateAction('pin', 'Pins an update to the top of the feed (unpinning any other)', 'feedback.pin', (user, id) => feedback.setPinned(user, id, true)),
    updateAction('unpin', 'Unpins an update', 'feedback.pin', (user, id) => feedback.setPinned(user, id, false)),
    updateAction('acknowledge', 'Acknowledges an update', 'feedback.acknowledge', (user, id) => feedback.acknowledge(user, id)),
    route({
      method: 'GET',
      url: '/api/feedback/:id/thread',
      summary: 'The update’s reply thread ({ messages: [] } before the first reply)',
      params: IdParams,
      action: 'group.read',
      scope: update,
      handler: ({ user, params }) => feedback.thread(user, params.id) ?? { messages: [] },
    }),
    route({
      method: 'POST',
      url: '/api/feedback/:id/replies',
      summary: 'Replies to an update (its one reply thread; moderation applies as to comments)',
      params: IdParams,
      body: ReplySchema,
      action: 'comment.reply',
      status: 201,
      scope: update,
      handler: ({ user, params, body }) => feedback.reply(user, params.id, body.body),
    }),
  ]
}
