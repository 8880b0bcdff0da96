import { useEffect, useState } from 'react'
import type { Identity } from '../shared/types'
import { loadIdentity, saveIdentity } from './identity/identity'
import { IdentityForm } from './identity/IdentityForm'
import { DocumentList } from './documents/DocumentList'
import { EditorPage } from './editor/EditorPage'

/** "#/" is the document list, "#/d/<id>" a document. */
function useHashRoute(): string {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const onChange = () => setHash(location.hash)
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return hash
}

export function App() {
  const [identity, setIdentity] = useState<Identity | null>(loadIdentity)
  const [editingIdentity, setEditingIdentity] = useState(false)
  const hash = useHashRoute()
  const docMatch = /^#\/d\/([A-Za-z0-9_-]+)$/.exec(hash)

  const header = (
    <header className="app-bar">
      <a href="#/" className="app-bar__brand">
        Plenary
      </a>
      {identity && (
        <button type="button" className="app-bar__me" onClick={() => setEditingIdentity(true)} aria-label={`Change name (now ${identity.name}, ${identity.delegation})`}>
          <span className="online__swatch" style={{ background: identity.color }} aria-hidden="true" />
          {identity.name} · {identity.delegation}
        </button>
      )}
    </header>
  )

  if (!identity || editingIdentity)
    return (
      <>
        {header}
        <main className="page">
          <IdentityForm
            initial={identity}
            onSave={(id) => {
              saveIdentity(id)
              setIdentity(id)
              setEditingIdentity(false)
            }}
          />
        </main>
      </>
    )
  return (
    <>
      {header}
      {docMatch ? <EditorPage key={docMatch[1]} docId={docMatch[1]} identity={identity} /> : <DocumentList />}
    </>
  )
}
