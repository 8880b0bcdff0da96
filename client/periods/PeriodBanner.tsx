import { useEffect, useState, type FormEvent } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { CommentPeriodChange, CommentPeriodView } from '../../shared/periods/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { errorMessage } from '../i18n/errorMessage'
import { nameWithDelegation } from '../../shared/comments/format'
import { formatInGroupZone, utcToZonedInput, zonedToUtc, zoneName } from '../dates'
import { countdown, isClosed, periodLine } from './periodText'
import { useNow } from './useCommentPeriod'

/**
 * The document's comment period above the text: the round, when comments close in the group's time
 * zone and a live countdown, or when they closed; the history of changes and the frozen comments
 * tables of closed rounds. The chair opens, extends, reopens or opens the next round here.
 */
export function PeriodBanner(props: { docId: string; period: CommentPeriodView | null; timeZone: string; manages: boolean; onChanged: (p: CommentPeriodView) => void }) {
  const { docId, period, timeZone, manages } = props
  const { t } = useTranslation()
  const now = useNow(period ? Date.parse(period.closesAt) : null)
  if (!period && !manages) return null
  const closed = period ? isClosed(period, now) : false
  return (
    <section className={closed ? 'period period--closed' : 'period'} aria-label={t('periods.region')} data-testid="comment-period">
      {period ? (
        <p className="period__line">
          {/* Announced when it opens, changes or closes; the countdown is read on demand, not every second. */}
          <strong role="status" data-testid="period-line">
            {periodLine(period, timeZone, now)}
          </strong>
          {!closed && <span data-testid="period-countdown"> · {countdown(period, now)}</span>}
        </p>
      ) : (
        <p className="period__line muted">{t('periods.none')}</p>
      )}
      {manages && <PeriodControl docId={docId} period={period} closed={closed} timeZone={timeZone} onChanged={props.onChanged} />}
      {period && <PeriodHistory docId={docId} period={period} timeZone={timeZone} />}
    </section>
  )
}

type Action = 'open' | 'extend' | 'reopen' | 'next'

/** Each action's message key: the button and its form's name. */
const ACTION_LABELS: Record<Action, string> = { open: 'periods.actions.open', extend: 'periods.actions.extend', reopen: 'periods.actions.reopen', next: 'periods.actions.next' }

/** The chair's buttons, each opening a small form: the closing date and time in the group's zone, and the round name when it is a new round. */
function PeriodControl({ docId, period, closed, timeZone, onChanged }: { docId: string; period: CommentPeriodView | null; closed: boolean; timeZone: string; onChanged: (p: CommentPeriodView) => void }) {
  const { t } = useTranslation()
  const [action, setAction] = useState<Action | null>(null)
  const [closesAt, setClosesAt] = useState('')
  const [round, setRound] = useState('')
  const [error, setError] = useState<string | null>(null)
  const actions: Action[] = !period ? ['open'] : closed ? ['reopen', 'next'] : ['extend']
  const start = (a: Action) => {
    setAction(a)
    setError(null)
    setRound(a === 'next' ? '' : (period?.round ?? ''))
    // A week from now, or a day after the current closing time, as a starting point.
    const base = period && a === 'extend' ? Date.parse(period.closesAt) + 86_400_000 : Date.now() + 7 * 86_400_000
    setClosesAt(utcToZonedInput(base - (base % 60_000), timeZone))
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const at = zonedToUtc(closesAt, timeZone)
    if (Number.isNaN(at)) return setError(t('periods.giveClosing'))
    const named = action === 'open' || action === 'next'
    try {
      onChanged(await api.setCommentPeriod(docId, { closesAt: new Date(at).toISOString(), ...(named && round.trim() ? { round: round.trim() } : {}) }))
      setAction(null)
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  return (
    <div className="period__control">
      {!action &&
        actions.map((a) => (
          <button key={a} type="button" onClick={() => start(a)}>
            {t(ACTION_LABELS[a])}
          </button>
        ))}
      {action && (
        <form className="period__form" onSubmit={submit} aria-label={t(ACTION_LABELS[action])} onKeyDown={(e) => e.key === 'Escape' && setAction(null)}>
          {(action === 'open' || action === 'next') && (
            <label>
              {t('periods.roundName')}
              <input value={round} onChange={(e) => setRound(e.target.value)} placeholder={action === 'open' ? t('periods.firstReading') : t('periods.secondReading')} maxLength={100} autoFocus />
            </label>
          )}
          <label>
            {t('periods.closesLabel', { zone: zoneName(timeZone) })}
            <input type="datetime-local" required value={closesAt} onChange={(e) => setClosesAt(e.target.value)} autoFocus={action === 'extend' || action === 'reopen'} />
          </label>
          <button type="submit">{t(ACTION_LABELS[action])}</button>
          <button type="button" onClick={() => setAction(null)}>
            {t('common.cancel')}
          </button>
          <ErrorText error={error} />
        </form>
      )}
    </div>
  )
}

/** One logged change as a sentence: who, when, and the closing times it set ("Opened by Elena Chair (Italy) on …, closing …"). */
function changeLine(t: TFunction, c: CommentPeriodChange, at: (iso: string) => string): string {
  const values = { hasBy: c.by ? 'yes' : 'no', by: c.by ? nameWithDelegation(c.by) : '', at: at(c.at), to: at(c.to), from: c.from ? at(c.from) : '' }
  const moved = (c.kind === 'extend' || c.kind === 'reopen') && c.from
  return t(`periods.history.${c.kind}${moved ? 'From' : ''}`, values)
}

/** The period's logged changes and every closed round's frozen comments table. */
function PeriodHistory({ docId, period, timeZone }: { docId: string; period: CommentPeriodView; timeZone: string }) {
  const { t } = useTranslation()
  const [rounds, setRounds] = useState<CommentPeriodView[]>([])
  useEffect(() => {
    api.commentPeriods(docId).then(setRounds, () => setRounds([]))
  }, [docId, period])
  const frozen = rounds.flatMap((r) => r.compilations.map((c) => ({ round: r, c })))
  const at = (iso: string) => formatInGroupZone(iso, timeZone)
  return (
    <details className="period__record">
      <summary>{t('periods.history.summary')}</summary>
      <ol className="period__history" data-testid="period-history">
        {period.history.map((c, i) => (
          <li key={i}>{changeLine(t, c, at)}</li>
        ))}
      </ol>
      {frozen.length > 0 && (
        <ul className="period__compilations" aria-label={t('periods.compilations')}>
          {frozen.map(({ round, c }) => {
            const base = `/api/documents/${encodeURIComponent(docId)}/comment-periods/${encodeURIComponent(round.id)}/comments`
            return (
              <li key={`${round.id}-${c.n}`}>
                <Trans i18nKey="periods.compilation" values={{ round: round.round, at: at(c.closedAt) }} components={{ csv: <a href={`${base}.csv?close=${c.n}`} />, docx: <a href={`${base}.docx?close=${c.n}`} /> }} />
              </li>
            )
          })}
        </ul>
      )}
    </details>
  )
}
