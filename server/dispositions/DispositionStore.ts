import type { DispositionTargetType, DispositionValue } from '../../shared/dispositions/types.js'
import type { ParagraphLink } from '../../shared/feedback/types.js'
import type { Transactional } from '../persistence/Transactional.js'

/** A disposition as stored. Times are milliseconds since the epoch. */
export interface DispositionRecord {
  /** The thread or proposal it answers: one disposition each. */
  targetId: string
  targetType: DispositionTargetType
  documentId: string
  groupId: string
  value: DispositionValue
  explanation: string
  /** The answering paragraph, placed by the server (a paragraph link, as feedback updates keep them). */
  answer: ParagraphLink | null
  /** Who first recorded it, and when. */
  decidedBy: string
  decidedAt: number
  /** Who last changed it, and when (the first recording's, until then). */
  updatedBy: string
  updatedAt: number
}

/** The fields a recording writes; who decided first is kept from the first recording. */
export type DispositionInput = Omit<DispositionRecord, 'decidedBy' | 'decidedAt' | 'updatedBy' | 'updatedAt'> & { by: string; at: number }

/** Dispositions of comments and proposals (the comments matrix). */
export interface DispositionStore extends Transactional {
  /** Records the disposition of a target, or overwrites it, keeping who decided it first. */
  put(input: DispositionInput): Promise<void>
  get(targetId: string): Promise<DispositionRecord | undefined>
  /** False when the target had none. */
  remove(targetId: string): Promise<boolean>
  /** A document's dispositions, in the order they were first recorded. */
  listOf(documentId: string): Promise<DispositionRecord[]>
}
