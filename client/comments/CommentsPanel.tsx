import { useMemo, useState, type FormEvent } from 'react'
import type { ThreadView } from '../../shared/comments/types'
import type { Anchor, ResolvedAnchor } from '../../shared/comments/anchor'
import { ThreadCard, type ThreadPermissions } from './ThreadCard'
import { MentionTextarea } from './MentionTextarea'
import { ErrorText } from '../ErrorText'
import { FilterSelect } from '../FilterSelect'
import type { Role } from '../../shared/permissions'

type StatusFilter = 'open' | 'resolved' | 'mine' | 'orphaned' | 'all'

/** The document's threads in document order, with filters and the new-comment form. */
export function CommentsPanel(props: {
  threads: ThreadView[]
  resolved: Map<string, ResolvedAnchor>
  activeId: string | null
  perms: ThreadPermissions
  /** A draft anchored on the current selection, or null. */
  draft: { anchor: Anchor } | null
  onStartDraft: () => void
  onCancelDraft: () => void
  onSubmitDraft: (body: string) => Promise<void>
  onSelect: (id: string) => void
  onChange: (t: ThreadView) => void
}) {
  const [status, setStatus] = useState<StatusFilter>('open')
  const [delegation, setDelegation] = useState('')
  const [paragraph, setParagraph] = useState('')
  const [body, setBody] = useState('')
  const [error, setError] = useState<string | null>(null)
  const { threads, resolved, perms } = props

  const live = (t: ThreadView) => resolved.get(t.id)
  const stateOf = (t: ThreadView) => live(t)?.state ?? t.anchorState
  const refOf = (t: ThreadView) => (live(t) ? live(t)!.paraRef : t.paraRef)
  const ordered = useMemo(
    () => [...threads].sort((a, b) => (live(a)?.from ?? a.position ?? Infinity) - (live(b)?.from ?? b.position ?? Infinity) || a.createdAt.localeCompare(b.createdAt)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [threads, resolved],
  )
  const delegations = [...new Set(threads.map((t) => t.author.delegation).filter(Boolean))].sort()
  const paragraphs = [...new Set(threads.map((t) => (refOf(t) ?? '').split('(')[0]).filter(Boolean))].sort((a, b) => Number(a) - Number(b))
  const shown = ordered.filter((t) => {
    if (status === 'open' && (t.status !== 'open' || stateOf(t) === 'orphaned')) return false
    if (status === 'resolved' && t.status !== 'resolved') return false
    if (status === 'mine' && !t.messages.some((m) => m.author.id === perms.actor.userId)) return false
    if (status === 'orphaned' && stateOf(t) !== 'orphaned') return false
    if (delegation && t.author.delegation !== delegation) return false
    if (paragraph && (refOf(t) ?? '').split('(')[0] !== paragraph) return false
    return true
  })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      await props.onSubmitDraft(body)
      setBody('')
    } catch (err) {
      setError((err as Error).message)
    }
  }

  return (
    <section className="comments" aria-labelledby="comments-title">
      <div className="comments__head">
        <h2 id="comments-title">Comments ({threads.length})</h2>
        {perms.capabilities['comment.create'] && (
          <button type="button" onClick={props.onStartDraft} title="Comment on the selected passage (Ctrl+Alt+M)">
            Comment
          </button>
        )}
      </div>
      {!perms.capabilities['comment.create'] && perms.actor.role && (
        <p className="muted" data-testid="may-not-comment">
          {ROLE_PLURALS[perms.actor.role]} may not comment in this group.
        </p>
      )}
      {props.draft && (
        <form className="thread thread--draft" onSubmit={submit} aria-label="New comment">
          <blockquote className="thread__quote">{props.draft.anchor.quote.exact}</blockquote>
          <MentionTextarea label="Your comment" groupId={perms.groupId} value={body} onChange={setBody} autoFocus rows={3} />
          <button type="submit">Post comment</button>
          <button type="button" onClick={props.onCancelDraft}>
            Cancel
          </button>
          <ErrorText error={error} />
        </form>
      )}
      <div className="comments__filters">
        <label>
          Show
          <select aria-label="Show" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="mine">Mine</option>
            <option value="orphaned">Orphaned (text deleted)</option>
            <option value="all">All</option>
          </select>
        </label>
        <FilterSelect label="Delegation" value={delegation} options={delegations} onChange={setDelegation} />
        <FilterSelect label="Paragraph" value={paragraph} options={paragraphs} onChange={setParagraph} />
      </div>
      {shown.length === 0 && <p className="muted">No comments here.</p>}
      {shown.map((t) => (
        <ThreadCard key={t.id} thread={t} resolved={live(t)} active={t.id === props.activeId} perms={perms} onSelect={() => props.onSelect(t.id)} onChange={props.onChange} />
      ))}
    </section>
  )
}

/** Who is told they may not comment, by role (the chair decides whether observers may). */
const ROLE_PLURALS: Record<Role, string> = { chair: 'Chairpersons', member: 'Member delegations', 'dg-office': 'The DG office', observer: 'Observers' }
