import type { NotificationView } from '../comments/types.js'

const PHRASES: Record<NotificationView['kind'], string> = {
  mention: 'mentioned you',
  reply: 'replied to your comment',
  disposition: 'answered your delegation’s comment',
  cosign: 'invited your delegation to co-sign',
  cosignConfirmed: 'confirmed co-signing',
  cosignDeclined: 'declined to co-sign',
}

/** What the notification's actor did, after their name, in the e-mail digest (English; the bell has its own sentence per kind in the catalogs). */
export function notificationPhrase(kind: NotificationView['kind']): string {
  return PHRASES[kind]
}
