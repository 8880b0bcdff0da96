import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import type { MeResponse } from '../../shared/authTypes'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { errorMessage } from '../i18n/errorMessage'

/** Email and password sign-in. */
export function SignInPage({ onSignedIn }: { onSignedIn: (me: MeResponse) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const { t } = useTranslation()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onSignedIn(await api.login(email, password))
    } catch (err) {
      setError(errorMessage(err, 'signIn'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <main className="page">
      <form className="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{t('auth.signIn.title')}</h1>
        <label>
          {t('auth.email')}
          <input type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('auth.password')}
          <input type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          {t('auth.signIn.submit')}
        </button>
        <ErrorText error={error} />
        <p className="hint">{t('auth.signIn.newHere')}</p>
      </form>
    </main>
  )
}

/** Signs in with a one-time link (#/signin/<token>), then continues to the documents. */
export function LinkSignIn({ token, onSignedIn }: { token: string; onSignedIn: (me: MeResponse) => void }) {
  const [error, setError] = useState<string | null>(null)
  // A link works once: never send it twice, even if the effect runs twice.
  const sent = useRef(false)
  const { t } = useTranslation()
  useEffect(() => {
    if (sent.current) return
    sent.current = true
    api
      .linkSignIn(token)
      .then((me) => {
        location.hash = '#/'
        onSignedIn(me)
      })
      .catch((err: unknown) => setError(errorMessage(err, 'signIn')))
  }, [token, onSignedIn])
  return (
    <main className="page">
      <div className="card">
        <h1>{t('auth.signIn.linkSigningIn')}</h1>
        {error && (
          <p role="alert" className="error">
            <Trans i18nKey="auth.signIn.linkFailed" values={{ error }} components={{ password: <a href="#/" /> }} />
          </p>
        )}
      </div>
    </main>
  )
}
