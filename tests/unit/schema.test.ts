import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYDoc, yDocToProsemirrorJSON } from '@tiptap/y-tiptap'
import { DOCUMENT_FIELD, documentExtensions, documentSchema, isAllowedLink } from '../../shared/schema/extensions.js'
import { dgResponseDocument, chairReportOutline } from '../../server/seed/seedExampleWorkspace.js'
import { documentPlainText, readDocument } from '../../server/documents/documentText.js'

describe('the shared document schema', () => {
  it('has the nodes and marks formal documents need', () => {
    const schema = documentSchema()
    for (const node of ['doc', 'paragraph', 'heading', 'orderedList', 'bulletList', 'listItem', 'blockquote', 'docHeader', 'hardBreak']) {
      expect(schema.nodes[node], node).toBeDefined()
    }
    for (const mark of ['bold', 'italic', 'underline', 'link']) expect(schema.marks[mark], mark).toBeDefined()
    expect(documentExtensions().map((e) => e.name).slice(-2)).toEqual(['docHeader', 'paragraphNumbering'])
    // Stored documents depend on this schema: the same nodes and marks, in the same order (the first
    // block node is what ProseMirror fills in by default), and no code marks or code blocks.
    expect(Object.keys(schema.nodes)).toEqual(['paragraph', 'blockquote', 'bulletList', 'doc', 'hardBreak', 'heading', 'horizontalRule', 'listItem', 'orderedList', 'text', 'docHeader'])
    expect(Object.keys(schema.marks)).toEqual(['link', 'bold', 'italic', 'strike', 'underline', 'proposalInsert', 'proposalDelete', 'proposalFormat'])
  })

  it('round-trips both seed documents through Yjs unchanged', () => {
    for (const content of [dgResponseDocument(), chairReportOutline()]) {
      const ydoc = prosemirrorJSONToYDoc(documentSchema(), content, DOCUMENT_FIELD)
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc))
      const back = documentSchema().nodeFromJSON(yDocToProsemirrorJSON(copy, DOCUMENT_FIELD))
      expect(back.eq(documentSchema().nodeFromJSON(content))).toBe(true)
    }
  })

  it('lets the server read a document as numbered plain text', () => {
    const ydoc = prosemirrorJSONToYDoc(documentSchema(), dgResponseDocument(), DOCUMENT_FIELD)
    const lines = documentPlainText(readDocument(ydoc)).split('\n')
    // The distribution line and date are the paper's fields, not text.
    expect(lines[0]).toBe('CONFERENCE ROOM PAPER')
    expect(lines).toContain('(c) Pressing so far and so fast in the current drive to pass this resolution also risks undoing the achievements and consensus of the High-level Dialogue.')
    expect(lines.at(-1)).toMatch(/^8\. I would provide regular feedback/)
  })

  it('refuses javascript: and data: links', () => {
    expect(isAllowedLink('https://www.iom.int')).toBe(true)
    expect(isAllowedLink('mailto:chair@example.org')).toBe(true)
    expect(isAllowedLink('javascript:alert(1)')).toBe(false)
    expect(isAllowedLink(' JavaScript:alert(1)')).toBe(false)
    expect(isAllowedLink('data:text/html,<script>')).toBe(false)
  })
})
