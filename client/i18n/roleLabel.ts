import type { TFunction } from 'i18next'
import type { Role } from '../../shared/permissions'

/** Each role's message key; the server and shared code keep their English ROLE_LABELS for logs and exports. */
const ROLE_KEYS: Record<Role, string> = { chair: 'roles.chair', member: 'roles.member', 'dg-office': 'roles.dgOffice', observer: 'roles.observer' }

/** A role as the interface names it, in the reader's language ("Chairperson", "Présidence"). */
export const roleLabel = (t: TFunction, role: Role): string => t(ROLE_KEYS[role])
