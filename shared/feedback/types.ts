import { z } from 'zod'
import type { PersonView } from '../comments/types.js'

export const DEFAULT_STATUS_LABELS = ['Consultations held', 'Action taken', 'Information']
export const MAX_FEEDBACK_JSON = 100_000

/** A paragraph itself as a Yjs relative position at its list item (see shared/feedback/paragraphAnchor.ts). */
export const ParagraphPositionSchema = z.strictObject({
  item: z.strictObject({ client: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), clock: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  assoc: z.number().int().optional(),
})

/**
 * A link from an update to a place, as a client sends it: a paragraph of a document, a comment
 * thread, another update. A new paragraph link names the paragraph by its reference ("6(b)") and
 * the server finds the paragraph; a link sent back unchanged (an edit) keeps its position.
 */
export const FeedbackLinkSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('paragraph'),
    documentId: z.string().min(1).max(64),
    paraRef: z.string().regex(/^\d+(\([a-zA-Z]+\))*$/, 'a paragraph reference such as 7 or 6(b)'),
    position: ParagraphPositionSchema.optional(),
  }),
  z.strictObject({ type: z.literal('thread'), threadId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('update'), updateId: z.string().min(1).max(64) }),
])
export type FeedbackLinkInput = z.infer<typeof FeedbackLinkSchema>
type ParagraphLinkInput = Extract<FeedbackLinkInput, { type: 'paragraph' }>

/**
 * A paragraph link as stored: the paragraph's position, with its reference and the opening of its
 * text as they were when linked (to name it once deleted). Links stored before positions existed
 * have neither position nor quote and go by their reference.
 */
export type ParagraphLink = ParagraphLinkInput & { quote?: string }

/** A link as stored. */
export type FeedbackLink = Exclude<FeedbackLinkInput, { type: 'paragraph' }> | ParagraphLink

const fields = {
  title: z.string().trim().min(1, 'a title is required').max(200),
  body: z.record(z.string(), z.unknown()).refine((b) => JSON.stringify(b).length <= MAX_FEEDBACK_JSON, 'the body is too long'),
  statusLabel: z.string().trim().min(1).max(60).nullable().optional(),
  links: z.array(FeedbackLinkSchema).max(20).default([]),
}
export const PostFeedbackSchema = z.strictObject(fields)
export const EditFeedbackSchema = z.strictObject(fields)
export const AddLabelSchema = z.strictObject({ label: z.string().trim().min(1).max(60) })
export const AnsweredSchema = z.strictObject({ updateId: z.string().min(1).max(64).nullable() })

/**
 * A link as shown: with a label and whether its target still exists. A paragraph link with a
 * position also has the paragraph's reference now (liveRef), found again by its opening words
 * when its position is lost (refound: it opens by that reference), or paragraphDeleted. The label
 * is English (for API readers); the page words it in the reader's language from the same facts:
 * `title` (the document's or the update's, when it exists) and `ref` (a thread's paragraph).
 */
export type FeedbackLinkView = FeedbackLink & { label: string; title?: string; ref?: string | null; documentId?: string; broken: boolean; liveRef?: string; refound?: boolean; paragraphDeleted?: boolean }

export interface FeedbackVersion {
  version: number
  title: string
  body: Record<string, unknown>
  statusLabel: string | null
  savedAt: string
}

export interface FeedbackUpdateView {
  id: string
  groupId: string
  title: string
  body: Record<string, unknown>
  statusLabel: string | null
  links: FeedbackLinkView[]
  author: PersonView
  postedAt: string
  editedAt: string | null
  retracted: boolean
  retractedAt: string | null
  pinned: boolean
  /** Earlier versions, oldest first (the current one is the update itself). */
  previousVersions: FeedbackVersion[]
  acknowledgedByMe: boolean
  acknowledgements: number
  /** Who acknowledged, by delegation: shown to the DG office and the chair only. */
  acknowledgedBy: Array<{ name: string; delegation: string; at: string }> | null
  read: boolean
  /** The reply thread, when anyone has replied. */
  threadId: string | null
  replies: number
}

export interface FeedPage {
  updates: FeedbackUpdateView[]
  /** Pass as ?before= to get the next (older) page; null at the end. */
  next: string | null
  unread: number
  labels: string[]
  cursor: number
}
