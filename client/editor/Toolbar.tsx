import { useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import { liftListItem, sinkListItem } from '@tiptap/pm/schema-list'
import { isAllowedLink } from '../../shared/schema/extensions'
import { SuggestStatus } from '../amendments/SuggestStatus'
import type { SuggestControl } from '../amendments/useSuggesting'
import { usePreferences } from '../preferences'

interface ToolButton {
  /** The visible name (and the accessible one, with the shortcut). */
  label: string
  /** A symbol shown before the name, hidden from screen readers. */
  icon?: string
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
    { label: 'Bold', icon: 'B', shortcut: 'Ctrl+B', isActive: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
    { label: 'Italic', icon: 'I', shortcut: 'Ctrl+I', isActive: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
    { label: 'Underline', icon: 'U', shortcut: 'Ctrl+U', isActive: (e) => e.isActive('underline'), run: (e) => e.chain().focus().toggleUnderline().run() },
    { label: 'Link', icon: '↗', shortcut: 'Ctrl+K', isActive: (e) => e.isActive('link'), run: setLink },
  ],
  [
    { label: 'Normal text', isActive: (e) => e.isActive('paragraph') && !e.isActive('listItem'), run: (e) => e.chain().focus().setParagraph().run() },
    { label: 'Heading 1', isActive: (e) => e.isActive('heading', { level: 1 }), run: (e) => e.chain().focus().toggleHeading({ level: 1 }).run() },
    { label: 'Heading 2', isActive: (e) => e.isActive('heading', { level: 2 }), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
    { label: 'Block quote', icon: '❝', isActive: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
  ],
  [
    { label: 'Numbered', icon: '1.', shortcut: 'Ctrl+Shift+7', isActive: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
    { label: 'Make sub-point', icon: '⇥', shortcut: 'Alt+Shift+→', run: (e) => e.chain().focus().sinkListItem('listItem').run(), disabled: (e) => !sinkListItem(e.schema.nodes.listItem)(e.state) },
    { label: 'Lift sub-point', icon: '⇤', shortcut: 'Alt+Shift+←', run: (e) => e.chain().focus().liftListItem('listItem').run(), disabled: (e) => !liftListItem(e.schema.nodes.listItem)(e.state) },
    { label: 'Bulleted list', icon: '•', isActive: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  ],
]

/** "Ctrl+Shift+7" as aria-keyshortcuts spells it: "Control+Shift+7". */
const ariaShortcut = (shortcut: string) => shortcut.replace('Ctrl', 'Control').replace('→', 'ArrowRight').replace('←', 'ArrowLeft')

/** The contents of a toolbar button: symbol, name, and the shortcut as a visible hint. */
function ButtonFace({ icon, label, shortcut }: { icon?: string; label: string; shortcut?: string }) {
  return (
    <>
      {icon && (
        <span className="toolbar__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      <span className="toolbar__label">{label}</span>
      {shortcut && <kbd className="toolbar__shortcut">{shortcut}</kbd>}
    </>
  )
}

/**
 * One Tab stop for the whole toolbar, arrow keys, Home and End between its buttons (the WAI-ARIA
 * toolbar pattern); the button last used keeps the Tab stop.
 */
function useRovingFocus() {
  const ref = useRef<HTMLDivElement>(null)
  const all = () => [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])]
  const enabled = () => all().filter((b) => !b.disabled)
  // After every render, since buttons are enabled and disabled as the caret moves.
  useLayoutEffect(() => {
    const stop = enabled().find((b) => b.dataset.rovingStop === 'true') ?? enabled()[0]
    for (const b of all()) b.tabIndex = b === stop ? 0 : -1
  })
  const onFocus = (e: { target: EventTarget }) => {
    if (!enabled().includes(e.target as HTMLButtonElement)) return
    for (const b of all()) {
      b.dataset.rovingStop = String(b === e.target)
      b.tabIndex = b === e.target ? 0 : -1
    }
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const buttons = enabled()
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    if (at === -1) return
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[e.key]
    if (to === undefined) return
    e.preventDefault()
    buttons[(to + buttons.length) % buttons.length].focus()
  }
  return { ref, onFocus, onKeyDown }
}

/** Formatting controls: every button is labelled, shows its shortcut and whether it is on; then whether changes are proposals. */
export function Toolbar({ editor, disabled, suggest, onFind }: { editor: Editor; disabled?: boolean; suggest?: SuggestControl | null; onFind: () => void }) {
  const roving = useRovingFocus()
  const [prefs, setPrefs] = usePreferences()
  // Re-render on every selection or content change so the pressed states stay true. (Whether a
  // point can move in or out is asked of ProseMirror's list commands directly: editor.can() builds
  // every command of the editor on each call, and this runs on every transaction.)
  const flags = useEditorState({
    editor,
    selector: ({ editor: e }) => BUTTONS.flat().map((b) => [b.isActive?.(e) ?? false, b.disabled?.(e) ?? false] as const),
  })
  let i = 0
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting" ref={roving.ref} onFocus={roving.onFocus} onKeyDown={roving.onKeyDown}>
      {BUTTONS.map((group, g) => (
        <div className="toolbar__group" key={g}>
          {group.map((b) => {
            const [active, off] = flags[i++]
            return (
              <button
                key={b.label}
                type="button"
                title={b.shortcut ? `${b.label} (${b.shortcut})` : b.label}
                aria-keyshortcuts={b.shortcut && ariaShortcut(b.shortcut)}
                data-tool={b.label}
                aria-pressed={b.isActive ? active : undefined}
                disabled={disabled || off}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => b.run(editor)}
              >
                <ButtonFace icon={b.icon} label={b.label} shortcut={b.shortcut} />
              </button>
            )
          })}
        </div>
      ))}
      <div className="toolbar__group">
        <button type="button" onClick={onFind} title="Find and replace (Ctrl+F, Ctrl+H)" aria-keyshortcuts="Control+F">
          <ButtonFace icon="⌕" label="Find" shortcut="Ctrl+F" />
        </button>
        {!disabled && (
          <button
            type="button"
            aria-pressed={prefs.tabIndents}
            onClick={() => setPrefs({ tabIndents: !prefs.tabIndents })}
            title="When on, Tab makes a numbered paragraph a sub-point and Shift+Tab lifts it; when off, Tab moves on to the next control"
            data-testid="tab-indents-toggle"
          >
            Tab key indents paragraphs
          </button>
        )}
      </div>
      {suggest && !disabled && <SuggestStatus control={suggest} />}
    </div>
  )
}
