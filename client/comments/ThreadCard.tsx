import { memo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { MessageView, ThreadView } from '../../shared/comments/types'
import type { ResolvedAnchor } from '../../shared/comments/anchor'
import { can, type Action, type Actor } from '../../shared/permissions'
import { canApply, isEditable, isFlaggable } from '../../shared/comments/states'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { errorMessage } from '../i18n/errorMessage'
import { i18next } from '../i18n/i18n'
import { formatMoment as time } from '../dates'
import { ReasonForm } from '../moderation/ReasonForm'
import { MentionTextarea } from './MentionTextarea'
import { MARGIN_ID } from './useMarginLayout'
import { DispositionBox } from '../dispositions/DispositionBox'
import { Signers, signedThread } from './Signers'

/** Who is looking, and what the server said they may do in the document's group (rules that read a thread or message are decided here with can()). */
export interface ThreadPermissions {
  actor: Actor
  capabilities: Record<Action, boolean>
  groupId: string
  /** Whether the document's comment period has closed (members may no longer edit their messages). */
  commentPeriodClosed?: boolean
  /** Their delegation in the group (joint positions). */
  delegation?: string
}

/** Lets the DG office or the chair link a thread to the feedback update that answers it. */
function AnsweredControl({ thread, groupId, onChange }: { thread: ThreadView; groupId: string; onChange: (t: ThreadView) => void }) {
  const { t } = useTranslation()
  const [options, setOptions] = useState<Array<{ id: string; title: string }> | null>(null)
  if (!options)
    return (
      <button type="button" onClick={() => void api.feed(groupId).then((p) => setOptions(p.updates.filter((u) => !u.retracted).map((u) => ({ id: u.id, title: u.title }))))}>
        {thread.answeredBy ? t('comments.answered.change') : t('comments.answered.mark')}
      </button>
    )
  return (
    <label>
      {t('comments.answered.by')}
      <select
        aria-label={t('comments.answered.by')}
        value={thread.answeredBy?.updateId ?? ''}
        onChange={(e) => void api.markAnswered(thread.id, e.target.value || null).then(onChange).finally(() => setOptions(null))}
      >
        <option value="">{t('comments.answered.none')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.title}
          </option>
        ))}
      </select>
    </label>
  )
}

/** Where a thread's passage is now, as shown on its card, in the interface's language. */
export function referenceLabel(thread: ThreadView, resolved: ResolvedAnchor | undefined): string {
  const state = resolved?.state ?? thread.anchorState
  if (state === 'orphaned') return i18next.t('comments.orphaned')
  const ref = resolved ? resolved.paraRef : thread.paraRef
  return ref ? i18next.t('comments.para', { ref }) : i18next.t('comments.unnumbered')
}

function MessageBody({ m }: { m: MessageView }) {
  const { t } = useTranslation()
  if (m.state === 'deleted') return <p className="message__placeholder">{t('feedback.card.messageDeleted')}</p>
  if (m.state === 'hidden' && m.body === null) return <p className="message__placeholder">{t('feedback.card.hiddenByChair')}</p>
  return (
    <>
      {m.state === 'hidden' && <p className="message__status">{m.hiddenReason ? t('feedback.card.hiddenByChairFor', { reason: m.hiddenReason }) : t('feedback.card.hiddenByChair')}</p>}
      {m.state === 'pending' && <p className="message__status">{t('feedback.card.awaitingApproval')}</p>}
      {m.state === 'rejected' && <p className="message__status">{m.hiddenReason ? t('comments.notApprovedFor', { reason: m.hiddenReason }) : t('comments.notApproved')}</p>}
      <p className="message__body">{m.body}</p>
    </>
  )
}

/**
 * One thread: the quoted passage, its messages, and the actions this person may take. Memoized:
 * a keystroke in the document re-renders no card whose thread, label and activity are unchanged.
 */
