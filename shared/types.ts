import { z } from 'zod'

/** Longest document title, in characters. */
export const MAX_TITLE_LENGTH = 200

const title = z
  .string({ error: 'title must be a string' })
  .trim()
  .min(1, 'title must not be empty')
  .max(MAX_TITLE_LENGTH, `title must be at most ${MAX_TITLE_LENGTH} characters`)

/** A working group, as listed by GET /api/groups. */
export const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
})
export type Group = z.infer<typeof GroupSchema>

/** A document in a group's list, as returned by GET /api/documents. */
export const DocumentSummarySchema = z.object({
  id: z.string(),
  groupId: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>

/** Body of POST /api/documents. groupId defaults to the only group when there is one. */
export const CreateDocumentSchema = z.strictObject({
  title,
  groupId: z.string().min(1).optional(),
})
export type CreateDocument = z.infer<typeof CreateDocumentSchema>

/** Body of PATCH /api/documents/:id. */
export const RenameDocumentSchema = z.strictObject({ title })
export type RenameDocument = z.infer<typeof RenameDocumentSchema>

/** Every API error has this shape, with a specific HTTP status. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.array(z.string()).optional(),
})
export type ApiError = z.infer<typeof ApiErrorSchema>

/** What a person enters before sign-in exists: shown on their caret and in the online list. */
export const IdentitySchema = z.object({
  name: z.string().trim().min(1).max(80),
  delegation: z.string().trim().min(1).max(80),
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
})
export type Identity = z.infer<typeof IdentitySchema>
