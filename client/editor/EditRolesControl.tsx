import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentSummary } from '../../shared/types'
import { ROLES, type Role } from '../../shared/permissions'
import { api } from '../api'
import { errorMessage } from '../i18n/errorMessage'
import { roleLabel } from '../i18n/roleLabel'

/** The chair's control of which roles may edit this document; takes effect live for everyone. */
export function EditRolesControl({ doc, onChanged }: { doc: DocumentSummary; onChanged: (d: DocumentSummary) => void }) {
  const [error, setError] = useState<string | null>(null)
  const { t } = useTranslation()
  const toggle = async (role: Role, on: boolean) => {
    const next = on ? [...doc.editRoles, role] : doc.editRoles.filter((r) => r !== role)
    try {
      onChanged(await api.setEditRoles(doc.id, next))
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  return (
    <fieldset className="edit-roles">
      <legend>{t('editor.editRoles')}</legend>
      {ROLES.map((role) => (
        <label key={role} className="checkbox">
          <input type="checkbox" checked={doc.editRoles.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
          {roleLabel(t, role)}
        </label>
      ))}
      {error && <p role="alert">{error}</p>}
    </fieldset>
  )
}
