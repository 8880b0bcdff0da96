import { useTranslation } from 'react-i18next'
import type { CommentPeriodView } from '../../shared/periods/types'
import { countdown, isClosed, periodLine } from './periodText'

/** The document list's badge: the round and its countdown, or that comments are closed. */
export function PeriodBadge({ period, timeZone, now }: { period: CommentPeriodView; timeZone: string; now: number }) {
  const { t } = useTranslation()
  const closed = isClosed(period, now)
  return (
    <span className={closed ? 'badge badge--period badge--closed' : 'badge badge--period'} title={periodLine(period, timeZone, now)} data-testid="period-badge">
      {closed ? t('periods.badgeClosed', { round: period.round }) : t('periods.badgeOpen', { round: period.round, countdown: countdown(period, now) })}
    </span>
  )
}
