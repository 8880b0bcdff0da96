import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The column beside the document. On narrow screens it is a drawer over the page instead, opened
 * by a "Comments (n)" button: the focus moves into it, Escape or "Close" shuts it and the focus
 * goes back where it was.
 */
export function SidePanel(props: { narrow: boolean; open: boolean; onOpen: (open: boolean) => void; count: number; label: string; children: ReactNode }) {
  const { narrow, open, onOpen } = props
  const panel = useRef<HTMLElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  const returnTo = useRef<HTMLElement | null>(null)
  const drawerOpen = narrow && open
  const { t } = useTranslation()

  useEffect(() => {
    if (!drawerOpen) return
    const before = document.activeElement
    returnTo.current = before instanceof HTMLElement && !panel.current?.contains(before) ? before : toggle.current
    // Whatever opened it may already have put the focus inside (the new-comment box).
    if (!panel.current?.contains(document.activeElement)) panel.current?.querySelector<HTMLElement>('.side-panel__close')?.focus()
    return () => {
      const back = returnTo.current?.isConnected ? returnTo.current : toggle.current
      back?.focus({ preventScroll: true })
    }
  }, [drawerOpen])

  return (
    <>
      {narrow && (
        <button type="button" ref={toggle} className="side-panel__toggle" aria-expanded={open} aria-controls="side-panel" onClick={() => onOpen(!open)}>
          {t('editor.sidePanel.open', { count: props.count })}
        </button>
      )}
      <aside
        id="side-panel"
        ref={panel}
        className={narrow ? 'side-panel side-panel--drawer' : 'side-panel'}
        aria-label={props.label}
        hidden={narrow && !open}
        onKeyDown={(e) => {
          if (!drawerOpen || e.key !== 'Escape') return
          e.stopPropagation()
          onOpen(false)
        }}
      >
        {narrow && (
          <button type="button" className="side-panel__close" onClick={() => onOpen(false)}>
            {t('editor.sidePanel.close')}
          </button>
        )}
        {props.children}
      </aside>
    </>
  )
}
