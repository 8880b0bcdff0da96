import { memo, useState, type FormEvent } from 'react'
import type { MessageView, ThreadView } from '../../shared/comments/types'
import type { ResolvedAnchor } from '../../shared/comments/anchor'
import { can, type Action, type Actor } from '../../shared/permissions'
import { canApply, isEditable, isFlaggable } from '../../shared/comments/states'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
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
  const [options, setOptions] = useState<Array<{ id: string; title: string }> | null>(null)
  if (!options)
    return (
      <button type="button" onClick={() => void api.feed(groupId).then((p) => setOptions(p.updates.filter((u) => !u.retracted).map((u) => ({ id: u.id, title: u.title }))))}>
        {thread.answeredBy ? 'Change answer' : 'Answered in feedback…'}
      </button>
    )
  return (
    <label>
      Answered by update
      <select
        aria-label="Answered by update"
        value={thread.answeredBy?.updateId ?? ''}
        onChange={(e) => void api.markAnswered(thread.id, e.target.value || null).then(onChange).finally(() => setOptions(null))}
      >
        <option value="">Not answered</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.title}
          </option>
        ))}
      </select>
    </label>
  )
}

/** Where a thread's passage is now, as shown on its card. */
export function referenceLabel(thread: ThreadView, resolved: ResolvedAnchor | undefined): string {
  const state = resolved?.state ?? thread.anchorState
  if (state === 'orphaned') return 'Original text deleted'
  const ref = resolved ? resolved.paraRef : thread.paraRef
  return ref ? `para ${ref}` : 'Unnumbered text'
}

function MessageBody({ m }: { m: MessageView }) {
  if (m.state === 'deleted') return <p className="message__placeholder">Message deleted</p>
  if (m.state === 'hidden' && m.body === null) return <p className="message__placeholder">Hidden by the chair</p>
  return (
    <>
      {m.state === 'hidden' && <p className="message__status">Hidden by the chair{m.hiddenReason ? `: ${m.hiddenReason}` : ''}</p>}
      {m.state === 'pending' && <p className="message__status">Awaiting approval</p>}
      {m.state === 'rejected' && <p className="message__status">Not approved by the chair{m.hiddenReason ? `: ${m.hiddenReason}` : ''}</p>}
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
      setError((e as Error).message)
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
      aria-label={`Comment thread on ${label}`}
      data-testid="thread"
      // Made active after a click, not on mousedown: the card moves when it becomes active, and must
      // not move between the press and the release of a button in it. The keyboard activates on focus.
      onClick={activate}
      onFocus={(e) => e.target.matches(':focus-visible') && activate()}
      {...{ [MARGIN_ID]: thread.id }}
    >
      <header className="thread__head">
        <button type="button" className="thread__ref" onClick={() => props.onSelect(thread.id)} aria-label={`Show ${label} in the document`}>
          {label}
        </button>
        {thread.status === 'resolved' && <span className="badge">Resolved</span>}
        {thread.locked && <span className="badge">Locked</span>}
        {thread.answeredBy && (
          <a className="badge badge--link" href={`#/feedback/${thread.answeredBy.updateId}`}>
            Answered in feedback: {thread.answeredBy.title}
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
              {m.editedAt && <span> · edited</span>}
              {moderates && m.flags > 0 && <span className="badge badge--warn"> {m.flags} flag{m.flags > 1 ? 's' : ''}</span>}
            </div>
            {editing?.id === m.id ? (
              <form
                onSubmit={async (e) => {
                  e.preventDefault()
                  if (await act(api.editMessage(m.id, editing.body))) setEditing(null)
                }}
              >
                <MentionTextarea label="Edit your message" groupId={perms.groupId} value={editing.body} onChange={(body) => setEditing({ id: m.id, body })} />
                <button type="submit">Save</button>
                <button type="button" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <MessageBody m={m} />
            )}
            <div className="message__actions">
              {can(actor, 'comment.editOwn', { authorId: m.author.id, commentPeriodClosed: perms.commentPeriodClosed }) && isEditable(m.state) && (
                <button type="button" onClick={() => setEditing({ id: m.id, body: m.body ?? '' })}>
                  Edit
                </button>
              )}
              {can(actor, 'comment.delete', { authorId: m.author.id }) && m.state !== 'deleted' && (
                <button type="button" onClick={() => act(api.deleteMessage(m.id))}>
                  Delete
                </button>
              )}
              {moderates && canApply('approve', m.state) && (
                <>
                  <button type="button" onClick={() => act(api.moderateMessage(m.id, 'approve'))}>
                    Approve
                  </button>
                  <button type="button" onClick={() => setReasonFor({ id: m.id, action: 'reject' })}>
                    Reject
                  </button>
                </>
              )}
              {moderates && canApply('hide', m.state) && (
                <button type="button" onClick={() => setReasonFor({ id: m.id, action: 'hide' })}>
                  Hide
                </button>
              )}
              {moderates && canApply('restore', m.state) && (
                <button type="button" onClick={() => act(api.moderateMessage(m.id, 'restore'))}>
                  Restore
                </button>
              )}
              {/* The chair hides rather than flags; nobody flags their own message. */}
              {!moderates && caps['comment.flag'] && isFlaggable(m.state) && m.author.id !== actor.userId && (
                <button type="button" disabled={m.flaggedByMe} onClick={() => act(api.moderateMessage(m.id, 'flag'))}>
                  {m.flaggedByMe ? 'Flagged' : 'Flag for the chair'}
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
            {thread.status === 'open' ? 'Resolve' : 'Reopen'}
          </button>
        )}
        {caps['comment.markAnswered'] && <AnsweredControl thread={thread} groupId={perms.groupId} onChange={props.onChange} />}
        {moderates && (
          <button type="button" onClick={() => act(api.threadAction(thread.id, thread.locked ? 'unlock' : 'lock'))}>
            {thread.locked ? 'Unlock' : 'Lock'}
          </button>
        )}
      </div>
      {canReply ? (
        <form className="thread__reply" onSubmit={submitReply}>
          <MentionTextarea label="Reply" groupId={perms.groupId} value={reply} onChange={setReply} rows={2} />
          <button type="submit">Send reply</button>
        </form>
      ) : (
        thread.locked && <p className="muted">The chair has locked this thread.</p>
      )}
      <ErrorText error={error} />
    </article>
  )
})
