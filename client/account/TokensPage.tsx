import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import { api, type TokenView } from '../api'
import { ErrorText } from '../ErrorText'
import { formatMoment } from '../dates'
import { errorMessage } from '../i18n/errorMessage'

/** How a token is sent: the same in every language. */
const AUTH_HEADER = 'Authorization: Bearer <token>'

/** Personal access tokens for integrations and load tests: create (shown once), list, revoke. */
export function TokensPage() {
  const [tokens, setTokens] = useState<TokenView[]>([])
  const [name, setName] = useState('')
  const [created, setCreated] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { t } = useTranslation()
  const refresh = useCallback(() => void api.tokens().then(setTokens, (e: unknown) => setError(errorMessage(e))), [])
  useEffect(refresh, [refresh])
  const create = async (e: FormEvent) => {
    e.preventDefault()
    try {
      setCreated((await api.createToken(name)).token)
      setName('')
      refresh()
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  return (
    <main className="page">
      <h1>{t('tokens.title')}</h1>
      <p>
        <Trans i18nKey="tokens.usage" components={{ header: <code>{AUTH_HEADER}</code> }} />
      </p>
      <form className="create-doc" onSubmit={create}>
        <label>
          {t('tokens.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        </label>
        <button type="submit">{t('tokens.create')}</button>
      </form>
      {created && (
        <p role="status" className="notice">
          <Trans i18nKey="tokens.created" components={{ token: <code data-testid="new-token">{created}</code> }} />
        </p>
      )}
      <ErrorText error={error} />
      <ul className="doc-list">
        {tokens.map((token) => (
          <li key={token.id} className="doc-row">
            <span className="doc-row__title">{token.name}</span>
            <span className="doc-row__time">{token.revoked ? t('tokens.revoked') : token.lastUsedAt ? t('tokens.lastUsed', { when: formatMoment(token.lastUsedAt) }) : t('tokens.neverUsed')}</span>
            {!token.revoked && (
              <button type="button" className="danger" onClick={() => api.revokeToken(token.id).then(refresh, (e: unknown) => setError(errorMessage(e)))} aria-label={t('tokens.revokeNamed', { name: token.name })}>
                {t('tokens.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </main>
  )
}
