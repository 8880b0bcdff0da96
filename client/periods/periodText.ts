import type { CommentPeriodView } from '../../shared/periods/types'
import { formatInGroupZone, timeLeft } from '../dates'

/** Closed on the client's clock too: the server refuses from the closing time on, its close follows at once. */
export const isClosed = (period: CommentPeriodView, now: number) => period.state === 'closed' || Date.parse(period.closesAt) <= now

/** "First reading — comments close 12 Dec 2026, 18:00 (Zurich time)", or "… comments closed on …". */
export function periodLine(period: CommentPeriodView, timeZone: string, now: number): string {
  const at = formatInGroupZone(period.closesAt, timeZone)
  return isClosed(period, now) ? `${period.round} — comments closed on ${at}` : `${period.round} — comments close ${at}`
}

/** "2 days 4 h left", or "" once closed. */
export function countdown(period: CommentPeriodView, now: number): string {
  return isClosed(period, now) ? '' : `${timeLeft(Date.parse(period.closesAt) - now)} left`
}
