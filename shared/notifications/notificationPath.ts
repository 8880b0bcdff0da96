import type { NotificationView } from '../comments/types.js'

/**
 * Where a notification leads, as the client's hash route: the thread itself in its document, or the
 * DG office update it was written on. The bell links to it and the e-mail digest prefixes PUBLIC_URL.
 */
export function notificationPath(n: Pick<NotificationView, 'targetType' | 'targetId' | 'threadId'>): string {
  if (n.targetType === 'feedback') return `#/feedback/${n.targetId}`
  return n.threadId ? `#/d/${n.targetId}/t/${encodeURIComponent(n.threadId)}` : `#/d/${n.targetId}`
}
