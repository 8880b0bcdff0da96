import type { Role } from '../../shared/permissions.js'
import type { EditingMode } from '../../shared/amendments/types.js'
import type { Language } from '../../shared/i18n/languages.js'
import { paperFieldsOf } from '../../shared/types.js'
import type { DocumentRecord } from '../documents/DocumentStore.js'

/** A documents row as both adapters store it (times in ms, edit roles as JSON text). */
export interface DocumentRow {
  id: string
  group_id: string
  title: string
  created_at: number
  updated_at: number
  edit_roles: string
  mode: EditingMode
  language: Language
  /** The paper's header fields as JSON text; NULL when never set. */
  paper: string | null
}

/** The record of a documents row. */
export const toRecord = (r: DocumentRow): DocumentRecord => ({
  id: r.id,
  groupId: r.group_id,
  title: r.title,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  editRoles: JSON.parse(r.edit_roles) as Role[],
  mode: r.mode,
  language: r.language,
  paper: paperFieldsOf(r.paper),
})

/** An encoded delete set and the user it belongs to (NULL or '': the server or unknown). */
export interface DeletesRow {
  user_id: string | null
  deletes: Buffer
}

/** Delete sets grouped by user id ('' for nobody known), in the order of the rows. */
export function byUser(rows: DeletesRow[]): Map<string, Uint8Array[]> {
  const grouped = new Map<string, Uint8Array[]>()
  for (const r of rows) {
    const key = r.user_id ?? ''
    const list = grouped.get(key) ?? []
    list.push(new Uint8Array(r.deletes))
    grouped.set(key, list)
  }
  return grouped
}
