import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ThreadView } from '../../shared/comments/types'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'

/**
 * The comment threads of one target, kept live: loaded once, then replaced thread by thread from
 * the event stream. A thread only ever moves forward (higher seq wins), whichever arrives first.
 */
export function useThreads(targetType: 'document' | 'feedback', targetId: string) {
  const [threads, setThreads] = useState<Map<string, ThreadView>>(new Map())
  const [error, setError] = useState<string | null>(null)

  const merge = useCallback((incoming: ThreadView[]) => {
    setThreads((old) => {
      const next = new Map(old)
      for (const t of incoming) {
        const had = next.get(t.id)
        if (!had || had.seq <= t.seq) next.set(t.id, t)
      }
      return next
    })
  }, [])

  const reload = useCallback(() => {
    if (targetType !== 'document') return
    api.threads(targetId).then((r) => merge(r.threads), (e: Error) => setError(e.message))
  }, [targetType, targetId, merge])
  useEffect(reload, [reload])

  useEvent('thread', (t: ThreadView) => {
    if (t.targetType === targetType && t.targetId === targetId) merge([t])
  })

  // The same array until a thread changes: the comments panel and the editor's highlights are redone only then.
  const list = useMemo(() => [...threads.values()], [threads])
  return { threads: list, merge, error, reload }
}
