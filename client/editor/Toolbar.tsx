import { useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useEditorState, type Editor } from '@tiptap/react'
import { liftListItem, sinkListItem } from '@tiptap/pm/schema-list'
import { isAllowedLink } from '../../shared/schema/extensions'
import { SuggestStatus } from '../amendments/SuggestStatus'
import type { SuggestControl } from '../amendments/useSuggesting'
import { usePreferences } from '../preferences'
import { i18next } from '../i18n/i18n'

interface ToolButton {
  /** The button's name in code and styles (data-tool), the same in every language. */
  tool: string
  /** The message key of its visible name (and of the accessible one, with the shortcut). */
  label: string
  /** A symbol shown before the name, hidden from screen readers: itself, or the message key of a letter (B, I, U in English). */
  icon?: string
  shortcut?: string
  isActive?: (e: Editor) => boolean
  run: (e: Editor) => void
  disabled?: (e: Editor) => boolean
}

const setLink = (editor: Editor) => {
  const previous = editor.getAttributes('link').href as string | undefined
  const url = window.prompt(i18next.t('editor.toolbar.linkPrompt'), previous ?? 'https://')
  if (url === null) return
  if (url.trim() === '') return void editor.chain().focus().extendMarkRange('link').unsetLink().run()
  if (!isAllowedLink(url)) return void window.alert(i18next.t('editor.toolbar.linkRefused'))
  editor.chain().focus().extendMarkRange('link').setLink({ href: url.trim() }).run()
}

const BUTTONS: ToolButton[][] = [
  [
    { tool: 'Bold', label: 'editor.toolbar.bold', icon: 'editor.toolbar.boldIcon', shortcut: 'Ctrl+B', isActive: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
    { tool: 'Italic', label: 'editor.toolbar.italic', icon: 'editor.toolbar.italicIcon', shortcut: 'Ctrl+I', isActive: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
    { tool: 'Underline', label: 'editor.toolbar.underline', icon: 'editor.toolbar.underlineIcon', shortcut: 'Ctrl+U', isActive: (e) => e.isActive('underline'), run: (e) => e.chain().focus().toggleUnderline().run() },
    { tool: 'Link', label: 'editor.toolbar.link', icon: '↗', shortcut: 'Ctrl+K', isActive: (e) => e.isActive('link'), run: setLink },
  ],
  [
    { tool: 'Normal text', label: 'editor.toolbar.normalText', isActive: (e) => e.isActive('paragraph') && !e.isActive('listItem'), run: (e) => e.chain().focus().setParagraph().run() },
    { tool: 'Heading 1', label: 'editor.toolbar.heading1', isActive: (e) => e.isActive('heading', { level: 1 }), run: (e) => e.chain().focus().toggleHeading({ level: 1 }).run() },
    { tool: 'Heading 2', label: 'editor.toolbar.heading2', isActive: (e) => e.isActive('heading', { level: 2 }), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
    { tool: 'Block quote', label: 'editor.toolbar.blockQuote', icon: '❝', isActive: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
  ],
  [
    { tool: 'Numbered', label: 'editor.toolbar.numbered', icon: '1.', shortcut: 'Ctrl+Shift+7', isActive: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
    { tool: 'Make sub-point', label: 'editor.toolbar.sinkItem', icon: '⇥', shortcut: 'Alt+Shift+→', run: (e) => e.chain().focus().sinkListItem('listItem').run(), disabled: (e) => !sinkListItem(e.schema.nodes.listItem)(e.state) },
    { tool: 'Lift sub-point', label: 'editor.toolbar.liftItem', icon: '⇤', shortcut: 'Alt+Shift+←', run: (e) => e.chain().focus().liftListItem('listItem').run(), disabled: (e) => !liftListItem(e.schema.nodes.listItem)(e.state) },
    { tool: 'Bulleted list', label: 'editor.toolbar.bulletList', icon: '•', isActive: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
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

/** Formatting controls: every button is labelled, shows its shortcut and whether it is on; then whether changes are proposals. Read only (disabled): Find alone. */
export function Toolbar({ editor, disabled, suggest, onFind }: { editor: Editor; disabled?: boolean; suggest?: SuggestControl | null; onFind: () => void }) {
  const roving = useRovingFocus()
  const { t } = useTranslation()
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
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar.label')} ref={roving.ref} onFocus={roving.onFocus} onKeyDown={roving.onKeyDown}>
      {/* A reader who may not edit gets Find only, not a wall of greyed-out formatting buttons. */}
      {!disabled && BUTTONS.map((group, g) => (
        <div className="toolbar__group" key={g}>
          {group.map((b) => {
            const [active, off] = flags[i++]
            const label = t(b.label)
            return (
              <button
                key={b.tool}
                type="button"
                title={b.shortcut ? t('editor.toolbar.withShortcut', { label, shortcut: b.shortcut }) : label}
                aria-keyshortcuts={b.shortcut && ariaShortcut(b.shortcut)}
                data-tool={b.tool}
                aria-pressed={b.isActive ? active : undefined}
                disabled={off}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => b.run(editor)}
              >
                <ButtonFace icon={b.icon?.startsWith('editor.') ? t(b.icon) : b.icon} label={label} shortcut={b.shortcut} />
              </button>
            )
          })}
        </div>
      ))}
      <div className="toolbar__group">
        <button type="button" onClick={onFind} title={t('editor.toolbar.findTitle')} aria-keyshortcuts="Control+F">
          <ButtonFace icon="⌕" label={t('editor.toolbar.find')} shortcut="Ctrl+F" />
        </button>
        {!disabled && (
          <button
            type="button"
            aria-pressed={prefs.tabIndents}
            onClick={() => setPrefs({ tabIndents: !prefs.tabIndents })}
            title={t('editor.toolbar.tabIndentsHint')}
            data-testid="tab-indents-toggle"
          >
            {t('editor.toolbar.tabIndents')}
          </button>
        )}
      </div>
      {suggest && !disabled && <SuggestStatus control={suggest} />}
    </div>
  )
}
