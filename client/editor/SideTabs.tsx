import { useCallback, useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface SideTab<T extends string> {
  /** The id of the panel it shows (a skip-link target: "comments", "proposals"). */
  id: T
  label: string
  panel: ReactNode
}

/**
 * Panels of the side column behind tabs (WAI-ARIA tabs with automatic activation): arrow keys,
 * Home and End move between tabs, Tab goes into the panel. Every panel stays mounted, so a draft
 * or a filter survives switching.
 */
export function SideTabs<T extends string>({ tabs, selected, onSelect, label, head }: { tabs: SideTab<T>[]; selected: T; onSelect: (id: T) => void; label: string; head?: ReactNode }) {
  const buttons = useRef(new Map<T, HTMLButtonElement | null>())
  const stickyHead = useStickyHeight()
  const onKeyDown = (e: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.id === selected)
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key]
    if (next === undefined) return
    e.preventDefault()
    const tab = tabs[(next + tabs.length) % tabs.length]
    onSelect(tab.id)
    buttons.current.get(tab.id)?.focus()
  }
  return (
    <>
      {/* What stays in view above the panels while the document scrolls (see --side-tabs-head). */}
      <div className="side-tabs__head" ref={stickyHead}>
        {head}
        <div className="side-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => void buttons.current.set(t.id, el)}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === selected}
            aria-controls={t.id}
            tabIndex={t.id === selected ? 0 : -1}
            className="side-tabs__tab"
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={t.id} aria-labelledby={`tab-${t.id}`} hidden={t.id !== selected} tabIndex={-1} className="side-tabs__panel">
          {t.panel}
        </div>
      ))}
    </>
  )
}

/** Publishes the head's height to its container as --side-tabs-head, where sticky panel controls start. */
function useStickyHeight() {
  const observer = useRef<ResizeObserver | null>(null)
  return useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect()
    if (!el) return
    observer.current = new ResizeObserver(() => el.parentElement?.style.setProperty('--side-tabs-head', `${el.offsetHeight}px`))
    observer.current.observe(el)
  }, [])
}
