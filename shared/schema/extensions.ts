import type { AnyExtension } from '@tiptap/core'
import { getSchema } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import type { Schema } from '@tiptap/pm/model'
import { DocHeader } from './DocHeader.js'
import { ParagraphNumbering } from './ParagraphNumbering.js'

/** Name of the Y.XmlFragment that holds a document's body (Tiptap Collaboration's default). */
export const DOCUMENT_FIELD = 'default'

/** Only web and mail links are kept; javascript: and data: URLs never become links. */
export function isAllowedLink(url: string): boolean {
  return /^(https?:|mailto:|#|\/)/i.test(url.trim())
}

/**
 * The one list of document extensions. The browser editor adds collaboration on top;
 * the server builds its ProseMirror schema from this same list, so both agree on every node.
 */
export function documentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      // Yjs keeps its own per-user undo history; ProseMirror's would undo other people's edits.
      undoRedo: false,
      codeBlock: false,
      code: false,
      heading: { levels: [1, 2, 3] },
      link: {
        openOnClick: false,
        autolink: true,
        protocols: ['http', 'https', 'mailto'],
        isAllowedUri: (url) => isAllowedLink(url),
      },
    }),
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
