import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import { useTranslation } from 'react-i18next'
import { showInEditor } from '../editor/showInEditor'
import { findKey, setFind } from './FindHighlights'
import type { FindQuery } from './findMatches'

/** Which part of the find bar is open: find only, or find and replace. */
export type FindMode = 'find' | 'replace'

/** How long typing in the find field may pause before the document is searched. */
const SEARCH_AFTER_MS = 150

/**
 * Find and replace above the document (Ctrl+F, Ctrl+H): every match highlighted, "3 of 12",
 * next and previous (Enter, Shift+Enter), Match case and Whole words; Escape closes it and puts the
 * caret at the match. Replacing goes through the editor like typing, so in amendments mode each
 * replacement becomes a proposal of its own; otherwise Replace all is one change, undone in one step.
 */
export function FindBar(props: { editor: Editor; mode: FindMode; canReplace: boolean; opened: number; onMode: (mode: FindMode) => void; onClose: () => void }) {
  const { editor, canReplace, onClose } = props
  const replacing = canReplace && props.mode === 'replace'
  const [query, setQuery] = useState<FindQuery>({ text: '', matchCase: false, wholeWord: false })
  const [replacement, setReplacement] = useState('')
  const [said, setSaid] = useState('')
  const { t } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  const replaceInput = useRef<HTMLInputElement>(null)
  const { count, current } = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const state = findKey.getState(e.state)
      return { count: state?.matches.length ?? 0, current: state?.current ?? -1 }
    },
  })

  // Ctrl+F again while open: back to the find field, its text selected to type over.
  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [props.opened])
  useEffect(() => {
    const timer = setTimeout(() => {
      if (!editor.isDestroyed) setFind(editor.view, { query, near: editor.state.selection.from })
    }, SEARCH_AFTER_MS)
    return () => clearTimeout(timer)
  }, [editor, query])
  // Closing takes the highlights away.
  useEffect(() => () => void (editor.isDestroyed || setFind(editor.view, { query: { ...query, text: '' } })), [editor]) // eslint-disable-line react-hooks/exhaustive-deps

  const matches = () => findKey.getState(editor.state)?.matches ?? []
  const show = (index: number) => {
    const m = matches()[index]
    if (!m) return
    setFind(editor.view, { current: index })
    showInEditor(editor, m.from, m.to)
  }
  const step = (by: 1 | -1) => {
    const n = matches().length
    if (n) show(current === -1 ? (by === 1 ? 0 : n - 1) : (current + by + n) % n)
  }
  // Back to the text: at the current match, selected, or where the caret was.
  const close = () => {
    onClose()
    if (editor.isDestroyed) return
    const m = matches()[current]
    if (m) showInEditor(editor, m.from, m.to, true)
    else editor.commands.focus(null, { scrollIntoView: false })
  }
  // The editor reads the search anew at once, from the place of the change on.
  const searchAgain = () => setFind(editor.view, { query, near: editor.state.selection.to })
  const replace = () => {
    const m = matches()[current]
    if (!m) return step(1)
    editor.view.dispatch(editor.state.tr.insertText(replacement, m.from, m.to).scrollIntoView())
    searchAgain()
    const next = findKey.getState(editor.state)
    if (next && next.current !== -1) show(next.current)
  }
  const replaceAll = () => {
    const all = matches()
    if (!all.length) return
    // From the last to the first, so each match's positions still hold when it is replaced. A direct
    // edit is one change (one undo step); proposals are one per place, so the chair decides each.
    const reversed = [...all].reverse()
    if (editor.storage.suggestChanges.enabled) {
      for (const m of reversed) editor.view.dispatch(editor.state.tr.insertText(replacement, m.from, m.to))
    } else {
      const tr = editor.state.tr
      for (const m of reversed) tr.insertText(replacement, m.from, m.to)
      editor.view.dispatch(tr)
    }
    searchAgain()
    setSaid(t('find.replaced', { count: all.length }))
    // The buttons are disabled now that nothing matches: the focus stays in the bar, not lost to the page.
    replaceInput.current?.focus()
  }
  const onKey = (e: KeyboardEvent, enter: () => void) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      close()
    } else if (e.key === 'Enter') {
      e.preventDefault()
      if (e.shiftKey) step(-1)
      else enter()
    }
  }

  const status = !query.text ? '' : count === 0 ? t('find.none') : current === -1 ? t('find.count', { count }) : t('find.position', { at: current + 1, count })
  return (
    <div role="search" className="find-bar" aria-label={t('find.label')} onKeyDown={(e) => e.key === 'Escape' && !e.defaultPrevented && close()}>
      <div className="find-bar__row">
        <label className="find-bar__field">
          {t('find.find')}
          <input ref={input} type="search" value={query.text} onChange={(e) => setQuery({ ...query, text: e.target.value })} onKeyDown={(e) => onKey(e, () => step(1))} />
        </label>
        <output className="find-bar__count" aria-live="polite" data-testid="find-count">
          {status}
        </output>
        <button type="button" onClick={() => step(-1)} disabled={!count} aria-keyshortcuts="Shift+Enter">
          {t('find.previous')}
        </button>
        <button type="button" onClick={() => step(1)} disabled={!count} aria-keyshortcuts="Enter">
          {t('find.next')}
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={query.matchCase} onChange={(e) => setQuery({ ...query, matchCase: e.target.checked })} />
          {t('find.matchCase')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={query.wholeWord} onChange={(e) => setQuery({ ...query, wholeWord: e.target.checked })} />
          {t('find.wholeWords')}
        </label>
        {canReplace && !replacing && (
          <button type="button" onClick={() => props.onMode('replace')} aria-keyshortcuts="Control+H">
            {t('find.openReplace')} <kbd>{t('find.replaceKey')}</kbd>
          </button>
        )}
        <button type="button" onClick={close} aria-keyshortcuts="Escape">
          {t('find.close')} <kbd>{t('find.closeKey')}</kbd>
        </button>
      </div>
      {replacing && (
        <div className="find-bar__row">
          <label className="find-bar__field">
            {t('find.replaceWith')}
            <input ref={replaceInput} value={replacement} onChange={(e) => setReplacement(e.target.value)} onKeyDown={(e) => onKey(e, replace)} />
          </label>
          <button type="button" onClick={replace} disabled={!count}>
            {t('find.replace')}
          </button>
          <button type="button" onClick={replaceAll} disabled={!count}>
            {t('find.replaceAll')}
          </button>
          <span role="status" className="find-bar__said">
            {said}
          </span>
        </div>
      )}
    </div>
  )
}
