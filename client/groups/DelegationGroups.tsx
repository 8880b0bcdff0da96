import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import type { DelegationGroupInput, DelegationGroupView } from '../../shared/signers/types'
import { can, type Actor } from '../../shared/permissions'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { errorMessage } from '../i18n/errorMessage'

const EMPTY: DelegationGroupInput = { name: '', delegations: [], coordinator: '' }

/**
 * The working group's delegation groups ("GRULAC", "EU and its Member States"), which can co-sign
 * comments and proposals under their name. Everyone sees them; the chair creates, edits and
 * deletes them: a name, the delegations, and the coordinator whose members answer for the group.
 */
export function DelegationGroups({ groupId, actor }: { groupId: string; actor: Actor }) {
  const { t } = useTranslation()
  const [data, setData] = useState<{ delegations: string[]; groups: DelegationGroupView[] } | null>(null)
  const [editing, setEditing] = useState<{ id?: string; group: DelegationGroupInput } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const refresh = useCallback(() => api.delegations(groupId).then(setData, (e: unknown) => setError(errorMessage(e))), [groupId])
  useEffect(() => void refresh(), [refresh])
  const manage = can(actor, 'delegationGroup.manage')
  if (!data) return null
  const act = async (p: Promise<unknown>) => {
    setError(null)
    try {
      await p
      setEditing(null)
      await refresh()
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  const save = (e: FormEvent) => {
    e.preventDefault()
    if (editing) void act(api.saveDelegationGroup(groupId, editing.group, editing.id))
  }

  return (
    <section className="delegation-groups" aria-labelledby="delegation-groups-title">
      <h2 id="delegation-groups-title">{t('delegationGroups.title')}</h2>
      <p className="muted">{t('delegationGroups.explained')}</p>
      {data.groups.length === 0 ? (
        <p className="muted">{t('delegationGroups.none')}</p>
      ) : (
        <ul data-testid="delegation-groups">
          {data.groups.map((g) => (
            <li key={g.id}>
              <Trans
                i18nKey="delegationGroups.item"
                values={{ name: g.name, delegations: g.delegations.join(', '), coordinator: g.coordinator }}
                components={{ strong: <strong />, muted: <span className="muted" /> }}
              />{' '}
              {manage && (
                <>
                  <button type="button" aria-label={t('delegationGroups.editNamed', { name: g.name })} onClick={() => setEditing({ id: g.id, group: { name: g.name, delegations: g.delegations, coordinator: g.coordinator } })}>
                    {t('delegationGroups.edit')}
                  </button>
                  <button type="button" className="danger" aria-label={t('delegationGroups.deleteNamed', { name: g.name })} onClick={() => void act(api.deleteDelegationGroup(groupId, g.id))}>
                    {t('delegationGroups.delete')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && !editing && (
        <button type="button" onClick={() => setEditing({ group: EMPTY })}>
          {t('delegationGroups.new')}
        </button>
      )}
      {manage && editing && <GroupForm delegations={data.delegations} value={editing.group} onChange={(group) => setEditing({ ...editing, group })} onSubmit={save} onCancel={() => setEditing(null)} />}
      <ErrorText error={error} />
    </section>
  )
}

/** A delegation group's name, its delegations (checkboxes) and its coordinator. */
function GroupForm(props: { delegations: string[]; value: DelegationGroupInput; onChange: (g: DelegationGroupInput) => void; onSubmit: (e: FormEvent) => void; onCancel: () => void }) {
  const { value: g, onChange } = props
  const { t } = useTranslation()
  // Delegations listed in the group that no longer have a member stay choosable.
  const all = [...new Set([...props.delegations, ...g.delegations])].sort()
  const toggle = (d: string, on: boolean) => {
    const delegations = on ? [...g.delegations, d] : g.delegations.filter((x) => x !== d)
    onChange({ ...g, delegations, coordinator: delegations.includes(g.coordinator) ? g.coordinator : '' })
  }
  return (
    <form className="delegation-groups__form" onSubmit={props.onSubmit} aria-label={t('delegationGroups.form')}>
      <label>
        {t('delegationGroups.name')}
        <input value={g.name} onChange={(e) => onChange({ ...g, name: e.target.value })} maxLength={120} required />
      </label>
      <fieldset>
        <legend>{t('delegationGroups.delegations')}</legend>
        {all.map((d) => (
          <label key={d} className="checkbox">
            <input type="checkbox" checked={g.delegations.includes(d)} onChange={(e) => toggle(d, e.target.checked)} />
            {d}
          </label>
        ))}
      </fieldset>
      <label>
        {t('delegationGroups.coordinator')}
        <select value={g.coordinator} onChange={(e) => onChange({ ...g, coordinator: e.target.value })} required>
          <option value="">{t('delegationGroups.chooseCoordinator')}</option>
          {g.delegations.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('delegationGroups.save')}</button>
      <button type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  )
}
