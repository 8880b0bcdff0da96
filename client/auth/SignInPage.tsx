import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { MeResponse } from '../../shared/authTypes'
import { api } from '../api'
import { ErrorText } from '../ErrorText'

/** Email and password sign-in. */
export function SignInPage({ onSignedIn }: { onSignedIn: (me: MeResponse) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onSignedIn(await api.login(email, password))
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <main className="page">
      <form className="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Plenary</h1>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <ErrorText error={error} />
        <p className="hint">New to the working group? Open the invitation link the chair sent you.</p>
      </form>
    </main>
  )
}

/** Signs in with a one-time link (#/signin/<token>), then continues to the documents. */
export function LinkSignIn({ token, onSignedIn }: { token: string; onSignedIn: (me: MeResponse) => void }) {
  const [error, setError] = useState<string | null>(null)
  // A link works once: never send it twice, even if the effect runs twice.
  const sent = useRef(false)
  useEffect(() => {
    if (sent.current) return
    sent.current = true
    api
      .linkSignIn(token)
      .then((me) => {
        location.hash = '#/'
        onSignedIn(me)
      })
      .catch((err: Error) => setError(err.message))
  }, [token, onSignedIn])
  return (
    <main className="page">
      <div className="card">
        <h1>Signing in…</h1>
        {error && (
          <p role="alert" className="error">
            {error}. <a href="#/">Sign in with your password</a>
          </p>
        )}
      </div>
    </main>
  )
}
