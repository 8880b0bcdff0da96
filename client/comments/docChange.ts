import type { Node as PMNode } from '@tiptap/pm/model'
import { StepMap } from '@tiptap/pm/transform'

/** What changed between two documents: [start, endA) of the first became [start, endB) of the second. */
export interface DocChange {
  start: number
  endA: number
  endB: number
}

/**
 * The smallest part of `before` that differs from `after`, or null when their content is equal.
 * The Yjs binding applies every remote change as a replacement of the whole document, whose
 * mapping would move every position to its ends: this finds the change itself (in a run of equal
 * characters the ends are ambiguous; ProseMirror's own DOM reader settles them the same way).
 */
export function docChange(before: PMNode, after: PMNode): DocChange | null {
  const start = before.content.findDiffStart(after.content)
  if (start === null) return null
  let { a: endA, b: endB } = before.content.findDiffEnd(after.content)!
  if (endA < start && before.content.size < after.content.size) {
    endB = start + (endB - endA)
    endA = start
  } else if (endB < start) {
    endA = start + (endA - endB)
    endB = start
  }
  return { start, endA, endB }
}

/** The change as a position map, to move positions and decorations of `before` into `after`. */
export function changeMap(change: DocChange): StepMap {
  return new StepMap([change.start, change.endA - change.start, change.endB - change.start])
}

/** The textblock (a paragraph, a heading) that holds both positions, as [start, end] of its content; null when they are in different blocks or between blocks. */
export function textblockAround(doc: PMNode, from: number, to: number): { from: number; to: number } | null {
  const $from = doc.resolve(from)
  if (!$from.parent.isTextblock || to > $from.end()) return null
  return { from: $from.start(), to: $from.end() }
}
