import type { Editor } from '@tiptap/react'

/**
 * Selects a range of the document and scrolls it to the middle of the screen; focuses the editor
 * when asked (so the selection shows and typing continues there).
 */
export function showInEditor(editor: Editor, from: number, to: number = from, focus = false): void {
  if (editor.isDestroyed) return
  const size = editor.state.doc.content.size
  const range = { from: Math.min(from, size), to: Math.min(to, size) }
  if (focus) editor.chain().focus(null, { scrollIntoView: false }).setTextSelection(range).run()
  else editor.commands.setTextSelection(range)
  const dom = editor.view.domAtPos(range.from).node
  ;(dom instanceof Element ? dom : dom.parentElement)?.scrollIntoView({ block: 'center', behavior: 'smooth' })
}
