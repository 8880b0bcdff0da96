import { Node, mergeAttributes } from '@tiptap/core'

/**
 * The header block of a formal document: distribution line, date, document type,
 * governing body, session and title lines. Rendered as one <header> so it reads and prints as a unit.
 */
export const DocHeader = Node.create({
  name: 'docHeader',
  group: 'block',
  content: '(paragraph | heading)+',
  defining: true,

  parseHTML() {
    return [{ tag: 'header[data-type="doc-header"]' }]
  },

  renderHTML({ HTMLAttributes }) {
    return ['header', mergeAttributes(HTMLAttributes, { 'data-type': 'doc-header', class: 'doc-header' }), 0]
  },
})
