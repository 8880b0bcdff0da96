import { useEffect, useState } from 'react'
import type { Editor } from '@tiptap/react'
import { isProposalMark } from '../../shared/amendments/proposal'

/**
 * The proposal the caret is in (or next to), so its card in the panel is marked as the one being
 * read; settable too, for a proposal chosen in the panel.
 */
export function useProposalAtCaret(editor: Editor | null): [string | null, (id: string | null) => void] {
  const [id, setId] = useState<string | null>(null)
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const onSelection = () => {
      const { $head } = editor.state.selection
      const marks = [...($head.nodeAfter?.marks ?? []), ...($head.nodeBefore?.marks ?? [])]
      const mark = marks.find(isProposalMark)
      // Nothing is scrolled: the page must not move while someone types.
      if (mark) setId(String(mark.attrs.id))
    }
    editor.on('selectionUpdate', onSelection)
    return () => {
      editor.off('selectionUpdate', onSelection)
    }
  }, [editor])
  return [id, setId]
}
