import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FeedbackUpdateView } from '../../shared/feedback/types'
import type { Group } from '../../shared/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { useEvent } from '../events/EventsProvider'
import { useSession } from '../session'
import { actorIn } from '../groups/actor'
import { FeedbackCard } from './FeedbackCard'
import { FeedbackComposer } from './FeedbackComposer'
import { errorMessage } from '../i18n/errorMessage'

/** The group's feedback feed: newest first, pinned on top, live, paginated; read when seen. */
export function FeedbackPage({ focusId }: { focusId?: string }) {
  const [group, setGroup] = useState<Group | null>(null)
  const [updates, setUpdates] = useState<FeedbackUpdateView[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [labels, setLabels] = useState<string[]>([])
  const [editing, setEditing] = useState<FeedbackUpdateView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const me = useSession()
  const { t } = useTranslation()

  const upsert = useCallback((u: FeedbackUpdateView) => {
    setUpdates((list) => {
      const others = list.filter((x) => x.id !== u.id).map((x) => (u.pinned && x.pinned ? { ...x, pinned: false } : x))
      const merged = [...others, u]
      return merged.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.postedAt.localeCompare(a.postedAt) || b.id.localeCompare(a.id))
    })
  }, [])
  const load = useCallback(async () => {
    try {
      const [g] = await api.groups()
      setGroup(g)
      const page = await api.feed(g.id)
      setUpdates(page.updates)
      setNext(page.next)
      setLabels(page.labels)
      await api.readFeedback(g.id)
    } catch (e) {
      setError(errorMessage(e, 'feedback'))
    }
  }, [])
  useEffect(() => void load(), [load])
  useEvent('feedback', (u: FeedbackUpdateView) => {
    upsert(u)
    // The person is looking at the feed: what arrives is read.
    if (!u.read && group) void api.readFeedback(group.id, [u.id])
  })
  useEffect(() => {
    if (focusId) document.getElementById(`update-${focusId}`)?.scrollIntoView({ block: 'start' })
  }, [focusId, updates.length])

  const more = async () => {
    if (!group || !next) return
    const page = await api.feed(group.id, next)
    setUpdates((list) => [...list, ...page.updates.filter((u) => !list.some((x) => x.id === u.id))])
    setNext(page.next)
  }
  if (!group) return <main className="page">{error && <p role="alert">{error}</p>}</main>
  const c = group.capabilities
  const actor = actorIn(me, group.myRole)
  return (
    <main className="page page--feed">
      <p className="eyebrow">{group.name}</p>
      <h1>{t('feedback.page.title')}</h1>
      <ErrorText error={error} />
      {c['feedback.post'] && (
        <FeedbackComposer
          key={editing?.id ?? 'new'}
          groupId={group.id}
          labels={labels}
          editing={editing ?? undefined}
          onLabelsChanged={setLabels}
          canAddLabel={c['feedback.labels']}
          onCancel={editing ? () => setEditing(null) : undefined}
          onDone={(u) => {
            upsert(u)
            setEditing(null)
          }}
        />
      )}
      {updates.length === 0 && <p className="muted">{t('feedback.page.empty')}</p>}
      {updates.map((u) => (
        <FeedbackCard key={u.id} update={u} actor={actor} capabilities={c} onChange={upsert} onEdit={() => setEditing(u)} highlighted={u.id === focusId} />
      ))}
      {next && (
        <button type="button" onClick={more}>
          {t('feedback.page.older')}
        </button>
      )}
    </main>
  )
}
