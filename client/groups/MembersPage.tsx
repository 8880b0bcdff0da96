import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { Group } from '../../shared/types'
import { can, ROLES, ROLE_LABELS, type Role } from '../../shared/permissions'
import { api, type Member } from '../api'
import { ErrorText } from '../ErrorText'
import { useSession } from '../session'
import { actorIn } from './actor'
import { DelegationGroups } from './DelegationGroups'

/** Every time zone the browser knows, UTC first. */
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]

/** The group's members; the chair changes roles, removes members, invites, lets observers comment and sets the group's time zone. */
export function MembersPage() {
  const me = useSession()
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
      setError((e as Error).message)
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
  const act = (p: Promise<unknown>) => p.then(refresh, (e: Error) => setError(e.message))
  const createInvite = async (e: FormEvent) => {
    e.preventDefault()
    try {
      setLink((await api.invite(group.id, invite.role, invite.delegation)).url)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <main className="page">
      <p className="eyebrow">Working group</p>
      <h1>{group.name}: members</h1>
      <ErrorText error={error} />
      <table className="members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Delegation</th>
            <th scope="col">Role</th>
            {manage && <th scope="col">Actions</th>}
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
                  <select aria-label={`Role of ${m.name}`} value={m.role} onChange={(e) => act(api.setMember(group.id, m.userId, e.target.value as Role))}>
                    {rolesFor(m).map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                ) : (
                  ROLE_LABELS[m.role]
                )}
              </td>
              {manage && (
                <td>
                  {mayChange(m) && (
                    <button type="button" className="danger" onClick={() => act(api.removeMember(group.id, m.userId))} aria-label={`Remove ${m.name}`}>
                      Remove
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
          Observers may comment
        </label>
      )}
      {can(actor, 'group.settings') && (
        <label>
          Time zone of the group (comment periods close at times set and shown in it)
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
        <form className="create-doc" onSubmit={createInvite} aria-label="Invite someone">
          <label>
            Role
            <select aria-label="Role" value={invite.role} onChange={(e) => setInvite({ ...invite, role: e.target.value as Role })}>
              {inviteRoles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Delegation
            <input value={invite.delegation} onChange={(e) => setInvite({ ...invite, delegation: e.target.value })} maxLength={80} />
          </label>
          <button type="submit">Create invitation link</button>
        </form>
      )}
      {link && (
        <p role="status" className="notice">
          Single-use invitation link: <code data-testid="invite-link">{link}</code>
        </p>
      )}
      <DelegationGroups groupId={group.id} actor={actor} />
    </main>
  )
}
