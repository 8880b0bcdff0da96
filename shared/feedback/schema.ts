import type { AnyExtension, JSONContent } from '@tiptap/core'
import { getSchema } from '@tiptap/core'
import type { Schema } from '@tiptap/pm/model'
import { baseExtensions, isAllowedLink } from '../schema/baseExtensions.js'

/**
 * The body of a feedback update: the document schema reduced to paragraphs, lists, inline marks
 * and links (no headings, quotes or numbered paragraphs).
 */
export function feedbackExtensions(): AnyExtension[] {
  return baseExtensions('feedback')
}

let schema: Schema | undefined
export function feedbackSchema(): Schema {
  schema ??= getSchema(feedbackExtensions())
  return schema
}

/** Checks a body against the feedback schema and link rules; returns a reason when it is refused. */
export function checkFeedbackBody(json: unknown): string | null {
  try {
    const node = feedbackSchema().nodeFromJSON(json as JSONContent)
    node.check()
    let bad: string | null = null
    node.descendants((n) => {
      for (const mark of n.marks) if (mark.type.name === 'link' && !isAllowedLink(String(mark.attrs.href ?? ''))) bad = 'only http, https and mailto links are allowed'
    })
    if (!node.textContent.trim()) return 'the body must not be empty'
    return bad
  } catch (e) {
    return `the body does not fit the feedback format: ${(e as Error).message}`
  }
}

/** Plain text of a feedback body, for previews and exports. */
export function feedbackText(json: JSONContent): string {
  return feedbackSchema().nodeFromJSON(json).textBetween(0, feedbackSchema().nodeFromJSON(json).content.size, '\n', ' ')
}
