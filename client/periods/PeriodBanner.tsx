import { useEffect, useState, type FormEvent } from 'react'
import type { CommentPeriodChange, CommentPeriodView } from '../../shared/periods/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { formatInGroupZone, utcToZonedInput, zonedToUtc } from '../dates'
import { zoneLabel } from '../../shared/periods/zonedTime'
import { countdown, isClosed, periodLine } from './periodText'
import { useNow } from './useCommentPeriod'

/**
 * The document's comment period above the text: the round, when comments close in the group's time
 * zone and a live countdown, or when they closed; the history of changes and the frozen comments
 * tables of closed rounds. The chair opens, extends, reopens or opens the next round here.
 */
export function PeriodBanner(props: { docId: string; period: CommentPeriodView | null; timeZone: string; manages: boolean; onChanged: (p: CommentPeriodView) => void }) {
  const { docId, period, timeZone, manages } = props
  const now = useNow(period ? Date.parse(period.closesAt) : null)
  if (!period && !manages) return null
  const closed = period ? isClosed(period, now) : false
  return (
    <section className={closed ? 'period period--closed' : 'period'} aria-label="Comment period" data-testid="comment-period">
      {period ? (
        <p className="period__line">
          {/* Announced when it opens, changes or closes; the countdown is read on demand, not every second. */}
          <strong role="status" data-testid="period-line">
            {periodLine(period, timeZone, now)}
          </strong>
          {!closed && <span data-testid="period-countdown"> · {countdown(period, now)}</span>}
        </p>
      ) : (
        <p className="period__line muted">No comment period is open on this document.</p>
      )}
      {manages && <PeriodControl docId={docId} period={period} closed={closed} timeZone={timeZone} onChanged={props.onChanged} />}
      {period && <PeriodHistory docId={docId} period={period} timeZone={timeZone} />}
    </section>
  )
}

type Action = 'open' | 'extend' | 'reopen' | 'next'

const ACTION_LABELS: Record<Action, string> = { open: 'Open comment period', extend: 'Extend', reopen: 'Reopen', next: 'Open next round' }

/** The chair's buttons, each opening a small form: the closing date and time in the group's zone, and the round name when it is a new round. */
function PeriodControl({ docId, period, closed, timeZone, onChanged }: { docId: string; period: CommentPeriodView | null; closed: boolean; timeZone: string; onChanged: (p: CommentPeriodView) => void }) {
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
    if (Number.isNaN(at)) return setError('Give the closing date and time.')
    const named = action === 'open' || action === 'next'
    try {
      onChanged(await api.setCommentPeriod(docId, { closesAt: new Date(at).toISOString(), ...(named && round.trim() ? { round: round.trim() } : {}) }))
      setAction(null)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <div className="period__control">
      {!action &&
        actions.map((a) => (
          <button key={a} type="button" onClick={() => start(a)}>
            {ACTION_LABELS[a]}
          </button>
        ))}
      {action && (
        <form className="period__form" onSubmit={submit} aria-label={ACTION_LABELS[action]} onKeyDown={(e) => e.key === 'Escape' && setAction(null)}>
          {(action === 'open' || action === 'next') && (
            <label>
              Round name (optional)
              <input value={round} onChange={(e) => setRound(e.target.value)} placeholder={action === 'open' ? 'First reading' : 'Second reading'} maxLength={100} autoFocus />
            </label>
          )}
          <label>
            Comments close ({zoneLabel(timeZone)})
            <input type="datetime-local" required value={closesAt} onChange={(e) => setClosesAt(e.target.value)} autoFocus={action === 'extend' || action === 'reopen'} />
          </label>
          <button type="submit">{ACTION_LABELS[action]}</button>
          <button type="button" onClick={() => setAction(null)}>
            Cancel
          </button>
          <ErrorText error={error} />
        </form>
      )}
    </div>
  )
}

const VERBS: Record<CommentPeriodChange['kind'], string> = { open: 'Opened', extend: 'Closing time changed', reopen: 'Reopened', close: 'Closed' }

/** The period's logged changes and every closed round's frozen comments table. */
function PeriodHistory({ docId, period, timeZone }: { docId: string; period: CommentPeriodView; timeZone: string }) {
  const [rounds, setRounds] = useState<CommentPeriodView[]>([])
  useEffect(() => {
    api.commentPeriods(docId).then(setRounds, () => setRounds([]))
  }, [docId, period])
  const frozen = rounds.flatMap((r) => r.compilations.map((c) => ({ round: r, c })))
  const at = (iso: string) => formatInGroupZone(iso, timeZone)
  return (
    <details className="period__record">
      <summary>History and compilations</summary>
      <ol className="period__history" data-testid="period-history">
        {period.history.map((c, i) => (
          <li key={i}>
            {VERBS[c.kind]} {c.by ? `by ${c.by.name}${c.by.delegation ? ` (${c.by.delegation})` : ''} ` : ''}on {at(c.at)}
            {c.kind === 'open' && `, closing ${at(c.to)}`}
            {(c.kind === 'extend' || c.kind === 'reopen') && c.from && `: from ${at(c.from)} to ${at(c.to)}`}
          </li>
        ))}
      </ol>
      {frozen.length > 0 && (
        <ul className="period__compilations" aria-label="Comments tables frozen at each close">
          {frozen.map(({ round, c }) => {
            const base = `/api/documents/${encodeURIComponent(docId)}/comment-periods/${encodeURIComponent(round.id)}/comments`
            return (
              <li key={`${round.id}-${c.n}`}>
                {round.round}, closed {at(c.closedAt)}: <a href={`${base}.csv?close=${c.n}`}>comments (CSV)</a> · <a href={`${base}.docx?close=${c.n}`}>comments (Word)</a>
              </li>
            )
          })}
        </ul>
      )}
    </details>
  )
}
