import { useEditorState, type Editor } from '@tiptap/react'
import { liftListItem, sinkListItem } from '@tiptap/pm/schema-list'
import { isAllowedLink } from '../../shared/schema/extensions'
import { SuggestStatus } from '../amendments/SuggestStatus'
import type { SuggestControl } from '../amendments/useSuggesting'

interface ToolButton {
  label: string
  text: string
  shortcut?: string
  isActive?: (e: Editor) => boolean
  run: (e: Editor) => void
  disabled?: (e: Editor) => boolean
}

const setLink = (editor: Editor) => {
  const previous = editor.getAttributes('link').href as string | undefined
  const url = window.prompt('Link address (https://…)', previous ?? 'https://')
  if (url === null) return
  if (url.trim() === '') return void editor.chain().focus().extendMarkRange('link').unsetLink().run()
  if (!isAllowedLink(url)) return void window.alert('Only http, https and mailto links are allowed.')
  editor.chain().focus().extendMarkRange('link').setLink({ href: url.trim() }).run()
}

const BUTTONS: ToolButton[][] = [
  [
    { label: 'Bold', text: 'B', shortcut: 'Ctrl+B', isActive: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
    { label: 'Italic', text: 'I', shortcut: 'Ctrl+I', isActive: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
    { label: 'Underline', text: 'U', shortcut: 'Ctrl+U', isActive: (e) => e.isActive('underline'), run: (e) => e.chain().focus().toggleUnderline().run() },
    { label: 'Link', text: 'Link', shortcut: 'Ctrl+K', isActive: (e) => e.isActive('link'), run: setLink },
  ],
  [
    { label: 'Normal text', text: '¶', isActive: (e) => e.isActive('paragraph') && !e.isActive('listItem'), run: (e) => e.chain().focus().setParagraph().run() },
    { label: 'Heading 1', text: 'H1', isActive: (e) => e.isActive('heading', { level: 1 }), run: (e) => e.chain().focus().toggleHeading({ level: 1 }).run() },
    { label: 'Heading 2', text: 'H2', isActive: (e) => e.isActive('heading', { level: 2 }), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
    { label: 'Block quote', text: '❝', isActive: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
  ],
  [
    { label: 'Numbered paragraph', text: '1.', shortcut: 'Ctrl+Shift+7', isActive: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
    { label: 'Make sub-point', text: '(a)→', shortcut: 'Alt+Shift+→', run: (e) => e.chain().focus().sinkListItem('listItem').run(), disabled: (e) => !sinkListItem(e.schema.nodes.listItem)(e.state) },
    { label: 'Lift sub-point', text: '←', shortcut: 'Alt+Shift+←', run: (e) => e.chain().focus().liftListItem('listItem').run(), disabled: (e) => !liftListItem(e.schema.nodes.listItem)(e.state) },
    { label: 'Bulleted list', text: '•', isActive: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  ],
]

/** Formatting controls: every button is labelled, shows its shortcut and whether it is on; then whether changes are proposals. */
export function Toolbar({ editor, disabled, suggest }: { editor: Editor; disabled?: boolean; suggest?: SuggestControl | null }) {
  // Re-render on every selection or content change so the pressed states stay true. (Whether a
  // point can move in or out is asked of ProseMirror's list commands directly: editor.can() builds
  // every command of the editor on each call, and this runs on every transaction.)
  const flags = useEditorState({
    editor,
    selector: ({ editor: e }) => BUTTONS.flat().map((b) => [b.isActive?.(e) ?? false, b.disabled?.(e) ?? false] as const),
  })
  let i = 0
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {BUTTONS.map((group, g) => (
        <div className="toolbar__group" key={g}>
          {group.map((b) => {
            const [active, off] = flags[i++]
            return (
              <button
                key={b.label}
                type="button"
                aria-label={b.label}
                title={b.shortcut ? `${b.label} (${b.shortcut})` : b.label}
                aria-pressed={b.isActive ? active : undefined}
                disabled={disabled || off}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => b.run(editor)}
              >
                {b.text}
              </button>
            )
          })}
        </div>
      ))}
      {suggest && !disabled && <SuggestStatus control={suggest} />}
    </div>
  )
}
