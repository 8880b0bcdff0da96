import { useEffect, useState, type FormEvent } from 'react'
import type { FeedbackLinkView, FeedbackUpdateView } from '../../shared/feedback/types'
import type { ThreadView } from '../../shared/comments/types'
import { can, type Action, type Actor } from '../../shared/permissions'
import { canApply } from '../../shared/comments/states'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { RichText } from './RichText'
import { useEvent } from '../events/EventsProvider'
import { formatMoment } from '../dates'
import { paragraphToken } from '../../shared/feedback/paragraphAnchor'

const when = formatMoment

/** Where a link opens: a paragraph by its position (…/a/<id>), so the number it had cannot mislead; a deleted one at the document's top. */
export function linkHref(l: FeedbackLinkView): string {
  if (l.type === 'paragraph' && l.paragraphDeleted) return `#/d/${l.documentId}`
  if (l.type === 'paragraph' && l.position && !l.refound) return `#/d/${l.documentId}/a/${paragraphToken(l.position)}`
  // Found again by its words (its position is lost), or an older link: by the number the server gave it.
  if (l.type === 'paragraph') return `#/d/${l.documentId}/p/${encodeURIComponent(l.liveRef ?? l.paraRef)}`
  if (l.type === 'thread') return `#/d/${l.documentId}/t/${l.threadId}`
  return `#/feedback/${l.updateId}`
}

/** One update: its text, links, history, acknowledgements and reply thread. */
export function FeedbackCard(props: {
  update: FeedbackUpdateView
  /** The reader in the update's group, and what the server said they may do there. */
  actor: Actor
  capabilities: Record<Action, boolean>
  onChange: (u: FeedbackUpdateView) => void
  onEdit: () => void
  highlighted?: boolean
}) {
  const { update: u, capabilities: c } = props
  const [thread, setThread] = useState<ThreadView | null>(null)
  const [reply, setReply] = useState('')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (u.threadId) void api.feedbackThread(u.id).then((t) => setThread('id' in t ? t : null), () => undefined)
  }, [u.id, u.threadId, u.replies])
  useEvent('thread', (t: ThreadView) => {
    if (t.targetType === 'feedback' && t.targetId === u.id) setThread(t)
  })
  const act = async (p: Promise<FeedbackUpdateView>) => {
    setError(null)
    try {
      props.onChange(await p)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const sendReply = async (e: FormEvent) => {
    e.preventDefault()
    try {
      setThread(await api.replyToFeedback(u.id, reply))
      setReply('')
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <article id={`update-${u.id}`} className={`feedback${u.retracted ? ' feedback--retracted' : ''}${props.highlighted ? ' feedback--highlighted' : ''}`} data-testid="feedback-update" aria-label={u.title}>
      <header className="feedback__head">
        {u.pinned && <span className="badge">Pinned</span>}
        {!u.read && <span className="badge badge--new">New</span>}
        {u.statusLabel && <span className="badge badge--status">{u.statusLabel}</span>}
        {u.retracted && <span className="badge badge--warn">Retracted</span>}
        <h2 className="feedback__title">{u.title}</h2>
      </header>
      <p className="muted">
        {u.author.name} ({u.author.delegation || 'DG office'}) · posted {when(u.postedAt)}
        {u.editedAt && ` · edited ${when(u.editedAt)}`}
        {u.retractedAt && ` · retracted ${when(u.retractedAt)}`}
      </p>
      <RichText doc={u.body} />
      {u.links.length > 0 && (
        <ul className="feedback__links" aria-label="Linked places">
          {u.links.map((l, i) => (
            <li key={i}>{l.broken ? <span className="muted">{l.label}</span> : <a href={linkHref(l)}>{l.label}</a>}</li>
          ))}
        </ul>
      )}
      {u.previousVersions.length > 0 && (
        <details>
          <summary>Previous versions ({u.previousVersions.length})</summary>
          {u.previousVersions.map((v) => (
            <div key={v.version} className="feedback__version">
              <p className="muted">
                Version {v.version}, saved {when(v.savedAt)}: <strong>{v.title}</strong>
              </p>
              <RichText doc={v.body} />
            </div>
          ))}
        </details>
      )}
      <div className="feedback__actions">
        {c['feedback.acknowledge'] && !u.retracted && (
          <button type="button" disabled={u.acknowledgedByMe} onClick={() => act(api.acknowledgeFeedback(u.id))}>
            {u.acknowledgedByMe ? 'Acknowledged' : 'Acknowledge'}
          </button>
        )}
        <span className="muted" data-testid="ack-count">
          {u.acknowledgements} acknowledgement{u.acknowledgements === 1 ? '' : 's'}
        </span>
        {c['feedback.post'] && !u.retracted && (
          <>
            <button type="button" onClick={props.onEdit}>
              Edit
            </button>
            <button type="button" onClick={() => window.confirm('Retract this update? It stays visible, marked retracted.') && act(api.retractFeedback(u.id))}>
              Retract
            </button>
          </>
        )}
        {c['feedback.pin'] && !u.retracted && (
          <button type="button" onClick={() => act(api.pinFeedback(u.id, !u.pinned))}>
            {u.pinned ? 'Unpin' : 'Pin to top'}
          </button>
        )}
      </div>
      {u.acknowledgedBy && u.acknowledgedBy.length > 0 && (
        <p className="feedback__acks" data-testid="acknowledged-by">
          Acknowledged by: {u.acknowledgedBy.map((a) => `${a.delegation || a.name}`).join(', ')}
        </p>
      )}
      <section className="feedback__replies" aria-label="Replies">
        {thread?.messages.map((m) => (
          <div key={m.id} className={`message message--${m.state}`}>
            <div className="message__meta">
              <strong>{m.author.name}</strong> {m.author.delegation && `(${m.author.delegation})`}
            </div>
            {m.body === null ? <p className="message__placeholder">{m.state === 'deleted' ? 'Message deleted' : 'Hidden by the chair'}</p> : <p className="message__body">{m.body}</p>}
            {m.state === 'pending' && <p className="message__status">Awaiting approval</p>}
            {m.state === 'hidden' && m.body !== null && <p className="message__status">Hidden by the chair{m.hiddenReason ? `: ${m.hiddenReason}` : ''}</p>}
            {c['comment.moderate'] && canApply('hide', m.state) && (
              <button type="button" onClick={() => api.moderateMessage(m.id, 'hide', window.prompt('Reason shown to the author') || 'Hidden by the chair').then(setThread)}>
                Hide
              </button>
            )}
          </div>
        ))}
        {c['comment.reply'] && can(props.actor, 'comment.replyLocked', { locked: thread?.locked }) && !u.retracted && (
          <form onSubmit={sendReply} className="thread__reply">
            <label>
              Reply to this update
              <textarea value={reply} onChange={(e) => setReply(e.target.value)} required maxLength={5000} rows={2} />
            </label>
            <button type="submit">Send reply</button>
          </form>
        )}
      </section>
      <ErrorText error={error} />
    </article>
  )
}
