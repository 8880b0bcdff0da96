import { useEffect, useState } from 'react'
import type { CommentPeriodView } from '../../shared/periods/types'
import { useEvent } from '../events/EventsProvider'

/** A document's current comment period, kept live by the 'comment-period' events (opened, extended, reopened, closed). */
export function useCommentPeriod(docId: string, initial: CommentPeriodView | null | undefined): CommentPeriodView | null {
  const [period, setPeriod] = useState<CommentPeriodView | null>(initial ?? null)
  useEffect(() => setPeriod(initial ?? null), [initial])
  useEvent('comment-period', (data: { documentId: string; period: CommentPeriodView | null }) => {
    if (data.documentId === docId) setPeriod(data.period)
  })
  return period
}

/** The time now, ticking every second while a deadline is less than an hour away, else every 30 seconds (for countdowns). */
export function useNow(until: number | null): number {
  const [now, setNow] = useState(Date.now())
  const soon = until !== null && until - now < 3_600_000 && until > now
  useEffect(() => {
    if (until === null) return
    const timer = setInterval(() => setNow(Date.now()), soon ? 1_000 : 30_000)
    return () => clearInterval(timer)
  }, [until, soon])
  return now
}
