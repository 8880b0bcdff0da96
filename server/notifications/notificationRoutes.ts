import type { NotificationService } from './NotificationService.js'
import { route } from '../http/route.js'
import { ReadNotificationsSchema } from '../../shared/comments/types.js'

/** The caller's own notifications: no group scope, each is checked against what they may see now. */
export function notificationRoutes(deps: { notifications: NotificationService }) {
  const { notifications } = deps
  return [
    route({ method: 'GET', url: '/api/notifications', summary: 'The caller’s mentions, newest first, with the unread count', handler: ({ user }) => notifications.list(user) }),
    route({
      method: 'POST',
      url: '/api/notifications/read',
      summary: 'Marks notifications read (all when ids is omitted)',
      body: ReadNotificationsSchema,
      handler: ({ user, body }) => notifications.markRead(user, body.ids),
    }),
  ]
}