export const ThreadCard = memo(function ThreadCard(props: {
  thread: ThreadView
  /** Where its passage is now (referenceLabel). */
  label: string
  active: boolean
  perms: ThreadPermissions
  /** Show its passage in the document. */
  onSelect: (id: string) => void
  /** Make it the active thread (a click or the focus inside the card). */
  onActivate: (id: string) => void
  onChange: (t: ThreadView) => void
}) {
  const { thread, perms } = props
  const { t } = useTranslation()
  const [reply, setReply] = useState('')
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null)
  const [reasonFor, setReasonFor] = useState<{ id: string; action: 'hide' | 'reject' } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const act = async (p: Promise<ThreadView>) => {
    setError(null)
    try {
      props.onChange(await p)
      return true
    } catch (e) {
      setError(errorMessage(e))
      return false
    }
  }
  const submitReply = async (e: FormEvent) => {
    e.preventDefault()
    if (await act(api.reply(thread.id, reply))) setReply('')
  }
  const { actor, capabilities: caps } = perms
  const moderates = caps['comment.moderate']
  const canReply = caps['comment.reply'] && can(actor, 'comment.replyLocked', { locked: thread.locked })
  const label = props.label
  const activate = () => props.onActivate(thread.id)

  return (
    <article
      id={`thread-${thread.id}`}
      className={`thread${props.active ? ' thread--active' : ''}${thread.status === 'resolved' ? ' thread--resolved' : ''}`}
      aria-label={t('comments.threadOn', { label })}
      data-testid="thread"
      // Made active after a click, not on mousedown: the card moves when it becomes active, and must
      // not move between the press and the release of a button in it. The keyboard activates on focus.
      onClick={activate}
      onFocus={(e) => e.target.matches(':focus-visible') && activate()}
      {...{ [MARGIN_ID]: thread.id }}
    >
      <header className="thread__head">
        <button type="button" className="thread__ref" onClick={() => props.onSelect(thread.id)} aria-label={t('comments.show', { label })}>
          {label}
        </button>
        {thread.status === 'resolved' && <span className="badge">{t('comments.resolved')}</span>}
        {thread.locked && <span className="badge">{t('comments.locked')}</span>}
        {thread.answeredBy && (
          <a className="badge badge--link" href={`#/feedback/${thread.answeredBy.updateId}`}>
            {t('comments.answered.in', { title: thread.answeredBy.title })}
          </a>
        )}
      </header>
      {thread.quote && <blockquote className="thread__quote">{thread.quote.exact}</blockquote>}
      {thread.targetType === 'document' && <Signers target={signedThread(thread)} actor={actor} delegation={perms.delegation ?? ''} onChange={(v) => props.onChange(v as ThreadView)} />}
      <ol className="thread__messages">
        {thread.messages.map((m) => (
          <li key={m.id} className={`message message--${m.state}`} data-testid="message">
            <div className="message__meta">
              <strong>{m.author.name}</strong>
              {m.author.delegation && <span> ({m.author.delegation})</span>} · <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
              {m.editedAt && <span> · {t('comments.edited')}</span>}
              {moderates && m.flags > 0 && <span className="badge badge--warn"> {t('moderation.flags', { count: m.flags })}</span>}
            </div>
            {editing?.id === m.id ? (
              <form
                onSubmit={async (e) => {
                  e.preventDefault()
                  if (await act(api.editMessage(m.id, editing.body))) setEditing(null)
                }}
              >
                <MentionTextarea label={t('comments.editYours')} groupId={perms.groupId} value={editing.body} onChange={(body) => setEditing({ id: m.id, body })} />
                <button type="submit">{t('comments.save')}</button>
                <button type="button" onClick={() => setEditing(null)}>
                  {t('common.cancel')}
                </button>
              </form>
            ) : (
              <MessageBody m={m} />
            )}
            <div className="message__actions">
              {can(actor, 'comment.editOwn', { authorId: m.author.id, commentPeriodClosed: perms.commentPeriodClosed }) && isEditable(m.state) && (
                <button type="button" onClick={() => setEditing({ id: m.id, body: m.body ?? '' })}>
                  {t('comments.edit')}
                </button>
              )}
              {can(actor, 'comment.delete', { authorId: m.author.id }) && m.state !== 'deleted' && (
                <button type="button" onClick={() => act(api.deleteMessage(m.id))}>
                  {t('comments.delete')}
                </button>
              )}
              {moderates && canApply('approve', m.state) && (
                <>
                  <button type="button" onClick={() => act(api.moderateMessage(m.id, 'approve'))}>
                    {t('moderation.approve')}
                  </button>
                  <button type="button" onClick={() => setReasonFor({ id: m.id, action: 'reject' })}>
                    {t('moderation.reject')}
                  </button>
                </>
              )}
              {moderates && canApply('hide', m.state) && (
                <button type="button" onClick={() => setReasonFor({ id: m.id, action: 'hide' })}>
                  {t('moderation.hide')}
                </button>
              )}
              {moderates && canApply('restore', m.state) && (
                <button type="button" onClick={() => act(api.moderateMessage(m.id, 'restore'))}>
                  {t('comments.restore')}
                </button>
              )}
              {/* The chair hides rather than flags; nobody flags their own message. */}
              {!moderates && caps['comment.flag'] && isFlaggable(m.state) && m.author.id !== actor.userId && (
                <button type="button" disabled={m.flaggedByMe} onClick={() => act(api.moderateMessage(m.id, 'flag'))}>
                  {m.flaggedByMe ? t('comments.flagged') : t('comments.flag')}
                </button>
              )}
            </div>
            {reasonFor?.id === m.id && (
              <ReasonForm
                action={reasonFor.action}
                onCancel={() => setReasonFor(null)}
                onSubmit={async (reason) => {
                  const done = await act(api.moderateMessage(m.id, reasonFor.action, reason || undefined))
                  if (done) setReasonFor(null)
                  return done
                }}
              />
            )}
          </li>
        ))}
      </ol>
      <DispositionBox targetId={thread.id} />
      <div className="thread__actions">
        {can(actor, 'comment.resolve', { authorId: thread.author.id }) && (
          <button type="button" onClick={() => act(api.threadAction(thread.id, thread.status === 'open' ? 'resolve' : 'reopen'))}>
            {thread.status === 'open' ? t('comments.resolve') : t('comments.reopen')}
          </button>
        )}
        {caps['comment.markAnswered'] && <AnsweredControl thread={thread} groupId={perms.groupId} onChange={props.onChange} />}
        {moderates && (
          <button type="button" onClick={() => act(api.threadAction(thread.id, thread.locked ? 'unlock' : 'lock'))}>
            {thread.locked ? t('comments.unlock') : t('comments.lock')}
          </button>
        )}
      </div>
      {canReply ? (
        <form className="thread__reply" onSubmit={submitReply}>
          <MentionTextarea label={t('comments.reply')} groupId={perms.groupId} value={reply} onChange={setReply} rows={2} />
          <button type="submit">{t('feedback.card.sendReply')}</button>
        </form>
      ) : (
        thread.locked && <p className="muted">{t('comments.lockedNotice')}</p>
      )}
      <ErrorText error={error} />
    </article>
  )
})
