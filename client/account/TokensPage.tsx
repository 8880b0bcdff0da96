import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { api, type TokenView } from '../api'
import { ErrorText } from '../ErrorText'
import { formatMoment } from '../dates'

/** Personal access tokens for integrations and load tests: create (shown once), list, revoke. */
export function TokensPage() {
  const [tokens, setTokens] = useState<TokenView[]>([])
  const [name, setName] = useState('')
  const [created, setCreated] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const refresh = useCallback(() => void api.tokens().then(setTokens, (e: Error) => setError(e.message)), [])
  useEffect(refresh, [refresh])
  const create = async (e: FormEvent) => {
    e.preventDefault()
    try {
      setCreated((await api.createToken(name)).token)
      setName('')
      refresh()
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <main className="page">
      <h1>Personal access tokens</h1>
      <p>Use a token as <code>Authorization: Bearer &lt;token&gt;</code> on API requests and websocket connections. It acts as you.</p>
      <form className="create-doc" onSubmit={create}>
        <label>
          Token name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        </label>
        <button type="submit">Create token</button>
      </form>
      {created && (
        <p role="status" className="notice">
          Copy it now, it is shown only once: <code data-testid="new-token">{created}</code>
        </p>
      )}
      <ErrorText error={error} />
      <ul className="doc-list">
        {tokens.map((t) => (
          <li key={t.id} className="doc-row">
            <span className="doc-row__title">{t.name}</span>
            <span className="doc-row__time">{t.revoked ? 'revoked' : t.lastUsedAt ? `last used ${formatMoment(t.lastUsedAt)}` : 'never used'}</span>
            {!t.revoked && (
              <button type="button" className="danger" onClick={() => api.revokeToken(t.id).then(refresh)} aria-label={`Revoke ${t.name}`}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </main>
  )
}
