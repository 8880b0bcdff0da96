import type { DispositionInput, DispositionRecord } from './DispositionStore.js'
import type { ParagraphLink } from '../../shared/feedback/types.js'

/** The columns of a disposition in record order, as both adapters read them (quoted: PostgreSQL folds names to lower case). */
export const DISPOSITION_COLUMNS =
  'target_id AS "targetId", target_type AS "targetType", doc_id AS "documentId", group_id AS "groupId", value, explanation, answer, decided_by AS "decidedBy", decided_at AS "decidedAt", updated_by AS "updatedBy", updated_at AS "updatedAt"'

/** The columns a recording writes, in the order of dispositionValues(). */
export const DISPOSITION_INSERT = 'dispositions (target_id, target_type, doc_id, group_id, value, explanation, answer, decided_by, decided_at, updated_by, updated_at)'

/** On a second recording only what it says changes: who decided first stays. */
export const DISPOSITION_OVERWRITE =
  'ON CONFLICT (target_id) DO UPDATE SET value = excluded.value, explanation = excluded.explanation, answer = excluded.answer, updated_by = excluded.updated_by, updated_at = excluded.updated_at'

export type DispositionRow = Omit<DispositionRecord, 'answer'> & { answer: string | null }

/** The answering paragraph is stored as JSON. */
export const toDisposition = (r: DispositionRow): DispositionRecord => ({ ...r, answer: r.answer === null ? null : (JSON.parse(r.answer) as ParagraphLink) })

/** The values of an INSERT of DISPOSITION_INSERT's columns. */
export function dispositionValues(d: DispositionInput): Array<string | number | null> {
  return [d.targetId, d.targetType, d.documentId, d.groupId, d.value, d.explanation, d.answer ? JSON.stringify(d.answer) : null, d.by, d.at, d.by, d.at]
}
