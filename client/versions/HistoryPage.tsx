import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { DocumentSummary } from '../../shared/types'
import type { VersionSummary } from '../../shared/versions/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { useEvent } from '../events/EventsProvider'
import { versionByline, when } from './format'

const KIND_LABELS = { named: 'Named', auto: 'Automatic', restore: 'Before a restore' } as const

/** A document's version history: save a named version, open one, compare any two (or one with now). */
export function HistoryPage({ docId }: { docId: string }) {
  const [doc, setDoc] = useState<DocumentSummary | null>(null)
  const [versions, setVersions] = useState<VersionSummary[] | null>(null)
  const [name, setName] = useState('')
  const [from, setFrom] = useState<string | null>(null)
  const [to, setTo] = useState<string>('now')
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)

  const refresh = useCallback(() => {
    Promise.all([api.document(docId), api.versions(docId)])
      .then(([d, v]) => {
        setDoc(d)
        setVersions(v)
        document.title = `History of ${d.title} · Plenary`
      })
      .catch((e: Error) => setError(e.message))
  }, [docId])
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
      setStatus(`Saved “${saved.name}”.`)
      setError(null)
      refresh()
    } catch (err) {
      setError((err as Error).message)
    }
  }

  const canSave = doc?.access.capabilities['version.save'] ?? false
  return (
    <main className="page history">
      <p>
        <a href={`#/d/${docId}`}>← Back to the document</a>
      </p>
      <h1>Version history{doc ? ` of “${doc.title}”` : ''}</h1>
      {canSave && (
        <form className="history__save" onSubmit={save}>
          <label>
            Name for the current state
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="As presented at the 105th Session" />
          </label>
          <button type="submit">Save version</button>
        </form>
      )}
      {status && (
        <p role="status" className="notice">
          {status}
        </p>
      )}
      <ErrorText error={error} />
      {versions && versions.length === 0 && <p className="muted">No versions yet. Versions are kept automatically while people edit.</p>}
      {versions && versions.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (from) location.hash = `#/d/${docId}/compare/${from}/${to}`
          }}
        >
          <table className="history__table">
            <caption className="sr-only">Versions, newest first. Choose one to compare from and one to compare to.</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Saved</th>
                <th scope="col">By</th>
                <th scope="col">Compare from</th>
                <th scope="col">Compare to</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>
                  <a href={`#/d/${docId}`}>Current document</a>
                </td>
                <td>now</td>
                <td />
                <td />
                <td>
                  <input type="radio" name="to" aria-label="Compare to the current document" checked={to === 'now'} onChange={() => setTo('now')} />
                </td>
              </tr>
              {versions.map((v) => (
                <tr key={v.id} data-testid="version-row">
                  <td>
                    <a href={`#/d/${docId}/history/${v.id}`}>{v.name}</a> <span className={`badge badge--${v.kind}`}>{KIND_LABELS[v.kind]}</span>
                  </td>
                  <td>{when(v.createdAt)}</td>
                  <td>{versionByline(v)}</td>
                  <td>
                    <input type="radio" name="from" aria-label={`Compare from ${v.name}, ${when(v.createdAt)}`} checked={from === v.id} onChange={() => setFrom(v.id)} />
                  </td>
                  <td>
                    <input type="radio" name="to" aria-label={`Compare to ${v.name}, ${when(v.createdAt)}`} checked={to === v.id} onChange={() => setTo(v.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" disabled={!from || from === to}>
            Compare
          </button>
        </form>
      )}
      <p className="muted">
        Named versions are kept for ever; the server also keeps an automatic version at most once an hour while people edit and when the last editor
        leaves (the newest automatic ones are kept).
      </p>
    </main>
  )
}
