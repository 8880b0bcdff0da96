import { z } from 'zod'
import { ROLES } from './permissions.js'
import { LANGUAGES, type Language } from './i18n/languages.js'
import { TimeZoneSchema } from './periods/types.js'

const email = z.string().trim().toLowerCase().email('a valid email address is required').max(200)
const password = z.string().min(10, 'passwords have at least 10 characters').max(200)
const name = z.string().trim().min(1, 'name must not be empty').max(80)
const delegation = z.string().trim().max(80)

export const LoginSchema = z.strictObject({ email, password: z.string().min(1).max(200) })
export const LinkSignInSchema = z.strictObject({ token: z.string().min(10).max(200) })
export const AcceptInvitationSchema = z.strictObject({ name, email, password })
export const CreateInvitationSchema = z.strictObject({ role: z.enum(ROLES), delegation: delegation.default('') })
export const SetMemberSchema = z.strictObject({ role: z.enum(ROLES), delegation: delegation.optional() })
export const AddMemberSchema = z.strictObject({ email, role: z.enum(ROLES), delegation: delegation.default('') })
export const CreateGroupSchema = z.strictObject({ name: z.string().trim().min(1).max(200) })
/** PATCH /api/groups/:id: the settings to change (timeZone: the IANA name closing times are set and shown in). */
export const GroupSettingsSchema = z.strictObject({ observersMayComment: z.boolean().optional(), preModeration: z.boolean().optional(), timeZone: TimeZoneSchema.optional() })
export const EditRolesSchema = z.strictObject({ editRoles: z.array(z.enum(ROLES)).max(ROLES.length) })
export const CreateTokenSchema = z.strictObject({ name: z.string().trim().min(1).max(80) })
/** PUT /api/me/preferences: the caller's own settings; those left out stay as they are. */
export const PreferencesSchema = z.strictObject({ emailDigest: z.boolean().optional(), language: z.enum(LANGUAGES).nullable().optional() })

/** GET and PUT /api/me/preferences: the caller's settings, and whether this server can send e-mail at all. */
export interface PreferencesView {
  emailDigest: boolean
  /** The interface language the person chose; null: the browser's. */
  language: Language | null
  /** False when no SMTP server is configured: the digest cannot be turned on. */
  digestAvailable: boolean
}

/** GET /api/me */
export interface MeResponse {
  user: { id: string; email: string; name: string; isAdmin: boolean; language: Language | null }
  memberships: Array<{ groupId: string; groupName: string; role: (typeof ROLES)[number]; delegation: string }>
  /** Send this in X-CSRF-Token with every cookie-authenticated write. */
  csrfToken: string | null
  /** Whether this server converts exports to PDF (LibreOffice installed); false: the PDF download explains how to enable it. */
  pdfExport: boolean
}
