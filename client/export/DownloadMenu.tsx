import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * "Download ▾": the document's files in one menu rather than a row of links (a disclosure, native
 * <details>, so it opens by keyboard and reads as expanded or collapsed). Escape, a click outside
 * or choosing a file closes it; Escape gives the focus back to its button.
 */
export function DownloadMenu({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const details = useRef<HTMLDetailsElement>(null)
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (details.current?.open && !details.current.contains(e.target as Node)) details.current.open = false
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [])
  return (
    <details
      ref={details}
      className="downloads"
      data-testid="downloads"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !details.current?.open) return
        e.stopPropagation()
        details.current.open = false
        details.current.querySelector('summary')?.focus()
      }}
      onClick={(e) => {
        // A file chosen: its download starts, the menu closes.
        if ((e.target as HTMLElement).closest('a[download]') && details.current) details.current.open = false
      }}
    >
      <summary className="downloads__button">{t('documentPage.download')}</summary>
      <div className="downloads__list">{children}</div>
    </details>
  )
}
