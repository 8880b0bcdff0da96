import { useCallback, useEffect, useState } from 'react'
import type { Group } from '../../shared/types'
import type { ModerationLogEntry, ModerationQueue, QueueItem } from '../../shared/comments/types'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'
import { ErrorText } from '../ErrorText'
import { ReasonForm } from './ReasonForm'
import { formatMoment } from '../dates'

/** The chair's moderation queue (live counts), pre-moderation switch, and the moderation log. */
export function ModerationPage() {
  const [group, setGroup] = useState<Group | null>(null)
  const [queue, setQueue] = useState<ModerationQueue | null>(null)
  const [log, setLog] = useState<ModerationLogEntry[]>([])
  const [error, setError] = useState<string | null>(null)
  const refresh = useCallback(async () => {
    try {
      const [g] = await api.groups()
      setGroup(g)
      // The queue and the log are the chair's: others are told so, nothing is asked of the server.
      if (!g.capabilities['moderation.view']) return
      setQueue(await api.moderationQueue(g.id))
      setLog(await api.moderationLog(g.id))
    } catch (e) {
      setError((e as Error).message)
    }
  }, [])
  useEffect(() => void refresh(), [refresh])
  useEvent('thread', () => void refresh())
  const act = (p: Promise<unknown>) => p.then(refresh, (e: Error) => setError(e.message))
  const [reasonFor, setReasonFor] = useState<{ id: string; action: 'hide' | 'reject' } | null>(null)
  const item = (m: QueueItem, kind: 'pending' | 'flagged') => (
    <li key={m.id} className="doc-row">
      <div className="doc-row__title">
        <strong>{m.author.name}</strong> {m.author.delegation && `(${m.author.delegation})`}: {m.body}{' '}
        <a href={m.targetType === 'document' ? `#/d/${m.targetId}` : `#/feedback/${m.targetId}`}>open</a>
      </div>
      {kind === 'pending' ? (
        <>
          <button type="button" onClick={() => act(api.moderateMessage(m.id, 'approve'))}>
            Approve
          </button>
          <button type="button" onClick={() => setReasonFor({ id: m.id, action: 'reject' })}>
            Reject
          </button>
        </>
      ) : (
        <>
          <span className="badge badge--warn">{m.flags} flags</span>
          <button type="button" onClick={() => setReasonFor({ id: m.id, action: 'hide' })}>
            Hide
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
              (e: Error) => (setError(e.message), false),
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
        <h1>Moderation</h1>
        <p>Only the chairperson moderates comments in this group.</p>
      </main>
    )
  return (
    <main className="page">
      <h1>Moderation</h1>
      <ErrorText error={error} />
      <label className="checkbox">
        <input type="checkbox" checked={group.preModeration} onChange={(e) => act(api.setPreModeration(group.id, e.target.checked))} />
        Pre-moderation: new comments from members wait for approval
      </label>
      <h2 data-testid="queue-counts">
        Queue: {queue?.counts.pending ?? 0} awaiting approval, {queue?.counts.flagged ?? 0} flagged
      </h2>
      <ul className="doc-list">
        {queue?.pending.map((m) => item(m, 'pending'))}
        {queue?.flagged.map((m) => item(m, 'flagged'))}
      </ul>
      <h2>
        Moderation log <a href={`/api/groups/${group.id}/moderation/log?format=csv`}>Download CSV</a>
      </h2>
      <table className="members">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">On</th>
            <th scope="col">Reason</th>
            <th scope="col">Before → after</th>
          </tr>
        </thead>
        <tbody>
          {log.map((e) => (
            <tr key={e.id}>
              <td>{formatMoment(e.at)}</td>
              <td>{e.actor.name}</td>
              <td>{e.action}</td>
              <td>
                {e.context && (
                  <>
                    {e.context.documentId ? <a href={`#/d/${e.context.documentId}`}>{e.context.where}</a> : e.context.where}
                    {e.context.paraRef && `, para ${e.context.paraRef}`}
                    {e.context.text && <span className="muted">: “{e.context.text}”</span>}
                  </>
                )}
              </td>
              <td>{e.reason}</td>
              <td>{e.before && `${e.before} → ${e.after}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  )
}
