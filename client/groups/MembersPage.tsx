import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import type { Group } from '../../shared/types'
import { can, ROLES, type Role } from '../../shared/permissions'
import { api, type Member } from '../api'
import { ErrorText } from '../ErrorText'
import { errorMessage } from '../i18n/errorMessage'
import { roleLabel } from '../i18n/roleLabel'
import { useSession } from '../session'
import { actorIn } from './actor'
import { DelegationGroups } from './DelegationGroups'
import { WordTemplateSettings } from './WordTemplateSettings'

/** Every time zone the browser knows, UTC first. */
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]

/** The group's members; the chair changes roles, removes members, invites, lets observers comment and sets the group's time zone. */
export function MembersPage() {
  const me = useSession()
  const { t } = useTranslation()
  const [group, setGroup] = useState<Group | null>(null)
  const [members, setMembers] = useState<Member[]>([])
  const [invite, setInvite] = useState<{ role: Role; delegation: string }>({ role: 'member', delegation: '' })
  const [link, setLink] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const refresh = useCallback(async () => {
    try {
      const [g] = await api.groups()
      setGroup(g ?? null)
      if (g) setMembers(await api.members(g.id))
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [])
  useEffect(() => void refresh(), [refresh])
  if (!group) return <main className="page">{error && <p role="alert">{error}</p>}</main>
  const actor = actorIn(me, group.myRole)
  const manage = can(actor, 'group.manageMembers')
  /** Whether the caller may change or remove this member, and the roles they may give them. */
  const mayChange = (m: Member) => can(actor, 'group.changeMember', { memberRole: m.role })
  const rolesFor = (m: Member) => ROLES.filter((r) => can(actor, 'group.changeMember', { memberRole: m.role, grantedRole: r }))
  const inviteRoles = ROLES.filter((r) => can(actor, 'group.invite', { grantedRole: r }))
  const act = (p: Promise<unknown>) => p.then(refresh, (e: unknown) => setError(errorMessage(e)))
  const createInvite = async (e: FormEvent) => {
    e.preventDefault()
    try {
      setLink((await api.invite(group.id, invite.role, invite.delegation)).url)
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  return (
    <main className="page">
      <p className="eyebrow">{t('common.workingGroup')}</p>
      <h1>{t('members.title', { group: group.name })}</h1>
      <ErrorText error={error} />
      <table className="members">
        <thead>
          <tr>
            <th scope="col">{t('members.columns.name')}</th>
            <th scope="col">{t('members.columns.delegation')}</th>
            <th scope="col">{t('members.columns.role')}</th>
            {manage && <th scope="col">{t('members.columns.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.name}
                {m.email && <span className="muted"> · {m.email}</span>}
              </td>
              <td>{m.delegation}</td>
              <td>
                {mayChange(m) ? (
                  <select aria-label={t('members.roleOf', { name: m.name })} value={m.role} onChange={(e) => act(api.setMember(group.id, m.userId, e.target.value as Role))}>
                    {rolesFor(m).map((r) => (
                      <option key={r} value={r}>
                        {roleLabel(t, r)}
                      </option>
                    ))}
                  </select>
                ) : (
                  roleLabel(t, m.role)
                )}
              </td>
              {manage && (
                <td>
                  {mayChange(m) && (
                    <button type="button" className="danger" onClick={() => act(api.removeMember(group.id, m.userId))} aria-label={t('members.removeNamed', { name: m.name })}>
                      {t('members.remove')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {can(actor, 'group.settings') && (
        <label className="checkbox">
          <input type="checkbox" checked={group.observersMayComment} onChange={(e) => act(api.setGroupSettings(group.id, e.target.checked))} />
          {t('members.observersMayComment')}
        </label>
      )}
      {can(actor, 'group.settings') && (
        <label>
          {t('members.timeZone')}
          <select value={group.timeZone} onChange={(e) => act(api.setTimeZone(group.id, e.target.value))}>
            {TIME_ZONES.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
      )}
      {can(actor, 'group.invite') && (
        <form className="create-doc" onSubmit={createInvite} aria-label={t('members.invite.label')}>
          <label>
            {t('members.columns.role')}
            <select aria-label={t('members.columns.role')} value={invite.role} onChange={(e) => setInvite({ ...invite, role: e.target.value as Role })}>
              {inviteRoles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(t, r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('members.columns.delegation')}
            <input value={invite.delegation} onChange={(e) => setInvite({ ...invite, delegation: e.target.value })} maxLength={80} />
          </label>
          <button type="submit">{t('members.invite.create')}</button>
        </form>
      )}
      {link && (
        <p role="status" className="notice">
          <Trans i18nKey="members.invite.link" components={{ link: <code data-testid="invite-link">{link}</code> }} />
        </p>
      )}
      <DelegationGroups groupId={group.id} actor={actor} />
      <WordTemplateSettings groupId={group.id} actor={actor} />
    </main>
  )
}
