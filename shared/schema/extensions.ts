import type { AnyExtension } from '@tiptap/core'
import { getSchema } from '@tiptap/core'
import type { Schema } from '@tiptap/pm/model'
import { DocHeader } from './DocHeader.js'
import { ParagraphNumbering } from './ParagraphNumbering.js'
import { proposalMarks } from './ProposalMarks.js'
import { baseExtensions } from './baseExtensions.js'

export { isAllowedLink } from './baseExtensions.js'

/** Name of the Y.XmlFragment that holds a document's body (Tiptap Collaboration's default). */
export const DOCUMENT_FIELD = 'default'

/**
 * The one list of document extensions. The browser editor adds collaboration on top;
 * the server builds its ProseMirror schema from this same list, so both agree on every node
 * and mark (the proposal marks of amendments included).
 */
export function documentExtensions(): AnyExtension[] {
  return [
    ...baseExtensions('document'),
    ...proposalMarks,
    DocHeader,
    ParagraphNumbering,
  ]
}

let schema: Schema | undefined

/** The ProseMirror schema of a Plenary document, built once from documentExtensions(). */
export function documentSchema(): Schema {
  schema ??= getSchema(documentExtensions())
  return schema
}
