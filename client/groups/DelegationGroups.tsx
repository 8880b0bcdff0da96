import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { DelegationGroupInput, DelegationGroupView } from '../../shared/signers/types'
import { can, type Actor } from '../../shared/permissions'
import { api } from '../api'
import { ErrorText } from '../ErrorText'

const EMPTY: DelegationGroupInput = { name: '', delegations: [], coordinator: '' }

/**
 * The working group's delegation groups ("GRULAC", "EU and its Member States"), which can co-sign
 * comments and proposals under their name. Everyone sees them; the chair creates, edits and
 * deletes them: a name, the delegations, and the coordinator whose members answer for the group.
 */
export function DelegationGroups({ groupId, actor }: { groupId: string; actor: Actor }) {
  const [data, setData] = useState<{ delegations: string[]; groups: DelegationGroupView[] } | null>(null)
  const [editing, setEditing] = useState<{ id?: string; group: DelegationGroupInput } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const refresh = useCallback(() => api.delegations(groupId).then(setData, (e: Error) => setError(e.message)), [groupId])
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
      setError((e as Error).message)
    }
  }
  const save = (e: FormEvent) => {
    e.preventDefault()
    if (editing) void act(api.saveDelegationGroup(groupId, editing.group, editing.id))
  }

  return (
    <section className="delegation-groups" aria-labelledby="delegation-groups-title">
      <h2 id="delegation-groups-title">Delegation groups</h2>
      <p className="muted">Groups of delegations that speak together can co-sign comments and proposals under their name; their coordinator confirms for the group.</p>
      {data.groups.length === 0 ? (
        <p className="muted">No delegation groups yet.</p>
      ) : (
        <ul data-testid="delegation-groups">
          {data.groups.map((g) => (
            <li key={g.id}>
              <strong>{g.name}</strong>: {g.delegations.join(', ')} <span className="muted">(coordinator: {g.coordinator})</span>{' '}
              {manage && (
                <>
                  <button type="button" aria-label={`Edit ${g.name}`} onClick={() => setEditing({ id: g.id, group: { name: g.name, delegations: g.delegations, coordinator: g.coordinator } })}>
                    Edit
                  </button>
                  <button type="button" className="danger" aria-label={`Delete ${g.name}`} onClick={() => void act(api.deleteDelegationGroup(groupId, g.id))}>
                    Delete
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && !editing && (
        <button type="button" onClick={() => setEditing({ group: EMPTY })}>
          New delegation group
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
  // Delegations listed in the group that no longer have a member stay choosable.
  const all = [...new Set([...props.delegations, ...g.delegations])].sort()
  const toggle = (d: string, on: boolean) => {
    const delegations = on ? [...g.delegations, d] : g.delegations.filter((x) => x !== d)
    onChange({ ...g, delegations, coordinator: delegations.includes(g.coordinator) ? g.coordinator : '' })
  }
  return (
    <form className="delegation-groups__form" onSubmit={props.onSubmit} aria-label="Delegation group">
      <label>
        Name
        <input value={g.name} onChange={(e) => onChange({ ...g, name: e.target.value })} maxLength={120} required />
      </label>
      <fieldset>
        <legend>Delegations</legend>
        {all.map((d) => (
          <label key={d} className="checkbox">
            <input type="checkbox" checked={g.delegations.includes(d)} onChange={(e) => toggle(d, e.target.checked)} />
            {d}
          </label>
        ))}
      </fieldset>
      <label>
        Coordinator
        <select value={g.coordinator} onChange={(e) => onChange({ ...g, coordinator: e.target.value })} required>
          <option value="">Choose among the delegations…</option>
          {g.delegations.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Save group</button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  )
}
