import { useEffect } from 'react'
import type { Editor } from '@tiptap/react'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import type { ProsemirrorMapping } from '../../shared/comments/anchor'
import { positionOfToken, resolveParagraph, type ResolvedParagraph } from '../../shared/feedback/paragraphAnchor'
import { paragraphNumberingKey } from '../../shared/schema/ParagraphNumbering'

/**
 * The paragraph a feedback link names by position (its …/a/<token>), in the editor's live
 * document: null when it was deleted, undefined while the editor is not bound to the document yet.
 */
export function linkedParagraph(editor: Editor, token: string): ResolvedParagraph | null | undefined {
  const binding = ySyncPluginKey.getState(editor.state)?.binding as { mapping: ProsemirrorMapping; type: Y.XmlFragment } | undefined
  if (!binding?.type.doc) return undefined
  const position = positionOfToken(token)
  return position && resolveParagraph({ ydoc: binding.type.doc, fragment: binding.type, pm: editor.state.doc, mapping: binding.mapping }, position)
}

/**
 * Keeps the emphasis on a paragraph opened by position while others renumber the document around
 * it (its reference changes, the paragraph does not), and drops it if the paragraph is deleted.
 */
export function useFollowLinkedParagraph(editor: Editor | null, token: string | null): void {
  useEffect(() => {
    if (!editor || !token) return
    const follow = () => {
      const ref = linkedParagraph(editor, token)?.reference ?? null
      if (ref === (paragraphNumberingKey.getState(editor.state)?.focusRef ?? null)) return
      // Not inside the transaction that changed the document.
      queueMicrotask(() => {
        if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(paragraphNumberingKey, { focusRef: ref }))
      })
    }
    editor.on('update', follow)
    return () => {
      editor.off('update', follow)
    }
  }, [editor, token])
}
