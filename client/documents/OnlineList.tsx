import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Awareness } from 'y-protocols/awareness'

interface Present {
  clientId: number
  name: string
  delegation: string
  color: string
  self: boolean
}

/** The people whose cursors are in this document right now, from the awareness states. */
export function OnlineList({ awareness }: { awareness: Awareness }) {
  const [people, setPeople] = useState<Present[]>([])
  const { t } = useTranslation()
  useEffect(() => {
    const read = () => {
      const list: Present[] = []
      awareness.getStates().forEach((state, clientId) => {
        const user = state.user as { name?: unknown; delegation?: unknown; color?: unknown } | undefined
        if (!user || typeof user.name !== 'string') return
        list.push({
          clientId,
          name: user.name,
          delegation: typeof user.delegation === 'string' ? user.delegation : '',
          color: typeof user.color === 'string' ? user.color : '#444444',
          self: clientId === awareness.clientID,
        })
      })
      list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
      setPeople(list)
    }
    read()
    awareness.on('change', read)
    return () => awareness.off('change', read)
  }, [awareness])

  return (
    <section className="online" aria-labelledby="online-title">
      <h2 id="online-title">{t('online.title', { count: people.length })}</h2>
      <ul data-testid="online-list">
        {people.map((p) => (
          <li key={p.clientId}>
            <span className="online__swatch" style={{ background: p.color }} aria-hidden="true" />
            {p.name}
            {p.delegation && <span className="online__delegation"> ({p.delegation})</span>}
            {p.self && <span className="online__self"> {t('online.you')}</span>}
          </li>
        ))}
      </ul>
    </section>
  )
}
