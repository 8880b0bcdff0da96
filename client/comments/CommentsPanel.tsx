import { memo, useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import type { Editor } from '@tiptap/react'
import type { ThreadView } from '../../shared/comments/types'
import type { Anchor, ResolvedAnchor } from '../../shared/comments/anchor'
import { ThreadCard, referenceLabel, type ThreadPermissions } from './ThreadCard'
import { MentionTextarea } from './MentionTextarea'
import { ErrorText } from '../ErrorText'
import { FilterSelect } from '../FilterSelect'
import type { Role } from '../../shared/permissions'
import { threadMatches } from './threadMatches'
import { delegationsOf } from '../../shared/signers/delegationsOf'
import { MARGIN_ID, useMarginLayout, type MarginAnchor } from './useMarginLayout'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../i18n/errorMessage'

type StatusFilter = 'open' | 'resolved' | 'mine' | 'orphaned' | 'all'

/** A new comment being written: its anchor, and where the selection started (to place the form beside it). */
export interface CommentDraft {
  anchor: Anchor
  from: number
}

/**
 * The document's threads with filters, a search and the new-comment form. Beside a wide document
 * the threads sit in the margin level with their passages (useMarginLayout); in the narrow drawer
 * (placed false) they are a list in document order. Threads whose passage was deleted have no
 * place in the margin: they are listed under "Passage deleted" with the controls. Memoized: the
 * document page re-renders on other people's typing, the panel only when its props change.
 */
export const CommentsPanel = memo(function CommentsPanel(props: {
  threads: ThreadView[]
  resolved: Map<string, ResolvedAnchor>
  activeId: string | null
  perms: ThreadPermissions
  editor: Editor | null
  /** Whether the threads are placed level with their passages (wide screens). */
  placed: boolean
  draft: CommentDraft | null
  onStartDraft: () => void
  onCancelDraft: () => void
  onSubmitDraft: (body: string) => Promise<void>
  /** Show the thread's passage in the document (and make it active). */
  onSelect: (id: string) => void
  /** Make the thread active without moving the document (a click or focus in its card). */
  onActivate: (id: string) => void
  onChange: (t: ThreadView) => void
  /** Why nobody in this role may comment now: the comment period closed (instead of the role's notice). */
  closedNotice?: string
}) {
  const [status, setStatus] = useState<StatusFilter>('open')
  const [delegation, setDelegation] = useState('')
  const [paragraph, setParagraph] = useState('')
  const [query, setQuery] = useState('')
  const { t } = useTranslation()
  const { threads, resolved, perms, placed, draft } = props

  const live = (t: ThreadView) => resolved.get(t.id)
  const stateOf = (t: ThreadView) => live(t)?.state ?? t.anchorState
  const refOf = (t: ThreadView) => (live(t) ? live(t)!.paraRef : t.paraRef)
  const fromOf = (t: ThreadView) => (stateOf(t) === 'orphaned' ? null : (live(t)?.from ?? t.position ?? null))
  const ordered = useMemo(
    () => [...threads].sort((a, b) => (fromOf(a) ?? Infinity) - (fromOf(b) ?? Infinity) || a.createdAt.localeCompare(b.createdAt)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [threads, resolved],
  )
  // A joint comment is listed under each delegation it speaks for (its author's and its confirmed co-signers').
  const delegations = [...new Set(threads.flatMap(delegationsOf))].sort()
  const paragraphs = [...new Set(threads.map((t) => (refOf(t) ?? '').split('(')[0]).filter(Boolean))].sort((a, b) => Number(a) - Number(b))
  const filtered = ordered.filter((t) => {
    if (status === 'open' && (t.status !== 'open' || stateOf(t) === 'orphaned')) return false
    if (status === 'resolved' && t.status !== 'resolved') return false
    if (status === 'mine' && !t.messages.some((m) => m.author.id === perms.actor.userId)) return false
    if (status === 'orphaned' && stateOf(t) !== 'orphaned') return false
    if (delegation && !delegationsOf(t).includes(delegation)) return false
    if (paragraph && (refOf(t) ?? '').split('(')[0] !== paragraph) return false
    return true
  })
  const shown = query.trim() ? filtered.filter((t) => threadMatches(t, query)) : filtered
  const inFlow = placed ? shown.filter((t) => fromOf(t) !== null) : shown
  const orphaned = placed ? shown.filter((t) => fromOf(t) === null) : []

  const margin = useRef<HTMLDivElement>(null)
  const controls = useRef<HTMLDivElement>(null)
  // The margin is laid out again only when a card's place could change, not on every render.
  const flowKey = inFlow.map((t) => `${t.id}:${fromOf(t)}`).join(',') + (draft ? `,draft:${draft.from}` : '')
  const anchors = useMemo<MarginAnchor[]>(() => {
    const list = inFlow.map((t) => ({ id: t.id, from: fromOf(t)! }))
    if (draft) list.push({ id: 'draft', from: draft.from })
    return list.sort((a, b) => a.from - b.from)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flowKey])
  useMarginLayout({ editor: props.editor, margin, controls, anchors, activeId: draft ? 'draft' : props.activeId, enabled: placed })

  // The cards are memoized: hand them callbacks that never change.
  const latest = useRef(props)
  latest.current = props
  const onSelect = useCallback((id: string) => latest.current.onSelect(id), [])
  const onActivate = useCallback((id: string) => latest.current.onActivate(id), [])

  /**
   * Previous / Next comment, in document order: from the active thread, or, when none is active,
   * from the first card below the panel's controls (what is in sight). Shows its passage in the
   * document, so a comment far down the page is one press away rather than a blank margin.
   */
  const step = (by: 1 | -1) => {
    const list = inFlow
    if (!list.length) return
    const at = list.findIndex((x) => x.id === props.activeId)
    let next: number
    if (at >= 0) next = (at + by + list.length) % list.length
    else {
      const top = controls.current?.getBoundingClientRect().bottom ?? 0
      const below = list.findIndex((x) => (margin.current?.querySelector(`[${MARGIN_ID}="${x.id}"]`)?.getBoundingClientRect().top ?? Infinity) >= top)
      next = by === 1 ? Math.max(below, 0) : below <= 0 ? list.length - 1 : below - 1
    }
    props.onSelect(list[next].id)
  }
  const onChange = useCallback((t: ThreadView) => latest.current.onChange(t), [])

  const card = (t: ThreadView) => (
    <ThreadCard
      key={t.id}
      thread={t}
      label={referenceLabel(t, live(t))}
      active={t.id === props.activeId}
      perms={perms}
      onSelect={onSelect}
      onActivate={onActivate}
      onChange={onChange}
    />
  )

  return (
    <section className="comments" aria-labelledby="comments-title">
      <div className="comments__controls" ref={controls}>
        <div className="comments__head">
          <h2 id="comments-title">{t('commentsPanel.title', { count: threads.length })}</h2>
          <label className="comments__search">
            {t('commentsPanel.search')}
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('commentsPanel.searchPlaceholder')} />
          </label>
          {perms.capabilities['comment.create'] && (
            <button type="button" onClick={props.onStartDraft} title={t('commentsPanel.commentHint')}>
              {t('commentsPanel.comment')}
            </button>
          )}
        </div>
        {!perms.capabilities['comment.create'] && perms.actor.role && (
          <p className="muted" data-testid="may-not-comment">
            {props.closedNotice ?? t(MAY_NOT_COMMENT[perms.actor.role])}
          </p>
        )}
        <div className="comments__filters">
          <label>
            {t('commentsPanel.show')}
            <select aria-label={t('commentsPanel.show')} value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
              <option value="open">{t('commentsPanel.status.open')}</option>
              <option value="resolved">{t('commentsPanel.status.resolved')}</option>
              <option value="mine">{t('commentsPanel.status.mine')}</option>
              <option value="orphaned">{t('commentsPanel.status.orphaned')}</option>
              <option value="all">{t('commentsPanel.status.all')}</option>
            </select>
          </label>
          <FilterSelect label={t('commentsPanel.delegation')} value={delegation} options={delegations} onChange={setDelegation} />
          <FilterSelect label={t('commentsPanel.paragraph')} value={paragraph} options={paragraphs} onChange={setParagraph} />
        </div>
        <div className="comments__count-row">
          <p className="comments__count muted" role="status" data-testid="comments-count">
            {shown.length === 0
              ? t('commentsPanel.none')
              : query.trim()
                ? t('commentsPanel.matching', { shown: shown.length, count: filtered.length, query: query.trim() })
                : t('commentsPanel.shown', { count: shown.length })}
          </p>
          {inFlow.length > 0 && (
            <span className="comments__steps">
              <button type="button" onClick={() => step(-1)} aria-label={t('commentsPanel.previous')} title={t('commentsPanel.previous')}>
                ↑
              </button>
              <button type="button" onClick={() => step(1)} aria-label={t('commentsPanel.next')} title={t('commentsPanel.next')}>
                ↓
              </button>
            </span>
          )}
        </div>
        {orphaned.length > 0 && (
          <details className="comments__orphaned" data-testid="orphaned-threads">
            <summary>{t('commentsPanel.passageDeleted', { count: orphaned.length })}</summary>
            {orphaned.map(card)}
          </details>
        )}
      </div>
      <div className={placed ? 'comments__margin comments__margin--placed' : 'comments__margin'} ref={margin} data-testid="comments-margin">
        {draft && <DraftForm draft={draft} groupId={perms.groupId} onCancel={props.onCancelDraft} onSubmit={props.onSubmitDraft} />}
        {inFlow.map(card)}
      </div>
    </section>
  )
})

/** The new-comment form, in the margin beside the selection; its text box takes the focus without moving the page. */
const DraftForm = memo(function DraftForm({ draft, groupId, onCancel, onSubmit }: { draft: CommentDraft; groupId: string; onCancel: () => void; onSubmit: (body: string) => Promise<void> }) {
  const [body, setBody] = useState('')
  const [error, setError] = useState<string | null>(null)
  const { t } = useTranslation()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      await onSubmit(body)
      setBody('')
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  return (
    <form className="thread thread--draft thread--active" onSubmit={submit} aria-label={t('commentsPanel.newComment')} {...{ [MARGIN_ID]: 'draft' }}>
      <blockquote className="thread__quote">{draft.anchor.quote.exact}</blockquote>
      <MentionTextarea label={t('commentsPanel.yourComment')} groupId={groupId} value={body} onChange={setBody} rows={3} focusOn={draft} />
      <button type="submit">{t('commentsPanel.post')}</button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <ErrorText error={error} />
    </form>
  )
})

/** Who is told they may not comment, by role (the chair decides whether observers may). */
const MAY_NOT_COMMENT: Record<Role, string> = {
  chair: 'commentsPanel.mayNotComment.chair',
  member: 'commentsPanel.mayNotComment.member',
  'dg-office': 'commentsPanel.mayNotComment.dgOffice',
  observer: 'commentsPanel.mayNotComment.observer',
}
