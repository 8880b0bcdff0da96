import { useEffect, useState, type FormEvent } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import type { MeResponse } from '../../shared/authTypes'
import type { Role } from '../../shared/permissions'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { errorMessage } from '../i18n/errorMessage'
import { roleLabel } from '../i18n/roleLabel'

/** #/invite/<token>: shows what the invitation is for and creates the account. */
export function AcceptInvitation({ token, onSignedIn }: { token: string; onSignedIn: (me: MeResponse) => void }) {
  const [info, setInfo] = useState<{ groupName: string; role: Role; delegation: string; usable: boolean } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [form, setForm] = useState({ name: '', email: '', password: '' })
  const { t } = useTranslation()
  useEffect(() => {
    api.invitation(token).then(setInfo, (e: unknown) => setError(errorMessage(e)))
  }, [token])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      const me = await api.acceptInvitation(token, form)
      location.hash = '#/'
      onSignedIn(me)
    } catch (err) {
      setError(errorMessage(err))
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
        <h1 id="invite-title">{info ? t('auth.invitation.join', { group: info.groupName }) : t('auth.invitation.joinGroup')}</h1>
        {info && (
          <p>
            <Trans
              i18nKey={info.delegation ? 'auth.invitation.invitedFor' : 'auth.invitation.invited'}
              values={{ role: roleLabel(t, info.role), delegation: info.delegation }}
              components={{ strong: <strong /> }}
            />
          </p>
        )}
        {info && !info.usable ? (
          <p role="alert" className="error">
            {t('auth.invitation.unusable')}
          </p>
        ) : (
          <>
            {field('name', t('auth.invitation.name'), 'text', 'name')}
            {field('email', t('auth.email'), 'email', 'username')}
            {field('password', t('auth.invitation.password'), 'password', 'new-password')}
            <button type="submit">{t('auth.invitation.create')}</button>
          </>
        )}
        <ErrorText error={error} />
      </form>
    </main>
  )
}
