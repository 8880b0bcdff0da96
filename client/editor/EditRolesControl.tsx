import { useState } from 'react'
import type { DocumentSummary } from '../../shared/types'
import { ROLES, ROLE_LABELS, type Role } from '../../shared/permissions'
import { api } from '../api'

/** The chair's control of which roles may edit this document; takes effect live for everyone. */
export function EditRolesControl({ doc, onChanged }: { doc: DocumentSummary; onChanged: (d: DocumentSummary) => void }) {
  const [error, setError] = useState<string | null>(null)
  const toggle = async (role: Role, on: boolean) => {
    const next = on ? [...doc.editRoles, role] : doc.editRoles.filter((r) => r !== role)
    try {
      onChanged(await api.setEditRoles(doc.id, next))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <fieldset className="edit-roles">
      <legend>Who can edit</legend>
      {ROLES.map((role) => (
        <label key={role} className="checkbox">
          <input type="checkbox" checked={doc.editRoles.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
          {ROLE_LABELS[role]}
        </label>
      ))}
      {error && <p role="alert">{error}</p>}
    </fieldset>
  )
}
