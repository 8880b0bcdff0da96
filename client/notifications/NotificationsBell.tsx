import { useEffect, useState } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import type { NotificationView } from '../../shared/comments/types'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'
import { notificationPath } from '../../shared/notifications/notificationPath'

/** Each kind's sentence ("<actor/> mentioned you: {excerpt}"); the server's e-mail digest keeps its English notificationPhrase. */
const KIND_KEYS: Record<NotificationView['kind'], string> = {
  mention: 'notifications.kinds.mention',
  reply: 'notifications.kinds.reply',
  disposition: 'notifications.kinds.disposition',
  cosign: 'notifications.kinds.cosign',
  cosignConfirmed: 'notifications.kinds.cosignConfirmed',
  cosignDeclined: 'notifications.kinds.cosignDeclined',
}

/** Mentions of the signed-in person and replies to their threads, with an unread count that updates live; each opens its thread. */
export function NotificationsBell() {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [data, setData] = useState<{ unread: number; items: NotificationView[] }>({ unread: 0, items: [] })
  const refresh = () => void api.notifications().then(setData, () => undefined)
  useEffect(refresh, [])
  useEvent('notification', refresh)
  const markAll = async () => {
    const { unread } = await api.readNotifications()
    setData((d) => ({ unread, items: d.items.map((n) => ({ ...n, read: true })) }))
  }
  /** Opening a notification marks it read. */
  const open1 = (n: NotificationView) => {
    setOpen(false)
    if (n.read) return
    setData((d) => ({ unread: Math.max(0, d.unread - 1), items: d.items.map((i) => (i.id === n.id ? { ...i, read: true } : i)) }))
    void api.readNotifications([n.id]).then(({ unread }) => setData((d) => ({ ...d, unread })), () => undefined)
  }
  return (
    <div className="bell">
      <button type="button" aria-expanded={open} aria-label={t('notifications.unread', { count: data.unread })} onClick={() => setOpen(!open)} data-testid="notifications">
        {t('notifications.title')}
        {data.unread > 0 && <span className="bell__count">{data.unread}</span>}
      </button>
      {open && (
        <div className="bell__panel" role="region" aria-label={t('notifications.title')}>
          {data.items.length === 0 && <p className="muted">{t('notifications.none')}</p>}
          <ul>
            {data.items.map((n) => (
              <li key={n.id} className={n.read ? '' : 'unread'}>
                <a href={notificationPath(n)} onClick={() => open1(n)}>
                  <Trans i18nKey={KIND_KEYS[n.kind]} values={{ actor: n.actor.name, excerpt: n.excerpt }} components={{ actor: <strong /> }} />
                </a>
              </li>
            ))}
          </ul>
          {data.unread > 0 && (
            <button type="button" onClick={markAll}>
              {t('notifications.markAll')}
            </button>
          )}
        </div>
      )}
    </div>
  )
}
