import { z } from 'zod'
import type { Action, Role } from './permissions.js'
import type { EditingMode } from './amendments/types.js'
import type { CommentPeriodView } from './periods/types.js'
import { LANGUAGES, type Language } from './i18n/languages.js'
import { isIsoDay, NO_PAPER_FIELDS, ONE_LINE, PAPER_FIELD_MAX, type PaperFields } from './paper.js'

/** Longest document title, in characters. */
export const MAX_TITLE_LENGTH = 200

const title = z
  .string({ error: 'title must be a string' })
  .trim()
  .min(1, 'title must not be empty')
  .max(MAX_TITLE_LENGTH, `title must be at most ${MAX_TITLE_LENGTH} characters`)

/** A working group, as listed by GET /api/groups, with what the caller may do in it. */
export interface Group {
  id: string
  name: string
  observersMayComment: boolean
  preModeration: boolean
  /** IANA time zone name (default UTC): comment periods close at times set and shown in it. */
  timeZone: string
  /** The caller's role in the group, null for an admin who is not a member. */
  myRole: Role | null
  myDelegation: string
  capabilities: Record<Action, boolean>
}

/** What the server decided the caller may do with a document. */
export interface DocumentAccessView {
  role: Role | null
  canEdit: boolean
  canComment: boolean
  capabilities: Record<Action, boolean>
}

/** A document in a group's list, as returned by GET /api/documents. */
export interface DocumentSummary {
  id: string
  groupId: string
  title: string
  createdAt: string
  updatedAt: string
  editRoles: Role[]
  /** Open co-editing, or amendments (members' and the DG office's changes are proposals). */
  mode: EditingMode
  /** The document's language: its exports' fixed words ("Paragraph", "Disposition") are written in it. */
  language: Language
  /** The paper's header fields (symbol, distribution, date, session), used by the exports and the print view. */
  paper: PaperFields
  /** The current comment period (round), or null when none was ever opened. */
  commentPeriod: CommentPeriodView | null
  /** The group's time zone (IANA name): closing times are set and shown in it. */
  timeZone: string
  access: DocumentAccessView
}

/** Body of POST /api/documents. groupId defaults to the only group when there is one. */
export const CreateDocumentSchema = z.strictObject({
  title,
  groupId: z.string().min(1).optional(),
})
export type CreateDocument = z.infer<typeof CreateDocumentSchema>

/** Body of PATCH /api/documents/:id. */
export const RenameDocumentSchema = z.strictObject({ title })
export type RenameDocument = z.infer<typeof RenameDocumentSchema>

/** Body of PUT /api/documents/:id/language. */
export const SetLanguageSchema = z.strictObject({ language: z.enum(LANGUAGES, { error: `language is one of ${LANGUAGES.join(', ')}` }) })

/** One line of text, no control characters (a header line, not a paragraph). */
const line = (name: string) =>
  z
    .string({ error: `${name} must be a string` })
    .trim()
    .max(PAPER_FIELD_MAX, `${name} must be at most ${PAPER_FIELD_MAX} characters`)
    .regex(ONE_LINE, `${name} must be one line of text`)

/** Body of PUT /api/documents/:id/paper: every field, '' to clear one. */
export const PaperFieldsSchema = z.strictObject({
  symbol: line('symbol'),
  distribution: line('distribution'),
  date: z.string({ error: 'date must be a string' }).refine((d) => d === '' || isIsoDay(d), 'date must be a day written YYYY-MM-DD, or empty'),
  session: line('session'),
})

/** Stored fields as read back (a row written before a field existed lacks it; anything unreadable is no field). */
export function paperFieldsOf(stored: string | null): PaperFields {
  let value: unknown
  try {
    value = stored ? JSON.parse(stored) : {}
  } catch {
    value = {}
  }
  const parsed = PaperFieldsSchema.partial().safeParse(value)
  return { ...NO_PAPER_FIELDS, ...(parsed.success ? parsed.data : {}) }
}

/** A group's Word template as GET /api/groups/:id/template describes it. */
export interface WordTemplateView {
  name: string
  uploadedAt: string
  /** The uploader's name. */
  uploadedBy: string
  /** The body text's font the template names ("Arial"); '' when its theme decides. */
  font: string
  /** "A4", "Letter" or the size in cm; '' when the template does not say. */
  page: string
  /** Whether exports take their page header and footer from it. */
  header: boolean
  footer: boolean
}

/** Every API error has this shape, with a specific HTTP status. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.array(z.string()).optional(),
  /** comment_period_closed: when the comment period closed (ISO). */
  closesAt: z.string().optional(),
})
export type ApiError = z.infer<typeof ApiErrorSchema>
