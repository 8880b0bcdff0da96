import type { CommentPeriodView } from '../../shared/periods/types'
import { formatInGroupZone, timeLeft } from '../dates'
import { i18next } from '../i18n/i18n'

/** Closed on the client's clock too: the server refuses from the closing time on, its close follows at once. */
export const isClosed = (period: CommentPeriodView, now: number) => period.state === 'closed' || Date.parse(period.closesAt) <= now

/** "First reading — comments close 12 Dec 2026, 18:00 (Zurich time)", or "… comments closed on …", in the interface's language. */
export function periodLine(period: CommentPeriodView, timeZone: string, now: number): string {
  const at = formatInGroupZone(period.closesAt, timeZone)
  return i18next.t(isClosed(period, now) ? 'periods.lineClosed' : 'periods.lineOpen', { round: period.round, at })
}

/** "2 days 4 h left", or "" once closed. */
export function countdown(period: CommentPeriodView, now: number): string {
  return isClosed(period, now) ? '' : i18next.t('periods.left', { time: timeLeft(Date.parse(period.closesAt) - now) })
}
