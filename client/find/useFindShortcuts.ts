import { useEffect, useRef } from 'react'
import type { FindMode } from './FindBar'

/**
 * Ctrl+F (Cmd+F) opens the find bar and Ctrl+H (Cmd+Shift+H on a Mac, where Cmd+H hides the
 * window) find and replace, instead of the browser's own find, for as long as the component using
 * this is on the page: the browser's find cannot see the parts of a long document out of view.
 */
export function useFindShortcuts(open: (mode: FindMode) => void): void {
  const latest = useRef(open)
  latest.current = open
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || !(e.ctrlKey || e.metaKey)) return
      const key = e.key.toLowerCase()
      const mode: FindMode | null = key === 'f' && !e.shiftKey ? 'find' : key === 'h' && (e.ctrlKey ? !e.shiftKey : e.shiftKey) ? 'replace' : null
      if (!mode) return
      e.preventDefault()
      latest.current(mode)
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
}
