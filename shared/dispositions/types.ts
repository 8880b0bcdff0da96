import { z } from 'zod'
import type { PersonView } from '../comments/types.js'
import type { FeedbackLinkView } from '../feedback/types.js'
import { FeedbackLinkSchema } from '../feedback/types.js'
import type { Language } from '../i18n/languages.js'
import { exportWord } from '../i18n/exportWords.js'
import { DISPOSITION_VALUES, MAX_EXPLANATION_LENGTH, type DispositionValue } from './values.js'

export { DISPOSITION_VALUES, MAX_EXPLANATION_LENGTH, type DispositionValue }

/** What a disposition answers: a comment thread or a proposal of the document. */
export type DispositionTargetType = 'thread' | 'proposal'

/** The paragraph of a draft (this document or another of the group) that answers it, as a client sends it: a paragraph link. */
const AnswerSchema = FeedbackLinkSchema.options[0]

/** Body of PUT /api/documents/:id/dispositions/:target. */
export const RecordDispositionSchema = z.strictObject({
  value: z.enum(DISPOSITION_VALUES, { error: `value is one of ${DISPOSITION_VALUES.join(', ')}` }),
  explanation: z.string({ error: 'explanation must be a string' }).trim().max(MAX_EXPLANATION_LENGTH, `an explanation has at most ${MAX_EXPLANATION_LENGTH} characters`).default(''),
  answer: AnswerSchema.nullable().optional(),
})
export type RecordDisposition = z.infer<typeof RecordDispositionSchema>
/** What a client sends (the explanation may be left out). */
export type RecordDispositionInput = z.input<typeof RecordDispositionSchema>

/** A disposition as every reader of the document sees it. */
export interface DispositionView {
  targetType: DispositionTargetType
  targetId: string
  documentId: string
  value: DispositionValue
  explanation: string
  /** The answering paragraph, named as it is numbered now (liveRef), or deleted since; in another draft, with that draft's title. */
  answer: (FeedbackLinkView & { type: 'paragraph'; documentTitle?: string }) | null
  decidedBy: PersonView
  decidedAt: string
  updatedBy: PersonView
  updatedAt: string
}

/** GET /api/documents/:id/dispositions, and the 'dispositions' event: every disposition of the document the reader may see. */
export interface DispositionList {
  documentId: string
  dispositions: DispositionView[]
}

/**
 * The answering paragraph for a card and the matrix's last column, in the document's language: "7(b)"
 * as numbered now in the document answered; in another draft of the group, its title too ("Draft 2,
 * para 7"); once deleted, what it was. In English another draft reads as the link's own label.
 */
export function answerLabel(answer: DispositionView['answer'], documentId: string, language: Language = 'en'): string {
  if (!answer) return ''
  if (answer.broken) return language === 'en' ? answer.label : exportWord(language, 'answer.deletedDocument', { ref: answer.paraRef })
  const ref = answer.paragraphDeleted ? exportWord(language, 'answer.paragraphDeleted', { ref: answer.paraRef }) : (answer.liveRef ?? answer.paraRef)
  if (answer.documentId === documentId) return ref
  if (language === 'en' || answer.documentTitle === undefined) return answer.label
  return answer.paragraphDeleted ? `${answer.documentTitle}, ${ref}` : exportWord(language, 'answer.inDocument', { title: answer.documentTitle, ref })
}
