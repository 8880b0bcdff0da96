import type { Node as PMNode } from '@tiptap/pm/model'
import { computeNumbering } from '../../shared/schema/numbering'

/** The reference ("7(b)") of the innermost numbered paragraph holding a position, or null outside any. */
export function paragraphAt(doc: PMNode, pos: number): string | null {
  let found: string | null = null
  // Items come in document order, a sub-point after the paragraph that holds it: the last that holds pos is the innermost.
  for (const item of computeNumbering(doc)) if (item.pos <= pos && pos <= item.pos + item.size) found = item.reference
  return found
}
