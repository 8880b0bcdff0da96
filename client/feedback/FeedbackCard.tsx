import { useEffect, useState, type FormEvent } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import type { FeedbackLinkView, FeedbackUpdateView } from '../../shared/feedback/types'
import type { ThreadView } from '../../shared/comments/types'
import { can, type Action, type Actor } from '../../shared/permissions'
import { canApply } from '../../shared/comments/states'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { RichText } from './RichText'
import { linkLabel } from './linkLabel'
import { useEvent } from '../events/EventsProvider'
import { formatMoment } from '../dates'
import { paragraphToken } from '../../shared/feedback/paragraphAnchor'
import { errorMessage } from '../i18n/errorMessage'

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
  const { t } = useTranslation()
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
      setError(errorMessage(e, 'feedback'))
    }
  }
  const sendReply = async (e: FormEvent) => {
    e.preventDefault()
    try {
      setThread(await api.replyToFeedback(u.id, reply))
      setReply('')
    } catch (err) {
      setError(errorMessage(err, 'feedback'))
    }
  }
  return (
    <article id={`update-${u.id}`} className={`feedback${u.retracted ? ' feedback--retracted' : ''}${props.highlighted ? ' feedback--highlighted' : ''}`} data-testid="feedback-update" aria-label={u.title}>
      <header className="feedback__head">
        {u.pinned && <span className="badge">{t('feedback.card.pinned')}</span>}
        {!u.read && <span className="badge badge--new">{t('feedback.card.new')}</span>}
        {u.statusLabel && <span className="badge badge--status">{u.statusLabel}</span>}
        {u.retracted && <span className="badge badge--warn">{t('feedback.card.retracted')}</span>}
        <h2 className="feedback__title">{u.title}</h2>
      </header>
      <p className="muted">
        {t('feedback.card.posted', { name: u.author.name, delegation: u.author.delegation || t('roles.dgOffice'), when: when(u.postedAt) })}
        {u.editedAt && ` · ${t('feedback.card.edited', { when: when(u.editedAt) })}`}
        {u.retractedAt && ` · ${t('feedback.card.retractedAt', { when: when(u.retractedAt) })}`}
      </p>
      <RichText doc={u.body} />
      {u.links.length > 0 && (
        <ul className="feedback__links" aria-label={t('feedback.card.links')}>
          {u.links.map((l, i) => (
            <li key={i}>{l.broken ? <span className="muted">{linkLabel(l, t)}</span> : <a href={linkHref(l)}>{linkLabel(l, t)}</a>}</li>
          ))}
        </ul>
      )}
      {u.previousVersions.length > 0 && (
        <details>
          <summary>{t('feedback.card.previousVersions', { count: u.previousVersions.length })}</summary>
          {u.previousVersions.map((v) => (
            <div key={v.version} className="feedback__version">
              <p className="muted">
                <Trans i18nKey="feedback.card.version" values={{ version: v.version, when: when(v.savedAt), title: v.title }} components={{ title: <strong /> }} />
              </p>
              <RichText doc={v.body} />
            </div>
          ))}
        </details>
      )}
      <div className="feedback__actions">
        {c['feedback.acknowledge'] && !u.retracted && (
          <button type="button" disabled={u.acknowledgedByMe} onClick={() => act(api.acknowledgeFeedback(u.id))}>
            {u.acknowledgedByMe ? t('feedback.card.acknowledged') : t('feedback.card.acknowledge')}
          </button>
        )}
        <span className="muted" data-testid="ack-count">
          {t('feedback.card.acknowledgements', { count: u.acknowledgements })}
        </span>
        {c['feedback.post'] && !u.retracted && (
          <>
            <button type="button" onClick={props.onEdit}>
              {t('feedback.card.edit')}
            </button>
            <button type="button" onClick={() => window.confirm(t('feedback.card.retractConfirm')) && act(api.retractFeedback(u.id))}>
              {t('feedback.card.retract')}
            </button>
          </>
        )}
        {c['feedback.pin'] && !u.retracted && (
          <button type="button" onClick={() => act(api.pinFeedback(u.id, !u.pinned))}>
            {u.pinned ? t('feedback.card.unpin') : t('feedback.card.pin')}
          </button>
        )}
      </div>
      {u.acknowledgedBy && u.acknowledgedBy.length > 0 && (
        <p className="feedback__acks" data-testid="acknowledged-by">
          {t('feedback.card.acknowledgedBy', { names: u.acknowledgedBy.map((a) => a.delegation || a.name).join(', ') })}
        </p>
      )}
      <section className="feedback__replies" aria-label={t('feedback.card.replies')}>
        {thread?.messages.map((m) => (
          <div key={m.id} className={`message message--${m.state}`}>
            <div className="message__meta">
              <strong>{m.author.name}</strong> {m.author.delegation && `(${m.author.delegation})`}
            </div>
            {m.body === null ? <p className="message__placeholder">{m.state === 'deleted' ? t('feedback.card.messageDeleted') : t('feedback.card.hiddenByChair')}</p> : <p className="message__body">{m.body}</p>}
            {m.state === 'pending' && <p className="message__status">{t('feedback.card.awaitingApproval')}</p>}
            {m.state === 'hidden' && m.body !== null && (
              <p className="message__status">{m.hiddenReason ? t('feedback.card.hiddenByChairFor', { reason: m.hiddenReason }) : t('feedback.card.hiddenByChair')}</p>
            )}
            {c['comment.moderate'] && canApply('hide', m.state) && (
              <button
                type="button"
                onClick={() =>
                  api.moderateMessage(m.id, 'hide', window.prompt(t('feedback.card.hideReason')) || t('feedback.card.hiddenByChair')).then(setThread, (e: unknown) => setError(errorMessage(e, 'feedback')))
                }
              >
                {t('feedback.card.hide')}
              </button>
            )}
          </div>
        ))}
        {c['comment.reply'] && can(props.actor, 'comment.replyLocked', { locked: thread?.locked }) && !u.retracted && (
          <form onSubmit={sendReply} className="thread__reply">
            <label>
              {t('feedback.card.reply')}
              <textarea value={reply} onChange={(e) => setReply(e.target.value)} required maxLength={5000} rows={2} />
            </label>
            <button type="submit">{t('feedback.card.sendReply')}</button>
          </form>
        )}
      </section>
      <ErrorText error={error} />
    </article>
  )
}
