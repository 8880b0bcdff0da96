import { useCallback, useEffect, useState } from 'react'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'

/** The unread count of the group's feed, kept live. */
export function useFeedbackUnread(): number {
  const [unread, setUnread] = useState(0)
  const [groupId, setGroupId] = useState<string | null>(null)
  const refresh = useCallback(async (gid?: string) => {
    const id = gid ?? groupId
    if (!id) return
    setUnread((await api.feedbackUnread(id)).unread)
  }, [groupId])
  useEffect(() => {
    void api.groups().then(([g]) => {
      if (!g) return
      setGroupId(g.id)
      void refresh(g.id)
    }, () => undefined)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  useEvent('feedback', () => void refresh())
  useEvent('feedback-unread', (e: { unread: number }) => setUnread(e.unread))
  return unread
}
