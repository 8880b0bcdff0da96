import type { Editor } from '@tiptap/react'

/**
 * Selects a range of the document and, only when it is out of sight (or under the sticky
 * toolbar), scrolls it to the middle of the screen; focuses the editor when asked (so the
 * selection shows and typing continues there).
 */
export function showInEditor(editor: Editor, from: number, to: number = from, focus = false): void {
  if (editor.isDestroyed) return
  const size = editor.state.doc.content.size
  const range = { from: Math.min(from, size), to: Math.min(to, size) }
  if (focus) editor.chain().focus(null, { scrollIntoView: false }).setTextSelection(range).run()
  else editor.commands.setTextSelection(range)
  const at = editor.view.coordsAtPos(range.from)
  const toolbar = editor.view.dom.closest('.editor')?.querySelector('.toolbar')?.getBoundingClientRect().bottom ?? 0
  if (at.top >= toolbar && at.bottom <= window.innerHeight) return
  const dom = editor.view.domAtPos(range.from).node
  ;(dom instanceof Element ? dom : dom.parentElement)?.scrollIntoView({ block: 'center', behavior: 'smooth' })
}
