import { useEffect, useState, type FormEvent } from 'react'
import type { MeResponse } from '../../shared/authTypes'
import { ROLE_LABELS, type Role } from '../../shared/permissions'
import { api } from '../api'
import { ErrorText } from '../ErrorText'

/** #/invite/<token>: shows what the invitation is for and creates the account. */
export function AcceptInvitation({ token, onSignedIn }: { token: string; onSignedIn: (me: MeResponse) => void }) {
  const [info, setInfo] = useState<{ groupName: string; role: Role; delegation: string; usable: boolean } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [form, setForm] = useState({ name: '', email: '', password: '' })
  useEffect(() => {
    api.invitation(token).then(setInfo, (e: Error) => setError(e.message))
  }, [token])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      const me = await api.acceptInvitation(token, form)
      location.hash = '#/'
      onSignedIn(me)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  const field = (key: keyof typeof form, label: string, type = 'text', autoComplete?: string) => (
    <label>
      {label}
      <input type={type} value={form[key]} autoComplete={autoComplete} onChange={(e) => setForm({ ...form, [key]: e.target.value })} required minLength={key === 'password' ? 10 : 1} />
    </label>
  )
  return (
    <main className="page">
      <form className="card" onSubmit={submit} aria-labelledby="invite-title">
        <h1 id="invite-title">Join {info?.groupName ?? 'the working group'}</h1>
        {info && (
          <p>
            You are invited as <strong>{ROLE_LABELS[info.role]}</strong>
            {info.delegation && <> for the delegation of <strong>{info.delegation}</strong></>}.
          </p>
        )}
        {info && !info.usable ? (
          <p role="alert" className="error">
            This invitation was already used or has expired. Ask the chair for a new one.
          </p>
        ) : (
          <>
            {field('name', 'Your name', 'text', 'name')}
            {field('email', 'Email', 'email', 'username')}
            {field('password', 'Password (at least 10 characters)', 'password', 'new-password')}
            <button type="submit">Create account and join</button>
          </>
        )}
        <ErrorText error={error} />
      </form>
    </main>
  )
}
