import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Group } from '../../shared/types'
import type { ModerationLogEntry, ModerationQueue, QueueItem } from '../../shared/comments/types'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'
import { ErrorText } from '../ErrorText'
import { ReasonForm } from './ReasonForm'
import { formatMoment } from '../dates'
import { errorMessage } from '../i18n/errorMessage'

/** The log's actions as the server records them, and their message keys. */
const ACTIONS: Record<string, string> = {
  approve: 'moderation.actions.approve',
  reject: 'moderation.actions.reject',
  hide: 'moderation.actions.hide',
  restore: 'moderation.actions.restore',
  flag: 'moderation.actions.flag',
  delete: 'moderation.actions.delete',
  resolve: 'moderation.actions.resolve',
  reopen: 'moderation.actions.reopen',
  lock: 'moderation.actions.lock',
  unlock: 'moderation.actions.unlock',
  'pre-moderation on': 'moderation.actions.preModerationOn',
  'pre-moderation off': 'moderation.actions.preModerationOff',
  'accept proposal': 'moderation.actions.acceptProposal',
  'reject proposal': 'moderation.actions.rejectProposal',
}

/** The states a log entry goes from and to (of a message, a thread or a proposal), and their message keys. */
const STATES: Record<string, string> = {
  published: 'moderation.states.published',
  pending: 'moderation.states.pending',
  rejected: 'moderation.states.rejected',
  hidden: 'moderation.states.hidden',
  deleted: 'moderation.states.deleted',
  open: 'moderation.states.open',
  resolved: 'moderation.states.resolved',
  locked: 'moderation.states.locked',
  unlocked: 'moderation.states.unlocked',
  accepted: 'moderation.states.accepted',
}

/** The chair's moderation queue (live counts), pre-moderation switch, and the moderation log. */
export function ModerationPage() {
  const [group, setGroup] = useState<Group | null>(null)
  const [queue, setQueue] = useState<ModerationQueue | null>(null)
  const [log, setLog] = useState<ModerationLogEntry[]>([])
  const [error, setError] = useState<string | null>(null)
  const { t } = useTranslation()
  // What the server recorded, in the reader's language where the catalogs know it (a proposal's text stays as it is).
  const word = (keys: Record<string, string>, value: string) => (keys[value] ? t(keys[value]) : value)
  const refresh = useCallback(async () => {
    try {
      const [g] = await api.groups()
      setGroup(g)
      // The queue and the log are the chair's: others are told so, nothing is asked of the server.
      if (!g.capabilities['moderation.view']) return
      setQueue(await api.moderationQueue(g.id))
      setLog(await api.moderationLog(g.id))
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [])
  useEffect(() => void refresh(), [refresh])
  useEvent('thread', () => void refresh())
  const act = (p: Promise<unknown>) => p.then(refresh, (e: unknown) => setError(errorMessage(e)))
  const [reasonFor, setReasonFor] = useState<{ id: string; action: 'hide' | 'reject' } | null>(null)
  const item = (m: QueueItem, kind: 'pending' | 'flagged') => (
    <li key={m.id} className="doc-row">
      <div className="doc-row__title">
        <strong>{m.author.name}</strong> {m.author.delegation && `(${m.author.delegation})`}
        {' '}
        <span className="muted" data-testid="queue-place">
          {m.paraRef ? t('moderation.inParagraph', { where: m.where ?? t('moderation.deletedPlace'), paragraph: m.paraRef }) : t('moderation.inDocument', { where: m.where ?? t('moderation.deletedPlace') })}
        </span>{' '}
        {m.body}{' '}
        <a href={m.targetType === 'document' ? `#/d/${m.targetId}` : `#/feedback/${m.targetId}`}>{t('moderation.open')}</a>
      </div>
      {kind === 'pending' ? (
        <>
          <button type="button" onClick={() => act(api.moderateMessage(m.id, 'approve'))}>
            {t('moderation.approve')}
          </button>
          <button type="button" onClick={() => setReasonFor({ id: m.id, action: 'reject' })}>
            {t('moderation.reject')}
          </button>
        </>
      ) : (
        <>
          <span className="badge badge--warn">{t('moderation.flags', { count: m.flags })}</span>
          <button type="button" onClick={() => setReasonFor({ id: m.id, action: 'hide' })}>
            {t('moderation.hide')}
          </button>
        </>
      )}
      {reasonFor?.id === m.id && (
        <ReasonForm
          action={reasonFor.action}
          onCancel={() => setReasonFor(null)}
          onSubmit={(reason) =>
            api.moderateMessage(m.id, reasonFor.action, reason || undefined).then(
              async () => {
                setReasonFor(null)
                await refresh()
                return true
              },
              (e: unknown) => (setError(errorMessage(e)), false),
            )
          }
        />
      )}
    </li>
  )
  if (!group) return <main className="page">{error && <p role="alert">{error}</p>}</main>
  if (!group.capabilities['moderation.view'])
    return (
      <main className="page">
        <h1>{t('moderation.title')}</h1>
        <p>{t('moderation.chairOnly')}</p>
      </main>
    )
  return (
    <main className="page">
      <h1>{t('moderation.title')}</h1>
      <ErrorText error={error} />
      <label className="checkbox">
        <input type="checkbox" checked={group.preModeration} onChange={(e) => act(api.setPreModeration(group.id, e.target.checked))} />
        {t('moderation.preModeration')}
      </label>
      <h2 data-testid="queue-counts">
        {t('moderation.queue', { pending: queue?.counts.pending ?? 0, flagged: queue?.counts.flagged ?? 0 })}
      </h2>
      <ul className="doc-list">
        {queue?.pending.map((m) => item(m, 'pending'))}
        {queue?.flagged.map((m) => item(m, 'flagged'))}
      </ul>
      <h2>
        {t('moderation.log')} <a href={`/api/groups/${group.id}/moderation/log?format=csv`}>{t('moderation.downloadCsv')}</a>
      </h2>
      <table className="members">
        <thead>
          <tr>
            <th scope="col">{t('moderation.columns.when')}</th>
            <th scope="col">{t('moderation.columns.who')}</th>
            <th scope="col">{t('moderation.columns.action')}</th>
            <th scope="col">{t('moderation.columns.on')}</th>
            <th scope="col">{t('moderation.columns.reason')}</th>
            <th scope="col">{t('moderation.columns.beforeAfter')}</th>
          </tr>
        </thead>
        <tbody>
          {log.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {t('moderation.logEmpty')}
              </td>
            </tr>
          )}
          {log.map((e) => (
            <tr key={e.id}>
              <td>{formatMoment(e.at)}</td>
              <td>{e.actor.name}</td>
              <td>{word(ACTIONS, e.action)}</td>
              <td>
                {e.context && (
                  <>
                    {e.context.documentId ? <a href={`#/d/${e.context.documentId}`}>{e.context.where}</a> : e.context.where}
                    {e.context.paraRef && `, ${t('moderation.para', { paragraph: e.context.paraRef })}`}
                    {e.context.text && <span className="muted">: “{e.context.text}”</span>}
                  </>
                )}
              </td>
              <td>{e.reason}</td>
              <td>{e.before && `${word(STATES, e.before)} → ${word(STATES, e.after ?? '')}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  )
}
