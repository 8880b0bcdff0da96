import { useEffect, useState } from 'react'
import type { DocumentSummary, Identity } from '../../shared/types'
import { api, ApiCallError } from '../api'
import { useCollabDocument } from '../connection/useCollabDocument'
import { ConnectionIndicator } from '../connection/ConnectionIndicator'
import { OnlineList } from '../presence/OnlineList'
import { DocumentEditor } from './DocumentEditor'

/** A document open for live editing: title, connection state, who is online, the editor. */
export function EditorPage({ docId, identity }: { docId: string; identity: Identity }) {
  const [summary, setSummary] = useState<DocumentSummary | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { session, state } = useCollabDocument(docId)

  useEffect(() => {
    api
      .document(docId)
      .then((doc) => {
        setSummary(doc)
        document.title = `${doc.title} · Plenary`
      })
      .catch((e: unknown) => setError(e instanceof ApiCallError && e.status === 404 ? 'This document does not exist or was deleted.' : (e as Error).message))
  }, [docId])

  if (error)
    return (
      <main className="page">
        <p role="alert">{error}</p>
        <a href="#/">Back to the documents</a>
      </main>
    )
  return (
    <main className="page page--editor">
      <header className="doc-bar">
        <a href="#/" className="doc-bar__back">
          ← Documents
        </a>
        <h1 className="doc-bar__title">{summary?.title ?? 'Loading…'}</h1>
        <ConnectionIndicator state={state} />
      </header>
      <div className="editor-layout">
        {session && summary && <DocumentEditor key={docId} session={session} identity={identity} title={summary.title} />}
        <aside className="side-panel" aria-label="Presence">
          {session && <OnlineList awareness={session.provider.awareness} />}
        </aside>
      </div>
    </main>
  )
}
