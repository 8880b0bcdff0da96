import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentSummary } from '../../shared/types'
import type { VersionSummary } from '../../shared/versions/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { useEvent } from '../events/EventsProvider'
import { versionByline, when } from './format'
import { errorMessage } from '../i18n/errorMessage'

/** Each kind of version's message key. */
const KIND_LABELS = { named: 'versions.kind.named', auto: 'versions.kind.auto', restore: 'versions.kind.restore' } as const

/** A document's version history: save a named version, open one, compare any two (or one with now). */
export function HistoryPage({ docId }: { docId: string }) {
  const [doc, setDoc] = useState<DocumentSummary | null>(null)
  const [versions, setVersions] = useState<VersionSummary[] | null>(null)
  const [name, setName] = useState('')
  const [from, setFrom] = useState<string | null>(null)
  const [to, setTo] = useState<string>('now')
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const { t } = useTranslation()

  const refresh = useCallback(() => {
    Promise.all([api.document(docId), api.versions(docId)])
      .then(([d, v]) => {
        setDoc(d)
        setVersions(v)
      })
      .catch((e: unknown) => setError(errorMessage(e)))
  }, [docId])
  useEffect(() => {
    if (doc) document.title = t('versions.historyPageTitle', { title: doc.title })
  }, [doc, t])
  useEffect(refresh, [refresh])
  // Versions saved by others (or kept automatically) appear at once.
  useEvent('version', (v) => {
    if ((v as VersionSummary).documentId === docId) refresh()
  })

  const save = async (e: FormEvent) => {
    e.preventDefault()
    try {
      const saved = await api.saveVersion(docId, name)
      setName('')
      setStatus(t('versions.saved', { name: saved.name }))
      setError(null)
      refresh()
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const canSave = doc?.access.capabilities['version.save'] ?? false
  return (
    <main className="page history">
      <p>
        <a href={`#/d/${docId}`}>{t('versions.back')}</a>
      </p>
      <h1>{doc ? t('versions.historyOf', { title: doc.title }) : t('versions.history')}</h1>
      {canSave && (
        <form className="history__save" onSubmit={save}>
          <label>
            {t('versions.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder={t('versions.namePlaceholder')} />
          </label>
          <button type="submit">{t('versions.save')}</button>
        </form>
      )}
      {status && (
        <p role="status" className="notice">
          {status}
        </p>
      )}
      <ErrorText error={error} />
      {versions && versions.length === 0 && <p className="muted">{t('versions.none')}</p>}
      {versions && versions.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (from) location.hash = `#/d/${docId}/compare/${from}/${to}`
          }}
        >
          <table className="history__table">
            <caption className="sr-only">{t('versions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('versions.columns.version')}</th>
                <th scope="col">{t('versions.columns.saved')}</th>
                <th scope="col">{t('versions.columns.by')}</th>
                <th scope="col">{t('versions.columns.compareFrom')}</th>
                <th scope="col">{t('versions.columns.compareTo')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>
                  <a href={`#/d/${docId}`}>{t('versions.current')}</a>
                </td>
                <td>{t('versions.now')}</td>
                <td />
                <td />
                <td>
                  <input type="radio" name="to" aria-label={t('versions.compareToCurrent')} checked={to === 'now'} onChange={() => setTo('now')} />
                </td>
              </tr>
              {versions.map((v) => (
                <tr key={v.id} data-testid="version-row">
                  <td>
                    <a href={`#/d/${docId}/history/${v.id}`}>{v.name}</a> <span className={`badge badge--${v.kind}`}>{t(KIND_LABELS[v.kind])}</span>
                  </td>
                  <td>{when(v.createdAt)}</td>
                  <td>{versionByline(t, v)}</td>
                  <td>
                    <input type="radio" name="from" aria-label={t('versions.compareFromVersion', { name: v.name, when: when(v.createdAt) })} checked={from === v.id} onChange={() => setFrom(v.id)} />
                  </td>
                  <td>
                    <input type="radio" name="to" aria-label={t('versions.compareToVersion', { name: v.name, when: when(v.createdAt) })} checked={to === v.id} onChange={() => setTo(v.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" disabled={!from || from === to}>
            {t('versions.compare')}
          </button>
        </form>
      )}
      <p className="muted">
        {t('versions.keptHint')}
      </p>
    </main>
  )
}
