import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'

/** The chair's link to the moderation page, with how many messages wait for a decision (live). */
export function ModerationLink({ groupId }: { groupId: string }) {
  const [waiting, setWaiting] = useState(0)
  const { t } = useTranslation()
  const refresh = useCallback(() => {
    api.moderationQueue(groupId).then((q) => setWaiting(q.counts.pending + q.counts.flagged), () => undefined)
  }, [groupId])
  useEffect(refresh, [refresh])
  useEvent('thread', refresh)
  return (
    <a href="#/moderation" data-testid="moderation-link" aria-label={waiting ? t('moderation.linkWaiting', { waiting }) : t('moderation.title')}>
      {t('moderation.title')}
      {waiting > 0 && <span className="bell__count">{waiting}</span>}
    </a>
  )
}
